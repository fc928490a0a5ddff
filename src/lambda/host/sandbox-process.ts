// How the Node host starts a sandbox process: on Linux, in a network namespace of its own.
//
// Node 24's permission model (`--permission`) covers files, child processes, workers and addons, but not the
// network: a process under it may still open any socket. The sandbox script holds no socket API, and its lockdown
// takes away the ways back to Node's built-ins, but that is a boundary made of JavaScript; one slip in it (a path to
// a built-in nobody thought of, a bug in V8 or Node) and learner code could reach the host's loopback services (the
// local AWS endpoint, a database, a dev server) or the internet. A network namespace is the kernel's answer: the
// process has no interface but its own loopback, and that one down, so no connection leaves it, whatever runs in it.
//
// util-linux's `unshare --net --map-current-user` makes one without privileges: the user namespace it also makes
// is what lets an ordinary user create the network namespace, and the user keeps their own uid inside it, so Node
// runs with no capability. (Older util-linux only has `--map-root-user`: root inside, whose capabilities reach no
// further than the new, empty namespaces.) `unshare` does not fork: it execs the program, so the child's pid is Node's (the host
// reads its resident memory from /proc and kills it by that pid) and the IPC channel's descriptor passes through.
// Its cost is the namespaces' creation: a sandbox's first IPC message came 4 to 16 ms later than without them (median
// of 40 paired spawns, on a busy 2-core machine), lost in the noise of `npm run bench:lambda`'s cold starts.
//
// Where unprivileged user namespaces are missing or forbidden (macOS, Windows, containers under Docker's default
// seccomp profile, Ubuntu's AppArmor restriction), sandboxes start as before, on the host's network, and the host
// says so once on stderr.

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type SandboxNetwork =
  | { isolated: true; wrapper: string[] }
  | { isolated: false; reason: string };

/** `unshare`'s options, least privilege first: `--map-current-user` is util-linux 2.38's; `-r` works on older ones. */
const UNSHARE_OPTIONS = [
  ['--net', '--map-current-user'],
  ['--net', '--map-root-user'],
];

let network: Promise<SandboxNetwork> | undefined;

/**
 * Whether sandboxes get a network namespace of their own here: found out once per host process, by making one
 * (`unshare … true`, a few milliseconds).
 */
export function sandboxNetwork(): Promise<SandboxNetwork> {
  return (network ??= probe().then((found) => {
    if (!found.isolated) console.warn(`Lambda sandboxes share the host's network: ${found.reason}. They still have no socket API.`);
    return found;
  }));
}

async function probe(): Promise<SandboxNetwork> {
  if (process.platform !== 'linux') return { isolated: false, reason: `no network namespaces on ${process.platform}` };
  const unshare = onPath('unshare');
  const noop = onPath('true');
  if (!unshare || !noop) return { isolated: false, reason: 'util-linux unshare was not found on PATH' };
  let last = '';
  for (const options of UNSHARE_OPTIONS) {
    const wrapper = [unshare, ...options, '--'];
    const { code, stderr } = await run(wrapper, noop);
    if (code === 0) return { isolated: true, wrapper };
    last = stderr.trim() || `exit status ${code}`;
  }
  return { isolated: false, reason: `unshare could not make a network namespace (${last})` };
}

/**
 * How much lower than its host a sandbox runs in the scheduler's eyes (nice 10). The host is the one that stops a
 * sandbox: its timers end an invocation at its timeout and its poll reads the sandbox's memory. Learner code that
 * spins on every core must not delay them, nor the page, editor or test runner beside them; at nice 10 a busy
 * sandbox still gets the cores nobody else wants. Lambda's own sandboxes are alone on their cores; timing inside one
 * is not changed, only who waits when the machine is full.
 */
const SANDBOX_NICENESS = 10;

/**
 * What starts `node <args>` as a sandbox process here: with the host's `node` binary, below the host's priority
 * (`nice`), inside a network namespace of its own where there is one (see above). Both wrappers exec the next
 * program, so the child the spawner returns is Node itself.
 */
export async function sandboxSpawner(): Promise<(args: string[], options: SpawnOptions) => ChildProcess> {
  const found = await sandboxNetwork();
  const nice = onPath('nice');
  const wrapper = [...(nice ? [nice, '-n', String(SANDBOX_NICENESS)] : []), ...(found.isolated ? found.wrapper : [])];
  if (wrapper.length === 0) return (args, options) => spawn(process.execPath, args, options);
  const [command, ...wrapperArgs] = wrapper;
  return (args, options) => spawn(command!, [...wrapperArgs, process.execPath, ...args], options);
}

/** The absolute path of a program on the host's PATH: sandboxes run with an empty environment, so no PATH of their own. */
function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function run([command, ...args]: string[], program: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command!, [...args, program], { env: {}, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => void (stderr += chunk));
    child.on('error', (error) => resolve({ code: null, stderr: error.message }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
