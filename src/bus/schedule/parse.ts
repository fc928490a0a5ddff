// Reads a rule's ScheduleExpression the way EventBridge defines it: `rate(value unit)` and the six-field
// `cron(minutes hours day-of-month month day-of-week year)`, UTC, one-minute precision. Every malformed
// expression gets the one message AWS gives (recorded in api-validation.json): "Parameter
// ScheduleExpression is not valid.".
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html
//
// Cron follows the documented wildcard table: `, - * /` everywhere, `?` only in the two day fields (and
// exactly one of them must be `?`), `L` and `W` in day-of-month, `L` and `#` in day-of-week; `L`, `W` and
// `#` each stand alone in their field. Ranges may wrap (`20-2` hours, as the docs' example has it), except
// years. Names (JAN-DEC, SUN-SAT) are case-insensitive, as in Quartz, whose syntax EventBridge's follows.
// Left out: Quartz extras the docs do not list (`L-3` offsets, `/` in day-of-week), and EventBridge
// Scheduler's `at()` expressions and time zones, which rules do not have.

import { ValidationException } from '../errors.ts';

export type RateUnit = 'minute' | 'hour' | 'day';

export interface RateSchedule {
  readonly kind: 'rate';
  readonly expression: string;
  readonly value: number;
  readonly unit: RateUnit;
  readonly intervalMs: number;
}

/** How the day is chosen: by day-of-month (day-of-week is `?`) or by day-of-week (day-of-month is `?`). */
export type DayRule =
  | { readonly kind: 'days-of-month'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'last-day-of-month' }
  | { readonly kind: 'last-weekday-of-month' }
  | { readonly kind: 'nearest-weekday'; readonly day: number }
  | { readonly kind: 'days-of-week'; readonly weekdays: ReadonlySet<number> }
  | { readonly kind: 'last-weekday-of-kind'; readonly weekday: number }
  | { readonly kind: 'nth-weekday'; readonly weekday: number; readonly nth: number };

export interface CronSchedule {
  readonly kind: 'cron';
  readonly expression: string;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** Sorted ascending, within 1970-2199. */
  readonly years: readonly number[];
  readonly day: DayRule;
}

export type Schedule = RateSchedule | CronSchedule;

export const INVALID_SCHEDULE_MESSAGE = 'Parameter ScheduleExpression is not valid.';

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Day-of-week numbers: 1 is Sunday, 7 is Saturday. */
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const UNIT_MS: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

class Invalid extends Error {}
const invalid = (): never => {
  throw new Invalid();
};

/** Parses a ScheduleExpression; throws ValidationException with AWS's message when it is not valid. */
export function parseScheduleExpression(expression: string): Schedule {
  try {
    if (expression.length > 256) invalid();
    if (expression.startsWith('rate(') && expression.endsWith(')')) return parseRate(expression);
    if (expression.startsWith('cron(') && expression.endsWith(')')) return parseCron(expression);
    return invalid();
  } catch (error) {
    if (error instanceof Invalid) throw new ValidationException(INVALID_SCHEDULE_MESSAGE);
    throw error;
  }
}

function parseRate(expression: string): RateSchedule {
  const m = /^rate\(([1-9]\d*) (minutes?|hours?|days?)\)$/.exec(expression);
  if (!m) return invalid();
  const value = Number(m[1]);
  const word = m[2] ?? '';
  const plural = word.endsWith('s');
  // "If the value is equal to 1, then the unit must be singular… greater than 1, the unit must be plural."
  if ((value === 1) === plural) invalid();
  const unit = (plural ? word.slice(0, -1) : word) as RateUnit;
  if (!Number.isSafeInteger(value * UNIT_MS[unit])) invalid();
  return { kind: 'rate', expression, value, unit, intervalMs: value * UNIT_MS[unit] };
}

interface FieldSpec {
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Whether a range may run past the maximum and wrap to the minimum. */
  readonly wraps: boolean;
  /** Whether `/` increments are allowed (the docs list none for day-of-week). */
  readonly steps: boolean;
}

const MINUTES: FieldSpec = { min: 0, max: 59, wraps: true, steps: true };
const HOURS: FieldSpec = { min: 0, max: 23, wraps: true, steps: true };
const DAYS_OF_MONTH: FieldSpec = { min: 1, max: 31, wraps: true, steps: true };
const MONTHS: FieldSpec = { min: 1, max: 12, names: MONTH_NAMES, wraps: true, steps: true };
const DAYS_OF_WEEK: FieldSpec = { min: 1, max: 7, names: WEEKDAY_NAMES, wraps: true, steps: false };
const YEARS: FieldSpec = { min: 1970, max: 2199, wraps: false, steps: true };

function parseCron(expression: string): CronSchedule {
  const fields = expression.slice('cron('.length, -1).split(' ');
  if (fields.length !== 6) return invalid();
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields.map((f) => f.toUpperCase());
  // "You can't specify the Day-of-month and Day-of-week fields in the same cron expression."
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) invalid();
  return {
    kind: 'cron',
    expression,
    minutes: parseList(minute, MINUTES),
    hours: parseList(hour, HOURS),
    months: parseList(month, MONTHS),
    years: [...parseList(year, YEARS)].sort((a, b) => a - b),
    day: dayOfWeek === '?' ? parseDayOfMonth(dayOfMonth) : parseDayOfWeek(dayOfWeek),
  };
}

function parseDayOfMonth(field: string): DayRule {
  if (field === 'L') return { kind: 'last-day-of-month' };
  if (field === 'LW') return { kind: 'last-weekday-of-month' };
  const w = /^(\d{1,2})W$/.exec(field);
  if (w) return { kind: 'nearest-weekday', day: value(w[1] ?? '', DAYS_OF_MONTH) };
  return { kind: 'days-of-month', days: parseList(field, DAYS_OF_MONTH) };
}

function parseDayOfWeek(field: string): DayRule {
  if (field === 'L') return { kind: 'last-weekday-of-kind', weekday: 7 };
  const last = /^([A-Z]+|\d)L$/.exec(field);
  if (last) return { kind: 'last-weekday-of-kind', weekday: value(last[1] ?? '', DAYS_OF_WEEK) };
  const nth = /^([A-Z]+|\d)#(\d)$/.exec(field);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) invalid();
    return { kind: 'nth-weekday', weekday: value(nth[1] ?? '', DAYS_OF_WEEK), nth: n };
  }
  return { kind: 'days-of-week', weekdays: parseList(field, DAYS_OF_WEEK) };
}

/** A comma list of `*`, `n`, `a-b`, each optionally `/step` (`*` and `n` then mean "from there on"). */
function parseList(field: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const m = /^(\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) return invalid();
    const [, range = '', stepText] = m;
    if (stepText !== undefined && !spec.steps) invalid();
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1 || step > spec.max - spec.min + 1) invalid();
    let start: number;
    let end: number;
    if (range === '*') {
      start = spec.min;
      end = spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      start = value(a, spec);
      end = value(b, spec);
      if (end < start && !spec.wraps) invalid();
    } else {
      start = value(range, spec);
      end = stepText === undefined ? start : spec.max;
    }
    const size = spec.max - spec.min + 1;
    const span = (end - start + size) % size;
    for (let offset = 0; offset <= span; offset += step) out.add(spec.min + ((start - spec.min + offset) % size));
  }
  return out;
}

function value(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text) ?? -1;
  const n = named >= 0 ? spec.min + named : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(n >= spec.min && n <= spec.max)) invalid();
  return n;
}
