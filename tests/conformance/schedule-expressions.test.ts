// Runs every cron case of api-validation.json (PutRule answers recorded from real AWS;
// ../shared/conformance/README.md) against src/bus/schedule: invalid expressions must fail with AWS's whole
// message, accepted ones must parse (and, being accepted, must be usable for scheduling).

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { nextFireTime, parseScheduleExpression } from '../../src/bus/schedule/index.ts';
import { deviations, type ScheduleOutcome } from './schedule-expressions.deviations.ts';

interface Case {
  name: string;
  api: string;
  request: { ScheduleExpression?: string; EventBusName?: string };
  accepted?: boolean;
  errorCode?: string;
  error?: string;
}

const corpus = new URL('../../../shared/conformance/', import.meta.url);
const all = JSON.parse(readFileSync(new URL('api-validation.json', corpus), 'utf8')) as Case[];
// The schedule-on-a-custom-bus case is about the bus, not the expression (the bus layer covers it).
const cases = all.filter((c) => c.api === 'PutRule' && /^(in)?valid_cron/.test(c.name));

function outcome(c: Case): ScheduleOutcome {
  try {
    parseScheduleExpression(c.request.ScheduleExpression ?? '');
    return { accepted: true };
  } catch (error) {
    const e = error as Error & { code?: string };
    if (!e.code) throw error;
    return { code: e.code, message: e.message };
  }
}

const deviated = new Map(deviations.map((d) => [d.name, d]));

test('the corpus has its 5 invalid and 16 accepted cron expressions', () => {
  expect(cases.filter((c) => c.accepted)).toHaveLength(16);
  expect(cases.filter((c) => !c.accepted)).toHaveLength(5);
});

describe('api-validation.json cron cases (recorded from AWS)', () => {
  test.each(cases.filter((c) => !deviated.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.accepted) {
      expect(outcome(c)).toEqual({ accepted: true });
    } else {
      expect(outcome(c)).toEqual({ code: c.errorCode, message: c.error });
    }
  });
});

test('every accepted expression fires, except the ones whose years are over', () => {
  const recorded = Date.UTC(2025, 0, 22, 13, 22);
  const yearsOver = new Set(['cron(15 10 ? * 6L 2002-2005)', 'cron(0/5 5 ? JAN 1-5 2022)']);
  for (const c of cases.filter((x) => x.accepted)) {
    const expression = c.request.ScheduleExpression ?? '';
    const next = nextFireTime(parseScheduleExpression(expression), recorded);
    if (yearsOver.has(expression)) expect(next, expression).toBeUndefined();
    else expect(next, expression).toBeGreaterThan(recorded);
  }
});

test('known deviations still behave as documented', () => {
  for (const d of deviations) {
    const c = cases.find((x) => x.name === d.name);
    expect(c, d.name).toBeDefined();
    expect(outcome(c!), d.name).toEqual(d.actual);
  }
});
