// Scheduler's expressions, time zones and daylight saving, as the user guide describes them.
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
// https://repost.aws/knowledge-center/eventbridge-scheduler-adjust-dst

import { describe, expect, test } from 'vitest';
import { atInstant, nextRecurringFireTime, parseSchedulerExpression, type FireWindow } from './expression.ts';
import { fromWallClock, isTimeZone, wallClock } from './time-zone.ts';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next `count` fire times of a recurring expression after `after`. */
function series(expression: string, after: string, count: number, window: Partial<FireWindow> = {}): string[] {
  const parsed = parseSchedulerExpression(expression);
  const full: FireWindow = { zone: 'UTC', rateAnchor: t(after), ...window };
  const out: string[] = [];
  let at: number | undefined = t(after);
  let inclusive = true;
  for (let i = 0; i < count; i++) {
    at = nextRecurringFireTime(parsed, at!, full, inclusive);
    inclusive = false;
    if (at === undefined) break;
    out.push(iso(at)!);
  }
  return out;
}

describe('expressions', () => {
  // Each of these was refused by AWS with "Invalid Schedule Expression <expression>." (localstack's recorded snapshots).
  test.each([
    'cron(0 1 * * * *)',
    'cron(7 20 * * NOT *)',
    'cron(INVALID)',
    'cron(0 dummy ? * MON-FRI *)',
    'cron(71 8 1 * ? *)',
    'cron()',
    'rate(10 seconds)',
    'rate(10 years)',
    'rate()',
    'rate(10)',
    'rate(10 minutess)',
    'rate(foo minutes)',
    'rate(-10 minutes)',
    'rate( 10 minutes )',
    ' rate(10 minutes)',
    'at(2021-12-31T23:59:59Z)',
    'at(2021-12-31)',
    'at(2026-02-30T10:00:00)',
    'every hour',
  ])('%j is refused with AWS text', (expression) => {
    expect(() => parseSchedulerExpression(expression)).toThrow(`Invalid Schedule Expression ${expression}.`);
  });

  // Accepted by AWS (the same snapshots); a past at() too.
  test.each(['cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)', 'cron(30-30 13-13 ? * 2,4,6 *)', 'cron(1-31/30 1-1 ? * 1,7 *)', 'cron(0 18 ? * MON-FRI *)', 'cron(*/15 * * * ? *)', 'at(2022-12-31T23:59:59)', 'rate(1 minute)', 'rate(15 minutes)', 'rate(2 hours)', 'rate(5 days)'])(
    '%s is accepted',
    (expression) => {
      expect(parseSchedulerExpression(expression).expression).toBe(expression);
    },
  );
});

describe('time zones', () => {
  test('IANA names are zones; offsets and nonsense are not', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Etc/GMT+5']) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['+01:00', 'Europe/Nowhere', '', 'Mars/Olympus']) expect(isTimeZone(zone), zone).toBe(false);
  });

  test('wall clock and back, with the spring gap and the autumn overlap of New York', () => {
    expect(iso(wallClock(t('2026-07-01T12:00:00Z'), 'America/New_York'))).toBe('2026-07-01T08:00:00.000Z');
    // 2026-03-08 02:30 does not exist in New York: the jump is an hour, so it resolves to 03:30 EDT.
    expect(fromWallClock(t('2026-03-08T02:30:00Z'), 'America/New_York')).toEqual({ kind: 'gap', at: t('2026-03-08T07:30:00Z') });
    // 2026-11-01 01:30 happens twice: 05:30Z (EDT) then 06:30Z (EST).
    expect(fromWallClock(t('2026-11-01T01:30:00Z'), 'America/New_York')).toEqual({ kind: 'overlap', at: t('2026-11-01T05:30:00Z'), later: t('2026-11-01T06:30:00Z') });
  });
});

describe('when schedules fire', () => {
  test('at() names a wall time in the schedule zone', () => {
    const at = parseSchedulerExpression('at(2026-03-11T10:21:00)');
    if (at.kind !== 'at') throw new Error('not at');
    expect(iso(atInstant(at, 'UTC'))).toBe('2026-03-11T10:21:00.000Z');
    expect(iso(atInstant(at, 'Asia/Kolkata'))).toBe('2026-03-11T04:51:00.000Z');
  });

  test('a rate without StartDate fires at once, then every interval', () => {
    expect(series('rate(5 minutes)', '2026-01-01T10:00:30Z', 3)).toEqual(['2026-01-01T10:00:30.000Z', '2026-01-01T10:05:30.000Z', '2026-01-01T10:10:30.000Z']);
  });

  test('a rate with a StartDate starts there and stops at EndDate', () => {
    expect(series('rate(1 hour)', '2026-01-01T00:00:00Z', 5, { startDate: t('2026-01-01T06:00:00Z'), endDate: t('2026-01-01T08:00:00Z') })).toEqual([
      '2026-01-01T06:00:00.000Z',
      '2026-01-01T07:00:00.000Z',
      '2026-01-01T08:00:00.000Z',
    ]);
  });

  test('a day of rate is 24 hours across a daylight saving change', () => {
    expect(series('rate(1 day)', '2026-03-07T12:00:00Z', 2, { zone: 'America/New_York' })).toEqual(['2026-03-07T12:00:00.000Z', '2026-03-08T12:00:00.000Z']);
  });

  test('cron runs in its zone: 09:00 Berlin is 08:00Z in winter and 07:00Z in summer', () => {
    expect(series('cron(0 9 * * ? *)', '2026-03-27T00:00:00Z', 4, { zone: 'Europe/Berlin' })).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  test('spring forward: an invocation in the skipped hour is skipped', () => {
    // 02:30 New York does not exist on 2026-03-08.
    expect(series('cron(30 2 * * ? *)', '2026-03-07T00:00:00Z', 3, { zone: 'America/New_York' })).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  test('fall back: the repeated hour runs once', () => {
    expect(series('cron(30 1 * * ? *)', '2026-10-31T00:00:00Z', 3, { zone: 'America/New_York' })).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    // Every 30 minutes through the night of the change: 01:00 and 01:30 once each, no second pass.
    expect(series('cron(0/30 * * * ? *)', '2026-11-01T04:45:00Z', 5, { zone: 'America/New_York' })).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T07:00:00.000Z', // 02:00 EST
      '2026-11-01T07:30:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
  });

  test('cron within StartDate and EndDate', () => {
    expect(series('cron(0 12 * * ? *)', '2026-01-01T00:00:00Z', 5, { startDate: t('2026-01-03T00:00:00Z'), endDate: t('2026-01-04T23:00:00Z') })).toEqual([
      '2026-01-03T12:00:00.000Z',
      '2026-01-04T12:00:00.000Z',
    ]);
  });
});
