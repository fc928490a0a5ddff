// The Node host: each sandbox is a Node process of its own, used by `npm test`, `npm run grade` and
// `npm run bus`. The boundary is the platform's, not a list of removed globals:
//
// - Node's permission model with nothing granted (`--permission`): the process can read or write no file,
//   start no process, worker or addon, whatever code inside it manages to reach.
// - The sandbox script (./node-process-entry.ts) is the runtime with the AWS SDK's browser builds, sent over the
//   IPC channel: it holds no Node credential provider, no file access and no HTTP client, so SDK clients resolve
//   credentials and region only from what the runtime gives them. Node 24's permission model does not cover
//   the network; no built-in that opens a socket is reachable from the script once it has locked itself down, and
//   on Linux the process starts in a network namespace of its own besides, with no way out (./sandbox-process.ts).
// - Only the runtime speaks for the sandbox: each sandbox gets a secret seal (random, sent with the script), which
//   the runtime holds in a closure and puts on every message it sends. Code that somehow reached the raw IPC
//   channel could send anything, but not a sealed message; the host ends a sandbox that sends an unsealed one.
// - An empty environment, and stdout ignored: the runtime sends logs over IPC.
// - Memory: the V8 heap is limited to the function's memory (`--max-old-space-size`), and the process's whole
//   resident memory, heap and off-heap (ArrayBuffers, WebAssembly memory) alike, is read from /proc every
//   POLL_MS and the process killed past the function's memory, as Lambda ends a runtime that exceeds it. Where
//   /proc does not exist (macOS, Windows), only the heap is limited.
// - Time: the host stops a process at once (SIGKILL) when Lambda would: a timeout, init past 10 seconds.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HostMessage, SandboxMessage } from '../protocol.ts';
import { bundleSandbox } from './bundle.ts';
import type { Sandbox, SandboxEnd, SandboxHost } from './host.ts';
import { sandboxSpawner } from './sandbox-process.ts';
import { isSealedWith, SEAL_GLOBAL } from './seal.ts';
import { WARM_UP_ENV, warmUpAnswer, warmUpModules } from './warm-up.ts';

/**
 * V8's heap sized as Lambda's Node.js runtime sizes it for the function's memory (its /var/runtime/bootstrap: a tenth
 * for the young generation, half of that a semi-space, the rest for the old). Node's default semi-space (16 MB) let
 * an honest warm 128 MB function, building and dropping 15 MB an invocation, grow past its memory in garbage.
 */
export function heapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

/** How often a running sandbox's resident memory is read. */
const POLL_MS = 25;

// Runs first in the process: drops what `node -e` puts on globalThis (require and its kin, and a getter for every
// built-in module: globalThis.net, globalThis.vm, ...), then evaluates the sandbox script it is sent. Compiling the
// script is most of a sandbox's start; V8's code cache spares every sandbox that work once the warm-up sandbox has
// made it (./warm-up.ts): only that sandbox, which runs no learner code, is told it may be asked for the cache. The
// seal is on globalThis only while the script is evaluated (the script takes it into a closure, see
// node-process-entry.ts); the block keeps the bootstrap's own names (its `send` above all) out of the global scope,
// where `node -e` can leave top-level declarations for any later script to read.
const bootstrap = (escaped: string) => `'use strict'; {
const builtins = require('node:module').builtinModules.filter((name) => !['console', 'crypto', 'process'].includes(name));
for (const name of ['require', 'module', 'exports', '__filename', '__dirname', ...builtins, ...builtins.map((b) => 'node:' + b), 'node:sea', 'node:sqlite', 'node:test']) delete globalThis[name];
const send = process.send.bind(process);
${escaped}
process.once('message', ({ code, cache, seal, warmUp }) => {
  const script = new (process.getBuiltinModule('node:vm').Script)(code, { filename: 'lambda-sandbox.js', cachedData: cache });
  Object.defineProperty(globalThis, '${SEAL_GLOBAL}', { value: seal, configurable: true });
  try { script.runInThisContext(); } finally { delete globalThis['${SEAL_GLOBAL}']; }
  if (warmUp === true) process.on('message', (message) => { if (message === '${MAKE_CODE_CACHE}') send([seal, { codeCache: script.createCachedData() }]); });
});
}`;

let script: Promise<string> | undefined;
/** The sandbox script, built once per host process. */
const sandboxScript = () => (script ??= bundleSandbox('node-process-entry.ts').then(({ code }) => code));
/** What the host sends the warm-up sandbox, and only it, once its handler has run: make the code cache now. */
const MAKE_CODE_CACHE = 'make-code-cache';
/** How long the warm-up may take before sandboxes start without a cache (they compile for themselves: slower, not wrong). */
const WARM_UP_MS = 10_000;

const isCodeCache = (message: unknown): message is { codeCache: Uint8Array } =>
  typeof message === 'object' && message !== null && (message as { codeCache?: unknown }).codeCache instanceof Uint8Array;

let codeCache: Promise<Uint8Array | undefined> | undefined;
/** V8's code cache for the sandbox script, made once per host process (see makeCodeCache). */
const sandboxCodeCache = () => (codeCache ??= makeCodeCache());

/**
 * Starts a sandbox that runs our warm-up handler (./warm-up.ts) through the runtime protocol, answering its AWS
 * calls itself, then asks it for V8's code cache. Resolves undefined if anything goes wrong: sandboxes then compile
 * for themselves. `onLog` hears what the warm-up handler logs.
 */
export async function makeCodeCache(onLog: (level: string, text: string) => void = () => {}): Promise<Uint8Array | undefined> {
  const [code, spawnSandbox] = await Promise.all([sandboxScript(), sandboxSpawner()]);
  return new Promise((resolve) => {
    const seal = randomBytes(18).toString('base64');
    const child = spawnSandbox(['--permission', '-e', bootstrap('')], { env: {}, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' });
    const done = (cache: Uint8Array | undefined) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(cache);
    };
    const timer = setTimeout(() => done(undefined), WARM_UP_MS);
    timer.unref();
    child.on('error', () => done(undefined));
    child.on('exit', () => done(undefined));
    child.on('message', (sealed: unknown) => {
      if (!isSealedWith(seal, sealed)) return done(undefined);
      const message = sealed[1] as SandboxMessage | { codeCache: Uint8Array };
      if (isCodeCache(message)) return done(message.codeCache);
      switch (message.type) {
        case 'log':
          return onLog(message.level, message.text);
        case 'ready':
          return void child.send({
            type: 'invoke',
            requestId: 'warm-up',
            payload: JSON.stringify({ detail: { warm: 'up' } }),
            invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:warm-up',
            memoryLimitInMB: 128,
            logGroupName: '/aws/lambda/warm-up',
            logStreamName: 'warm-up',
            deadline: Date.now() + WARM_UP_MS,
          } satisfies HostMessage);
        case 'aws-request':
          return void child.send({ type: 'aws-response', id: message.id, ...warmUpAnswer(message.request) } satisfies HostMessage);
        case 'result':
          return message.ok ? void child.send(MAKE_CODE_CACHE) : done(undefined);
        case 'init-error':
          return done(undefined);
      }
    });
    child.send({ code, seal, warmUp: true });
    child.send({ type: 'init', handler: 'handler.handler', modules: warmUpModules(), env: WARM_UP_ENV } satisfies HostMessage);
  });
}

/** Resident memory of a process in MB, from /proc; undefined where there is no /proc. */
function residentMb(pid: number): number | undefined {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / 1024 / 1024;
  } catch {
    return undefined;
  }
}

/** How Lambda words a runtime killed by a signal: `Runtime exited with error: signal: killed`. */
const SIGNAL_WORDS: Record<string, string> = { SIGKILL: 'killed', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGTRAP: 'trace/breakpoint trap', SIGBUS: 'bus error' };

/**
 * A Node host. `escaped` is for tests only: code the bootstrap runs with the real `process` before the sandbox
 * script, standing in for learner code that found a way out of the runtime's lockdown.
 */
export function createNodeHost({ escaped = '' }: { escaped?: string } = {}): SandboxHost {
  const bootstrapCode = bootstrap(escaped);
  return {
    start({ memoryMb, onMessage, onEnd }): Sandbox {
      const pending: HostMessage[] = [];
      let stopped = false;
      let kill = () => {};
      let send = (message: HostMessage) => void pending.push(message);
      let pid: number | undefined;
      const end = (how: SandboxEnd) => {
        if (stopped) return;
        stopped = true;
        kill();
        onEnd(how);
      };

      Promise.all([sandboxScript(), sandboxSpawner(), sandboxCodeCache()]).then(
        ([code, spawnSandbox, cache]) => {
          if (stopped) return;
          const seal = randomBytes(18).toString('base64');
          const child = spawnSandbox(['--permission', ...heapFlags(memoryMb), '-e', bootstrapCode], {
            env: {},
            stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
            serialization: 'advanced',
          });
          pid = child.pid;
          let stderr = '';
          child.stderr!.setEncoding('utf8');
          child.stderr!.on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-4096)));
          const poll = setInterval(() => {
            const rss = pid === undefined ? undefined : residentMb(pid);
            if (rss !== undefined && rss > memoryMb) end({ kind: 'out-of-memory' });
          }, POLL_MS);
          poll.unref();
          kill = () => {
            clearInterval(poll);
            child.kill('SIGKILL');
          };
          child.on('message', (sealed: unknown) => {
            if (stopped) return;
            // Not the runtime's word: something else in the process has reached the channel. Nothing it says is
            // believed, and the sandbox is ended as one that broke the protocol.
            if (!isSealedWith(seal, sealed)) return end({ kind: 'crash', message: 'the sandbox broke the runtime protocol' });
            const message = sealed[1];
            // The host's caller checks the shape of every message (isSandboxMessage in ../protocol.ts).
            onMessage(message as SandboxMessage);
          });
          child.on('error', (error) => end({ kind: 'crash', message: error.message }));
          child.on('exit', (code, signal) => {
            clearInterval(poll);
            if (/out of memory|heap limit/i.test(stderr)) end({ kind: 'out-of-memory' });
            else if (signal) end({ kind: 'crash', message: `signal: ${SIGNAL_WORDS[signal] ?? signal.toLowerCase()}` });
            else end({ kind: 'exit', code: code ?? 0 });
          });
          // A send to a process that is gone fails quietly (the callback takes the error): its exit is reported above.
          send = (message) => void (child.connected && child.send(message, () => {}));
          child.send(cache ? { code, cache, seal } : { code, seal });
          for (const message of pending.splice(0)) send(message);
        },
        (error: Error) => end({ kind: 'crash', message: `the sandbox could not be started: ${error.message}` }),
      );

      return {
        send: (message) => send(message),
        terminate: () => {
          stopped = true;
          kill();
        },
        memoryUsedMb: async () => (pid === undefined || stopped ? undefined : residentMb(pid)),
      };
    },
  };
}

export const nodeHost: SandboxHost = createNodeHost();
