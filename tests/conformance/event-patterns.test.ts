// Runs every case of the shared corpus of answers recorded from real AWS (../shared/conformance/README.md)
// against the pattern engine: one named test per case, whole error messages compared.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { RuleMatcher, testEventPattern } from '../../src/bus/pattern/index.ts';
import { deviations } from './event-patterns.deviations.ts';

interface Case {
  name: string;
  kind: 'match' | 'no-match' | 'invalid-pattern' | 'invalid-event';
  expected?: boolean;
  errorCode?: string;
  error?: string;
  patternJson: string;
  eventJson?: string;
  eventFile?: string;
}

const corpus = new URL('../../../shared/conformance/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('event-patterns.json', corpus), 'utf8')) as Case[];
const eventText = (c: Case): string =>
  c.eventFile ? readFileSync(new URL(c.eventFile, corpus), 'utf8') : (c.eventJson ?? '');

function outcome(c: Case): { result: boolean } | { code: string; message: string } {
  try {
    return { result: testEventPattern(c.patternJson, eventText(c)) };
  } catch (error) {
    const e = error as Error & { code?: string };
    if (!e.code) throw error;
    return { code: e.code, message: e.message };
  }
}

const deviated = new Map(deviations.map((d) => [d.name, d]));

test('the corpus has its 168 cases', () => {
  expect(cases).toHaveLength(168);
});

describe('event-patterns.json (recorded from AWS)', () => {
  test.each(cases.filter((c) => !deviated.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.kind === 'match' || c.kind === 'no-match') {
      expect(outcome(c)).toEqual({ result: c.expected });
      // The compiled multi-rule machine must agree with TestEventPattern.
      const matcher = new RuleMatcher();
      matcher.add('rule', c.patternJson);
      expect(matcher.matches(eventText(c))).toEqual(c.expected ? ['rule'] : []);
    } else {
      expect(outcome(c)).toEqual({ code: c.errorCode, message: c.error });
    }
  });
});

test('known deviations still behave as documented', () => {
  for (const d of deviations) {
    const c = cases.find((x) => x.name === d.name);
    expect(c, d.name).toBeDefined();
    expect(outcome(c!), d.name).toEqual(d.actual);
  }
});
