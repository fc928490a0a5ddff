// Ignoring case as event-ruler does: per character, against that character's lower and upper case.

import { describe, expect, test } from 'vitest';
import { caseVariants, equalsIgnoreCase, foldKey, hasPrefix, hasSuffix, matchesIgnoringCase } from './strings.ts';

describe('equals-ignore-case', () => {
  test('each pattern character stands for its own lower or upper case, one character at a time', () => {
    expect(equalsIgnoreCase('SS', 'ß')).toBe(true);
    expect(equalsIgnoreCase('ß', 'SS')).toBe(false);
    expect(equalsIgnoreCase('I', 'ı')).toBe(true);
    expect(equalsIgnoreCase('\u212a', 'k')).toBe(false); // Kelvin sign
    expect(equalsIgnoreCase('k', '\u212a')).toBe(true);
    expect(equalsIgnoreCase('σίσυφος', 'ΣΊΣΥΦΟΣ')).toBe(false); // final ς is not σ
    expect(equalsIgnoreCase('ΣΣΣ', 'σσς')).toBe(true);
    expect(hasPrefix('FIx', 'ﬁ', true)).toBe(true);
    expect(hasSuffix('xʼN', 'ŉ', true)).toBe(true);
  });

  test('identical text always matches, astral and titlecase letters included (where event-ruler fails)', () => {
    expect(equalsIgnoreCase('x😀', 'x😀')).toBe(true);
    expect(equalsIgnoreCase('ǅ', 'ǅ')).toBe(true);
    expect(equalsIgnoreCase('𐐨', '𐐀')).toBe(true);
  });

  test('texts equal ignoring case share their key, for every character and its two cases', () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCharCode(cp);
      for (const spelling of caseVariants(c)[0]!) {
        if (!matchesIgnoringCase(spelling, caseVariants(c), 'equals')) throw new Error(`U+${cp.toString(16)}`);
        if (foldKey(spelling) !== foldKey(c)) throw new Error(`key of U+${cp.toString(16)}`);
      }
    }
    expect(foldKey('STRAẞE')).toBe(foldKey('straße'));
  });
});
