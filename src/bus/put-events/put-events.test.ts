// Behaviour the corpus does not pin down: entry size arithmetic, the size boundary, empty requests, Time
// forms, and the envelope's shape.

import { describe, expect, test } from 'vitest';
import { AwsServiceError } from '../errors.ts';
import { testEventPattern } from '../pattern/index.ts';
import {
  buildEvent,
  entrySize,
  formatEventTime,
  javaToString,
  parseEventTime,
  preparePutEvents,
  validatePutEventsRequest,
  type PutEventsRequestEntry,
} from './index.ts';

const defaults = { id: 'e-1', account: '123456789012', region: 'us-east-1', now: new Date('2026-11-22T09:15:00.750Z') };
const entry = (over: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'myapp.users',
  DetailType: 'UserSignedUp',
  Detail: '{"userId":"12345"}',
  ...over,
});

function errorOf(fn: () => void): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AwsServiceError);
    return { code: (e as AwsServiceError).code, message: (e as Error).message };
  }
  throw new Error('expected an AwsServiceError');
}

describe('entrySize', () => {
  test('counts UTF-8 bytes of Source, DetailType, Detail and Resources, and 14 for a Time', () => {
    expect(entrySize({ Source: 'ab', DetailType: 'c', Detail: '{"é":1}' })).toBe(2 + 1 + 8);
    expect(entrySize({ Source: 'a', DetailType: 'b', Detail: '{}', Time: new Date(), Resources: ['r1', '€'] })).toBe(1 + 1 + 2 + 14 + 2 + 3);
  });
});

describe('validatePutEventsRequest', () => {
  const sized = (total: number) => entry({ Source: 's', DetailType: 'd', Detail: `{"p":"${'x'.repeat(total - 2 - 8)}"}` });

  test('1 MB in total is allowed (256 KB until 2026-01-29), one byte more is not', () => {
    expect(entrySize(sized(1_048_576))).toBe(1_048_576);
    expect(() => validatePutEventsRequest({ Entries: [sized(1_048_576)] })).not.toThrow();
    expect(() => validatePutEventsRequest({ Entries: [sized(262_145), sized(262_144)] })).not.toThrow();
    expect(errorOf(() => validatePutEventsRequest({ Entries: [sized(524_288), sized(524_289)] }))).toEqual({
      code: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
  });
  test('Entries missing or empty', () => {
    expect(errorOf(() => validatePutEventsRequest({})).message).toBe(
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
    expect(errorOf(() => validatePutEventsRequest({ Entries: [] })).message).toBe(
      "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
  test('ten entries are fine', () => {
    expect(() => validatePutEventsRequest({ Entries: Array.from({ length: 10 }, () => entry()) })).not.toThrow();
  });
  test('a bad EndpointId joins the count check in one message', () => {
    const { message } = errorOf(() => validatePutEventsRequest({ Entries: [], EndpointId: 'nodot' }));
    expect(message).toMatch(/^2 validation errors detected: Value '\[\]' at 'entries' .*; Value 'nodot' at 'endpointId' failed to satisfy constraint: Member must satisfy regular expression pattern: /);
  });
  test('an unreadable Time fails the request', () => {
    expect(errorOf(() => validatePutEventsRequest({ Entries: [entry({ Time: 'yesterday' })] })).code).toBe('SerializationException');
  });
});

describe('javaToString', () => {
  test('shows Time as java.util.Date and Resources as a list', () => {
    expect(javaToString(entry({ Time: 1640995200, Resources: ['a', 'b'] }))).toBe(
      'PutEventsRequestEntry(time=Sat Jan 01 00:00:00 UTC 2022, source=myapp.users, resources=[a, b], detailType=UserSignedUp, ' +
        'detail={"userId":"12345"}, eventBusName=null, traceHeader=null, kmsKeyIdentifier=null, internalMetadata=null)',
    );
  });
});

describe('Time', () => {
  test.each([
    [1640995200, '2022-01-01T00:00:00Z'],
    [1640995200.9, '2022-01-01T00:00:00Z'],
    [new Date('2022-01-01T00:00:00.999Z'), '2022-01-01T00:00:00Z'],
    ['2022-01-01', '2022-01-01T00:00:00Z'],
    ['01-01-2022T00:00:00Z', '2022-01-01T00:00:00Z'],
    ['2022-01-01 00:00:00Z', '2022-01-01T00:00:00Z'],
    ['2022-01-01T02:30:00+02:30', '2022-01-01T00:00:00Z'],
    ['2022-01-01T00:00', '2022-01-01T00:00:00Z'],
    ['1640995200', '2022-01-01T00:00:00Z'],
  ] as const)('%j is %s', (input, expected) => {
    expect(formatEventTime(parseEventTime(input)!)).toBe(expected);
  });
  test.each(['2022-02-30', 'soon', '2022-01-01T25:00:00Z', ''])('%j is not a time', (input) => {
    expect(parseEventTime(input)).toBeUndefined();
  });
});

describe('buildEvent', () => {
  test('the envelope, in AWS key order, timed now to the second', () => {
    const built = buildEvent(entry({ Resources: ['arn:aws:iam::1:user/a'] }), defaults);
    expect('event' in built && JSON.stringify(built.event)).toBe(
      '{"version":"0","id":"e-1","detail-type":"UserSignedUp","source":"myapp.users","account":"123456789012",' +
        '"time":"2026-11-22T09:15:00Z","region":"us-east-1","resources":["arn:aws:iam::1:user/a"],"detail":{"userId":"12345"}}',
    );
  });
  test('the first missing field is reported: Source, then DetailType, then Detail', () => {
    expect(buildEvent({}, defaults)).toEqual({ ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.' });
    expect(buildEvent({ Source: 's', Detail: '{}' }, defaults)).toMatchObject({ ErrorMessage: expect.stringContaining('DetailType') });
    expect(buildEvent({ Source: 's', DetailType: 'd', Detail: '' }, defaults)).toMatchObject({ ErrorMessage: expect.stringContaining('Detail is a required') });
  });
  test.each(['null', '42', 'true', '"{}"'])('Detail %s is malformed', (Detail) => {
    expect(buildEvent(entry({ Detail }), defaults)).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
  });
  test('an empty object is a valid Detail', () => {
    expect(buildEvent(entry({ Detail: '{}' }), defaults)).toMatchObject({ event: { detail: {} } });
  });
  test('aws. sources are reserved', () => {
    expect(buildEvent(entry({ Source: 'aws.ec2' }), defaults)).toMatchObject({ ErrorCode: 'NotAuthorizedForSourceException' });
  });
});

describe('preparePutEvents', () => {
  test('failed entries keep their place and count; ids only go to accepted entries', () => {
    let n = 0;
    const outcome = preparePutEvents(
      { Entries: [entry(), entry({ Detail: '[]' }), entry({ EventBusName: 'orders' })] },
      { account: '1', region: 'r', now: new Date(0), newId: () => `id-${++n}` },
    );
    expect(outcome.response).toEqual({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'id-1' }, { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }, { EventId: 'id-2' }],
    });
    expect(outcome.accepted.map((a) => [a.index, a.eventBusName, a.event.id])).toEqual([
      [0, 'default', 'id-1'],
      [2, 'orders', 'id-2'],
    ]);
  });
});

test('an entry that is not an object fails the request', () => {
  expect(errorOf(() => validatePutEventsRequest({ Entries: [null] })).code).toBe('SerializationException');
});

describe('JSON nested past what EventBridge processes (1,100 levels)', () => {
  const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

  test('is a malformed Detail at PutEvents, entry by entry, never a crash', () => {
    const outcome = preparePutEvents(
      { Entries: [entry({ Detail: nested(100_000) }), entry({ Detail: nested(1_100) })] },
      { account: '123456789012', region: 'us-east-1', now: new Date(), newId: () => 'id' },
    );
    expect(outcome.response.Entries[0]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(outcome.response.Entries[1]).toEqual({ EventId: 'id' });
  });

  test('is an event TestEventPattern refuses as not valid, never a stack overflow', () => {
    const event = (detail: string) => `{"id":"1","source":"s","detail-type":"d","account":"123456789012","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":${detail}}`;
    expect(() => testEventPattern('{"source":["s"]}', event(nested(100_000)))).toThrow('Parameter Event is not valid.');
    expect(testEventPattern('{"source":["s"]}', event(nested(1_000)))).toBe(true);
  });
});
