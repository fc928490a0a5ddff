// Where a function's sandbox runs. One interface, two hosts: a Web Worker in the browser (web-worker-host)
// and a process of its own in Node (node-host). Both run the same runtime (../runtime/sandbox-runtime.ts);
// the host only starts it, carries messages, reports how it ended, and kills it.

import type { HostMessage, SandboxMessage } from '../protocol.ts';

/** How a sandbox ended without being asked to: Lambda reports each differently. */
export type SandboxEnd = { kind: 'exit'; code: number } | { kind: 'out-of-memory' } | { kind: 'crash'; message: string };

export interface Sandbox {
  send(message: HostMessage): void;
  /** Kills the sandbox at once, whatever it is doing (an endless loop included). */
  terminate(): void;
  /** Heap in use in the sandbox, in MB, where the host can measure it. */
  memoryUsedMb(): Promise<number | undefined>;
}

export interface SandboxHost {
  /** Starts a fresh sandbox with the function's memory as its heap limit. */
  start(options: { memoryMb: number; onMessage: (message: SandboxMessage) => void; onEnd: (end: SandboxEnd) => void }): Sandbox;
}
