// `numeric` matching: comparisons and ranges on JSON numbers. An exact number in a pattern (`[300]`) is
// also a numeric equality, which is why `300` matches an event's `300.0`.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#filtering-numeric-matching
//
// Only numbers a double holds exactly take part (event-ruler's ComparableNumber: the decimal value must equal
// the double's). A pattern that compares with any other number is refused ("Cannot compare number : 1e400");
// such a number in an event matches only the same text written in the pattern, never a range.

import { isNumberToken, type PatternReader } from './json-reader.ts';

export interface NumericRange {
  readonly lower: number;
  readonly lowerOpen: boolean;
  readonly upper: number;
  readonly upperOpen: boolean;
}

export function inRange(range: NumericRange, x: number): boolean {
  return (
    (range.lowerOpen ? x > range.lower : x >= range.lower) && (range.upperOpen ? x < range.upper : x <= range.upper)
  );
}

export function equalsRange(value: number): NumericRange {
  return { lower: value, lowerOpen: false, upper: value, upperOpen: false };
}

export function describeRange(range: NumericRange): string {
  if (range.lower === range.upper && !range.lowerOpen && !range.upperOpen) return `= ${range.lower}`;
  const parts: string[] = [];
  if (range.lower !== -Infinity) parts.push(`${range.lowerOpen ? '>' : '>='} ${range.lower}`);
  if (range.upper !== Infinity) parts.push(`${range.upperOpen ? '<' : '<='} ${range.upper}`);
  return parts.join(' and ');
}

/** Reads the array after `"numeric":` (the reader is on its START_ARRAY) up to and including its END_ARRAY. */
export function readNumeric(reader: PatternReader): NumericRange {
  if (reader.nextToken() !== 'VALUE_STRING') reader.fail(`Invalid member in numeric match: ${reader.getText()}`);
  const operator = reader.getText();
  reader.nextToken();
  const value = (): string => {
    if (!isNumberToken(reader.token)) reader.fail(`Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
    return reader.numberText;
  };
  // event-ruler converts the numbers once the whole expression has been read, so that is where it complains.
  const end = (raw: string): number => {
    if (reader.nextToken() !== 'END_ARRAY') reader.fail('Too many elements in numeric expression');
    return comparable(reader, raw);
  };
  switch (operator) {
    case '=':
      return equalsRange(end(value()));
    case '<':
      return { lower: -Infinity, lowerOpen: false, upper: end(value()), upperOpen: true };
    case '<=':
      return { lower: -Infinity, lowerOpen: false, upper: end(value()), upperOpen: false };
    case '>':
    case '>=': {
      const lower = value();
      const lowerOpen = operator === '>';
      if (reader.nextToken() === 'END_ARRAY') {
        return { lower: comparable(reader, lower), lowerOpen, upper: Infinity, upperOpen: false };
      }
      return readUpperBound(reader, lower, lowerOpen);
    }
    default:
      return reader.fail(`Unrecognized numeric range operator: ${operator}`);
  }
}

function readUpperBound(reader: PatternReader, lowerText: string, lowerOpen: boolean): NumericRange {
  if (reader.token !== 'VALUE_STRING') reader.fail(`Bad value in numeric range: ${reader.getText()}`);
  const operator = reader.getText();
  if (operator !== '<' && operator !== '<=') reader.fail(`Bad numeric range operator: ${operator}`);
  if (!isNumberToken(reader.nextToken())) reader.fail(`Value of ${operator} must be numeric`);
  const upperText = reader.numberText;
  if (reader.nextToken() !== 'END_ARRAY') reader.fail('Too many terms in numeric range expression');
  const lower = comparable(reader, lowerText);
  const upper = comparable(reader, upperText);
  if (!(lower < upper)) reader.fail('Bottom must be less than top');
  return { lower, lowerOpen, upper, upperOpen: operator === '<' };
}

function comparable(reader: PatternReader, raw: string): number {
  const value = comparableNumber(raw);
  if (Number.isNaN(value)) reader.fail(cannotCompare(raw));
  return value;
}

export const cannotCompare = (raw: string): string => `Cannot compare number : ${raw}`;

const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * The double a JSON number (its text, as written) stands for, if its decimal value is exactly that double's;
 * NaN otherwise (`1e400`, `12345678901234567890`, `0.30000000000000001`, `1e-400`). `-0` is `0`.
 */
export function comparableNumber(raw: string): number {
  const x = Number(raw);
  if (!Number.isFinite(x)) return NaN;
  if (x === 0) return /^-?[0.]*(?:[eE]|$)/.test(raw) ? 0 : NaN;
  // Up to 15 significant digits, a decimal survives the trip through a normal double unchanged; and text
  // written the way JavaScript (or Java) writes a normal double is that double. Only the rest needs working out.
  if (Math.abs(x) >= MIN_NORMAL && (raw.length <= 15 || String(x) === raw)) return x;
  return sameDecimal(raw, javaDoubleText(x)) ? x : NaN;
}

/**
 * comparableNumber for the numbers of events, where it runs for every value a rule looks at: a normal number
 * written with at most 17 digits (`short`, counted by the event scanner; every JSON writer writes a double so)
 * is taken as the double without formatting it back. The price: a hand-written 16- or 17-digit decimal that is not the shortest
 * spelling of its double (`0.30000000000000001`) still compares as that double, where event-ruler would
 * compare only its text. Longer numbers, and numbers out of a double's normal range, are checked exactly.
 */
export function eventNumber(raw: string, short: boolean): number {
  const x = Number(raw);
  if (short && ((x >= MIN_NORMAL && x < Infinity) || (x <= -MIN_NORMAL && x > -Infinity))) return x;
  return x === 0 && (raw === '0' || raw === '-0') ? 0 : comparableNumber(raw);
}

/**
 * The decimal Java's Double.toString gives for `x` (what BigDecimal.valueOf compares with): the shortest one
 * that reads back as `x`, except that Java never writes fewer than two digits, and among two-digit decimals
 * takes the closest (so Double.MIN_VALUE is 4.9E-324, not 5e-324). The value is what counts here, not the form.
 */
function javaDoubleText(x: number): string {
  const shortest = String(x);
  return decimalParts(shortest).digits.length === 1 ? x.toPrecision(2) : shortest;
}

/** Whether two JSON-style decimal texts (`-1.50e3`, `1500`) have the same value. */
function sameDecimal(a: string, b: string): boolean {
  const x = decimalParts(a);
  const y = decimalParts(b);
  return x.negative === y.negative && x.digits === y.digits && x.exponent === y.exponent;
}

/** value = (negative ? -1 : 1) × 0.digits × 10^exponent, with no zeros at either end of `digits`. */
function decimalParts(text: string): { negative: boolean; digits: string; exponent: bigint } {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const int = match[2] ?? '';
  const frac = match[3] ?? '';
  let digits = int + frac;
  let exponent = BigInt(int.length) + (match[4] ? BigInt(match[4]) : 0n);
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  exponent -= BigInt(lead);
  return { negative: match[1] === '-', digits, exponent: digits === '' ? 0n : exponent };
}
