// The browser host: each sandbox is a Web Worker started inside its own hidden, sandboxed iframe. The iframe has
// an opaque origin of its own (no access to the page, its cookies or its storage, and none to other sandboxes:
// BroadcastChannel stays within one origin) and a Content Security Policy with `connect-src 'none'`, which
// workers made from blob: URLs inherit; so learner code has no fetch, XHR, WebSocket or EventSource, and cannot
// import code from anywhere. Overwriting `fetch` in a worker would not be a boundary (../shared/STACK.md); the
// policy is.
//
// The page hands the frame the worker's code (one self-contained script, built by vite-plugin.ts) and a
// MessagePort; from then on the page and the worker talk over that port. Removing the frame ends the worker,
// whatever it is doing.
//
// Memory: browsers cannot cap one worker's memory from outside (no `resourceLimits`, no per-worker measure
// without cross-origin isolation), so the worker meters its own allocations from before any learner code runs
// (./memory-meter.ts says what that sees and what it cannot). Past the function's memory it tells the host, and
// the host ends it here, from outside, as Lambda ends a runtime that ran out of memory.

import type { SandboxMessage } from '../protocol.ts';
import type { Sandbox, SandboxEnd, SandboxHost } from './host.ts';
import { OUT_OF_MEMORY_MESSAGE } from './memory-meter.ts';

const POLICY = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; connect-src 'none'";

// Runs inside the frame: starts the one worker and reports how it fails.
const RELAY = `
addEventListener('message', (event) => {
  if (event.source !== parent || event.data.type !== 'start') return;
  const source = URL.createObjectURL(new Blob([event.data.code], { type: 'text/javascript' }));
  const worker = new Worker(source, { name: 'lambda-sandbox' });
  worker.onerror = (e) => { e.preventDefault(); parent.postMessage({ type: 'crash', message: String(e.message) }, '*'); };
  worker.postMessage({ type: 'connect', port: event.data.port, memoryMb: event.data.memoryMb }, [event.data.port]);
});
parent.postMessage({ type: 'frame-ready' }, '*');
`;

let workerCode: Promise<string> | undefined;

export const webWorkerHost: SandboxHost = {
  start({ memoryMb, onMessage, onEnd }): Sandbox {
    workerCode ??= import('virtual:lambda-sandbox-worker').then((module) => module.default);
    const channel = new MessageChannel();
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.hidden = true;
    iframe.title = 'Lambda sandbox';
    iframe.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${POLICY}"><script>${RELAY}</script>`;

    let ended = false;
    const stop = () => {
      ended = true;
      removeEventListener('message', fromFrame);
      channel.port1.close();
      iframe.remove();
    };
    const end = (how: SandboxEnd) => {
      if (ended) return;
      stop();
      onEnd(how);
    };
    const fromFrame = (event: MessageEvent<{ type: string; message?: string }>) => {
      if (event.source !== iframe.contentWindow) return;
      if (event.data.type === 'frame-ready') {
        void workerCode!.then((code) => {
          if (!ended) iframe.contentWindow?.postMessage({ type: 'start', code, port: channel.port2, memoryMb }, '*', [channel.port2]);
        });
      } else if (event.data.type === 'crash') {
        end({ kind: 'crash', message: event.data.message ?? 'the sandbox crashed' });
      }
    };
    addEventListener('message', fromFrame);
    channel.port1.onmessage = (event: MessageEvent<SandboxMessage>) => {
      if ((event.data as { type?: unknown } | null)?.type === OUT_OF_MEMORY_MESSAGE) return end({ kind: 'out-of-memory' });
      onMessage(event.data);
      if ((event.data as { type?: unknown } | null)?.type === 'exit') end({ kind: 'exit', code: Number((event.data as { code?: unknown }).code) || 0 });
    };
    // Messages sent before the worker starts wait in the port's queue.
    document.body.append(iframe);
    return {
      send: (message) => channel.port1.postMessage(message),
      terminate: () => {
        if (!ended) stop();
      },
      memoryUsedMb: async () => undefined,
    };
  },
};
