import { describe, expect, it } from 'vitest';
import { SUBTLE_RELAY } from './frame-crypto.ts';

/** The frame's relay, run in Node (whose Web Crypto is the same API), with a stand-in for the sandbox's worker. */
function relay() {
  const answers: { id: number; result?: any; error?: { name: string; message: string } }[] = [];
  const worker = { onmessage: (_event: { data: unknown }) => {}, postMessage: (answer: any) => void answers.push(answer) };
  new Function('worker', SUBTLE_RELAY)(worker);
  let id = 0;
  const call = async (method: string, ...args: unknown[]) => {
    const mine = ++id;
    worker.onmessage({ data: { type: 'subtle-call', id: mine, method, args } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    return answers.find((answer) => answer.id === mine)!;
  };
  return { call, release: (key: number) => worker.onmessage({ data: { type: 'subtle-release', id: key } }) };
}

describe('the frame’s Web Crypto relay', () => {
  it('keeps a key it made for as long as the worker holds its handle, and lets it go when told the handle was collected', async () => {
    const { call, release } = relay();
    const imported = await call('importKey', 'raw', new TextEncoder().encode('webhook-secret'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const handle = imported.result as { sandboxCryptoKey: number; type: string };
    expect(handle.type).toBe('secret');
    const signed = await call('sign', 'HMAC', { sandboxCryptoKey: handle.sandboxCryptoKey }, new TextEncoder().encode('{"deal":"won"}'));
    expect(signed.result).toBeInstanceOf(ArrayBuffer);
    release(handle.sandboxCryptoKey);
    const after = await call('sign', 'HMAC', { sandboxCryptoKey: handle.sandboxCryptoKey }, new TextEncoder().encode('{"deal":"won"}'));
    expect(after.error?.name).toBe('TypeError');
  });
});
