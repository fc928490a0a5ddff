// Wildcard complexity as event-ruler 2.0.1's MachineComplexityEvaluator scores it (every figure below is its
// answer for the same pattern, sub-rules with wildcards added whole to one machine, as AWS validates a rule).

import { describe, expect, test } from 'vitest';
import { ruleComplexity } from './complexity.ts';
import { parsePattern } from './parse.ts';
import { TOO_COMPLEX } from './wildcard.ts';

const score = (pattern: string): number => ruleComplexity(parsePattern(pattern).branches);

describe('wildcard complexity', () => {
  test('counts the wildcard prefixes a value can keep alive at once', () => {
    expect(score('{"a":[{"wildcard":"*a*b*c*d*"}]}')).toBe(6);
    expect(score('{"a":[{"wildcard":"*a*"}],"b":["x"]}')).toBe(3);
    // Values of one anything-but count as one pattern; two wildcards on a field add up.
    expect(score('{"a":[{"anything-but":{"wildcard":["*","b*"]}}]}')).toBe(3);
    expect(score('{"a":[{"wildcard":"*"},{"anything-but":{"wildcard":["*","*b*"]}}]}')).toBe(5);
    expect(score('{"a":[{"wildcard":"*a*b*c*"},{"wildcard":"*a*b*c*"}]}')).toBe(9);
    // Fields have automata of their own.
    expect(score('{"a":[{"wildcard":"*a*b*c*"}],"b":[{"wildcard":"*a*b*c*"}]}')).toBe(5);
  });

  test('AWS refuses above 10: repeated characters after stars, or a wildcard repeated by $or', () => {
    const refused = `Event pattern is not valid. Reason: ${TOO_COMPLEX}`;
    expect(() => parsePattern('{"EventBusArn":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}')).toThrow(refused);
    expect(score('{"b":[{"wildcard":"*a:*aa::*"}]}')).toBe(6);
    // Each sub-rule adds the wildcard again, and the second copy cannot reuse the first's states past a `*`.
    expect(() => parsePattern('{"b":[{"wildcard":"*a:*aa::*"}],"$or":[{"c":[1]},{"c":[2]}]}')).toThrow(refused);
  });
});
