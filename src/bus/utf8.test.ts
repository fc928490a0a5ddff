import fc from 'fast-check';
import { expect, test } from 'vitest';
import { utf8Length } from './utf8.ts';

test('counts UTF-8 bytes as an encoder would, for any text', () => {
  const encoder = new TextEncoder();
  expect(utf8Length('héllo ✓ 😀')).toBe(encoder.encode('héllo ✓ 😀').length);
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => utf8Length(text) === encoder.encode(text).length));
});
