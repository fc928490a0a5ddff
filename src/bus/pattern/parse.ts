// Pattern text → validated branches, with AWS's error messages. Follows event-ruler's JsonRuleCompiler
// (which AWS runs): one streaming pass, `$or` forks the branches built so far, a repeated field replaces the
// earlier one. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html

import type { Branch, CompiledPattern, Matcher } from './ast.ts';
import { readAnythingBut } from './anything-but.ts';
import { parseCidr, parseIp } from './cidr.ts';
import { InvalidEventPatternException } from './errors.ts';
import { PatternReader, isNumberToken } from './json-reader.ts';
import { comparableNumber, readNumeric } from './numeric.ts';
import { MAX_WILDCARD_COMPLEXITY, ruleComplexity } from './complexity.ts';
import { TOO_COMPLEX, wildcardTokens } from './wildcard.ts';

const OR = '$or';
/**
 * Field names event-ruler refuses inside `$or` (its Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP): the
 * match types, the numeric operators, and names it keeps for future operators.
 */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

type Fields = Map<string, Matcher[]>;
interface Branches {
  list: Fields[];
}

/** Parses and validates a pattern; throws InvalidEventPatternException with AWS's message. */
export function parsePattern(source: string): CompiledPattern {
  const reader = new PatternReader(source);
  if (reader.nextToken() !== 'START_OBJECT') reader.fail('Filter is not an object');
  const branches: Branches = { list: [] };
  readObject(reader, [], branches, false);
  const result = branches.list.map((fields): Branch => ({ fields }));
  if (ruleComplexity(result) > MAX_WILDCARD_COMPLEXITY) throw new InvalidEventPatternException(TOO_COMPLEX);
  return { source, branches: result };
}

function readObject(reader: PatternReader, path: readonly string[], branches: Branches, insideOr: boolean): void {
  let empty = true;
  while (reader.nextToken() !== 'END_OBJECT') {
    empty = false;
    const name = reader.name;
    if (name === OR) {
      readOr(reader, path, branches);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(name)) {
      reader.fail(`${name} is Ruler reserved fieldName which cannot be used inside ${OR}.`);
    }
    const token = reader.nextToken();
    if (token === 'START_OBJECT') readObject(reader, [...path, name], branches, insideOr);
    else if (token === 'START_ARRAY') readField(reader, [...path, name].join('.'), branches);
    else reader.fail(`"${name}" must be an object or an array`);
  }
  if (empty) reader.fail('Empty objects are not allowed');
}

function readOr(reader: PatternReader, path: readonly string[], branches: Branches): void {
  const before = branches.list;
  branches.list = [];
  if (reader.nextToken() !== 'START_ARRAY') reader.fail(`It must be an Array followed with ${OR}.`);
  let count = 0;
  let token;
  while ((token = reader.nextToken()) !== 'END_ARRAY') {
    count++;
    if (token !== 'START_OBJECT') reader.fail(`Only JSON object is allowed in array of ${OR} relationship.`);
    const fork: Branches = { list: before.length === 0 ? [new Map()] : before.map((fields) => new Map(fields)) };
    readObject(reader, path, fork, true);
    branches.list.push(...fork.list);
  }
  if (count < 2) reader.fail(`There must have at least 2 Objects in ${OR} relationship.`);
}

function readField(reader: PatternReader, path: string, branches: Branches): void {
  const matchers: Matcher[] = [];
  let token;
  while ((token = reader.nextToken()) !== 'END_ARRAY') {
    if (token === 'START_OBJECT') matchers.push(readMatchExpression(reader));
    else if (token === 'VALUE_STRING') matchers.push(exactString(reader.getText()));
    else if (isNumberToken(token)) {
      // A number no double holds exactly is no error here: it matches the same text only (numeric.ts).
      const raw = reader.numberText;
      matchers.push({ kind: 'exact', value: { type: 'number', value: comparableNumber(raw), raw } });
    } else if (token === 'VALUE_TRUE' || token === 'VALUE_FALSE') {
      matchers.push({ kind: 'exact', value: { type: 'boolean', value: token === 'VALUE_TRUE' } });
    } else if (token === 'VALUE_NULL') matchers.push({ kind: 'exact', value: { type: 'null' } });
    else reader.fail('Match value must be String, number, true, false, or null');
  }
  if (matchers.length === 0) reader.fail('Empty arrays are not allowed');
  if (branches.list.length === 0) branches.list.push(new Map());
  for (const fields of branches.list) fields.set(path, matchers);
}

/** A plain string value; event-ruler compiles one that is an IP address into that address (cidr.ts). */
function exactString(value: string): Matcher {
  const ip = parseIp(value);
  return ip ? { kind: 'exact', value: { type: 'string', value }, ip } : { kind: 'exact', value: { type: 'string', value } };
}

/** Reads `{ "operator": … }` (the reader is on its START_OBJECT) up to and including its closing brace. */
function readMatchExpression(reader: PatternReader): Matcher {
  if (reader.nextToken() !== 'FIELD_NAME') reader.fail('Match expression name not found');
  const type = reader.name;
  const string = (message: string): string => {
    if (reader.nextToken() !== 'VALUE_STRING') reader.fail(message);
    return reader.getText();
  };
  const close = <M extends Matcher>(matcher: M): M => {
    if (reader.nextToken() !== 'END_OBJECT') reader.fail('Only one key allowed in match expression');
    return matcher;
  };
  switch (type) {
    // `{"exactly": "x"}` is `"x"` spelled as an operator. EventBridge's operator list does not name it, but its
    // compiler (event-ruler's JsonRuleCompiler) takes it, and it reserves the name inside `$or`.
    case 'exactly':
      return close({ kind: 'exact', value: { type: 'string', value: string('exact match pattern must be a string') } });
    case 'prefix':
    case 'suffix': {
      const token = reader.nextToken();
      if (token === 'START_OBJECT') {
        if (reader.nextToken() !== 'FIELD_NAME') reader.fail(`${type === 'prefix' ? 'Prefix' : 'Suffix'} expression name not found`);
        if (reader.name !== 'equals-ignore-case') reader.fail(`Unsupported ${type} pattern: ${reader.name}`);
        const value = string('equals-ignore-case match pattern must be a string');
        return close(close({ kind: type, value, ignoreCase: true }));
      }
      if (token !== 'VALUE_STRING') reader.fail(`${type} match pattern must be a string`);
      return close({ kind: type, value: reader.getText(), ignoreCase: false });
    }
    case 'equals-ignore-case':
      return close({ kind: 'equals-ignore-case', value: string('equals-ignore-case match pattern must be a string') });
    case 'wildcard': {
      const value = string('wildcard match pattern must be a string');
      try {
        wildcardTokens(value);
      } catch (error) {
        reader.fail((error as Error).message);
      }
      return close({ kind: 'wildcard', value });
    }
    case 'numeric': {
      if (reader.nextToken() !== 'START_ARRAY') reader.fail('Value of numeric must be an array.');
      const range = readNumeric(reader);
      if (reader.nextToken() !== 'END_OBJECT') reader.fail('Too many elements in numeric expression');
      return { kind: 'numeric', range };
    }
    case 'anything-but':
      return readAnythingBut(reader);
    case 'exists': {
      const token = reader.nextToken();
      if (token !== 'VALUE_TRUE' && token !== 'VALUE_FALSE') reader.fail('exists match pattern must be either true or false.');
      return close({ kind: 'exists', value: token === 'VALUE_TRUE' });
    }
    case 'cidr': {
      // AWS really says "prefix" here.
      const value = string('prefix match pattern must be a string');
      try {
        return close({ kind: 'cidr', value, range: parseCidr(value) });
      } catch (error) {
        if (error instanceof InvalidEventPatternException) throw error;
        throw new InvalidEventPatternException((error as Error).message);
      }
    }
    default:
      return reader.fail(`Unrecognized match type ${type}`);
  }
}
