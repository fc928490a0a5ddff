// Runs every case of event-ruler-differential.json (a copy of ../shared/conformance/event-ruler-differential.json;
// see README.md here) against the pattern engine: one named test per case. `expected` is what EventBridge's
// matcher, aws/event-ruler 2.0.1, answered, except in the classes named `event-ruler-bug-*`, where it is what
// AWS's documentation says and event-ruler gets wrong. The engine must give that answer (a match result, or
// the whole error text AWS returns) through both of its paths: the direct reference evaluation and the compiled
// multi-rule machine. A case the engine knowingly answers otherwise is listed in
// event-ruler-differential.deviations.ts with its reason; a listed case that agrees again fails, so the list
// cannot outlive its reasons.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { branchMatches, groupByPath } from '../../src/bus/pattern/evaluate.ts';
import { flattenEvent } from '../../src/bus/pattern/event.ts';
import { compilePattern, RuleMatcher } from '../../src/bus/pattern/index.ts';
import { deviations, type Outcome } from './event-ruler-differential.deviations.ts';

interface Case {
  name: string;
  pattern: string;
  event: string;
  /** `message` is event-ruler's text; AWS returns it after its own prefix (see `expectedOutcome`). */
  expected: { result: boolean } | { result: 'pattern-error'; message: string };
  verdict: string;
}

const cases = JSON.parse(
  readFileSync(new URL('event-ruler-differential.json', import.meta.url), 'utf8'),
) as Case[];

/** AWS wraps the compiler's message: "Event pattern is not valid. Reason: <message>" (event-patterns.json). */
function expectedOutcome(c: Case): Outcome {
  const { expected } = c;
  if (expected.result === 'pattern-error') {
    return { code: 'InvalidEventPatternException', message: `Event pattern is not valid. Reason: ${expected.message}` };
  }
  return { result: expected.result };
}

/** The engine's answer; throws if its two paths disagree (that is a bug whatever the corpus says). */
function outcome(c: Case): Outcome {
  let pattern;
  try {
    pattern = compilePattern(c.pattern);
  } catch (error) {
    const e = error as Error & { code?: string };
    if (!e.code) throw error;
    return { code: e.code, message: e.message };
  }
  const byPath = groupByPath(flattenEvent(c.event));
  const reference = pattern.branches.some((branch) => branchMatches(branch, byPath));
  const matcher = new RuleMatcher();
  matcher.add('rule', pattern);
  expect(matcher.matches(c.event), 'the compiled machine agrees with the reference evaluation').toEqual(
    reference ? ['rule'] : [],
  );
  return { result: reference };
}

const deviated = new Map(deviations.map((d) => [d.name, d]));

test('the corpus has its 66 cases, with unique names', () => {
  expect(cases).toHaveLength(66);
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
});

describe('event-ruler-differential.json', () => {
  test.each(cases.filter((c) => !deviated.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(outcome(c)).toEqual(expectedOutcome(c));
  });
});

describe('known deviations', () => {
  test('each names a case of the corpus, once, with a reason', () => {
    const names = new Set(cases.map((c) => c.name));
    for (const d of deviations) {
      expect(names.has(d.name), d.name).toBe(true);
      expect(d.reason.length, d.name).toBeGreaterThan(20);
    }
    expect(deviated.size).toBe(deviations.length);
  });

  test.each(deviations.map((d) => [d.name, d] as const))('%s still behaves as documented, and still differs', (name, d) => {
    const c = cases.find((x) => x.name === name)!;
    const actual = outcome(c);
    expect(actual).toEqual(d.actual);
    expect(actual, 'this case now agrees with the corpus: remove it from the deviations').not.toEqual(expectedOutcome(c));
  });
});
