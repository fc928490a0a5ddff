// EventBridge Scheduler's three schedule types and when each fires.
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
// https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html#scheduler-CreateSchedule-request-ScheduleExpression
//
// - at(yyyy-mm-ddThh:mm:ss): once, at that wall-clock time in the schedule's time zone. StartDate and EndDate do
//   not apply ("EventBridge Scheduler ignores StartDate for one-time schedules").
// - rate(value unit): every interval, "starts after the start date you specify"; "If you do not provide a
//   StartDate for a rate-based schedule, your schedule starts invoking the target immediately." A day is 24
//   hours whatever the zone ("days represents a 24-hour duration on the clock").
// - cron(minutes hours day-of-month month day-of-week year): the same six fields as EventBridge scheduled rules
//   (src/bus/schedule parses them), but evaluated in the schedule's time zone, daylight saving included
//   (./time-zone.ts).
//
// Every malformed expression gets the one message AWS answers with, "Invalid Schedule Expression <expression>."
// (recorded from AWS for cron, rate and at expressions in localstack's tests/aws/services/scheduler snapshots).
// The API reference lists the rate units as "minute | minutes | hour | hours | day | days" without tying the
// singular to 1, unlike rules; the simulator takes either form with any value (not confirmed against AWS).
// "All schedule types on EventBridge Scheduler invoke their targets with 60 second precision": the simulator
// fires on the exact instant (the 0th second of a cron minute, the given second of an at()).

import { nextFireTime, parseScheduleExpression, type CronSchedule } from '../../bus/schedule/index.ts';
import { ValidationException } from '../../bus/errors.ts';
import { fromWallClock, wallClock } from './time-zone.ts';

export type SchedulerExpression =
  | { kind: 'at'; expression: string; /** The wall-clock time, pseudo-UTC milliseconds (./time-zone.ts). */ wall: number }
  | { kind: 'rate'; expression: string; intervalMs: number }
  | { kind: 'cron'; expression: string; cron: CronSchedule };

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export const invalidExpression = (expression: string) => new ValidationException(`Invalid Schedule Expression ${expression}.`);

/** Parses a ScheduleExpression, or throws ValidationException "Invalid Schedule Expression <expression>.". */
export function parseSchedulerExpression(expression: string): SchedulerExpression {
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number) as [number, number, number, number, number, number];
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    const back = new Date(wall);
    // 2026-02-30 or 25:00 would roll over; AWS refuses dates that do not exist.
    if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
      throw invalidExpression(expression);
    }
    return { kind: 'at', expression, wall };
  }
  const rate = /^rate\(([1-9]\d{0,8}) (minutes?|hours?|days?)\)$/.exec(expression);
  if (rate) {
    const unit = rate[2]!.replace(/s$/, '');
    return { kind: 'rate', expression, intervalMs: Number(rate[1]) * UNIT_MS[unit]! };
  }
  if (expression.startsWith('cron(')) {
    try {
      const parsed = parseScheduleExpression(expression);
      if (parsed.kind === 'cron') return { kind: 'cron', expression, cron: parsed };
    } catch (error) {
      if (!(error instanceof ValidationException)) throw error;
    }
  }
  throw invalidExpression(expression);
}

export interface FireWindow {
  zone: string;
  /** Where a rate counts from: StartDate, else when the schedule was created or last updated. */
  rateAnchor: number;
  startDate?: number;
  endDate?: number;
}

/** The one instant an at() expression names in `zone` (a wall time skipped by daylight saving moves past the jump). */
export function atInstant(expression: Extract<SchedulerExpression, { kind: 'at' }>, zone: string): number {
  return fromWallClock(expression.wall, zone).at;
}

/**
 * The first fire time of a recurring schedule strictly after `afterMs` (or at `afterMs` itself when `inclusive`,
 * which is how a rate schedule without a StartDate fires the moment it is created), within StartDate..EndDate;
 * undefined when it never fires again.
 */
export function nextRecurringFireTime(expression: SchedulerExpression, afterMs: number, window: FireWindow, inclusive = false): number | undefined {
  let from = afterMs;
  let fromInclusive = inclusive;
  if (window.startDate !== undefined && window.startDate > from) {
    from = window.startDate;
    fromInclusive = true;
  }
  let next: number | undefined;
  if (expression.kind === 'rate') {
    const k = Math.max(0, Math.ceil((from - window.rateAnchor) / expression.intervalMs));
    next = window.rateAnchor + k * expression.intervalMs;
    if (next === from && !fromInclusive) next += expression.intervalMs;
  } else if (expression.kind === 'cron') {
    next = nextCronInZone(expression.cron, fromInclusive ? from - 1 : from, window.zone);
  }
  if (next === undefined || (window.endDate !== undefined && next > window.endDate)) return undefined;
  return next;
}

/** The first minute strictly after `afterMs` whose wall-clock reading in `zone` the cron selects, skipping readings that do not exist. */
export function nextCronInZone(cron: CronSchedule, afterMs: number, zone: string): number | undefined {
  let wall = wallClock(afterMs, zone);
  // A reading skipped by a spring change, or the second pass through an autumn hour, moves on to the next one.
  for (let tries = 0; tries < 10_000; tries++) {
    const candidate = nextFireTime(cron, wall);
    if (candidate === undefined) return undefined;
    const resolved = fromWallClock(candidate, zone);
    if (resolved.kind !== 'gap' && resolved.at > afterMs) return resolved.at;
    wall = candidate;
  }
  return undefined;
}
