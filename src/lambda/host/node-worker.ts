// Entry point of a Node sandbox (a worker_threads worker): the shared runtime, wired to this thread's port,
// with the worker locked down before any learner code runs (see lockdown below).

import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { createSandboxRuntime } from '../runtime/sandbox-runtime.ts';

const port = parentPort!;
const send = port.postMessage.bind(port);
const realProcess = process;
const exit = realProcess.exit.bind(realProcess);

/** Compiles code where `import()` is refused: Node answers ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING. */
const compile = (code: string, params: string[], filename: string) => vm.compileFunction(code, params, { filename }) as (...args: unknown[]) => unknown;

/**
 * Takes away what a handler could otherwise reach the host through: the real `process` (builtin modules,
 * signals, exit), string compilation that allows `import()` (Function, eval and their async and generator
 * cousins), the network, and BroadcastChannel (other sandboxes). The SDK packages are loaded before this, so
 * they keep working.
 */
function lockdown(processShim: object): void {
  Object.defineProperty(globalThis, 'process', { value: processShim, configurable: false, writable: false });
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'BroadcastChannel']) Reflect.deleteProperty(globalThis, name);
  const SafeFunction = function Function(...args: unknown[]) {
    const body = String(args.pop() ?? '');
    return vm.compileFunction(body, args.map(String));
  };
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
  post: send,
  load: (specifier) => import(specifier),
  compile,
  lockdown,
  exit: (code) => exit(code),
});
port.on('message', (message) => runtime.handle(message));
realProcess.on('uncaughtException', (error) => runtime.uncaught(error));
realProcess.on('unhandledRejection', (reason) => runtime.uncaught(reason));
