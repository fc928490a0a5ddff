// Hostile handlers against the Node host, each proven contained by its effect on the machine: no marker file
// written, no connection reaching a listener, no host file read, memory stopped below a ceiling. The attacks
// are the ones that once got through: the AWS SDK's own credential providers (a credential_process command,
// container and web-identity credentials read from a file and sent to a URL), and memory outside the V8 heap.

import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { LambdaService, type InvocationResult } from '../lambda-service.ts';
import type { SandboxHost } from './host.ts';
import { createNodeHost, nodeHost } from './node-host.ts';

let dir: string;
let server: Server;
let url: string;
const hits: string[] = [];
let lambda: LambdaService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      hits.push(`${request.method} ${request.url} ${body}`);
      response.end('{}');
    });
  });
  server.on('connection', () => hits.push('connection'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => void (hits.length = 0));
afterEach(() => lambda?.dispose());

async function run(handler: string, options: { memorySize?: number; timeout?: number; host?: SandboxHost } = {}): Promise<InvocationResult> {
  lambda = new LambdaService(new Cloud(), options.host ?? nodeHost);
  lambda.createFunction({ name: 'hostile', handler: 'handler.handler', files: { 'handler.ts': handler }, timeout: options.timeout ?? 5, ...(options.memorySize ? { memorySize: options.memorySize } : {}) });
  return lambda.invoke('hostile', {});
}

/** Every way a handler might reach a credential provider of the SDK, tried in turn; what each gave, as text. */
const tryProviders = `
  const client: any = new SNSClient({});
  const tries: Record<string, () => unknown> = {
    credentialDefaultProvider: () => client.config.credentialDefaultProvider?.({})?.(),
    credentials: () => client.config.credentials?.(),
    clientWithoutCredentials: () => new SNSClient({ credentials: undefined as any }).config.credentials(),
  };
  const out: Record<string, string> = {};
  for (const [name, attempt] of Object.entries(tries)) {
    try { out[name] = JSON.stringify(await attempt()); } catch (error) { out[name] = 'refused: ' + (error as Error).message; }
  }
  return out;`;

describe('the Node host contains hostile handlers, by effect', () => {
  it('runs no credential_process command, whatever the environment and config files say', async () => {
    const marker = join(dir, 'credential-process-ran');
    const credentials = join(dir, 'credentials');
    writeFileSync(credentials, `[default]\ncredential_process = /bin/sh -c "touch ${marker}; echo {}"\n`);
    const result = await run(`import { SNSClient } from '@aws-sdk/client-sns';
export const handler = async () => {
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[name];
  process.env.AWS_SHARED_CREDENTIALS_FILE = ${JSON.stringify(credentials)};
  process.env.AWS_CONFIG_FILE = ${JSON.stringify(credentials)};
  process.env.AWS_PROFILE = 'default';
  ${tryProviders}
};`);
    expect(result.functionError).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
    // The runtime's own credentials are all a client has; nothing else answered.
    expect(JSON.parse(result.payload).credentials).toMatch(/AKIA|ASIA/);
  });

  it.each([
    ['container credentials', (secret: string) => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${url}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: secret })],
    ['web identity', (secret: string) => ({ AWS_WEB_IDENTITY_TOKEN_FILE: secret, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/x', AWS_ENDPOINT_URL_STS: url, AWS_ENDPOINT_URL: url })],
  ])('reads no token file and sends nothing to a URL for %s', async (_kind, variables) => {
    const secret = join(dir, 'token');
    writeFileSync(secret, 'host-secret');
    const result = await run(`import { SNSClient } from '@aws-sdk/client-sns';
export const handler = async () => {
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete process.env[name];
  Object.assign(process.env, ${JSON.stringify(variables(secret))});
  ${tryProviders}
};`);
    expect(result.functionError).toBeUndefined();
    expect(result.payload).not.toContain('host-secret');
    expect(hits).toEqual([]);
  });

  it('reaches no file, process or socket through the ways out of a locked-down script', async () => {
    const marker = join(dir, 'escaped');
    const result = await run(`export const handler = async () => {
  const attempts: Record<string, () => unknown> = {
    globalRequire: () => (globalThis as any).require('node:child_process'),
    moduleRequire: () => (module as any).require('node:fs'),
    constructorProcess: () => (function () {}).constructor('return process')().getBuiltinModule('node:fs'),
    evalProcess: () => eval('process').binding('fs'),
    dynamicImport: () => eval('import("node:fs")'),
    functionImport: () => new Function('return import("node:net")')(),
    moduleGlobal: () => (globalThis as any).net ?? (globalThis as any).child_process ?? (globalThis as any)['node:sqlite'],
    vmMainLoader: () => (globalThis as any).vm.runInThisContext('import("node:net")', { importModuleDynamically: (globalThis as any).vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }),
    consoleStream: () => {
      const Socket = (console as any)._stderr.constructor;
      return { connect: (port: number, host: string) => new Socket().connect(port, host) };
    },
    stackFrames: () => {
      const prepare = (Error as any).prepareStackTrace;
      (Error as any).prepareStackTrace = (_: unknown, frames: any[]) => frames;
      const frames = (new Error() as any).stack as any[];
      (Error as any).prepareStackTrace = prepare;
      for (const frame of frames) {
        const receiver = frame.getThis?.();
        const found = receiver?.process ?? receiver?.getBuiltinModule ? receiver : undefined;
        if (found?.getBuiltinModule) return found.getBuiltinModule('node:fs');
      }
      return undefined;
    },
  };
  const out: Record<string, string> = {};
  for (const [name, attempt] of Object.entries(attempts)) {
    try {
      const got: any = await attempt();
      if (got?.writeFileSync) got.writeFileSync(${JSON.stringify(marker)}, name);
      if (got?.execSync) got.execSync('touch ' + ${JSON.stringify(marker)});
      if (got?.connect) {
        // Waits for the connection (or its refusal), so its effect has happened before the handler returns.
        await new Promise((resolve) => {
          const socket = got.connect(${(url.split(':')[2] ?? '0').replace('/', '')}, '127.0.0.1');
          socket?.on?.('connect', () => (socket.end('escaped'), resolve('connected')));
          socket?.on?.('error', resolve);
          setTimeout(resolve, 500);
        });
      }
      out[name] = typeof got;
    } catch (error) {
      out[name] = 'refused: ' + (error as Error).message;
    }
  }
  return out;
};`);
    expect(result.functionError).toBeUndefined();
    const outcomes = JSON.parse(result.payload) as Record<string, string>;
    expect(Object.keys(outcomes)).toHaveLength(10);
    expect(existsSync(marker)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hits).toEqual([]);
  });

  const residentOfChildren = (): number => {
    let total = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const status = readFileSync(`/proc/${entry}/status`, 'utf8');
        if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
        total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024;
      } catch {
        // The process ended while being read.
      }
    }
    return total;
  };

  it.each([
    ['ArrayBuffers', 'const hoard: Uint8Array[] = [];\n  while (true) hoard.push(new Uint8Array(16 * 1024 * 1024).fill(1));'],
    ['WebAssembly memory', 'const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });\n  while (true) { memory.grow(256); new Uint8Array(memory.buffer).fill(1); }'],
  ])('stops a function that fills memory outside the heap with %s, as Runtime.OutOfMemory, below a ceiling', async (_kind, body) => {
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, residentOfChildren())), 10);
    const started = performance.now();
    const result = await run(`export const handler = async () => {\n  ${body}\n};`, { memorySize: 128, timeout: 30 });
    clearInterval(watch);
    const error = JSON.parse(result.payload) as { errorType: string };
    expect(error.errorType).toBe('Runtime.OutOfMemory');
    expect(performance.now() - started).toBeLessThan(10_000);
    // 128 MB configured: the process is stopped within a poll or two of crossing it.
    expect(peak).toBeLessThan(400);
  }, 30_000);

  it('opens no Unix-domain socket through the HTTP client Node leaves on a global symbol', async () => {
    // A socket with a file path is not behind the sandbox's network namespace, and Node's permission model does not
    // cover it: undici's dispatcher, which Node's Response loads onto globalThis, could talk HTTP to any of them (an
    // independent hostile corpus reached a listener this way). The listener must hear nothing.
    const socketPath = join(dir, 'probe.sock');
    const connections: string[] = [];
    const unixServer = createServer((request, response) => {
      connections.push(`${request.method} ${request.url}`);
      response.end('probe');
    });
    unixServer.on('connection', () => connections.push('connection'));
    await new Promise<void>((resolve) => unixServer.listen(socketPath, resolve));
    try {
      const result = await run(`export const handler = async () => {
  await new Response('').text();
  const tries: Record<string, string> = {};
  for (const key of ['undici.globalDispatcher.1', 'undici.globalDispatcher.2']) {
    const dispatcher: any = (globalThis as any)[Symbol.for(key)];
    try {
      const Agent = dispatcher.constructor;
      const agent = new Agent({ connect: { socketPath: ${JSON.stringify(socketPath)} } });
      const { statusCode } = await agent.request({ origin: 'http://localhost', path: '/' + key, method: 'GET' });
      tries[key] = 'answered ' + statusCode;
    } catch (error) {
      tries[key] = 'refused: ' + String((error as Error).message);
    }
    try {
      await new Promise((resolve, reject) => dispatcher.dispatch({ origin: 'http://localhost', path: '/dispatch', method: 'GET' }, { onError: reject, onComplete: resolve }));
      tries[key + ' dispatch'] = 'answered';
    } catch (error) {
      tries[key + ' dispatch'] = 'refused: ' + String((error as Error).message);
    }
  }
  return tries;
};`);
      const tries = JSON.parse(result.payload) as Record<string, string>;
      for (const [attempt, outcome] of Object.entries(tries)) expect(outcome, attempt).toMatch(/^refused: /);
      expect(Object.keys(tries)).toHaveLength(4);
      expect(connections).toEqual([]);
    } finally {
      unixServer.close();
    }
  }, 30_000);

  it('believes only the runtime: a result sent on the IPC channel by anything else ends the sandbox and is never reported', async () => {
    // Stands in for learner code that has found the raw channel: as soon as an invocation arrives, it answers it
    // with results of its own, one plain and one guessing at the runtime's envelope, while the handler is still
    // running.
    const host = createNodeHost({
      escaped: `const escaped = process;
escaped.on('message', (message) => {
  if (message?.type !== 'invoke') return;
  const forged = { type: 'result', requestId: message.requestId, ok: true, payload: '"forged"' };
  escaped.send(forged);
  escaped.send(['a guess at the seal', forged]);
});`,
    });
    const result = await run(`export const handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return 'from the handler';
};`, { host });
    expect(result.payload).not.toContain('forged');
    expect(result.error).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: the sandbox broke the runtime protocol`, stack: [] });
  }, 30_000);

  it('keeps its own bookkeeping when the handler replaces the Map and Set machinery it uses', async () => {
    // The runtime notes each SDK call until it settles, to say which ones a handler left running when it returned,
    // and maps the stack of a logged error to the learner's lines. A handler that breaks Map iteration and Map and
    // Set methods for everyone must break neither, nor have the runtime's own failure reported as its own.
    const result = await run(`import { ListTopicsCommand, SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler = async () => {
  const has = Set.prototype.has;
  Set.prototype.has = () => { throw new Error('Set.prototype.has was replaced'); };
  console.error(new Error('logged'));
  Set.prototype.has = has;
  await sns.send(new ListTopicsCommand({}));
  const mapIterator = Object.getPrototypeOf(new Map().values());
  mapIterator.next = () => ({ done: true, value: undefined });
  Map.prototype.values = function () { return [][Symbol.iterator](); };
  Map.prototype.delete = () => { throw new Error('Map.prototype.delete was replaced'); };
  await sns.send(new ListTopicsCommand({}));
  void sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:nowhere', Message: 'left running' })).catch(() => {});
  return 'returned';
};`);
    expect(result.error).toBeUndefined();
    expect(result.payload).toBe('"returned"');
    expect(lambda.callsAfterReturn()).toEqual([{ functionName: 'hostile', requestId: result.requestId, calls: ['PublishCommand'] }]);
    expect(result.logs.join('\n')).toMatch(/Error: logged\n\s+at handler \(handler\.ts:6:/);
  });
});
