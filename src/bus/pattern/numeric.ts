// `numeric` matching: comparisons and ranges on JSON numbers. An exact number in a pattern (`[300]`) is
// also a numeric equality, which is why `300` matches an event's `300.0`.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#filtering-numeric-matching

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
  const value = (): number => {
    if (!isNumberToken(reader.token)) reader.fail(`Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
    return Number(reader.numberText);
  };
  const end = (range: NumericRange): NumericRange => {
    if (reader.nextToken() !== 'END_ARRAY') reader.fail('Too many elements in numeric expression');
    return range;
  };
  switch (operator) {
    case '=':
      return end(equalsRange(value()));
    case '<':
      return end({ lower: -Infinity, lowerOpen: false, upper: value(), upperOpen: true });
    case '<=':
      return end({ lower: -Infinity, lowerOpen: false, upper: value(), upperOpen: false });
    case '>':
    case '>=': {
      const lower = value();
      const lowerOpen = operator === '>';
      if (reader.nextToken() === 'END_ARRAY') return { lower, lowerOpen, upper: Infinity, upperOpen: false };
      return readUpperBound(reader, lower, lowerOpen);
    }
    default:
      return reader.fail(`Unrecognized numeric range operator: ${operator}`);
  }
}

function readUpperBound(reader: PatternReader, lower: number, lowerOpen: boolean): NumericRange {
  if (reader.token !== 'VALUE_STRING') reader.fail(`Bad value in numeric range: ${reader.getText()}`);
  const operator = reader.getText();
  if (operator !== '<' && operator !== '<=') reader.fail(`Bad numeric range operator: ${operator}`);
  if (!isNumberToken(reader.nextToken())) reader.fail(`Value of ${operator} must be numeric`);
  const upper = Number(reader.numberText);
  if (reader.nextToken() !== 'END_ARRAY') reader.fail('Too many terms in numeric range expression');
  if (!(lower < upper)) reader.fail('Bottom must be less than top');
  return { lower, lowerOpen, upper, upperOpen: operator === '<' };
}
