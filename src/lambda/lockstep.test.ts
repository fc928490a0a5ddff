import { describe, expect, it } from 'vitest';
import { Lockstep } from './lockstep.ts';

describe('Lockstep', () => {
  it('answers a lone invocation’s call at once', () => {
    const lockstep = new Lockstep();
    const answered: string[] = [];
    const a = lockstep.begin();
    lockstep.submit(a, () => answered.push('a1'));
    expect(answered).toEqual(['a1']);
  });

  it('answers a call outside any invocation at once', () => {
    const lockstep = new Lockstep();
    lockstep.begin();
    const answered: string[] = [];
    lockstep.submit(undefined, () => answered.push('init'));
    expect(answered).toEqual(['init']);
  });

  it('holds calls until every invocation in flight asks, then answers them in the order the invocations started', () => {
    const lockstep = new Lockstep();
    const answered: string[] = [];
    const a = lockstep.begin();
    const b = lockstep.begin();
    lockstep.submit(b, () => answered.push('b-get'));
    expect(answered).toEqual([]);
    lockstep.submit(a, () => answered.push('a-get'));
    expect(answered).toEqual(['a-get', 'b-get']);
    // Round two: both writes, whoever asked first.
    lockstep.submit(b, () => answered.push('b-put'));
    lockstep.submit(a, () => answered.push('a-put'));
    expect(answered).toEqual(['a-get', 'b-get', 'a-put', 'b-put']);
  });

  it('answers every call an invocation made in one round, in the order it made them', () => {
    const lockstep = new Lockstep();
    const answered: string[] = [];
    const a = lockstep.begin();
    const b = lockstep.begin();
    lockstep.submit(a, () => answered.push('a1'));
    lockstep.submit(a, () => answered.push('a2'));
    lockstep.submit(b, () => answered.push('b1'));
    expect(answered).toEqual(['a1', 'a2', 'b1']);
  });

  it('stops waiting for an invocation that ended (a timeout, a crash)', () => {
    const lockstep = new Lockstep();
    const answered: string[] = [];
    const a = lockstep.begin();
    const b = lockstep.begin();
    lockstep.submit(a, () => answered.push('a'));
    lockstep.end(b);
    expect(answered).toEqual(['a']);
  });

  it('makes an invocation’s end a step of the round, so ends come in the order the invocations started', async () => {
    const lockstep = new Lockstep();
    const order: string[] = [];
    const a = lockstep.begin();
    const b = lockstep.begin();
    const c = lockstep.begin();
    const bDone = lockstep.finish(b).then(() => order.push('b finished'));
    const aDone = lockstep.finish(a).then(() => order.push('a finished'));
    await Promise.resolve();
    expect(order).toEqual([]); // c is still computing
    lockstep.submit(c, () => order.push('c asked'));
    await Promise.all([aDone, bDone]);
    // b had its outcome first, but a started first.
    expect(order).toEqual(['c asked', 'a finished', 'b finished']);
    // Finished invocations leave the round: c's next call is answered at once.
    lockstep.submit(c, () => order.push('c again'));
    expect(order.at(-1)).toBe('c again');
    lockstep.end(c);
    // The same when the last to finish completes the round: the one that started first comes first.
    const d = lockstep.begin();
    const e = lockstep.begin();
    const eDone = lockstep.finish(e).then(() => order.push('e finished'));
    const dDone = lockstep.finish(d).then(() => order.push('d finished'));
    await Promise.all([dDone, eDone]);
    expect(order.slice(-2)).toEqual(['d finished', 'e finished']);
  });
});
