// The Node host: each sandbox is a worker_threads worker with its own V8 heap, limited to the function's
// memory, an empty environment, and its own stdout. Used by `npm test` grading.
//
// What it contains: endless loops and hangs (terminate), memory exhaustion (resourceLimits), process.exit (ends
// only the worker), imports outside the allowed list (the runtime's require), replaced built-ins (a heap of its
// own), and, once node-worker.ts has locked the worker down, the real process object, builtin modules, import()
// and the network. A worker shares the host's operating-system process, though: the browser host, with a
// separate origin and a Content Security Policy per sandbox, is the stronger boundary.

import { Worker } from 'node:worker_threads';
import type { SandboxMessage } from '../protocol.ts';
import type { Sandbox, SandboxHost } from './host.ts';

const WORKER = new URL('./node-worker.ts', import.meta.url);

export const nodeHost: SandboxHost = {
  start({ memoryMb, onMessage, onEnd }): Sandbox {
    const worker = new Worker(WORKER, {
      env: {},
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.max(16, Math.floor(memoryMb / 8)), stackSizeMb: 4 },
    });
    let ended = false;
    const end: typeof onEnd = (how) => {
      if (ended) return;
      ended = true;
      onEnd(how);
    };
    worker.stdout.resume();
    worker.stderr.resume();
    worker.on('message', (message: SandboxMessage) => onMessage(message));
    worker.on('error', (error: Error & { code?: string }) =>
      end(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? { kind: 'out-of-memory' } : { kind: 'crash', message: error.message }),
    );
    worker.on('exit', (code) => end({ kind: 'exit', code }));
    return {
      send: (message) => worker.postMessage(message),
      terminate: () => {
        ended = true;
        void worker.terminate();
      },
      memoryUsedMb: async () => {
        try {
          const stats = await worker.getHeapStatistics();
          return stats.used_heap_size / 1024 / 1024;
        } catch {
          return undefined;
        }
      },
    };
  },
};
