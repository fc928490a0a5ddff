import { format as nodeFormat } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatLogArgs } from './inspect.ts';

describe('console output as Lambda’s Node.js runtime writes it', () => {
  const cases: unknown[][] = [
    ['New user signed up: 12345'],
    ['User email:', 'user@example.com'],
    [{ userId: '12345', email: 'user@example.com', signupMethod: 'email' }],
    ['event', { detail: { userId: '1', tags: ['a', 'b'] }, count: 2, ok: true, none: null }],
    ['%s signed up with %d points', 'ann', 42],
    [[1, 2, 3]],
    [{ nested: { deeper: { deepest: { gone: 1 } } } }],
    [{ 'detail-type': 'UserSignedUp' }],
    ['100%% sure'],
    [undefined, null, 5, true],
  ];
  it.each(cases.map((args) => [nodeFormat(...args), args] as const))('%s', (expected, args) => {
    expect(formatLogArgs(args)).toBe(expected);
  });

  it('prints an error with its stack', () => {
    const error = new Error('boom');
    expect(formatLogArgs(['failed:', error])).toBe(`failed: ${error.stack}`);
  });

  it('survives circular objects', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(formatLogArgs([a])).toBe("{ name: 'a', self: [Circular *1] }");
  });
});
