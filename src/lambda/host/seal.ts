// The seal that tells a Node sandbox's runtime apart from anything else in its process (see node-host.ts): a
// random value per sandbox, which the runtime puts on every message it sends.

/** Where the bootstrap leaves the seal for the sandbox script, only while that script is evaluated. */
export const SEAL_GLOBAL = '__lambdaSandboxSeal';

/** A message as the runtime sends it over the IPC channel: `[seal, message]`. */
export type Sealed<T> = [seal: string, message: T];

export const isSealedWith = (seal: string, value: unknown): value is Sealed<unknown> =>
  Array.isArray(value) && value.length === 2 && value[0] === seal;
