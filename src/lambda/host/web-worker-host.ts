// The browser host: each sandbox is a Web Worker started inside a hidden, sandboxed iframe. The iframe has an
// opaque origin (no access to the page, its cookies or its storage) and a Content Security Policy with
// `connect-src 'none'`, which workers made from blob: URLs inherit; so learner code has no fetch, XHR,
// WebSocket or EventSource, and cannot import code from anywhere. Overwriting `fetch` in a worker would not
// be a boundary (../shared/STACK.md); the policy is.
//
// The page sends the frame the worker's code (one self-contained script, built by vite-plugin.ts) and a
// MessagePort per sandbox; from then on the page and the worker talk over that port directly. Only the frame,
// which made the worker, can terminate it.
//
// Browsers cannot cap one worker's heap: a function that hoards memory is stopped by its timeout.

import type { SandboxMessage } from '../protocol.ts';
import type { Sandbox, SandboxEnd, SandboxHost } from './host.ts';

const POLICY = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; connect-src 'none'";

// Runs inside the frame: keeps the workers, starts and stops them on the page's word.
const RELAY = `
const workers = new Map();
let source;
addEventListener('message', (event) => {
  if (event.source !== parent) return;
  const m = event.data;
  if (m.type === 'source') source = URL.createObjectURL(new Blob([m.code], { type: 'text/javascript' }));
  else if (m.type === 'start') {
    const worker = new Worker(source, { name: 'lambda-sandbox' });
    workers.set(m.id, worker);
    worker.onerror = (e) => { e.preventDefault(); parent.postMessage({ type: 'crash', id: m.id, message: String(e.message) }, '*'); };
    worker.postMessage({ type: 'connect', port: m.port }, [m.port]);
  } else if (m.type === 'terminate') {
    workers.get(m.id)?.terminate();
    workers.delete(m.id);
  }
});
parent.postMessage({ type: 'frame-ready' }, '*');
`;

interface Frame {
  window: Window;
  crashes: Map<number, (message: string) => void>;
}

let frame: Promise<Frame> | undefined;
let nextId = 0;

function sandboxFrame(): Promise<Frame> {
  frame ??= (async () => {
    const { default: code } = await import('virtual:lambda-sandbox-worker');
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.hidden = true;
    iframe.title = 'Lambda sandbox';
    iframe.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${POLICY}"><script>${RELAY}</script>`;
    const crashes = new Map<number, (message: string) => void>();
    const ready = new Promise<void>((resolve) => {
      addEventListener('message', (event: MessageEvent<{ type: string; id?: number; message?: string }>) => {
        if (event.source !== iframe.contentWindow) return;
        if (event.data.type === 'frame-ready') resolve();
        if (event.data.type === 'crash') crashes.get(event.data.id!)?.(event.data.message ?? 'the sandbox crashed');
      });
    });
    document.body.append(iframe);
    await ready;
    iframe.contentWindow!.postMessage({ type: 'source', code }, '*');
    return { window: iframe.contentWindow!, crashes };
  })();
  return frame;
}

export const webWorkerHost: SandboxHost = {
  start({ onMessage, onEnd }): Sandbox {
    const id = nextId++;
    const channel = new MessageChannel();
    let ended = false;
    const end = (how: SandboxEnd) => {
      if (ended) return;
      ended = true;
      channel.port1.close();
      void sandboxFrame().then((f) => {
        f.crashes.delete(id);
        f.window.postMessage({ type: 'terminate', id }, '*');
      });
      onEnd(how);
    };
    channel.port1.onmessage = (event: MessageEvent<SandboxMessage>) => {
      onMessage(event.data);
      if (event.data.type === 'exit') end({ kind: 'exit', code: event.data.code });
    };
    // Messages sent before the worker exists wait in the port's queue.
    void sandboxFrame().then((f) => {
      f.crashes.set(id, (message) => end({ kind: 'crash', message }));
      f.window.postMessage({ type: 'start', id, port: channel.port2 }, '*', [channel.port2]);
    });
    return {
      send: (message) => channel.port1.postMessage(message),
      terminate: () => {
        if (ended) return;
        ended = true;
        channel.port1.close();
        void sandboxFrame().then((f) => f.window.postMessage({ type: 'terminate', id }, '*'));
      },
      memoryUsedMb: async () => undefined,
    };
  },
};
