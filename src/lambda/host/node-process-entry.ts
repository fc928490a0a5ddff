// Entry point of a Node sandbox: the shared runtime in a process of its own (see node-host.ts), bundled with
// the AWS SDK's browser builds into one script (./bundle.ts) that the host sends over the IPC channel. The
// process runs under Node's permission model with nothing granted, so neither this script nor anything a
// handler does can read or write a file, start a process or a worker, or load an addon; and nothing in the
// script opens a socket. Before any learner code runs, lockdown below takes away the real `process`, the
// globals `node -e` adds (require above all), string compilation that allows `import()`, and the network APIs.

import type { HostMessage, SandboxMessage } from '../protocol.ts';
import { createSandboxRuntime } from '../runtime/sandbox-runtime.ts';
import { loadSdkPackage } from './sdk-packages.ts';
import { SEAL_GLOBAL, type Sealed } from './seal.ts';

interface NodeProcess {
  send(message: Sealed<SandboxMessage>): boolean;
  exit(code?: number): never;
  on(event: string, listener: (...args: never[]) => void): unknown;
  getBuiltinModule(id: 'node:vm'): typeof import('node:vm');
}

const realProcess = (globalThis as unknown as { process: NodeProcess }).process;
// The host's seal for this sandbox, left on globalThis by the bootstrap while this script is evaluated and gone
// before any learner code exists: from here on only this closure holds it, so only the runtime's messages carry it.
const seal = String((globalThis as Record<string, unknown>)[SEAL_GLOBAL]);
Reflect.deleteProperty(globalThis, SEAL_GLOBAL);
const sendRaw = realProcess.send.bind(realProcess);
const send = (message: SandboxMessage) => sendRaw([seal, message]);
const exit = realProcess.exit.bind(realProcess);
const vm = realProcess.getBuiltinModule('node:vm');

/** Compiles code where `import()` is refused: Node answers ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING. */
const compile = (code: string, params: string[], filename: string) => vm.compileFunction(code, params, { filename }) as (...args: unknown[]) => unknown;

function lockdown(processShim: object): void {
  Object.defineProperty(globalThis, 'process', { value: processShim, configurable: false, writable: false });
  // Node's console holds the real stdout and stderr (console._stderr is a net.Socket, whose constructor opens
  // connections): a handler gets a console of its own, with the runtime's methods and nothing else.
  const real = console as unknown as Record<string, (...args: unknown[]) => void>;
  const log = real.log!;
  const own = { log, info: real.info!, warn: real.warn!, error: real.error!, debug: real.debug!, trace: real.trace!, dir: log, table: log, assert() {}, count() {}, countReset() {}, group() {}, groupEnd() {}, time() {}, timeEnd() {}, timeLog() {} };
  Object.defineProperty(globalThis, 'console', { value: own, configurable: false, writable: false });
  for (const name of ['require', 'module', 'exports', '__filename', '__dirname', 'fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'BroadcastChannel']) {
    Reflect.deleteProperty(globalThis, name);
  }
  // Node's bundled undici (behind Response, Request, Headers and FormData) leaves its HTTP connection pool on these
  // global symbols when it loads, unless a dispatcher is there already, and that pool opens sockets: a Unix-domain
  // socket with a file path (a Docker socket, a local database) is neither behind the network namespace nor covered
  // by the permission model. An inert dispatcher, fixed in both slots before undici can load, leaves it none to make.
  const noDispatcher = Object.freeze({
    dispatch() {
      throw new Error('The Lambda sandbox has no network.');
    },
  });
  for (const key of ['undici.globalDispatcher.1', 'undici.globalDispatcher.2']) {
    Object.defineProperty(globalThis, Symbol.for(key), { value: noDispatcher, writable: false, enumerable: false, configurable: false });
  }
  const SafeFunction = function Function(...args: unknown[]) {
    const body = String(args.pop() ?? '');
    return vm.compileFunction(body, args.map(String));
  };
  // As the real Function's: `f instanceof Function` holds for every function, and code that reads
  // `Function.prototype[Symbol.hasInstance]` (undici, behind Node's Response, Request, Headers and FormData) finds it.
  Object.defineProperty(SafeFunction, 'prototype', { value: Function.prototype, writable: false, enumerable: false, configurable: false });
  const prototypes = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ];
  for (const prototype of prototypes) Object.defineProperty(prototype, 'constructor', { value: SafeFunction, configurable: false, writable: false });
  Object.defineProperty(globalThis, 'Function', { value: SafeFunction, configurable: false, writable: false });
  Object.defineProperty(globalThis, 'eval', { value: (code: unknown) => vm.runInThisContext(String(code)), configurable: false, writable: false });
}

const runtime = createSandboxRuntime({
  post: (message) => void send(message),
  load: loadSdkPackage,
  compile,
  lockdown,
  exit: (code) => exit(code),
});
realProcess.on('message', (message: HostMessage) => runtime.handle(message));
// The host went away: so does the sandbox.
realProcess.on('disconnect', () => exit(0));
realProcess.on('uncaughtException', (error: unknown) => runtime.uncaught(error, 'exception'));
realProcess.on('unhandledRejection', (reason: unknown) => runtime.uncaught(reason, 'rejection'));
