// Entry point of a Node sandbox (a worker_threads worker): the shared runtime, wired to this thread's port.

import { parentPort } from 'node:worker_threads';
import { createSandboxRuntime } from '../runtime/sandbox-runtime.ts';

const port = parentPort!;
const runtime = createSandboxRuntime({
  post: (message) => port.postMessage(message),
  load: (specifier) => import(specifier),
  exit: (code) => process.exit(code),
});
port.on('message', (message) => runtime.handle(message));
process.on('uncaughtException', (error) => runtime.uncaught(error));
process.on('unhandledRejection', (reason) => runtime.uncaught(reason));
