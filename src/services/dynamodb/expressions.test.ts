import { describe, expect, it } from 'vitest';
import { applyUpdate, evaluateCondition, project } from './evaluate.ts';
import { ExpressionContext, parseCondition, parseProjection, parseUpdate, type Path } from './expressions.ts';
import type { AttributeValue, Item } from './values.ts';

const ctx = (names: Record<string, string> = {}, values: Record<string, AttributeValue> = {}) => new ExpressionContext(names, values);
const condition = (text: string, values: Record<string, AttributeValue> = {}, names: Record<string, string> = {}) => parseCondition(text, 'ConditionExpression', ctx(names, values));
const message = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

const item: Item = {
  pk: { S: 'user#1' },
  age: { N: '42' },
  name: { S: 'Ada Lovelace' },
  tags: { SS: ['a', 'b'] },
  scores: { L: [{ N: '1' }, { N: '2' }, { N: '3' }] },
  address: { M: { city: { S: 'London' }, zip: { S: 'N1' } } },
  active: { BOOL: true },
};

describe('condition expressions', () => {
  it('parses comparators, BETWEEN, IN, AND/OR/NOT and parentheses with DynamoDB precedence', () => {
    const c = condition('NOT age < :a OR age BETWEEN :a AND :b AND #n IN (:n, :m)', { ':a': { N: '40' }, ':b': { N: '50' }, ':n': { S: 'x' }, ':m': { S: 'Ada Lovelace' } }, { '#n': 'name' });
    expect(c.kind).toBe('or');
    expect(evaluateCondition(c, item)).toBe(true);
    expect(evaluateCondition(condition('(age < :a OR age > :b) AND active = :t', { ':a': { N: '10' }, ':b': { N: '40' }, ':t': { BOOL: true } }), item)).toBe(true);
  });

  const cases: [string, string, Record<string, AttributeValue>, boolean][] = [
    ['numbers compare by value', 'age = :v', { ':v': { N: '42.0' } }, true],
    ['a missing attribute makes = false', 'nope = :v', { ':v': { N: '1' } }, false],
    ['a missing attribute makes <> true', 'nope <> :v', { ':v': { N: '1' } }, true],
    ['different types are not equal', 'age = :v', { ':v': { S: '42' } }, false],
    ['different types do not order', 'age < :v', { ':v': { S: '9' } }, false],
    ['strings order by code point', '#n > :v', { ':v': { S: 'Ada' } }, true],
    ['begins_with', 'begins_with(pk, :p)', { ':p': { S: 'user#' } }, true],
    ['contains on a string', 'contains(#n, :p)', { ':p': { S: 'Love' } }, true],
    ['contains on a set', 'contains(tags, :p)', { ':p': { S: 'b' } }, true],
    ['contains on a list', 'contains(scores, :p)', { ':p': { N: '3' } }, true],
    ['size of a list', 'size(scores) = :n', { ':n': { N: '3' } }, true],
    ['size of a string', 'size(#n) > :n', { ':n': { N: '11' } }, true],
    ['attribute_type', 'attribute_type(tags, :t)', { ':t': { S: 'SS' } }, true],
    ['nested map path', 'address.city = :c', { ':c': { S: 'London' } }, true],
    ['list index path', 'scores[1] = :v', { ':v': { N: '2' } }, true],
    ['IN', 'age IN (:a, :b)', { ':a': { N: '1' }, ':b': { N: '42' } }, true],
  ];
  it.each(cases)('%s', (_name, text, values, expected) => {
    const names: Record<string, string> = text.includes('#n') ? { '#n': 'name' } : {};
    expect(evaluateCondition(condition(text, values, names), item)).toBe(expected);
  });

  it('attribute_exists and attribute_not_exists, also against no item at all', () => {
    expect(evaluateCondition(condition('attribute_exists(address.zip)'), item)).toBe(true);
    expect(evaluateCondition(condition('attribute_not_exists(pk)'), item)).toBe(false);
    expect(evaluateCondition(condition('attribute_not_exists(pk)'), undefined)).toBe(true);
  });

  const errors: [string, () => unknown, string][] = [
    ['a dangling operator', () => condition('a = '), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="'],
    ['a stray token', () => condition('a b', {}), 'Invalid ConditionExpression: Syntax error; token: "b", near: "a b"'],
    ['an unknown character', () => condition('a = :v ! b', { ':v': { N: '1' } }), 'Invalid ConditionExpression: Syntax error; token: "!", near: ":v ! b"'],
    ['an empty expression', () => condition('  '), 'Invalid ConditionExpression: The expression can not be empty;'],
    ['a misspelt function', () => condition('attribute_exist(a)'), 'Invalid ConditionExpression: Invalid function name; function: attribute_exist'],
    ['a function in the wrong case', () => condition('ATTRIBUTE_EXISTS(a)'), 'Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS'],
    [
      'an update function in a condition',
      () => condition('if_not_exists(a, :v) = :v', { ':v': { N: '1' } }),
      'Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists',
    ],
    [
      'too few operands',
      () => condition('begins_with(a)'),
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1',
    ],
    ['a reserved word', () => condition('size(data) > :v', { ':v': { N: '1' } }), 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: data'],
    ['an undefined name', () => condition('#x = :v', { ':v': { N: '1' } }), 'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x'],
    ['an undefined value', () => condition('a = :v'), 'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v'],
    [
      'a BETWEEN with its bounds reversed',
      () => condition('a BETWEEN :hi AND :lo', { ':hi': { N: '5' }, ':lo': { N: '1' } }),
      'Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}',
    ],
    ['a syntax error wins over an earlier semantic error', () => condition('#x = :v AND'), 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"'],
  ];
  it.each(errors)('refuses %s', (_name, f, expected) => expect(message(f)).toBe(expected));

  it('reports unused names before unused values', () => {
    const context = ctx({ '#a': 'a', '#b': 'b' }, { ':v': { N: '1' }, ':w': { N: '2' } });
    parseCondition('#a = :v', 'ConditionExpression', context);
    expect(message(() => context.checkUnused())).toBe('Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}');
  });
});

describe('update expressions', () => {
  const update = (text: string, values: Record<string, AttributeValue> = {}, names: Record<string, string> = {}) => parseUpdate(text, ctx(names, values));

  it('applies SET, REMOVE, ADD and DELETE, reading every right-hand side from the old item', () => {
    const u = update('SET a = b, b = a, scores[5] = :n, address.city = :c REMOVE scores[0], active ADD age :one, labels :t DELETE tags :d', {
      ':n': { N: '9' },
      ':c': { S: 'Paris' },
      ':one': { N: '1' },
      ':t': { SS: ['c'] },
      ':d': { SS: ['a'] },
    });
    const next = applyUpdate(u, { ...item, a: { S: 'A' }, b: { S: 'B' } });
    expect(next).toMatchObject({
      a: { S: 'B' },
      b: { S: 'A' },
      age: { N: '43' },
      tags: { SS: ['b'] },
      labels: { SS: ['c'] },
      scores: { L: [{ N: '2' }, { N: '3' }, { N: '9' }] },
      address: { M: { city: { S: 'Paris' }, zip: { S: 'N1' } } },
    });
    expect(next.active).toBeUndefined();
    expect(item.age).toEqual({ N: '42' });
  });

  it('list_append, if_not_exists and subtraction', () => {
    const u = update('SET scores = list_append(:first, scores), n = if_not_exists(n, :ten) - :one', { ':first': { L: [{ N: '0' }] }, ':ten': { N: '10' }, ':one': { N: '1' } });
    expect(applyUpdate(u, item)).toMatchObject({ scores: { L: [{ N: '0' }, { N: '1' }, { N: '2' }, { N: '3' }] }, n: { N: '9' } });
  });

  it('removes a set attribute when DELETE empties it', () => {
    expect(applyUpdate(update('DELETE tags :d', { ':d': { SS: ['a', 'b'] } }), item).tags).toBeUndefined();
  });

  const errors: [string, () => unknown, string][] = [
    ['a clause with nothing after it', () => update('SET'), 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"'],
    ['a missing operand after +', () => update('SET a = b +'), 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "+"'],
    ['a space in ADD', () => update('ADD hits : incr', { ':incr': { N: '1' } }), 'Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr"'],
    ['an unknown operator', () => update('SET a = b / :v', { ':v': { N: '1' } }), 'Invalid UpdateExpression: Syntax error; token: "/", near: "b / :v"'],
    ['a section used twice', () => update('SET a = :v SET b = :v', { ':v': { N: '1' } }), 'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;'],
    [
      'overlapping paths',
      () => update('SET a.b = :v REMOVE a', { ':v': { N: '1' } }),
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]',
    ],
    [
      'ADD with a string',
      () => update('ADD a :v', { ':v': { S: 'x' } }),
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND',
    ],
    ['a condition function in an update', () => update('SET a = size(b)'), 'Invalid UpdateExpression: The function is not allowed in an update expression; function: size'],
    ['a reserved word', () => update('REMOVE #a, comment', {}, { '#a': 'a' }), 'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: comment'],
  ];
  it.each(errors)('refuses %s', (_name, f, expected) => expect(message(f)).toBe(expected));

  it('refuses to read a missing attribute, or to write under a missing parent', () => {
    expect(message(() => applyUpdate(update('SET a = nope'), item))).toBe('The provided expression refers to an attribute that does not exist in the item');
    expect(message(() => applyUpdate(update('SET nope.x = :v', { ':v': { N: '1' } }), item))).toBe('The document path provided in the update expression is invalid for update');
    expect(message(() => applyUpdate(update('ADD #n :v', { ':v': { N: '1' } }, { '#n': 'name' }), item))).toBe('An operand in the update expression has an incorrect data type');
  });
});

describe('projection expressions', () => {
  const paths = (text: string, names: Record<string, string> = {}): Path[] => parseProjection(text, ctx(names));

  it('parses nested paths with names and indexes', () => {
    expect(paths('a.#b[0].c, d', { '#b': 'b' })).toEqual([
      { kind: 'path', elements: ['a', 'b', 0, 'c'] },
      { kind: 'path', elements: ['d'] },
    ]);
  });

  it('projects nested values, keeping list order', () => {
    expect(project(item, paths('scores[2], scores[0], address.city, nothere'))).toEqual({ scores: { L: [{ N: '1' }, { N: '3' }] }, address: { M: { city: { S: 'London' } } } });
  });

  it('refuses a trailing comma and overlapping paths', () => {
    expect(message(() => paths('a,'))).toBe('Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","');
    expect(message(() => paths('a, a.b'))).toBe(
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    );
  });
});
