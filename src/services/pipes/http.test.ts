// EventBridge Pipes over real HTTP on the local endpoint (`npm run bus`), as `new PipesClient({ endpoint })` reaches
// it: a table with a stream, a pipe to the default bus and a rule to a queue, all made with the real SDK clients,
// and an order written to the table arriving in the queue as the wall clock runs.

import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreatePipeCommand, DescribePipeCommand, ListPipesCommand, NotFoundException, PipesClient, ValidationException } from '@aws-sdk/client-pipes';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBusServer, type BusServer } from '../../server/bus-server.ts';

let bus: BusServer;
let pipes: PipesClient;
let dynamodb: DynamoDBClient;
let events: EventBridgeClient;
let sqs: SQSClient;

beforeAll(async () => {
  bus = await startBusServer({ port: 0, log: () => {} });
  const config = { endpoint: bus.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  pipes = new PipesClient(config);
  dynamodb = new DynamoDBClient(config);
  events = new EventBridgeClient(config);
  sqs = new SQSClient(config);
});

afterAll(async () => {
  for (const client of [pipes, dynamodb, events, sqs]) client.destroy();
  await bus.close();
});

it('a pipe made over HTTP carries a table write to the bus, where a rule sends it to a queue', async () => {
  const account = bus.cloud.account;
  const { TableDescription } = await dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    }),
  );
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'order-events' }));
  await events.send(new PutRuleCommand({ Name: 'orders-placed', EventPattern: JSON.stringify({ source: ['shop.orders'], 'detail-type': ['OrderPlaced'] }) }));
  await events.send(new PutTargetsCommand({ Rule: 'orders-placed', Targets: [{ Id: 'queue', Arn: `arn:aws:sqs:us-east-1:${account}:order-events` }] }));
  const created = await pipes.send(
    new CreatePipeCommand({
      Name: 'orders-outbox',
      Source: TableDescription!.LatestStreamArn,
      SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' }, FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] } },
      Target: `arn:aws:events:us-east-1:${account}:event-bus/default`,
      TargetParameters: { InputTemplate: '{"orderId": <$.dynamodb.NewImage.orderId.S>}', EventBridgeEventBusParameters: { Source: 'shop.orders', DetailType: 'OrderPlaced' } },
      RoleArn: `arn:aws:iam::${account}:role/pipe`,
    }),
  );
  expect(created).toMatchObject({ Name: 'orders-outbox', CurrentState: 'CREATING' });
  expect(Math.abs(created.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);

  await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: 'o-42' } } }));
  let bodies: string[] = [];
  for (let tries = 0; tries < 50 && bodies.length === 0; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    bodies = ((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? []).map((m) => m.Body ?? '');
  }
  expect(bodies.map((b) => JSON.parse(b) as { detail: unknown })).toEqual([expect.objectContaining({ source: 'shop.orders', 'detail-type': 'OrderPlaced', detail: { orderId: 'o-42' } })]);

  expect((await pipes.send(new DescribePipeCommand({ Name: 'orders-outbox' }))).CurrentState).toBe('RUNNING');
  expect((await pipes.send(new ListPipesCommand({ Limit: 10 }))).Pipes?.map((p) => p.Name)).toEqual(['orders-outbox']);
}, 20_000);

it('answers a missing pipe, a bad name and an odd body with typed errors, never a 500', async () => {
  const missing = await pipes.send(new DescribePipeCommand({ Name: 'nobody' })).catch((error: unknown) => error);
  expect(missing).toBeInstanceOf(NotFoundException);
  const oddBody = await fetch(`${bus.url}/v1/pipes/odd`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Source": 7, "SourceParameters": []}' });
  expect(oddBody.status).toBe(400);
  expect(oddBody.headers.get('x-amzn-errortype')).toBe('SerializationException');
  const notJson = await fetch(`${bus.url}/v1/pipes/odd`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{' });
  expect(notJson.status).toBe(400);
  const badLimit = await fetch(`${bus.url}/v1/pipes?Limit=ten`);
  expect(badLimit.status).toBe(400);
  const bad = await pipes.send(new CreatePipeCommand({ Name: 'bad name', Source: 'x', Target: 'y', RoleArn: 'z' })).catch((error: unknown) => error);
  expect(bad).toBeInstanceOf(ValidationException);
});
