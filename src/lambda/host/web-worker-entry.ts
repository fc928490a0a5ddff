// Entry point of a browser sandbox: the shared runtime in a Web Worker that the sandbox frame starts (see
// web-worker-host.ts). It talks to the page only over the MessagePort it is handed; the frame's Content
// Security Policy, which this worker inherits, leaves it no network.

import { createSandboxRuntime } from '../runtime/sandbox-runtime.ts';
import type { HostMessage } from '../protocol.ts';
import { loadSdkPackage } from './sdk-packages.ts';

const scope = globalThis as unknown as { addEventListener: typeof addEventListener; close(): void };

scope.addEventListener('message', (first: Event) => {
  const { port } = (first as MessageEvent<{ type: 'connect'; port: MessagePort }>).data;
  const send = port.postMessage.bind(port);
  const runtime = createSandboxRuntime({
    post: (message) => send(message),
    load: loadSdkPackage,
    // The frame's Content Security Policy is the boundary here: it refuses every network request and import.
    compile: (code, params, filename) => new Function(...params, `${code}\n//# sourceURL=${filename}`) as (...args: unknown[]) => unknown,
    lockdown: (processShim) => void Object.defineProperty(globalThis, 'process', { value: processShim, configurable: false, writable: false }),
    exit: () => scope.close(),
  });
  port.onmessage = (event: MessageEvent<HostMessage>) => runtime.handle(event.data);
  scope.addEventListener('error', (event: Event) => {
    event.preventDefault();
    runtime.uncaught((event as ErrorEvent).error ?? (event as ErrorEvent).message);
  });
  scope.addEventListener('unhandledrejection', (event: Event) => {
    event.preventDefault();
    runtime.uncaught((event as PromiseRejectionEvent).reason);
  });
}, { once: true });
