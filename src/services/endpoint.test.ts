// Whatever JSON arrives in whatever member, the simulated account answers with an AWS-shaped 4xx or a
// success, never a 500: a learner's typo must come back as an error they can read.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { eventsRequestShapes } from '../bus/api/events-protocol.ts';
import type { Shape } from '../bus/api/shapes.ts';
import { Cloud } from './cloud.ts';
import { handleAwsRequest } from './endpoint.ts';
import { sqsRequestShapes } from './sqs/json-protocol.ts';

const wrong = fc.oneof(fc.anything(), fc.constant(null));
const likelyStrings = fc.constantFrom(
  '',
  'default',
  'q',
  'arn:aws:events:us-east-1:123456789012:event-bus/default',
  'arn:aws:sqs:us-east-1:123456789012:q',
  'https://sqs.us-east-1.amazonaws.com/123456789012/q',
  '{"source":["myapp.users"]}',
  '{"detail":{}}',
  'rate(1 minute)',
  'cron(0 10 * * ? *)',
  '$.detail',
);

/** Values of the right JSON type with odd contents, mixed with values of any type at all, at every depth. */
function odd(shape: Shape): fc.Arbitrary<unknown> {
  if (shape === 'string') return fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), likelyStrings, wrong);
  if (shape === 'integer') return fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 185, 186, 2 ** 31, 1e20), wrong);
  if (shape === 'boolean') return fc.oneof(fc.boolean(), wrong);
  if (shape === 'timestamp') return fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.string(), wrong);
  if (shape === 'any') return fc.anything();
  if ('list' in shape) return fc.oneof(fc.array(odd(shape.list), { maxLength: 12 }), wrong);
  if ('map' in shape) return fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), odd(shape.map), { maxKeys: 4 }), wrong);
  return fc.oneof(fc.record(Object.fromEntries(Object.entries(shape.struct).map(([k, v]) => [k, odd(v)])), { requiredKeys: [] }), wrong);
}

const oddRequest = (shape: Shape) => ('struct' in (shape as object) ? fc.record(Object.fromEntries(Object.entries((shape as { struct: Record<string, Shape> }).struct).map(([k, v]) => [k, odd(v)])), { requiredKeys: [] }) : fc.anything());

function cases(prefix: string, contentType: string, shapes: Record<string, Shape>) {
  return Object.entries(shapes).map(([operation, shape]) => [`${prefix}${operation}`, contentType, shape] as const);
}

describe('odd values in every member of every operation', () => {
  test.each([...cases('AWSEvents.', 'application/x-amz-json-1.1', eventsRequestShapes), ...cases('AmazonSQS.', 'application/x-amz-json-1.0', sqsRequestShapes)])(
    '%s',
    (target, contentType, shape) => {
      const cloud = new Cloud();
      cloud.sqs.createQueue({ QueueName: 'q' });
      fc.assert(
        fc.property(oddRequest(shape), (body) => {
          const response = handleAwsRequest(cloud, { target, contentType, body: JSON.stringify(body) }, 'test');
          if (response.status >= 500) throw new Error(`${response.status} for ${JSON.stringify(body)}: ${response.body}`);
          expect(response.status === 200 || (response.status >= 400 && response.status < 500)).toBe(true);
          if (response.status !== 200) expect(JSON.parse(response.body).__type).toBeTruthy();
        }),
        { numRuns: 150 },
      );
    },
  );
});

test('a null inside a list or a map is refused, not passed on', () => {
  const cloud = new Cloud();
  const response = handleAwsRequest(
    cloud,
    { target: 'AWSEvents.PutTargets', contentType: 'application/x-amz-json-1.1', body: '{"Rule":"r","Targets":[{"Id":"t","Arn":"a","InputTransformer":{"InputPathsMap":{"k":null},"InputTemplate":"x"}}]}' },
    'test',
  );
  expect(response.status).toBe(400);
  expect(JSON.parse(response.body)).toEqual({ __type: 'SerializationException', message: "Expected a value at 'Targets[0].InputTransformer.InputPathsMap.k', found null." });
});

test('a PutEvents Time written as a date string is refused as EventBridge refuses it; epoch seconds are taken', () => {
  const cloud = new Cloud();
  const put = (time: unknown) =>
    handleAwsRequest(cloud, { target: 'AWSEvents.PutEvents', contentType: 'application/x-amz-json-1.1', body: JSON.stringify({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}', Time: time }] }) }, 'test');
  const refused = put('2026-12-06T09:30:00Z');
  expect(refused.status).toBe(400);
  expect(JSON.parse(refused.body)).toEqual({ __type: 'SerializationException', message: 'STRING_VALUE cannot be converted to Date' });
  const taken = put(1_796_549_400);
  expect(taken.status).toBe(200);
  expect(JSON.parse(taken.body)).toMatchObject({ FailedEntryCount: 0 });
});
