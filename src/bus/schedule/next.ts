// When a schedule fires next, in UTC and at whole minutes: EventBridge's finest resolution is one minute,
// and it fires "within that minute, but not on the precise 0th second"; the simulator fires on the 0th.
//
// A rate has no calendar: "A rate expression starts when you create the scheduled event rule". So its fire
// times depend on the rule, not on the expression, and the caller passes that start as the anchor (the
// rule's creation time, or when it was last enabled). Fire times are anchor + k × interval for k ≥ 1, with
// the anchor taken down to its minute. Not modelled: the first firing of a real rate rule can come at any
// point in its first interval.

import type { CronSchedule, DayRule, Schedule } from './parse.ts';

const MINUTE = 60_000;

export interface FireTimeOptions {
  /** Rate schedules count from here; defaults to `afterEpochMs` (a rule created at that instant). */
  anchorEpochMs?: number;
}

/**
 * The first fire time strictly after `afterEpochMs` (epoch milliseconds), or `undefined` when the schedule
 * never fires again (a cron whose years are all past, or whose days never exist, like 30 February).
 */
export function nextFireTime(schedule: Schedule, afterEpochMs: number, options: FireTimeOptions = {}): number | undefined {
  if (schedule.kind === 'rate') {
    const anchor = Math.floor((options.anchorEpochMs ?? afterEpochMs) / MINUTE) * MINUTE;
    const k = Math.max(1, Math.floor((afterEpochMs - anchor) / schedule.intervalMs) + 1);
    return anchor + k * schedule.intervalMs;
  }
  return nextCronTime(schedule, Math.floor(afterEpochMs / MINUTE) * MINUTE + MINUTE);
}

/** The first minute at or after `fromMs` (a whole minute) that the cron selects. */
function nextCronTime(cron: CronSchedule, fromMs: number): number | undefined {
  const from = new Date(fromMs);
  const fromYear = from.getUTCFullYear();
  for (const year of cron.years) {
    if (year < fromYear) continue;
    for (let month = 1; month <= 12; month += 1) {
      if (!cron.months.has(month)) continue;
      const inFirstMonth = year === fromYear && month === from.getUTCMonth() + 1;
      if (year === fromYear && month < from.getUTCMonth() + 1) continue;
      const last = daysInMonth(year, month);
      for (let day = inFirstMonth ? from.getUTCDate() : 1; day <= last; day += 1) {
        if (!dayMatches(cron.day, year, month, day)) continue;
        const firstDay = inFirstMonth && day === from.getUTCDate();
        const time = firstTimeOfDay(cron, firstDay ? from.getUTCHours() : 0, firstDay ? from.getUTCMinutes() : 0);
        if (time) return Date.UTC(year, month - 1, day, time.hour, time.minute);
      }
    }
  }
  return undefined;
}

function firstTimeOfDay(cron: CronSchedule, fromHour: number, fromMinute: number): { hour: number; minute: number } | undefined {
  for (let hour = fromHour; hour < 24; hour += 1) {
    if (!cron.hours.has(hour)) continue;
    for (let minute = hour === fromHour ? fromMinute : 0; minute < 60; minute += 1) {
      if (cron.minutes.has(minute)) return { hour, minute };
    }
  }
  return undefined;
}

function dayMatches(rule: DayRule, year: number, month: number, day: number): boolean {
  const last = daysInMonth(year, month);
  switch (rule.kind) {
    case 'days-of-month':
      return rule.days.has(day);
    case 'last-day-of-month':
      return day === last;
    case 'last-weekday-of-month':
      return day === nearestWeekday(year, month, last);
    case 'nearest-weekday':
      // A day the month does not have (31W in April) selects nothing, as in Quartz.
      return rule.day <= last && day === nearestWeekday(year, month, rule.day);
    case 'days-of-week':
      return rule.weekdays.has(weekday(year, month, day));
    case 'last-weekday-of-kind':
      return weekday(year, month, day) === rule.weekday && day + 7 > last;
    case 'nth-weekday':
      return weekday(year, month, day) === rule.weekday && Math.ceil(day / 7) === rule.nth;
  }
}

/** `nW`: the weekday nearest to day n without leaving the month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const last = daysInMonth(year, month);
  const wd = weekday(year, month, day);
  if (wd === 7) return day === 1 ? 3 : day - 1; // Saturday: Friday before, or Monday the 3rd
  if (wd === 1) return day === last ? day - 2 : day + 1; // Sunday: Monday after, or Friday before
  return day;
}

/** 1 = Sunday … 7 = Saturday, as cron numbers them. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
