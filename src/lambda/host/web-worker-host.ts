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
// A frame's process: Chromium puts sandboxed frames in a renderer process of their own, away from the page's (all
// of a page's sandboxed frames share that one). When memory the meter cannot see (strings, arrays grown in place)
// takes that process past what the browser allows, the process is killed: every sandbox in it ends, and the page
// goes on. Nothing tells the page: no error, no event on the port (Chromium 156). So the host asks each frame's
// relay, which runs on the frame's own thread and answers even while learner code spins in the worker, every
// PING_MS; a frame that has left UNANSWERED_PINGS pings in a row unanswered is gone, and its sandbox is ended as
// Lambda ends a runtime whose process was killed. Pings are counted, not timed, so a page that was itself busy (its
// timers late) does not take a live frame for a dead one.
//
// Memory: browsers cannot cap one worker's memory from outside (no `resourceLimits`, no per-worker measure
// without cross-origin isolation), so the worker meters its own allocations from before any learner code runs
// (./memory-meter.ts says what that sees and what it cannot). Past the function's memory it tells the host, and
// the host ends it here, from outside, as Lambda ends a runtime that ran out of memory.

import type { SandboxMessage } from '../protocol.ts';
import { SUBTLE_RELAY } from './frame-crypto.ts';
import type { Sandbox, SandboxEnd, SandboxHost } from './host.ts';
import { OUT_OF_MEMORY_MESSAGE } from './memory-meter.ts';

const POLICY = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; connect-src 'none'";

/** How often the host asks a frame whether it is there, and how many unanswered asks in a row mean it is not. */
const PING_MS = 500;
const UNANSWERED_PINGS = 6;
/** Why the sandboxes of a frame whose process the browser ended stopped, in the words of Lambda's `Runtime exited with error: …`. */
export const FRAME_PROCESS_ENDED = 'the browser ended the sandboxes’ process, most likely because a function held more memory than the browser allows';

// Runs inside the frame: starts the one worker, reports how it fails, makes its Web Crypto calls (./frame-crypto.ts),
// and answers the host's pings.
const RELAY = (extra: string) => `
let answersPings = true;
addEventListener('message', (event) => {
  if (event.source !== parent) return;
  if (event.data.type === 'ping') return answersPings && parent.postMessage({ type: 'pong' }, '*');
  if (event.data.type !== 'start') return;
  const source = URL.createObjectURL(new Blob([event.data.code], { type: 'text/javascript' }));
  const worker = new Worker(source, { name: 'lambda-sandbox' });
  ${SUBTLE_RELAY}
  worker.onerror = (e) => { e.preventDefault(); parent.postMessage({ type: 'crash', message: String(e.message) }, '*'); };
  worker.postMessage({ type: 'connect', port: event.data.port, memoryMb: event.data.memoryMb }, [event.data.port]);
});
parent.postMessage({ type: 'frame-ready' }, '*');
${extra}`;

let workerCode: Promise<string> | undefined;

/**
 * A browser host. `relayExtra` is for tests only: code the frame's relay runs once it is ready. `answersPings = false`
 * there stands in for a frame whose process is gone: from the page, a relay that stops answering looks the same.
 */
export function createWebWorkerHost({ relayExtra = '' }: { relayExtra?: string } = {}): SandboxHost {
  const relay = RELAY(relayExtra);
  return {
    start({ memoryMb, onMessage, onEnd }): Sandbox {
      workerCode ??= import('virtual:lambda-sandbox-worker').then((module) => module.default);
      const channel = new MessageChannel();
      const iframe = document.createElement('iframe');
      iframe.setAttribute('sandbox', 'allow-scripts');
      iframe.hidden = true;
      iframe.title = 'Lambda sandbox';
      iframe.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="${POLICY}"><script>${relay}</script>`;

      let ended = false;
      let pinging: ReturnType<typeof setInterval> | undefined;
      let unanswered = 0;
      const stop = () => {
        ended = true;
        clearInterval(pinging);
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
        if (event.data.type === 'pong') {
          unanswered = 0;
        } else if (event.data.type === 'frame-ready') {
          pinging ??= setInterval(() => {
            if (unanswered >= UNANSWERED_PINGS) return end({ kind: 'crash', message: FRAME_PROCESS_ENDED });
            unanswered++;
            iframe.contentWindow?.postMessage({ type: 'ping' }, '*');
          }, PING_MS);
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
}

export const webWorkerHost: SandboxHost = createWebWorkerHost();
