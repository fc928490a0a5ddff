// Property tests: the engine only ever fails with AWS's errors, and the compiled multi-rule machine gives
// the same answer as the direct reference evaluation, whether a rule is alone or among 1,000 others.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { branchMatches, groupByPath } from './evaluate.ts';
import { flattenEvent } from './event.ts';
import { compilePattern, isAwsPatternError, RuleMatcher } from './index.ts';

const key = fc.constantFrom('a', 'b', 'c', 'a.b', 'd');
const scalar = fc.oneof(
  fc.constantFrom('x', 'y', 'xy', 'Xy', '10.1.2.3', '', 'a*b'),
  fc.constantFrom(0, 1, 2.5, 300, -7),
  fc.constantFrom(true, false, null),
);
const matcher = fc.oneof(
  scalar,
  fc.constantFrom(
    { prefix: 'x' },
    { suffix: 'y' },
    { prefix: { 'equals-ignore-case': 'X' } },
    { 'equals-ignore-case': 'XY' },
    { wildcard: 'x*' },
    { wildcard: '*y' },
    { numeric: ['>', 0, '<=', 2.5] },
    { numeric: ['=', 300] },
    { exists: true },
    { exists: false },
    { 'anything-but': ['x', 'y'] },
    { 'anything-but': 1 },
    { 'anything-but': { prefix: 'x' } },
    { 'anything-but': { wildcard: '*y' } },
    { cidr: '10.0.0.0/8' },
  ),
);
const fieldPattern = fc.array(matcher, { minLength: 1, maxLength: 3 });
const pattern: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.dictionary(key, fc.oneof(fieldPattern, tie('node')), { minKeys: 1, maxKeys: 3 }),
    fc
      .array(fc.dictionary(key, fieldPattern, { minKeys: 1, maxKeys: 2 }), { minLength: 2, maxLength: 3 })
      .map((branches) => ({ $or: branches })),
  ),
})).node;
const eventValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;
const event = fc.dictionary(key, eventValue, { maxKeys: 4 });

function reference(patternText: string, eventText: string): boolean {
  const byPath = groupByPath(flattenEvent(eventText));
  return compilePattern(patternText).branches.some((b) => branchMatches(b, byPath));
}

function onlyAwsErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (!isAwsPatternError(error)) throw error;
  }
}

describe('pattern engine properties', () => {
  test('arbitrary pattern text fails only with InvalidEventPatternException', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), pattern.map((p) => JSON.stringify(p))), (text) => {
        onlyAwsErrors(() => compilePattern(text));
      }),
      { numRuns: 500 },
    );
  });

  test('arbitrary event text fails only with ValidationException', () => {
    const rules = new RuleMatcher();
    rules.add('r', '{"a": [{"exists": true}], "b": {"c": [{"prefix": "x"}]}}');
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        onlyAwsErrors(() => rules.matches(text));
      }),
      { numRuns: 500 },
    );
  });

  test('the compiled machine agrees with the reference evaluation', () => {
    fc.assert(
      fc.property(pattern, event, (p, e) => {
        const patternText = JSON.stringify(p);
        const eventText = JSON.stringify(e);
        let expected: boolean;
        try {
          expected = reference(patternText, eventText);
        } catch (error) {
          if (isAwsPatternError(error)) return;
          throw error;
        }
        const alone = new RuleMatcher();
        alone.add('rule', patternText);
        expect(alone.matches(eventText)).toEqual(expected ? ['rule'] : []);
      }),
      { numRuns: 400 },
    );
  });

  test('a rule matched alone or among 1,000 other rules gives the same answer', () => {
    const crowd = new RuleMatcher();
    const others = fc.sample(pattern, { numRuns: 1000, seed: 42 });
    others.forEach((p, i) => {
      onlyAwsErrors(() => crowd.add(`other-${i}`, JSON.stringify(p)));
    });
    fc.assert(
      fc.property(pattern, fc.array(event, { minLength: 1, maxLength: 5 }), (p, events) => {
        const patternText = JSON.stringify(p);
        const alone = new RuleMatcher();
        try {
          alone.add('rule', patternText);
        } catch (error) {
          if (isAwsPatternError(error)) return;
          throw error;
        }
        crowd.add('rule', patternText);
        for (const e of events) {
          const text = JSON.stringify(e);
          expect(crowd.matches(text).includes('rule')).toBe(alone.matches(text).length === 1);
        }
      }),
      { numRuns: 60 },
    );
  });
});
