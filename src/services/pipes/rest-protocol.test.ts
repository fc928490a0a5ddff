// Whatever JSON arrives in whatever member of a pipe, the simulated account answers with an AWS-shaped 4xx or a
// success, never a 500, and a pipe it accepted runs without breaking the clock.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Shape } from '../../bus/api/shapes.ts';
import { Cloud } from '../cloud.ts';
import { handleAwsRequest } from '../endpoint.ts';
import { pipeBody } from './rest-protocol.ts';

const ACCOUNT = '123456789012';
const STREAM = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000`;

const wrong = fc.oneof(fc.anything(), fc.constant(null));
const likelyStrings = fc.constantFrom(
  '',
  'orders-outbox',
  STREAM,
  `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`,
  `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/missing`,
  `arn:aws:lambda:us-east-1:${ACCOUNT}:function:enrich`,
  `arn:aws:sqs:us-east-1:${ACCOUNT}:dlq`,
  `arn:aws:sns:us-east-1:${ACCOUNT}:topic`,
  `arn:aws:iam::${ACCOUNT}:role/pipe`,
  'LATEST',
  'TRIM_HORIZON',
  'AUTOMATIC_BISECT',
  'RUNNING',
  'STOPPED',
  'FIRE_AND_FORGET',
  '{"eventName":["INSERT"]}',
  '{"dynamodb":{"NewImage":{"status":{"S":["PAID"]}}}}',
  '{"eventName":[{"wildcard":"*"}]}',
  '{"id": <$.eventID>, "n": <aws.pipes.pipe-name>}',
  '<$.dynamodb>',
  '$.eventName',
  '$.dynamodb.ApproximateCreationDateTime',
);

function odd(shape: Shape): fc.Arbitrary<unknown> {
  if (shape === 'string') return fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), likelyStrings, likelyStrings, wrong);
  if (shape === 'integer') return fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom(0, 1, 10, 300, 10_001, 2 ** 31), wrong);
  if (shape === 'boolean') return fc.oneof(fc.boolean(), wrong);
  if (shape === 'timestamp') return fc.oneof(fc.integer(), wrong);
  if (shape === 'any') return fc.anything();
  if ('list' in shape) return fc.oneof(fc.array(odd(shape.list), { maxLength: 6 }), wrong);
  if ('map' in shape) return fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), odd(shape.map), { maxKeys: 3 }), wrong);
  return fc.oneof(fc.record(Object.fromEntries(Object.entries(shape.struct).map(([k, v]) => [k, odd(v)])), { requiredKeys: [] }), wrong);
}

function account(): Cloud {
  const cloud = new Cloud({ lambda: { invokeAsync: () => ({ accepted: true }), invokeSync: async (_name, payload) => ({ invoked: true, payload }) } });
  cloud.dynamodb.createTable({
    TableName: 'orders',
    KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
  cloud.sqs.createQueue({ QueueName: 'dlq' });
  return cloud;
}

const members = (pipeBody as { struct: Record<string, Shape> }).struct;
const anyBody = fc.record(Object.fromEntries(Object.entries(members).map(([k, v]) => [k, odd(v)])), { requiredKeys: [] });
/** A pipe the account would take, with one or two members made odd: the checks run deep, and so does the pipe. */
const base = {
  Source: STREAM,
  Target: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`,
  RoleArn: `arn:aws:iam::${ACCOUNT}:role/pipe`,
  SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' } },
};
const nearlyValid = fc
  .tuple(fc.subarray(Object.keys(members), { maxLength: 2 }), anyBody)
  .map(([keys, odd]) => ({ ...base, ...Object.fromEntries(keys.flatMap((k) => (k in odd ? [[k, (odd as Record<string, unknown>)[k]]] : []))) }));
const bodies = fc.oneof(anyBody, nearlyValid, nearlyValid);

describe('odd values in every member of a pipe', () => {
  test.each(['POST', 'PUT'])('%s /v1/pipes/{Name}', async (method) => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('orders-outbox', 'bad name', 'x'.repeat(65)), async (body, name) => {
        const cloud = account();
        if (method === 'PUT') {
          handleAwsRequest(cloud, { target: undefined, contentType: 'application/json', method: 'POST', path: '/v1/pipes/orders-outbox', body: JSON.stringify({ Source: STREAM, Target: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`, RoleArn: `arn:aws:iam::${ACCOUNT}:role/pipe`, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' } } }) }, 'setup');
          await cloud.clock.advance(0);
        }
        const response = handleAwsRequest(cloud, { target: undefined, contentType: 'application/json', method, path: `/v1/pipes/${encodeURIComponent(name)}`, body: JSON.stringify(body) }, 'test');
        if (response.status >= 500) throw new Error(`${response.status} for ${JSON.stringify(body)}: ${response.body}`);
        if (response.status !== 200) {
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.headers['x-amzn-errortype']).toBeTruthy();
          expect(typeof (JSON.parse(response.body) as { message: unknown }).message).toBe('string');
          return;
        }
        // A pipe the account took runs on: a write goes through it without breaking the clock.
        cloud.dynamodb.putItem({ TableName: 'orders', Item: { orderId: { S: 'o-1' }, status: { S: 'PAID' } } });
        await cloud.clock.runUntilIdle();
      }),
      { numRuns: 120 },
    );
  });
});
