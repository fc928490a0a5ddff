// The `Time` of a PutEvents entry: read from what clients send, written the way events carry it.
// Over the JSON 1.1 protocol SDKs send epoch seconds (JS SDK v3, boto3, the CLI all convert dates
// client-side), so that is the form AWS itself parses. The string forms accepted here are what boto3 turned
// into timestamps in the recorded case (`2022-01-01`, `01-01-2022T00:00:00Z`, `2022-01-01 00:00:00Z`) plus
// general ISO 8601, so that a lesson can pass the same strings. A time without a zone is UTC.
// The event's `time` is RFC 3339 UTC to the second (`2022-01-01T00:00:00Z`); fractions are dropped.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MONTH_FIRST = /^(\d{2})-(\d{2})-(\d{4})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch milliseconds for a `Time` value, or `undefined` when it cannot be read as a time. */
export function parseEventTime(value: Date | number | string): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  let m = ISO.exec(text);
  let year: string | undefined, month: string | undefined, day: string | undefined;
  if (m) [, year, month, day] = m;
  else {
    m = MONTH_FIRST.exec(text);
    if (m) [, month, day, year] = m;
  }
  if (!m) return undefined;
  const [, , , , hh = '0', mm = '0', ss = '0', fraction = '', zone = 'Z'] = m;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hh), Number(mm), Number(ss), Number(`0.${fraction || '0'}`) * 1000);
  // Date.UTC rolls 2022-02-30 over into March; a calendar that does not exist is not a time.
  const check = new Date(ms);
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) {
    return undefined;
  }
  return ms - zoneOffsetMs(zone);
}

/** `2022-01-01T00:00:00Z`: how an event's `time` is written. */
export function formatEventTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  // Events come in bursts within one second: reuse the text of the last one.
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastText;
}

let lastSecond = Number.NaN;
let lastText = '';

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}
