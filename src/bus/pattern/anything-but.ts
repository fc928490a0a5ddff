// `anything-but`: a value that is none of the listed ones (or has none of the listed prefixes, suffixes,
// case-insensitive spellings or wildcard shapes). It needs a value: a missing field never matches, while
// null, booleans and numbers match every string form.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#eb-filtering-anything-but

import type { AnythingBut, Scalar } from './ast.ts';
import { isNumberToken, type PatternReader } from './json-reader.ts';
import { sameScalar } from './scalar.ts';
import { foldCase, hasPrefix, hasSuffix } from './strings.ts';
import { wildcardRegExp, wildcardTokens } from './wildcard.ts';

const NOT_ARRAY_OR_SCALAR = 'Value of anything-but must be an array or single string/number value.';
const IGNORE_CASE_TYPES = 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';

export function anythingButAccepts(matcher: AnythingBut, value: Scalar): boolean {
  return anythingButPredicate(matcher)(value);
}

/** The matcher as a predicate, with its lists prepared once (sets, compiled wildcards). */
export function anythingButPredicate(matcher: AnythingBut): (value: Scalar) => boolean {
  if (matcher.op === 'values') {
    const excluded = matcher.values;
    return (value) => !excluded.some((v) => sameScalar(v, value));
  }
  const stringTest = stringPredicate(matcher.op, matcher.values);
  return (value) => value.type !== 'string' || !stringTest(value.value);
}

function stringPredicate(op: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard', values: readonly string[]) {
  switch (op) {
    case 'prefix':
      return (text: string) => values.some((p) => hasPrefix(text, p, false));
    case 'suffix':
      return (text: string) => values.some((s) => hasSuffix(text, s, false));
    case 'equals-ignore-case': {
      const folded = new Set(values.map(foldCase));
      return (text: string) => folded.has(foldCase(text));
    }
    case 'wildcard': {
      const patterns = values.map(wildcardRegExp);
      return (text: string) => patterns.some((re) => re.test(text));
    }
  }
}

/** Reads what follows `"anything-but":` up to and including the match expression's closing brace. */
export function readAnythingBut(reader: PatternReader): AnythingBut {
  const token = reader.nextToken();
  let matcher: AnythingBut;
  if (token === 'START_OBJECT') {
    if (reader.nextToken() !== 'FIELD_NAME') reader.fail('Anything-But expression name not found');
    const op = reader.name;
    if (op === 'equals-ignore-case') matcher = { kind: 'anything-but', op, values: readIgnoreCaseValues(reader) };
    else if (op === 'prefix' || op === 'suffix' || op === 'wildcard') matcher = readStringOperator(reader, op);
    else reader.fail(`Unsupported anything-but pattern: ${op}`);
    if (reader.nextToken() !== 'END_OBJECT') reader.fail('Only one key allowed in match expression');
  } else if (token === 'START_ARRAY') {
    matcher = { kind: 'anything-but', op: 'values', values: readValueList(reader) };
  } else if (token === 'VALUE_STRING' || isNumberToken(token)) {
    matcher = { kind: 'anything-but', op: 'values', values: [readScalar(reader)] };
  } else {
    reader.fail(NOT_ARRAY_OR_SCALAR);
  }
  if (reader.nextToken() !== 'END_OBJECT') reader.fail('Too many elements in numeric expression');
  return matcher;
}

function readScalar(reader: PatternReader): Scalar {
  if (reader.token === 'VALUE_STRING') return { type: 'string', value: reader.getText() };
  return { type: 'number', value: Number(reader.numberText), raw: reader.numberText };
}

function readValueList(reader: PatternReader): Scalar[] {
  const values: Scalar[] = [];
  let token;
  while ((token = reader.nextToken()) !== 'END_ARRAY') {
    if (token !== 'VALUE_STRING' && !isNumberToken(token)) {
      reader.fail('Inside anything but list, start|null|boolean is not supported.', true);
    }
    values.push(readScalar(reader));
  }
  const numbers = values.filter((v) => v.type === 'number').length;
  if (numbers === values.length ? numbers === 0 : numbers > 0) {
    reader.fail('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return values;
}

function readIgnoreCaseValues(reader: PatternReader): string[] {
  const token = reader.nextToken();
  if (token === 'VALUE_STRING') return [reader.getText()];
  if (token !== 'START_ARRAY') reader.fail(token === 'START_OBJECT' ? NOT_ARRAY_OR_SCALAR : IGNORE_CASE_TYPES);
  const values: string[] = [];
  while (reader.nextToken() !== 'END_ARRAY') {
    if (reader.token !== 'VALUE_STRING') reader.fail(IGNORE_CASE_TYPES, true);
    values.push(reader.getText());
  }
  return values;
}

function readStringOperator(reader: PatternReader, op: 'prefix' | 'suffix' | 'wildcard'): AnythingBut {
  const typeError = op === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string';
  const readOne = (inList: boolean): string => {
    if (reader.token !== 'VALUE_STRING') reader.fail(typeError, inList);
    const text = reader.getText();
    if (op === 'wildcard') {
      try {
        wildcardTokens(text);
      } catch (error) {
        reader.fail((error as Error).message, inList);
      }
    } else if (text === '') {
      reader.fail('Null prefix/suffix not allowed', inList);
    }
    return text;
  };
  const token = reader.nextToken();
  if (token === 'START_OBJECT') reader.fail(NOT_ARRAY_OR_SCALAR);
  const values: string[] = [];
  if (token === 'START_ARRAY') {
    while (reader.nextToken() !== 'END_ARRAY') values.push(readOne(true));
  } else {
    values.push(readOne(false));
  }
  return { kind: 'anything-but', op, values };
}
