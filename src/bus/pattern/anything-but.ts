// `anything-but`: a value that is none of the listed ones (or has none of the listed prefixes, suffixes,
// case-insensitive spellings or wildcard shapes). It needs a value: a missing field never matches, while
// null, booleans and numbers match every string form.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#eb-filtering-anything-but

import type { AnythingBut, Scalar } from './ast.ts';
import { InvalidEventPatternException } from './errors.ts';
import { isNumberToken, type PatternReader } from './json-reader.ts';
import { cannotCompare, comparableNumber } from './numeric.ts';
import { sameScalar } from './scalar.ts';
import { caseVariants, foldKey, hasPrefix, hasSuffix, isAscii, matchesIgnoringCase, type CaseVariants } from './strings.ts';
import { wildcardRegExp, wildcardTokens } from './wildcard.ts';

const NOT_ARRAY_OR_SCALAR = 'Value of anything-but must be an array or single string/number value.';
const IGNORE_CASE_TYPES = 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';

export function anythingButAccepts(matcher: AnythingBut, value: Scalar): boolean {
  return anythingButPredicate(matcher)(value);
}

/** The matcher as a predicate, with its lists prepared once; `ascii` may say whether a string is all ASCII. */
export function anythingButPredicate(matcher: AnythingBut): (value: Scalar, ascii?: boolean) => boolean {
  if (matcher.op === 'values') {
    const excluded = matcher.values;
    return (value) => !excluded.some((v) => sameScalar(v, value));
  }
  const stringTest = stringPredicate(matcher.op, matcher.values);
  return (value, ascii) => value.type !== 'string' || !stringTest(value.value, ascii);
}

function stringPredicate(
  op: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard',
  values: readonly string[],
): (text: string, ascii?: boolean) => boolean {
  switch (op) {
    case 'prefix':
      return (text: string) => values.some((p) => hasPrefix(text, p, false));
    case 'suffix':
      return (text: string) => values.some((s) => hasSuffix(text, s, false));
    case 'equals-ignore-case': {
      const byKey = new Map<string, { ascii: boolean; variants: CaseVariants }[]>();
      for (const v of values) {
        const key = foldKey(v);
        const list = byKey.get(key) ?? [];
        list.push({ ascii: isAscii(v), variants: caseVariants(v) });
        byKey.set(key, list);
      }
      return (text: string, known?: boolean) => {
        const ascii = known ?? isAscii(text);
        const candidates = byKey.get(foldKey(text, ascii));
        return !!candidates && candidates.some((c) => (ascii && c.ascii) || matchesIgnoringCase(text, c.variants, 'equals'));
      };
    }
    case 'wildcard': {
      const patterns = values.map(wildcardRegExp);
      return (text: string) => patterns.some((re) => re.test(text));
    }
  }
}

/**
 * Reads what follows `"anything-but":` up to and including the match expression's closing brace, checking
 * in event-ruler's order (JsonRuleCompiler.processMatchExpression), so that a pattern with several mistakes
 * is refused for the one AWS names.
 */
export function readAnythingBut(reader: PatternReader): AnythingBut {
  let op: AnythingBut['op'] = 'values';
  let token = reader.nextToken();
  if (token === 'START_OBJECT') {
    if (reader.nextToken() !== 'FIELD_NAME') reader.fail('Anything-But expression name not found');
    const name = reader.name;
    if (name === 'equals-ignore-case' || name === 'prefix' || name === 'suffix' || name === 'wildcard') op = name;
    else reader.fail(`Unsupported anything-but pattern: ${name}`);
    token = reader.nextToken();
  }
  if (token !== 'START_ARRAY' && token !== 'VALUE_STRING' && !isNumberToken(token)) reader.fail(NOT_ARRAY_OR_SCALAR);
  let matcher: AnythingBut;
  if (op === 'values') {
    matcher = { kind: 'anything-but', op, values: token === 'START_ARRAY' ? readValueList(reader) : [readValue(reader)] };
  } else {
    const values = token === 'START_ARRAY' ? readStringList(reader, op) : [readString(reader, op)];
    matcher = { kind: 'anything-but', op, values };
  }
  if (reader.nextToken() !== 'END_OBJECT') reader.fail(TOO_MANY);
  // An operator object closes twice: its own brace, then the match expression's.
  if (op !== 'values' && reader.nextToken() !== 'END_OBJECT') reader.fail(TOO_MANY);
  return matcher;
}

/** event-ruler's text for extra keys after an anything-but value (the same helper serves `numeric`). */
const TOO_MANY = 'Too many elements in numeric expression';

/** A single string or number. A number a double cannot hold exactly is refused without a location. */
function readValue(reader: PatternReader): Scalar {
  if (reader.token === 'VALUE_STRING') return { type: 'string', value: reader.getText() };
  const raw = reader.numberText;
  const value = comparableNumber(raw);
  if (Number.isNaN(value)) throw new InvalidEventPatternException(cannotCompare(raw));
  return { type: 'number', value, raw };
}

function readValueList(reader: PatternReader): Scalar[] {
  const values: Scalar[] = reader.appendLocation(() => {
    const list: Scalar[] = [];
    let token;
    while ((token = reader.nextToken()) !== 'END_ARRAY') {
      if (token !== 'VALUE_STRING' && !isNumberToken(token)) {
        reader.fail('Inside anything but list, start|null|boolean is not supported.');
      }
      list.push(readValue(reader));
    }
    return list;
  });
  const numbers = values.filter((v) => v.type === 'number').length;
  if (numbers === values.length ? numbers === 0 : numbers > 0) {
    reader.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return values;
}

type StringOp = 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';

function notAString(op: StringOp): string {
  if (op === 'equals-ignore-case') return IGNORE_CASE_TYPES;
  return op === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string';
}

function readString(reader: PatternReader, op: StringOp): string {
  if (reader.token !== 'VALUE_STRING') reader.fail(notAString(op));
  const text = reader.getText();
  if ((op === 'prefix' || op === 'suffix') && text === '') reader.fail('Null prefix/suffix not allowed');
  if (op === 'wildcard') checkWildcard(reader, text);
  return text;
}

function readStringList(reader: PatternReader, op: StringOp): string[] {
  const values = reader.appendLocation(() => {
    const list: string[] = [];
    while (reader.nextToken() !== 'END_ARRAY') {
      if (reader.token !== 'VALUE_STRING') reader.fail(notAString(op));
      const text = reader.getText();
      if ((op === 'prefix' || op === 'suffix') && text === '') reader.fail('Null prefix/suffix not allowed');
      if (!list.includes(text)) list.push(text);
    }
    return list;
  });
  // event-ruler checks wildcards once the list is read, walking the Java HashSet it collected them in.
  if (op === 'wildcard') for (const text of javaHashSetOrder(values, (v) => `"${v}"`)) checkWildcard(reader, text);
  return values;
}

function checkWildcard(reader: PatternReader, text: string): void {
  try {
    wildcardTokens(text);
  } catch (error) {
    reader.fail((error as Error).message);
  }
}

/**
 * The order in which a java.util.HashSet (default capacity, filled in this order) hands back these values,
 * given the strings Java hashes: by bucket of String.hashCode, then in insertion order.
 */
function javaHashSetOrder<T>(values: readonly T[], key: (value: T) => string): T[] {
  let capacity = 16;
  while (values.length > capacity * 0.75) capacity *= 2;
  const bucket = (value: T): number => {
    const text = key(value);
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return values
    .map((value, index) => ({ value, index, bucket: bucket(value) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.value);
}
