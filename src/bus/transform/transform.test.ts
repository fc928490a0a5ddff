// Behaviour the corpus does not pin down: the JSONPath subset, Input, missing InputPath values, quoting of
// scalars, and the PutTargets shape constraints.

import { describe, expect, test } from 'vitest';
import type { EventEnvelope } from '../envelope.ts';
import { ValidationException } from '../errors.ts';
import {
  evaluateJsonPath,
  parseJsonPath,
  renderTargetInput,
  targetInputViolations,
  templateKind,
  validateTargetInput,
  type TargetInputSettings,
} from './index.ts';

const event: EventEnvelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'UserSignedUp',
  source: 'myapp.users',
  account: '123456789012',
  time: '2026-11-22T09:15:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:iam::123456789012:user/a'],
  detail: { userId: '12345', count: 3, ok: false, none: null, items: [{ sku: 'a' }, { sku: 'b' }], 'a/b': 'slash', quote: 'say "hi"' },
};
const context = { ruleArn: 'arn:aws:events:us-east-1:123456789012:rule/welcome', ruleName: 'welcome', ingestionTime: '2026-11-22T09:15:01Z' };
const transform = (InputTemplate: string, InputPathsMap: Record<string, string> = {}) =>
  renderTargetInput({ InputTransformer: { InputTemplate, InputPathsMap } }, event, context);

function errorOf(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationException);
    return (e as Error).message;
  }
  throw new Error('expected a ValidationException');
}

describe('json-path', () => {
  const read = (path: string) => {
    const parsed = parseJsonPath(path);
    expect(parsed, path).toBeDefined();
    return evaluateJsonPath(parsed!, event);
  };

  test('$ is the whole event', () => expect(read('$')).toBe(event));
  test('dotted keys with dashes and slashes', () => {
    expect(read('$.detail-type')).toBe('UserSignedUp');
    expect(read('$.detail.a/b')).toBe('slash');
  });
  test('array index', () => expect(read('$.detail.items[1].sku')).toBe('b'));
  test('bracket key', () => expect(read("$['detail']['userId']")).toBe('12345'));
  test('a wildcard yields the list of matches', () => {
    expect(read('$.detail.items[*].sku')).toEqual(['a', 'b']);
    expect(read('$.detail.items.*.sku')).toEqual(['a', 'b']);
    expect(read('$.detail.nothing[*]')).toEqual([]);
  });
  test('a definite path that selects nothing is undefined, a null is null', () => {
    expect(read('$.detail.missing.deeper')).toBeUndefined();
    expect(read('$.detail.items[5]')).toBeUndefined();
    expect(read('$.detail.none')).toBeNull();
  });
  test.each(['', 'detail', '$.', '$..detail', '$.detail[', '$.detail[?(@.a)]', '$.detail[0:2]', '$.a b'])(
    'outside the subset: %j',
    (path) => expect(parseJsonPath(path)).toBeUndefined(),
  );
});

describe('renderTargetInput', () => {
  test('no setting: the whole event as JSON', () => {
    expect(JSON.parse(renderTargetInput({}, event, context)!)).toEqual(event);
  });
  test('Input is delivered verbatim', () => {
    expect(renderTargetInput({ Input: '{ "a" : 1 }' }, event, context)).toBe('{ "a" : 1 }');
  });
  test('InputPath to a number, a null, and to nothing', () => {
    expect(renderTargetInput({ InputPath: '$.detail.count' }, event, context)).toBe('3');
    expect(renderTargetInput({ InputPath: '$.detail.none' }, event, context)).toBe('null');
    expect(renderTargetInput({ InputPath: '$.detail.missing' }, event, context)).toBeUndefined();
  });
  test('template kinds', () => {
    expect(templateKind('  {"a": 1}')).toBe('json');
    expect(templateKind('[<a>]')).toBe('json');
    expect(templateKind('"text"')).toBe('text');
    expect(templateKind('<a> is here')).toBe('text');
  });
  test('JSON template: numbers, booleans and null keep their type outside quotes', () => {
    const paths = { n: '$.detail.count', b: '$.detail.ok', z: '$.detail.none' };
    expect(transform('{"n": <n>, "b": <b>, "z": <z>}', paths)).toBe('{"n":3,"b":false,"z":null}');
    expect(transform('{"s": "<n>-<b>"}', paths)).toBe('{"s":"3-false"}');
  });
  test('JSON template: a string outside quotes is escaped, inside quotes it is spliced raw', () => {
    expect(JSON.parse(transform('{"q": <q>}', { q: '$.detail.quote' })!)).toEqual({ q: 'say "hi"' });
    // Raw splicing breaks the JSON, so nothing is delivered (as for the recorded object-in-quotes cases).
    expect(transform('{"q": "<q>"}', { q: '$.detail.quote' })).toBeUndefined();
  });
  test('JSON template output is minified', () => {
    expect(transform('{\n  "id" : <id>\n}', { id: '$.detail.userId' })).toBe('{"id":"12345"}');
  });
  test('JSON template: predefined variables', () => {
    const body = JSON.parse(transform('{"arn": <aws.events.rule-arn>, "at": "<aws.events.event.ingestion-time>", "e": <aws.events.event.json>}')!);
    expect(body).toEqual({ arn: context.ruleArn, at: context.ingestionTime, e: event });
  });
  test('plain text template without quotes', () => {
    expect(transform('user <id> signed up', { id: '$.detail.userId' })).toBe('user 12345 signed up');
  });
  test('text template: arrays of objects lose their quotes', () => {
    expect(transform('"<items>"', { items: '$.detail.items' })).toBe('"[{sku:a},{sku:b}]"');
  });
  test('an angle-bracket text that is not a placeholder name stays as written', () => {
    expect(transform('"a <b c> d"')).toBe('"a <b c> d"');
  });
});

describe('validateTargetInput', () => {
  const ok = (input: TargetInputSettings) => expect(() => validateTargetInput('t1', input)).not.toThrow();

  test('accepts each kind of setting alone', () => {
    ok({});
    ok({ Input: '{"a":1}' });
    ok({ InputPath: '$.detail' });
    ok({ InputTransformer: { InputTemplate: '"<aws.events.rule-name> fired"' } });
  });
  test('only one of the three', () => {
    expect(errorOf(() => validateTargetInput('t1', { Input: '{}', InputPath: '$' }))).toBe(
      'Only one of Input, InputPath, or InputTransformer must be provided for target t1.',
    );
  });
  test('Input must be JSON', () => {
    expect(errorOf(() => validateTargetInput('t1', { Input: 'hello' }))).toBe('Input for target t1 is not a valid JSON text.');
  });
  test('JSONPath syntax', () => {
    expect(errorOf(() => validateTargetInput('t1', { InputPath: 'detail' }))).toBe('InputPath for target t1 is not a valid JSON path.');
    expect(
      errorOf(() => validateTargetInput('t1', { InputTransformer: { InputPathsMap: { a: '$..x' }, InputTemplate: '<a>' } })),
    ).toBe('InputPathsMap for target t1 contains invalid JSON path $..x.');
  });
  test('keys cannot start with AWS', () => {
    expect(
      errorOf(() => validateTargetInput('t1', { InputTransformer: { InputPathsMap: { AWSx: '$.id' }, InputTemplate: '<AWSx>' } })),
    ).toBe('InputPathsMap for target t1 contains invalid key AWSx.');
  });
  test('at most 100 keys', () => {
    const map = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, '$.id']));
    const message = errorOf(() => validateTargetInput('t1', { InputTransformer: { InputPathsMap: map, InputTemplate: '"x"' } }, 2));
    expect(message).toMatch(/^1 validation error detected: Value '\{k0=\$\.id, k1=\$\.id, .*k100=\$\.id\}' at 'targets\.2\.member\.inputTransformer\.inputPathsMap' failed to satisfy constraint: Member must have length less than or equal to 100$/);
    const fine = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, '$.id']));
    ok({ InputTransformer: { InputPathsMap: fine, InputTemplate: '"x"' } });
  });
  test('key characters', () => {
    expect(targetInputViolations({ InputTransformer: { InputPathsMap: { 'a.b': '$.id' }, InputTemplate: '"x"' } }, 'targets.1.member')).toEqual([
      "Value '{a.b=$.id}' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [A-Za-z0-9\\_\\-]+]",
    ]);
  });
  test('several shape violations are reported together', () => {
    const message = errorOf(() =>
      validateTargetInput('t1', { InputPath: `$.${'a'.repeat(300)}`, InputTransformer: { InputTemplate: '' } }),
    );
    expect(message).toMatch(/^2 validation errors detected: Value '\$\.a+' at 'targets\.1\.member\.inputPath' failed to satisfy constraint: Member must have length less than or equal to 256; Value '' at 'targets\.1\.member\.inputTransformer\.inputTemplate' failed to satisfy constraint: Member must have length greater than or equal to 1$/);
  });
  test('placeholders must be declared or predefined', () => {
    expect(errorOf(() => validateTargetInput('t1', { InputTransformer: { InputTemplate: '{"a": <aws.events.rule>}' } }))).toBe(
      'InputTemplate for target t1 contains invalid placeholder aws.events.rule.',
    );
  });
});

test('a transformer without a template is a shape error', () => {
  const input = { InputTransformer: {} } as unknown as TargetInputSettings;
  expect(errorOf(() => validateTargetInput('t1', input))).toBe(
    "1 validation error detected: Value null at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must not be null",
  );
});
