import { expect, test } from 'vitest';
import { inSequence } from './sequence.ts';

test('runs synchronous steps at once and returns nothing to wait for', () => {
  const seen: number[] = [];
  expect(inSequence([1, 2, 3], (n) => void seen.push(n))).toBeUndefined();
  expect(seen).toEqual([1, 2, 3]);
});

test('waits for an asynchronous step before the next, in order', async () => {
  const seen: string[] = [];
  const done = inSequence([1, 2, 3], (n) => {
    seen.push(`start ${n}`);
    if (n === 2) return Promise.resolve().then(() => void seen.push('end 2'));
  });
  expect(seen).toEqual(['start 1', 'start 2']);
  await done;
  expect(seen).toEqual(['start 1', 'start 2', 'end 2', 'start 3']);
});
