// The Web Crypto API in the browser sandbox, as Lambda's Node.js has it: `crypto.subtle` and `crypto.randomUUID`
// on the global, for the handler that hashes a payload, signs a webhook or makes an idempotency key.
//
// Chromium offers both only in secure contexts. The sandbox frame is one (it inherits the page's), but its worker,
// started from a blob: URL of an opaque origin, is not: there `crypto.subtle` and `crypto.randomUUID` are missing,
// and a handler that passed `npm test` in Node failed on the page. So the worker's `crypto.subtle` hands each call
// to the frame's relay, which makes it with the frame's own SubtleCrypto and posts the answer back; `randomUUID` is
// made here from `getRandomValues`, which every context has.
//
// Buffers, algorithms and errors cross by structured clone. Keys cannot: a CryptoKey is readable only where the
// CryptoKey interface exists, in secure contexts, so one posted to the worker would be lost (a `messageerror`). The
// relay keeps each key and sends a handle in its place, with the key's type, algorithm, extractability and usages;
// the worker shows that as a CryptoKey, and a handle passed back in a call is swapped for the key it stands for.
// When the worker's handle is collected, the relay is told to let the key go: it held every key ever made before,
// and a handler that imported a megabyte HMAC key in a loop grew the page's frame without bound.

/** The SubtleCrypto methods, all asynchronous, that the relay will make for the worker. */
const SUBTLE_METHODS = ['encrypt', 'decrypt', 'sign', 'verify', 'digest', 'generateKey', 'deriveKey', 'deriveBits', 'importKey', 'exportKey', 'wrapKey', 'unwrapKey'] as const;

const CALL = 'subtle-call';
const ANSWER = 'subtle-answer';
const RELEASE = 'subtle-release';
/** The property that marks a key's handle as it crosses between the worker and the relay. */
const KEY = 'sandboxCryptoKey';

/** Runs in the frame's relay, where `worker` is the sandbox's worker: makes its SubtleCrypto calls. */
export const SUBTLE_RELAY = `
const subtleMethods = ${JSON.stringify(SUBTLE_METHODS)};
const keys = new Map();
let made = 0;
const isPlain = (value) => value !== null && typeof value === 'object' && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype);
const toKeys = (value) => {
  if (!isPlain(value)) return value;
  if (typeof value['${KEY}'] === 'number') return keys.get(value['${KEY}']);
  return Array.isArray(value) ? value.map(toKeys) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toKeys(v)]));
};
const toHandles = (value) => {
  if (value instanceof CryptoKey) {
    keys.set(made, value);
    return { '${KEY}': made++, type: value.type, extractable: value.extractable, algorithm: value.algorithm, usages: value.usages };
  }
  if (value && value.publicKey instanceof CryptoKey) return { publicKey: toHandles(value.publicKey), privateKey: toHandles(value.privateKey) };
  return value;
};
worker.onmessage = (event) => {
  const call = event.data;
  if (call && call.type === '${RELEASE}') return void keys.delete(call.id);
  if (!call || call.type !== '${CALL}' || !subtleMethods.includes(call.method) || !Array.isArray(call.args)) return;
  Promise.resolve()
    .then(() => crypto.subtle[call.method](...call.args.map(toKeys)))
    .then(
      (result) => worker.postMessage({ type: '${ANSWER}', id: call.id, result: toHandles(result) }),
      (error) => worker.postMessage({ type: '${ANSWER}', id: call.id, error: { name: String(error && error.name), message: String(error && error.message) } }),
    );
};`;

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * Gives the worker's `crypto` a `subtle` whose calls the frame makes (`toFrame` posts to the relay), and a
 * `randomUUID`, where the context lacks them. Before any learner code runs: the references it keeps are its own.
 * `chargeAnswer` is handed each answer, whose buffers the memory meter charges.
 */
export function installFrameCrypto(scope: WorkerScope, toFrame: (message: unknown) => void, randomUUID: () => string, chargeAnswer: (value: unknown) => void = () => {}): void {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID !== 'function') Object.defineProperty(crypto, 'randomUUID', { value: randomUUID, configurable: true, writable: true });
  if (crypto.subtle !== undefined) return;
  const pending = new Map<number, { resolve(value: unknown): void; reject(reason: unknown): void }>();
  let calls = 0;
  // A key here is a handle: what a CryptoKey shows, and the number the relay knows it by.
  const handles = new WeakMap<object, number>();
  const released = new FinalizationRegistry<number>((id) => toFrame({ type: RELEASE, id }));
  class CryptoKey {
    readonly type: string;
    readonly extractable: boolean;
    readonly algorithm: unknown;
    readonly usages: string[];
    constructor(type: string, extractable: boolean, algorithm: unknown, usages: string[]) {
      this.type = type;
      this.extractable = extractable;
      this.algorithm = algorithm;
      this.usages = usages;
      Object.freeze(this);
    }
  }
  const fromRelay = (value: unknown): unknown => {
    const handle = value as { [KEY]?: number; type: string; extractable: boolean; algorithm: unknown; usages: string[]; publicKey?: unknown; privateKey?: unknown } | null;
    if (typeof handle?.[KEY] === 'number') {
      const key = new CryptoKey(handle.type, handle.extractable, handle.algorithm, handle.usages);
      handles.set(key, handle[KEY]);
      released.register(key, handle[KEY]);
      return key;
    }
    if (handle?.publicKey !== undefined) return { publicKey: fromRelay(handle.publicKey), privateKey: fromRelay(handle.privateKey) };
    return value;
  };
  const toRelay = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const handle = handles.get(value);
    if (handle !== undefined) return { [KEY]: handle };
    if (Array.isArray(value)) return value.map(toRelay);
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toRelay(v)]));
  };
  scope.addEventListener('message', (event) => {
    const answer = event.data as { type?: unknown; id?: unknown; result?: unknown; error?: { name: string; message: string } } | null;
    if (answer?.type !== ANSWER || typeof answer.id !== 'number') return;
    const call = pending.get(answer.id);
    if (!call) return;
    pending.delete(answer.id);
    if (answer.error) call.reject(new DOMException(answer.error.message, answer.error.name));
    else {
      // What the frame made (a ciphertext, a digest, an exported key) came here as a copy: the function's memory.
      chargeAnswer(answer.result);
      call.resolve(fromRelay(answer.result));
    }
  });
  const subtle: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of SUBTLE_METHODS) {
    subtle[method] = (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = ++calls;
        pending.set(id, { resolve, reject });
        try {
          toFrame({ type: CALL, id, method, args: args.map(toRelay) });
        } catch (error) {
          // An argument that cannot be cloned (a function, say): SubtleCrypto would have refused it too.
          pending.delete(id);
          reject(error);
        }
      });
  }
  Object.defineProperty(crypto, 'subtle', { value: Object.freeze(subtle), configurable: true, enumerable: true });
  Object.defineProperty(globalThis, 'CryptoKey', { value: CryptoKey, configurable: true, writable: true });
}
