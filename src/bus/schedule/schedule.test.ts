// Behaviour the corpus does not pin down: rate rules, the cron wildcards one by one, and fire times.

import { describe, expect, test } from 'vitest';
import { ValidationException } from '../errors.ts';
import { nextFireTime, parseScheduleExpression } from './index.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const next = (expression: string, after: string, anchor?: string) =>
  iso(nextFireTime(parseScheduleExpression(expression), at(after), anchor ? { anchorEpochMs: at(anchor) } : {}));
/** The next `count` fire times after `after`. */
function series(expression: string, after: string, count: number): string[] {
  const schedule = parseScheduleExpression(expression);
  const out: string[] = [];
  let t: number | undefined = at(after);
  for (let i = 0; i < count && t !== undefined; i += 1) {
    t = nextFireTime(schedule, t);
    if (t !== undefined) out.push(new Date(t).toISOString().slice(0, 16));
  }
  return out;
}

function rejects(expression: string): void {
  expect(() => parseScheduleExpression(expression), expression).toThrow(ValidationException);
  expect(() => parseScheduleExpression(expression), expression).toThrow('Parameter ScheduleExpression is not valid.');
}

describe('rate', () => {
  test.each(['rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)', 'rate(7 days)'])('%s is valid', (e) => {
    expect(parseScheduleExpression(e).kind).toBe('rate');
  });
  test.each([
    'rate(1 minutes)', // 1 needs the singular
    'rate(5 minute)', // more than 1 needs the plural
    'rate(0 minutes)',
    'rate(-5 minutes)',
    'rate(1.5 hours)',
    'rate(5 seconds)',
    'rate(5 weeks)',
    'rate(5  minutes)',
    'rate( 5 minutes)',
    'rate(5 Minutes)',
    'rate(minutes)',
    'rate()',
    'rate 5 minutes',
    'every 5 minutes',
    '',
  ])('%j is not', rejects);

  test('counts from the anchor (the rule creation), at whole minutes', () => {
    expect(next('rate(5 minutes)', '2026-01-01T10:00:00Z', '2026-01-01T09:58:30Z')).toBe('2026-01-01T10:03:00.000Z');
    expect(next('rate(5 minutes)', '2026-01-01T10:03:00Z', '2026-01-01T09:58:30Z')).toBe('2026-01-01T10:08:00.000Z');
    expect(next('rate(1 day)', '2026-01-01T00:00:00Z', '2025-12-31T18:00:00Z')).toBe('2026-01-01T18:00:00.000Z');
  });
  test('without an anchor the rule counts as created at "after"', () => {
    expect(next('rate(1 hour)', '2026-01-01T10:20:30Z')).toBe('2026-01-01T11:20:00.000Z');
  });
  test('before the anchor, the first fire time is one interval after it', () => {
    expect(next('rate(5 minutes)', '2026-01-01T00:00:00Z', '2026-01-01T12:00:00Z')).toBe('2026-01-01T12:05:00.000Z');
  });
});

describe('cron syntax', () => {
  test.each([
    'cron(0 10 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0/30 20-2 ? * MON-FRI *)', // the docs' wrapping hour range
    'cron(0 12 ? JAN,FEB,mar * 2026)',
    'cron(0 0 L * ? *)',
    'cron(0 0 LW * ? *)',
    'cron(0 0 15W * ? *)',
    'cron(0 0 ? * L *)',
    'cron(0 0 ? * FRIL *)',
    'cron(0 0 ? * 3#2 *)',
    'cron(*/5 * * * ? *)',
    'cron(5-50/5 * * * ? 2026-2199)',
    'cron(0 0 1 */3 ? *)',
    'cron(0 0 1 * ? 2020/5)',
  ])('%s is valid', (e) => {
    expect(parseScheduleExpression(e).kind).toBe('cron');
  });
  test.each([
    'cron(0 10 * * ?)', // five fields
    'cron(0 10 * * ? * *)', // seven fields
    'cron(0 10 ? * ? *)', // both days ?
    'cron(0 10 1 * MON *)', // neither day ?
    'cron(60 10 * * ? *)',
    'cron(0 24 * * ? *)',
    'cron(0 0 32 * ? *)',
    'cron(0 0 0 * ? *)',
    'cron(0 0 1 13 ? *)',
    'cron(0 0 ? * 8 *)',
    'cron(0 0 ? * 0 *)',
    'cron(0 0 1 * ? 1969)',
    'cron(0 0 1 * ? 2200)',
    'cron(0 0 1 * ? 2030-2020)', // years do not wrap
    'cron(0 0 ? * 3#6 *)',
    'cron(0 0 ? * 3#1,6#3 *)', // "#" stands alone
    'cron(0 0 L,15 * ? *)',
    'cron(0 0 ? * MON/2 *)', // "/" is not listed for day-of-week
    'cron(0 0 ?W * ? *)',
    'cron(0/0 * * * ? *)',
    'cron(0/61 * * * ? *)',
    'cron(0 0 1 FOO ? *)',
    'cron(0,,5 0 1 * ? *)',
  ])('%s is not valid', rejects);
});

describe('nextFireTime for cron', () => {
  test('every 15 minutes, strictly after the instant', () => {
    expect(series('cron(0/15 * * * ? *)', '2026-03-01T10:07:12Z', 4)).toEqual([
      '2026-03-01T10:15',
      '2026-03-01T10:30',
      '2026-03-01T10:45',
      '2026-03-01T11:00',
    ]);
    expect(next('cron(0/15 * * * ? *)', '2026-03-01T10:15:00Z')).toBe('2026-03-01T10:30:00.000Z');
  });
  test('the third Saturday at 02:00', () => {
    expect(series('cron(0 2 ? * SAT#3 *)', '2026-01-01T00:00:00Z', 3)).toEqual(['2026-01-17T02:00', '2026-02-21T02:00', '2026-03-21T02:00']);
  });
  test('the last Friday, 2002-2005, then never again', () => {
    expect(series('cron(15 10 ? * 6L 2002-2005)', '2005-10-01T00:00:00Z', 4)).toEqual(['2005-10-28T10:15', '2005-11-25T10:15', '2005-12-30T10:15']);
    expect(next('cron(15 10 ? * 6L 2002-2005)', '2005-12-30T10:15:00Z')).toBeUndefined();
    expect(next('cron(15 10 ? * 6L 2002-2005)', '2026-01-01T00:00:00Z')).toBeUndefined();
    expect(next('cron(15 10 ? * 6L 2002-2005)', '1999-01-01T00:00:00Z')).toBe('2002-01-25T10:15:00.000Z');
  });
  test('weekdays only', () => {
    // 2026-01-02 is a Friday.
    expect(series('cron(0 18 ? * MON-FRI *)', '2026-01-02T18:00:00Z', 2)).toEqual(['2026-01-05T18:00', '2026-01-06T18:00']);
  });
  test('a wrapping hour range crosses midnight', () => {
    expect(series('cron(0 22-1 * * ? *)', '2026-01-01T21:30:00Z', 5)).toEqual([
      '2026-01-01T22:00',
      '2026-01-01T23:00',
      '2026-01-02T00:00',
      '2026-01-02T01:00',
      '2026-01-02T22:00',
    ]);
  });
  test('last day, last weekday, nearest weekday', () => {
    expect(next('cron(0 0 L * ? *)', '2028-02-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    // 2026-05-31 is a Sunday, so the last weekday of May is Friday the 29th.
    expect(next('cron(0 0 LW * ? *)', '2026-05-01T00:00:00Z')).toBe('2026-05-29T00:00:00.000Z');
    // 2026-08-01 is a Saturday: 1W is Monday the 3rd, not July 31st.
    expect(next('cron(0 0 1W * ? *)', '2026-07-31T12:00:00Z')).toBe('2026-08-03T00:00:00.000Z');
    // 2026-03-15 is a Sunday: 15W is Monday the 16th.
    expect(next('cron(0 0 15W * ? *)', '2026-03-01T00:00:00Z')).toBe('2026-03-16T00:00:00.000Z');
  });
  test('a day that never exists never fires', () => {
    expect(next('cron(0 0 30 FEB ? *)', '2026-01-01T00:00:00Z')).toBeUndefined();
  });
  test('31 fires only in months that have it', () => {
    expect(series('cron(0 0 31 * ? *)', '2026-01-31T00:00:00Z', 2)).toEqual(['2026-03-31T00:00', '2026-05-31T00:00']);
  });
  test('the last minute of the last year, then nothing', () => {
    expect(next('cron(59 23 31 12 ? 2199)', '2199-12-31T23:58:00Z')).toBe('2199-12-31T23:59:00.000Z');
    expect(next('cron(59 23 31 12 ? 2199)', '2199-12-31T23:59:00Z')).toBeUndefined();
  });
});
