// Entry point of a Node sandbox (a worker_threads worker): the shared runtime, wired to this thread's port.

import { parentPort } from 'node:worker_threads';
import { createSandboxRuntime } from '../runtime/sandbox-runtime.ts';

// Handlers reach AWS through the SDK clients the runtime wires to the host; they have no other network here.
// (Not a boundary, as node-host.ts says, but it keeps a handler from calling the internet by accident.)
for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) Reflect.deleteProperty(globalThis, name);

const port = parentPort!;
const runtime = createSandboxRuntime({
  post: (message) => port.postMessage(message),
  load: (specifier) => import(specifier),
  exit: (code) => process.exit(code),
});
port.on('message', (message) => runtime.handle(message));
process.on('uncaughtException', (error) => runtime.uncaught(error));
process.on('unhandledRejection', (reason) => runtime.uncaught(reason));
