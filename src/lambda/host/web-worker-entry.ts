// Entry point of a browser sandbox: the shared runtime in a Web Worker that the sandbox frame starts (see
// web-worker-host.ts). It talks to the page only over the MessagePort it is handed; the frame's Content
// Security Policy, which this worker inherits, leaves it no network. Its memory is bounded from inside, by the
// meter installed before any other code runs (./memory-meter.ts): no browser bounds a worker's memory from outside.

import { createSandboxRuntime, randomUUID } from '../runtime/sandbox-runtime.ts';
import type { HostMessage, InitMessage } from '../protocol.ts';
import { columnIn, instrumentAllocations, RefusedCode, withoutHooks, type ColumnAnchors } from './allocation-sites.ts';
import { routeDynamicCode } from './dynamic-code.ts';
import { installFrameCrypto } from './frame-crypto.ts';
import { installMemoryMeter, OUT_OF_MEMORY_MESSAGE } from './memory-meter.ts';
import { loadSdkPackage } from './sdk-packages.ts';

/**
 * What Lambda's Node.js runtime itself takes of a function's memory (the Max Memory Used of a function that
 * allocates nothing; lambda-service.ts reports the same figure): the rest is what the meter lets a handler hold.
 */
const RUNTIME_SHARE_MB = 65;

/** The compiler of lesson modules, kept before dynamic-code.ts puts its own in the global's place. */
const CompileFunction = Function;

const scope = globalThis as unknown as { addEventListener: typeof addEventListener; close(): void; postMessage(message: unknown): void };
/**
 * MessageEvent's `data` getter, kept before any learner code runs. Learner code may redefine the getter on the
 * prototype (it is configurable); the runtime reading its port's messages through that one would hand the handler
 * the event, and through its `target` the port, on which it could answer the page in the runtime's name.
 */
const dataOf = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!.get!;
const messageData = <T>(event: Event): T => Reflect.apply(dataOf, event, []) as T;
const close = scope.close.bind(scope);
/** To the frame's relay: kept before lockdown takes the global postMessage away. */
const toFrame = scope.postMessage.bind(scope);

scope.addEventListener('message', (first: Event) => {
  const { port, memoryMb } = messageData<{ type: 'connect'; port: MessagePort; memoryMb: number }>(first);
  const send = port.postMessage.bind(port);
  const meter = installMemoryMeter(Math.max(1, memoryMb - RUNTIME_SHARE_MB) * 1024 * 1024, () => send({ type: OUT_OF_MEMORY_MESSAGE }));
  installFrameCrypto(scope, toFrame, randomUUID, meter.chargeHeld);
  // Lesson modules are rewritten (./allocation-sites.ts) when their init message arrives, before any of their code
  // runs; by a later init, learner code has run, and the instrumenter is the one that checks the built-ins first.
  let instrument = instrumentAllocations;
  const anchors = new Map<string, ColumnAnchors>();
  const refused = new Map<string, RefusedCode>();
  const rewrite = (message: InitMessage) => {
    for (const module of message.modules) {
      try {
        const rewritten = instrument(module.code);
        anchors.set(module.path, rewritten.anchors);
        module.code = rewritten.code;
      } catch (error) {
        if (!(error instanceof RefusedCode)) throw error;
        refused.set(module.path, error);
      }
    }
  };
  const runtime = createSandboxRuntime({
    post: (message) => {
      send(message);
      if (message.type === 'result' || message.type === 'ready' || message.type === 'init-error') meter.invocationEnded();
    },
    load: loadSdkPackage,
    // The frame's Content Security Policy is the boundary here: it refuses every network request and import.
    compile: (code, params, filename) => {
      const compiled = CompileFunction(...params, `${code}\n//# sourceURL=${filename}`) as (...args: unknown[]) => unknown;
      // A refused module compiled first, for V8's own SyntaxError (with the learner's line) where V8 has one; else why
      // the sandbox will not run it.
      const refusal = refused.get(filename);
      if (refusal) throw new SyntaxError(refusal.message);
      return compiled;
    },
    tidy: withoutHooks,
    columnIn: (path, line, column) => {
      const moved = anchors.get(path);
      return moved ? columnIn(moved, line, column) : column;
    },
    lockdown: (processShim) => {
      Object.defineProperty(globalThis, 'process', { value: processShim, configurable: false, writable: false });
      // A worker may close itself, which would leave the host waiting until the function's timeout on a sandbox that
      // no longer answers. Lambda's Node.js runtime has no `close`. The worker scope's operations are own properties
      // of the global object (Web IDL's [Global]), so replacing it takes away the only reference; a prototype that
      // also had one would end the runtime as process.exit does.
      const exit = (processShim as { exit(code?: number): void }).exit;
      for (let owner: object | null = Object.getPrototypeOf(globalThis); owner; owner = Object.getPrototypeOf(owner)) {
        if (Object.getOwnPropertyDescriptor(owner, 'close')) Object.defineProperty(owner, 'close', { value: () => exit(0), configurable: false, writable: false });
      }
      Object.defineProperty(globalThis, 'close', { value: undefined, configurable: false, writable: false });
      // Nor a global postMessage: here it would post to the frame's relay, which drops it, but a handler that posted in
      // a loop would fill the frame's process (which all the page's sandboxes share) with messages nobody reads.
      for (let owner: object | null = globalThis; owner; owner = Object.getPrototypeOf(owner)) {
        if (Object.getOwnPropertyDescriptor(owner, 'postMessage')) Object.defineProperty(owner, 'postMessage', { value: undefined, configurable: false, writable: false });
      }
      // Last: it notes the built-ins as learner code will first see them.
      instrument = routeDynamicCode(globalThis as unknown as Record<string, any>);
    },
    exit: () => close(),
  });
  port.onmessage = (event: MessageEvent<HostMessage>) => {
    const message = messageData<HostMessage>(event);
    if (message.type === 'init') rewrite(message);
    runtime.handle(message);
  };
  scope.addEventListener('error', (event: Event) => {
    event.preventDefault();
    runtime.uncaught((event as ErrorEvent).error ?? (event as ErrorEvent).message, 'exception');
  });
  scope.addEventListener('unhandledrejection', (event: Event) => {
    event.preventDefault();
    runtime.uncaught((event as PromiseRejectionEvent).reason, 'rejection');
  });
}, { once: true });
