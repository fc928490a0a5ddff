// A pipe's FilterCriteria against DynamoDB stream records: EventBridge's pattern syntax, the operators pipes support.

import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../bus/errors.ts';
import { compileFilter } from './filter.ts';

const insert = JSON.stringify({ eventName: 'INSERT', dynamodb: { NewImage: { status: { S: 'PLACED' }, total: { N: '120' } }, SizeBytes: 59 } });
const modify = JSON.stringify({ eventName: 'MODIFY', dynamodb: { NewImage: { status: { S: 'PAID' }, total: { N: '80' } } } });

describe('pipe filters', () => {
  it('lets every record through without patterns, and a record matching any one of several', () => {
    expect(compileFilter([]).matches(modify)).toBe(true);
    const filter = compileFilter([JSON.stringify({ eventName: ['INSERT'] }), JSON.stringify({ dynamodb: { NewImage: { status: { S: ['PAID'] } } } })]);
    expect([filter.matches(insert), filter.matches(modify)]).toEqual([true, true]);
    expect(filter.matches(JSON.stringify({ eventName: 'REMOVE', dynamodb: {} }))).toBe(false);
  });

  it('supports the operators pipes support: anything-but values, prefix, numeric, exists', () => {
    expect(compileFilter([JSON.stringify({ eventName: [{ 'anything-but': ['REMOVE'] }] })]).matches(modify)).toBe(true);
    expect(compileFilter([JSON.stringify({ dynamodb: { NewImage: { status: { S: [{ prefix: 'PA' }] } } } })]).matches(insert)).toBe(false);
    expect(compileFilter([JSON.stringify({ dynamodb: { NewImage: { status: { S: [{ prefix: 'PL' }] } } } })]).matches(insert)).toBe(true);
    // DynamoDB numbers are strings in the record: a numeric filter does not match them, but it does match the
    // record's own numbers, such as SizeBytes.
    expect(compileFilter([JSON.stringify({ dynamodb: { NewImage: { total: { N: [{ numeric: ['>', 100] }] } } } })]).matches(insert)).toBe(false);
    expect(compileFilter([JSON.stringify({ dynamodb: { SizeBytes: [{ numeric: ['>', 0] }] } })]).matches(insert)).toBe(true);
    expect(compileFilter([JSON.stringify({ dynamodb: { SizeBytes: [{ numeric: ['>', 100] }] } })]).matches(insert)).toBe(false);
    expect(compileFilter([JSON.stringify({ dynamodb: { OldImage: [{ exists: false }] } })]).matches(insert)).toBe(true);
  });

  it.each([
    ['$or', { $or: [{ eventName: ['INSERT'] }, { eventName: ['MODIFY'] }] }],
    ['wildcard', { eventName: [{ wildcard: 'INS*' }] }],
    ['anything-but with prefix', { eventName: [{ 'anything-but': { prefix: 'REM' } }] }],
    ['cidr', { dynamodb: { NewImage: { ip: { S: [{ cidr: '10.0.0.0/8' }] } } } }],
  ])('refuses %s, which pipes do not support', (operator, pattern) => {
    expect(() => compileFilter([JSON.stringify(pattern)])).toThrow(new ValidationException(`FilterCriteria.Filters[0].Pattern: EventBridge Pipes filters do not support ${operator}; see the "Pipe support" column of EventBridge's comparison operators.`));
  });

  it('refuses a pattern for the dynamodb data field itself, and a pattern EventBridge refuses, with its reason', () => {
    expect(() => compileFilter([JSON.stringify({ dynamodb: ['x'] })])).toThrow(ValidationException);
    expect(() => compileFilter(['{"eventName": "INSERT"}'])).toThrow(/^FilterCriteria\.Filters\[0\]\.Pattern: Event pattern is not valid\. Reason: /);
  });
});
