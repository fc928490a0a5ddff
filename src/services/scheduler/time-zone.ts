// Wall-clock time in an IANA time zone, as EventBridge Scheduler evaluates cron() and at() expressions in a
// schedule's ScheduleExpressionTimezone. Plain Intl (no tz database of our own), so it runs in the page, a
// worker and Node alike.
//
// A wall time is carried as "pseudo-UTC" epoch milliseconds: the epoch value the same calendar reading would
// have in UTC. Converting one back to a real instant has three outcomes around a daylight saving change:
// - it exists once (the usual case);
// - it does not exist (clocks jump from 02:00 to 03:00 in spring): Scheduler skips a cron invocation that falls
//   there ("your schedule invocation gets skipped if the cron expression falls on a non-existent date and time");
// - it exists twice (clocks go back from 02:00 to 01:00 in autumn): Scheduler "runs only once and doesn't repeat
//   its invocation", so the earlier instant is the one.
// https://repost.aws/knowledge-center/eventbridge-scheduler-adjust-dst
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#daylist-savings-time

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/**
 * Whether Scheduler would know this zone: an IANA name such as `UTC`, `Europe/Berlin`, `America/New_York`.
 * Intl also takes offsets like `+01:00`, which are not zone names, so names must start with a letter.
 */
export function isTimeZone(zone: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) && formatter(zone) !== null;
}

const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT';

/** The wall-clock reading in `zone` at instant `epochMs`, as pseudo-UTC milliseconds. */
export function wallClock(epochMs: number, zone: string): number {
  if (isUtc(zone)) return epochMs;
  const f = formatter(zone);
  if (!f) throw new RangeError(`Unknown time zone ${zone}`);
  const seconds = Math.floor(epochMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(seconds))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) + (epochMs - seconds);
}

/** How far `zone` is ahead of UTC at instant `epochMs`. */
const offsetAt = (epochMs: number, zone: string) => wallClock(epochMs, zone) - epochMs;

export type WallTimeResolution =
  | { kind: 'exact'; at: number }
  /** The wall time does not exist; `at` is the instant the same distance past the jump (how java.time resolves a gap). */
  | { kind: 'gap'; at: number }
  /** The wall time happens twice; `at` is the first. */
  | { kind: 'overlap'; at: number; later: number };

/** The instant(s) a wall-clock reading in `zone` names. Assumes at most one offset change within a day, as in every real zone. */
export function fromWallClock(wall: number, zone: string): WallTimeResolution {
  if (isUtc(zone)) return { kind: 'exact', at: wall };
  const before = offsetAt(wall - 24 * HOUR, zone);
  const after = offsetAt(wall + 24 * HOUR, zone);
  const candidates = [...new Set([wall - before, wall - after])].filter((t) => wallClock(t, zone) === wall).sort((a, b) => a - b);
  if (candidates.length === 0) return { kind: 'gap', at: wall - before };
  if (candidates.length === 1) return { kind: 'exact', at: candidates[0]! };
  return { kind: 'overlap', at: candidates[0]!, later: candidates[1]! };
}
