// The AWS SDK in the sandbox retries as it does on AWS (its attempts, its retry quota, the error it ends with),
// without sleeping its backoff in real time unless the learner configured retries (see withoutRetryWaits in
// runtime/sandbox-runtime.ts). DynamoDB throttles the table on the virtual clock, so every attempt is refused.

import { afterEach, expect, it } from 'vitest';
import { Cloud } from '../services/cloud.ts';
import { nodeHost } from './host/node-host.ts';
import { LambdaService } from './lambda-service.ts';

let service: LambdaService | undefined;
afterEach(() => service?.dispose());

/** Runs `body` (the inside of an async handler, with `put()` sending one PutItem to a throttled table) and returns what it returns. */
async function throttled(clientConfig: string, body: string): Promise<any> {
  const cloud = new Cloud();
  service = new LambdaService(cloud, nodeHost);
  cloud.lambda = service;
  cloud.dynamodb.createTable({
    TableName: 'Counts',
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  cloud.dynamodb.throttleWrites('Counts', cloud.clock.now() + 3600_000);
  service.createFunction({
    name: 'count',
    handler: 'handler.handler',
    timeout: 60,
    files: {
      'handler.ts': `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const client = new DynamoDBClient(${clientConfig});
const doc = DynamoDBDocumentClient.from(client);
const outcome = (error: any) => ({ name: error.name, attempts: error.$metadata?.attempts, totalRetryDelay: error.$metadata?.totalRetryDelay });
const put = () => client.send(new PutItemCommand({ TableName: 'Counts', Item: { pk: { S: 'email' } } })).then(() => ({ name: 'ok' }), outcome);
const putDocument = () => doc.send(new PutCommand({ TableName: 'Counts', Item: { pk: 'email' } })).then(() => ({ name: 'ok' }), outcome);
export const handler = async () => { ${body} };`,
    },
  });
  const result = await service.invoke('count', {});
  expect(result.functionError, result.payload).toBeUndefined();
  return JSON.parse(result.payload);
}

it('retries a throttled DynamoDB call as the SDK does, four attempts and the same error, without sleeping its backoff', async () => {
  const { raw, document, ms } = await throttled(
    '{}',
    `const start = Date.now();
  const raw = await put();
  const document = await putDocument();
  return { raw, document, ms: Date.now() - start };`,
  );
  expect(raw).toEqual({ name: 'ThrottlingException', attempts: 4, totalRetryDelay: 0 });
  expect(document).toEqual(raw);
  // The SDK's own waits would be some 3.5 seconds per call here.
  expect(ms).toBeLessThan(1000);
}, 30_000);

it('still runs out of retry quota as the SDK does: once the client has retried enough, a throttled call is tried once', async () => {
  const attempts: number[] = await throttled(
    '{}',
    `const attempts = [];
  for (let i = 0; i < 40; i++) attempts.push((await put()).attempts);
  return attempts;`,
  );
  expect(attempts[0]).toBe(4);
  expect(attempts.at(-1)).toBe(1);
  expect([...attempts].sort((a, b) => b - a), 'attempts only fall as the quota empties').toEqual(attempts);
}, 30_000);

it('keeps the SDK’s real waits for a client the learner gave its own retry settings', async () => {
  const raw = await throttled('{ maxAttempts: 3 }', 'return put();');
  expect(raw.name).toBe('ThrottlingException');
  expect(raw.attempts).toBe(3);
  // Two waits of up to one and two seconds, drawn at random: both 0 ms once in two million runs.
  expect(raw.totalRetryDelay).toBeGreaterThan(0);
}, 30_000);
