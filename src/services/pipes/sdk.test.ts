// EventBridge Pipes through the real @aws-sdk/client-pipes (and @aws-sdk/client-dynamodb for the table), answered in
// process by the simulated account: the API, and pipes running on the account's virtual clock from a table's
// stream through a filter and an enrichment to the default event bus, where a rule routes the events on.

import { CreateTableCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  ConflictException,
  CreatePipeCommand,
  DeletePipeCommand,
  DescribePipeCommand,
  ListPipesCommand,
  ListTagsForResourceCommand,
  NotFoundException,
  PipesClient,
  PipesServiceException,
  StartPipeCommand,
  StopPipeCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePipeCommand,
  ValidationException,
  type CreatePipeCommandInput,
} from '@aws-sdk/client-pipes';
import { describe, expect, it } from 'vitest';
import { Cloud } from '../cloud.ts';
import { handleAwsRequest } from '../endpoint.ts';
import type { InvokeAsyncResult, InvokeSyncResult, LambdaInvoker } from '../lambda-port.ts';
import { localClient } from '../local-request-handler.ts';

const START = Date.parse('2026-01-01T00:00:00Z');
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-outbox-pipe`;
const BUS = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
const ENRICH = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:to-domain-events`;

/** Lambda functions as plain JavaScript, run synchronously for enrichments and targets; thrown errors become function errors. */
class FakeLambda implements LambdaInvoker {
  readonly calls: { name: string; event: unknown; at: number }[] = [];
  readonly handlers = new Map<string, (event: unknown) => unknown>();
  throttled = false;
  readonly #now: () => number;
  constructor(now: () => number) {
    this.#now = now;
  }
  invokeAsync(name: string, payload: string): InvokeAsyncResult {
    this.calls.push({ name, event: JSON.parse(payload), at: this.#now() });
    return { accepted: true };
  }
  async invokeSync(name: string, payload: string): Promise<InvokeSyncResult> {
    const handler = this.handlers.get(name);
    if (!handler) return { invoked: false, errorCode: 'RESOURCE_NOT_FOUND', errorMessage: `Function not found: ${name}` };
    if (this.throttled) return { invoked: false, errorCode: 'THROTTLING', errorMessage: 'Rate Exceeded.' };
    const event = JSON.parse(payload) as unknown;
    this.calls.push({ name, event, at: this.#now() });
    try {
      return { invoked: true, payload: JSON.stringify((await handler(event)) ?? null) };
    } catch (error) {
      return { invoked: true, functionError: 'Unhandled', payload: JSON.stringify({ errorType: 'Error', errorMessage: (error as Error).message }) };
    }
  }
}

/** A DynamoDB stream record as an enrichment or a target receives it: the parts these tests read. */
type DynamoDbStreamRecord = { eventID: string; eventName: string; dynamodb: { NewImage?: Record<string, AttributeValue>; Keys: Record<string, AttributeValue> } };

async function setup() {
  let cloud: Cloud | undefined;
  const lambda = new FakeLambda(() => cloud!.clock.now());
  cloud = new Cloud({ startTime: START, lambda });
  let n = 0;
  const answer = (request: Parameters<typeof handleAwsRequest>[1]) => handleAwsRequest(cloud, request, `req-${++n}`);
  const pipes = localClient(PipesClient, answer);
  const dynamodb = localClient(DynamoDBClient, answer);
  const { TableDescription } = await dynamodb.send(
    new CreateTableCommand({
      TableName: 'orders',
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const streamArn = TableDescription!.LatestStreamArn!;
  // Whatever reaches the default bus from the pipe lands in a queue, through a rule.
  cloud.sqs.createQueue({ QueueName: 'bus-events' });
  cloud.events.putRule({ Name: 'from-outbox', EventPattern: JSON.stringify({ source: [{ prefix: '' }] }) });
  cloud.events.putTargets({ Rule: 'from-outbox', Targets: [{ Id: 'queue', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:bus-events` }] });
  const busEvents = () => cloud.sqs.peek('bus-events').map((m) => JSON.parse(m.body) as { source: string; 'detail-type': string; detail: Record<string, unknown>; time: string; resources: string[] });
  const putOrder = (orderId: string, status = 'PLACED', total = '10') =>
    dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: orderId }, status: { S: status }, total: { N: total } } }));
  const pipeInput = (overrides: Partial<CreatePipeCommandInput> = {}): CreatePipeCommandInput => ({
    Name: 'orders-outbox',
    Source: streamArn,
    SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' } },
    Target: BUS,
    RoleArn: ROLE,
    ...overrides,
  });
  return { cloud, lambda, pipes, dynamodb, streamArn, busEvents, putOrder, pipeInput };
}

async function failure(promise: Promise<unknown>): Promise<PipesServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as PipesServiceException;
  }
  throw new Error('expected the request to fail');
}

describe('pipes through the AWS SDK', () => {
  it('creates a pipe CREATING that settles RUNNING, describes it as given, lists, stops, starts and deletes it', async () => {
    const { cloud, pipes, pipeInput, streamArn } = await setup();
    const created = await pipes.send(new CreatePipeCommand(pipeInput({ Description: 'Orders to the bus', Tags: { team: 'orders' } })));
    expect(created).toMatchObject({ Arn: `arn:aws:pipes:us-east-1:${ACCOUNT}:pipe/orders-outbox`, Name: 'orders-outbox', DesiredState: 'RUNNING', CurrentState: 'CREATING' });
    expect(created.CreationTime).toEqual(new Date(START));
    await cloud.clock.advance(0);

    const described = await pipes.send(new DescribePipeCommand({ Name: 'orders-outbox' }));
    expect(described).toMatchObject({
      Arn: created.Arn,
      Description: 'Orders to the bus',
      CurrentState: 'RUNNING',
      DesiredState: 'RUNNING',
      Source: streamArn,
      SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' } },
      Target: BUS,
      RoleArn: ROLE,
      Tags: { team: 'orders' },
    });

    const listed = await pipes.send(new ListPipesCommand({ NamePrefix: 'orders' }));
    expect(listed.Pipes).toEqual([expect.objectContaining({ Name: 'orders-outbox', CurrentState: 'RUNNING', Source: streamArn, Target: BUS })]);
    expect((await pipes.send(new ListPipesCommand({ CurrentState: 'STOPPED' }))).Pipes).toEqual([]);

    expect(await pipes.send(new StopPipeCommand({ Name: 'orders-outbox' }))).toMatchObject({ DesiredState: 'STOPPED', CurrentState: 'STOPPING' });
    await cloud.clock.advance(0);
    expect((await pipes.send(new DescribePipeCommand({ Name: 'orders-outbox' }))).CurrentState).toBe('STOPPED');
    expect(await pipes.send(new StartPipeCommand({ Name: 'orders-outbox' }))).toMatchObject({ DesiredState: 'RUNNING', CurrentState: 'STARTING' });
    await cloud.clock.advance(0);

    expect(await pipes.send(new DeletePipeCommand({ Name: 'orders-outbox' }))).toMatchObject({ DesiredState: 'DELETED', CurrentState: 'DELETING' });
    await cloud.clock.advance(0);
    const gone = await failure(pipes.send(new DescribePipeCommand({ Name: 'orders-outbox' })));
    expect(gone).toBeInstanceOf(NotFoundException);
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it('tags a pipe by its ARN', async () => {
    const { pipes, pipeInput } = await setup();
    const { Arn } = await pipes.send(new CreatePipeCommand(pipeInput({ Tags: { team: 'orders' } })));
    await pipes.send(new TagResourceCommand({ resourceArn: Arn, tags: { stage: 'dev' } }));
    await pipes.send(new UntagResourceCommand({ resourceArn: Arn, tagKeys: ['team'] }));
    expect((await pipes.send(new ListTagsForResourceCommand({ resourceArn: Arn }))).tags).toEqual({ stage: 'dev' });
  });

  it('refuses a second pipe of the same name, and a change while the pipe is still settling', async () => {
    const { cloud, pipes, pipeInput } = await setup();
    await pipes.send(new CreatePipeCommand(pipeInput()));
    expect(await failure(pipes.send(new StopPipeCommand({ Name: 'orders-outbox' })))).toBeInstanceOf(ConflictException);
    await cloud.clock.advance(0);
    const again = await failure(pipes.send(new CreatePipeCommand(pipeInput())));
    expect(again).toBeInstanceOf(ConflictException);
    expect(again.$metadata.httpStatusCode).toBe(409);
  });

  it('refuses values outside the API model, in the JSON schema wording AWS answers with', async () => {
    const { pipes, pipeInput } = await setup();
    const zero = await failure(pipes.send(new CreatePipeCommand(pipeInput({ SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 0 } } }))));
    expect(zero).toBeInstanceOf(ValidationException);
    // The text AWS answered for the same mistake (terraform-provider-aws issue 32423).
    expect(zero.message).toBe('[numeric instance is lower than the required minimum (minimum: 1, found: 0)]');
    const name = await failure(pipes.send(new CreatePipeCommand(pipeInput({ Name: 'orders outbox' }))));
    expect(name.message).toBe('[ECMA 262 regex "[\\.\\-_A-Za-z0-9]+" does not match input string "orders outbox"]');
    const role = await failure(pipes.send(new CreatePipeCommand(pipeInput({ RoleArn: 'pipe-role' }))));
    expect(role.message).toContain('does not match input string "pipe-role"');
    const start = await failure(pipes.send(new CreatePipeCommand(pipeInput({ SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'AT_TIMESTAMP' as 'LATEST' } } }))));
    expect(start.message).toBe('[instance value ("AT_TIMESTAMP") not found in enum (possible values: ["TRIM_HORIZON","LATEST"])]');
  });

  it('refuses a DesiredState UpdatePipe does not know, as CreatePipe does, and leaves the pipe as it was', async () => {
    const { cloud, pipes, pipeInput } = await setup();
    const paused = await failure(pipes.send(new CreatePipeCommand(pipeInput({ DesiredState: 'PAUSED' as 'RUNNING' }))));
    expect(paused.message).toBe('[instance value ("PAUSED") not found in enum (possible values: ["RUNNING","STOPPED"])]');
    await pipes.send(new CreatePipeCommand(pipeInput()));
    await cloud.clock.advance(0);
    const update = await failure(pipes.send(new UpdatePipeCommand({ Name: 'orders-outbox', RoleArn: ROLE, DesiredState: 'PAUSED' as 'RUNNING' })));
    expect(update).toBeInstanceOf(ValidationException);
    expect(update.message).toBe(paused.message);
    expect(await pipes.send(new DescribePipeCommand({ Name: 'orders-outbox' }))).toMatchObject({ DesiredState: 'RUNNING', CurrentState: 'RUNNING' });
  });

  it('refuses a batch larger than the target takes, a filter operator pipes lack, and a source the simulator cannot read', async () => {
    const { pipes, pipeInput } = await setup();
    const batch = await failure(pipes.send(new CreatePipeCommand(pipeInput({ SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 11 } } }))));
    expect(batch).toBeInstanceOf(ValidationException);
    expect(batch.message).toBe('BatchSize 11 is larger than the 10 events an event bus target takes at once.');
    const wildcard = await failure(
      pipes.send(
        new CreatePipeCommand(
          pipeInput({
            SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' }, FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { orderId: { S: [{ wildcard: 'o-*' }] } } } }) }] } },
          }),
        ),
      ),
    );
    expect(wildcard.message).toContain('EventBridge Pipes filters do not support wildcard');
    const broken = await failure(pipes.send(new CreatePipeCommand(pipeInput({ SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' }, FilterCriteria: { Filters: [{ Pattern: '{"eventName": "INSERT"}' }] } } }))));
    expect(broken).toBeInstanceOf(ValidationException);
    expect(broken.message).toContain('Event pattern is not valid.');
    const queue = await failure(pipes.send(new CreatePipeCommand(pipeInput({ Source: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` }))));
    expect(queue.message).toContain('reads DynamoDB streams only');
  });

  it("ends CREATE_FAILED, with AWS's StateReason, when the stream does not exist", async () => {
    const { cloud, pipes, pipeInput } = await setup();
    await pipes.send(new CreatePipeCommand(pipeInput({ Source: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/missing/stream/2026-01-01T00:00:00.000` })));
    await cloud.clock.advance(0);
    expect(await pipes.send(new DescribePipeCommand({ Name: 'orders-outbox' }))).toMatchObject({
      CurrentState: 'CREATE_FAILED',
      StateReason: 'Stream not found. To resume processing please delete the pipe and create a new one.',
    });
  });
});

describe('a running pipe', () => {
  it('takes an order written to the table through the filter and the enrichment to the bus, where a rule picks it up', async () => {
    const { cloud, lambda, pipes, dynamodb, busEvents, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', (records) =>
      (records as DynamoDbStreamRecord[]).map((r) => ({ orderId: r.dynamodb.NewImage?.orderId && 'S' in r.dynamodb.NewImage.orderId ? r.dynamodb.NewImage.orderId.S : undefined, eventID: r.eventID })),
    );
    await pipes.send(
      new CreatePipeCommand(
        pipeInput({
          SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST' }, FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] } },
          Enrichment: ENRICH,
          TargetParameters: { EventBridgeEventBusParameters: { Source: 'shop.orders', DetailType: 'OrderPlaced' } },
        }),
      ),
    );
    await putOrder('o-1');
    await dynamodb.send(
      new UpdateItemCommand({ TableName: 'orders', Key: { orderId: { S: 'o-1' } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'PAID' } } }),
    );
    await cloud.clock.runUntilIdle();

    const events = busEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: 'shop.orders', 'detail-type': 'OrderPlaced', detail: { orderId: 'o-1' } });
    // The enrichment got the batch as an array of stream records, the INSERT only.
    expect(lambda.calls).toHaveLength(1);
    expect(lambda.calls[0]!.event).toEqual([expect.objectContaining({ eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: expect.objectContaining({ NewImage: expect.anything() }) })]);
    expect(lambda.calls[0]!.at).toBe(START + 250);

    const journal = cloud.pipes.executions('orders-outbox');
    expect(journal.map((e) => e.outcome)).toEqual(['succeeded', 'filtered']);
    expect(journal[0]!.attempts[0]).toMatchObject({ attemptNumber: 1, outcome: 'succeeded', enrichment: { functionArn: ENRICH }, target: { targetArn: BUS, entries: [{ Source: 'shop.orders', DetailType: 'OrderPlaced' }] } });
    expect(journal[0]!.attempts[0]!.target!.eventIds).toHaveLength(1);
    expect(journal[1]!.filteredOut).toEqual([journal[1]!.records[0]!.eventID]);
  });

  it('sends each record as it is when there is no enrichment, from "Pipe <name>" as "Event from aws:dynamodb"', async () => {
    const { cloud, pipes, busEvents, putOrder, pipeInput } = await setup();
    await pipes.send(new CreatePipeCommand(pipeInput()));
    await putOrder('o-1');
    await cloud.clock.runUntilIdle();
    const [event] = busEvents();
    expect(event).toMatchObject({ source: 'Pipe orders-outbox', 'detail-type': 'Event from aws:dynamodb', detail: { eventName: 'INSERT', eventSource: 'aws:dynamodb', dynamodb: { Keys: { orderId: { S: 'o-1' } } } } });
  });

  it('fills the target InputTemplate from the event and the pipe, and takes Time from a JSON path', async () => {
    const { cloud, lambda, pipes, busEvents, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', (records) => (records as DynamoDbStreamRecord[]).map((r) => ({ order: r.dynamodb.NewImage, placedAt: '2025-12-31T23:00:00Z' })));
    await pipes.send(
      new CreatePipeCommand(
        pipeInput({
          Enrichment: ENRICH,
          TargetParameters: {
            InputTemplate: '{"orderId": <$.order.orderId.S>, "total": <$.order.total.N>, "via": <aws.pipes.pipe-name>, "note": "order <$.order.orderId.S> from <aws.pipes.source-arn>"}',
            EventBridgeEventBusParameters: { Source: 'shop.orders', DetailType: 'OrderPlaced', Time: '$.placedAt', Resources: [`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`] },
          },
        }),
      ),
    );
    await putOrder('o-7', 'PLACED', '42');
    await cloud.clock.runUntilIdle();
    const [event] = busEvents();
    expect(event!.detail).toEqual({ orderId: 'o-7', total: '42', via: 'orders-outbox', note: expect.stringMatching(/^order o-7 from arn:aws:dynamodb:us-east-1:123456789012:table\/orders\/stream\//) });
    expect(event!.time).toBe('2025-12-31T23:00:00Z');
    expect(event!.resources).toEqual([`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`]);
  });

  it('fills the enrichment InputTemplate for each event of the batch', async () => {
    const { cloud, lambda, pipes, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', () => []);
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH, EnrichmentParameters: { InputTemplate: '{"id": <$.dynamodb.Keys.orderId.S>, "kind": <$.eventName>}' } })));
    await putOrder('o-1');
    await cloud.clock.runUntilIdle();
    expect(lambda.calls[0]!.event).toEqual([{ id: 'o-1', kind: 'INSERT' }]);
  });

  it('sends nothing when the enrichment returns an empty array, and one event for an object or for [{}]', async () => {
    const { cloud, lambda, pipes, busEvents, putOrder, pipeInput } = await setup();
    const answers: unknown[] = [[], '', { orderId: 'o-2' }, [{}]];
    lambda.handlers.set('to-domain-events', () => answers.shift());
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH })));
    for (const id of ['o-1', 'o-x', 'o-2', 'o-3']) await putOrder(id);
    await cloud.clock.runUntilIdle();
    expect(busEvents().map((e) => e.detail)).toEqual([{ orderId: 'o-2' }, {}]);
    expect(cloud.pipes.executions().map((e) => e.attempts[0]!.outcome)).toEqual(['skipped', 'skipped', 'succeeded', 'succeeded']);
  });

  it('batches up to BatchSize records, waiting out MaximumBatchingWindowInSeconds for a batch that is not full', async () => {
    const { cloud, lambda, pipes, busEvents, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', (records) => records);
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 3, MaximumBatchingWindowInSeconds: 10 } } })));
    await putOrder('o-1');
    await putOrder('o-2');
    await cloud.clock.runUntilIdle();
    expect(lambda.calls.map((c) => ({ size: (c.event as unknown[]).length, at: c.at - START }))).toEqual([{ size: 2, at: 10_250 }]);

    for (const id of ['o-3', 'o-4', 'o-5', 'o-6']) await putOrder(id);
    await cloud.clock.runUntilIdle();
    // A full batch goes at once; the one left over waits for its window.
    expect(lambda.calls.slice(1).map((c) => ({ size: (c.event as unknown[]).length, at: c.at - START }))).toEqual([
      { size: 3, at: 10_500 },
      { size: 1, at: 20_750 },
    ]);
    expect(busEvents()).toHaveLength(6);
  });

  it('reads one record per batch by default, in the order written', async () => {
    const { cloud, lambda, pipes, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', (records) => records);
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH })));
    for (const id of ['o-1', 'o-2', 'o-3']) await putOrder(id);
    await cloud.clock.runUntilIdle();
    expect(lambda.calls.map((c) => (c.event as DynamoDbStreamRecord[]).map((r) => ('S' in r.dynamodb.Keys.orderId! ? r.dynamodb.Keys.orderId.S : '')))).toEqual([['o-1'], ['o-2'], ['o-3']]);
  });

  it('retries a failing enrichment with growing pauses, holding back the records after it, until it succeeds', async () => {
    const { cloud, lambda, pipes, busEvents, putOrder, pipeInput } = await setup();
    let failures = 2;
    lambda.handlers.set('to-domain-events', (records) => {
      if (failures-- > 0) throw new Error('pricing service unavailable');
      return records;
    });
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH })));
    await putOrder('o-1');
    await putOrder('o-2');
    await cloud.clock.runUntilIdle();
    expect(lambda.calls.map((c) => c.at - START)).toEqual([250, 1250, 3250, 3500]);
    expect(busEvents().map((e) => (e.detail as DynamoDbStreamRecord).dynamodb.Keys)).toEqual([{ orderId: { S: 'o-1' } }, { orderId: { S: 'o-2' } }]);
    const [first] = cloud.pipes.executions();
    expect(first!.attempts.map((a) => [a.attemptNumber, a.outcome, a.error?.stage, a.error?.message])).toEqual([
      [1, 'failed', 'enrichment', 'pricing service unavailable'],
      [2, 'failed', 'enrichment', 'pricing service unavailable'],
      [3, 'succeeded', undefined, undefined],
    ]);
  });

  it("gives up after MaximumRetryAttempts, sends the batch's description to the dead-letter queue, and goes on", async () => {
    const { cloud, lambda, pipes, busEvents, putOrder, pipeInput } = await setup();
    cloud.sqs.createQueue({ QueueName: 'outbox-dlq' });
    lambda.handlers.set('to-domain-events', (records) => {
      if ((records as DynamoDbStreamRecord[]).some((r) => r.dynamodb.NewImage?.status && 'S' in r.dynamodb.NewImage.status && r.dynamodb.NewImage.status.S === 'BROKEN')) throw new Error('cannot price');
      return records;
    });
    await pipes.send(
      new CreatePipeCommand(
        pipeInput({
          Enrichment: ENRICH,
          SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', MaximumRetryAttempts: 2, DeadLetterConfig: { Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:outbox-dlq` } } },
        }),
      ),
    );
    await putOrder('o-1', 'BROKEN');
    await putOrder('o-2');
    await cloud.clock.runUntilIdle();
    expect(lambda.calls).toHaveLength(4);
    expect(busEvents()).toHaveLength(1);
    const [dead] = cloud.sqs.peek('outbox-dlq');
    const message = JSON.parse(dead!.body) as Record<string, Record<string, unknown>>;
    expect(message.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3, pipeArn: `arn:aws:pipes:us-east-1:${ACCOUNT}:pipe/orders-outbox` });
    expect(message.DDBStreamBatchInfo).toMatchObject({ batchSize: 1, streamArn: expect.stringContaining(':table/orders/stream/') });
    const [execution] = cloud.pipes.executions();
    expect(execution).toMatchObject({ outcome: 'discarded', discarded: [{ condition: 'RetryAttemptsExhausted', deadLetterArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:outbox-dlq` }] });
  });

  it('with AUTOMATIC_BISECT, halves a failing batch until the one bad record is left, and delivers the rest', async () => {
    const { cloud, lambda, pipes, busEvents, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', (records) => {
      if ((records as DynamoDbStreamRecord[]).some((r) => 'S' in r.dynamodb.Keys.orderId! && r.dynamodb.Keys.orderId.S === 'bad')) throw new Error('cannot price');
      return records;
    });
    await pipes.send(
      new CreatePipeCommand(
        pipeInput({
          Enrichment: ENRICH,
          SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 4, MaximumBatchingWindowInSeconds: 1, MaximumRetryAttempts: 0, OnPartialBatchItemFailure: 'AUTOMATIC_BISECT' } },
        }),
      ),
    );
    for (const id of ['a', 'b', 'bad', 'd']) await putOrder(id);
    await cloud.clock.runUntilIdle();
    const sizes = lambda.calls.map((c) => (c.event as unknown[]).length);
    expect(sizes).toEqual([4, 2, 2, 1, 1]);
    expect(busEvents().map((e) => ((e.detail as DynamoDbStreamRecord).dynamodb.Keys.orderId as { S: string }).S)).toEqual(['a', 'b', 'd']);
    expect(cloud.pipes.executions()[0]!.discarded).toEqual([expect.objectContaining({ condition: 'RetryAttemptsExhausted', eventIds: [expect.any(String)] })]);
  });

  it('with AUTOMATIC_BISECT and a partial failure, bisects only the records from the first failed one on', async () => {
    const { cloud, lambda, pipes, putOrder, pipeInput } = await setup();
    const seen: string[][] = [];
    lambda.handlers.set('ship-orders', (records) => {
      const batch = records as DynamoDbStreamRecord[];
      const ids = batch.map((r) => (r.dynamodb.Keys.orderId as { S: string }).S);
      seen.push(ids);
      const third = batch[ids.indexOf('o-3')];
      return third ? { batchItemFailures: [{ itemIdentifier: third.eventID }] } : {};
    });
    await pipes.send(
      new CreatePipeCommand(
        pipeInput({
          Target: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ship-orders`,
          SourceParameters: {
            DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 4, MaximumBatchingWindowInSeconds: 5, MaximumRetryAttempts: 0, OnPartialBatchItemFailure: 'AUTOMATIC_BISECT' },
          },
        }),
      ),
    );
    for (const id of ['o-1', 'o-2', 'o-3', 'o-4']) await putOrder(id);
    await cloud.clock.runUntilIdle();
    expect(seen[0]).toEqual(['o-1', 'o-2', 'o-3', 'o-4']);
    // o-1 and o-2 were delivered: no later call carries them again.
    expect(seen.slice(1).flat()).not.toContain('o-1');
    expect(seen.slice(1).flat()).not.toContain('o-2');
    expect(seen).toEqual([['o-1', 'o-2', 'o-3', 'o-4'], ['o-3'], ['o-4']]);
    expect(cloud.pipes.executions()[0]!.discarded).toEqual([expect.objectContaining({ condition: 'RetryAttemptsExhausted', eventIds: [expect.any(String)] })]);
  });

  it('retries only from the first record a Lambda target reports in batchItemFailures', async () => {
    const { cloud, lambda, pipes, putOrder, pipeInput } = await setup();
    const seen: string[][] = [];
    let fail = true;
    lambda.handlers.set('ship-orders', (records) => {
      const batch = records as DynamoDbStreamRecord[];
      seen.push(batch.map((r) => (r.dynamodb.Keys.orderId as { S: string }).S));
      if (!fail) return {};
      fail = false;
      return { batchItemFailures: [{ itemIdentifier: batch[1]!.eventID }] };
    });
    await pipes.send(
      new CreatePipeCommand(pipeInput({ Target: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:ship-orders`, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', BatchSize: 3, MaximumBatchingWindowInSeconds: 5 } } })),
    );
    for (const id of ['o-1', 'o-2', 'o-3']) await putOrder(id);
    await cloud.clock.runUntilIdle();
    expect(seen).toEqual([
      ['o-1', 'o-2', 'o-3'],
      ['o-2', 'o-3'],
    ]);
  });

  it('does not count throttled enrichments against MaximumRetryAttempts', async () => {
    const { cloud, lambda, pipes, busEvents, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', (records) => records);
    lambda.throttled = true;
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', MaximumRetryAttempts: 0 } } })));
    await putOrder('o-1');
    await cloud.clock.advance(10_000);
    lambda.throttled = false;
    await cloud.clock.runUntilIdle();
    expect(busEvents()).toHaveLength(1);
    expect(cloud.pipes.executions()[0]!.attempts.at(-1)!.outcome).toBe('succeeded');
  });

  it('discards records older than MaximumRecordAgeInSeconds before trying them again', async () => {
    const { cloud, lambda, pipes, busEvents, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', () => {
      throw new Error('down');
    });
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: 60 } } })));
    await putOrder('o-1');
    await cloud.clock.runUntilIdle();
    expect(busEvents()).toEqual([]);
    const [execution] = cloud.pipes.executions();
    expect(execution!.discarded).toEqual([expect.objectContaining({ condition: 'RecordAgeExceeded' })]);
    // Tries at 0.25, 1.25, 3.25, 7.25, 15.25 and 31.25 seconds; the next would come at 63.25, past the 60.
    expect(execution!.attempts.map((a) => a.at - START)).toEqual([250, 1250, 3250, 7250, 15_250, 31_250]);
    expect(execution!.discarded[0]!.at - START).toBe(63_250);
  });

  it('keeps its place while stopped and reads on from there when started; LATEST skips what came before, TRIM_HORIZON does not', async () => {
    const { cloud, lambda, pipes, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', (records) => records);
    await putOrder('before');
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH })));
    await pipes.send(new CreatePipeCommand(pipeInput({ Name: 'replay', Enrichment: ENRICH, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON' } } })));
    await cloud.clock.runUntilIdle();
    await pipes.send(new StopPipeCommand({ Name: 'orders-outbox' }));
    await cloud.clock.runUntilIdle();
    await putOrder('while-stopped');
    await cloud.clock.runUntilIdle();
    const ids = (pipe: string) => cloud.pipes.executions(pipe).flatMap((e) => e.records.map((r) => (r.dynamodb.Keys.orderId as { S: string }).S));
    expect(ids('orders-outbox')).toEqual([]);
    expect(ids('replay')).toEqual(['before', 'while-stopped']);
    await pipes.send(new StartPipeCommand({ Name: 'orders-outbox' }));
    await cloud.clock.runUntilIdle();
    expect(ids('orders-outbox')).toEqual(['while-stopped']);
  });

  it('runs with what UpdatePipe changed, keeping the stream parameters given whole', async () => {
    const { cloud, pipes, busEvents, putOrder, pipeInput } = await setup();
    await pipes.send(new CreatePipeCommand(pipeInput({ TargetParameters: { EventBridgeEventBusParameters: { Source: 'shop.orders', DetailType: 'OrderChanged' } } })));
    await cloud.clock.runUntilIdle();
    await pipes.send(
      new UpdatePipeCommand({
        Name: 'orders-outbox',
        RoleArn: ROLE,
        SourceParameters: { FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { NewImage: { status: { S: ['PAID'] } } } }) }] } },
        TargetParameters: { EventBridgeEventBusParameters: { Source: 'shop.payments', DetailType: 'OrderPaid' } },
      }),
    );
    await cloud.clock.runUntilIdle();
    await putOrder('o-1', 'PLACED');
    await putOrder('o-2', 'PAID');
    await cloud.clock.runUntilIdle();
    expect(busEvents().map((e) => [e.source, e['detail-type']])).toEqual([['shop.payments', 'OrderPaid']]);
    const described = await pipes.send(new DescribePipeCommand({ Name: 'orders-outbox' }));
    expect(described.SourceParameters?.DynamoDBStreamParameters).toEqual({ StartingPosition: 'LATEST' });
    expect(described.CurrentState).toBe('RUNNING');
  });

  it("keeps 24 hours of executions in its journal, the stream's retention", async () => {
    const { cloud, pipes, putOrder, pipeInput } = await setup();
    const day = 24 * 3600_000;
    await pipes.send(new CreatePipeCommand(pipeInput()));
    await putOrder('o-1');
    await cloud.clock.runUntilIdle();
    const { startedAt } = cloud.pipes.executions()[0]!;
    await cloud.clock.advance(day - 60_000);
    await putOrder('o-2');
    await cloud.clock.runUntilIdle();
    const orders = () => cloud.pipes.executions().map((e) => (e.records[0]!.dynamodb.Keys.orderId as { S: string }).S);
    await cloud.clock.advance(startedAt + day - 1 - cloud.clock.now());
    expect(orders()).toEqual(['o-1', 'o-2']);
    await cloud.clock.advance(1);
    expect(orders()).toEqual(['o-2']);
    await cloud.clock.advance(day);
    expect(cloud.pipes.executions('orders-outbox')).toEqual([]);
  });

  it('counts events and failures in the AWS/EventBridge/Pipes metrics', async () => {
    const { cloud, lambda, pipes, putOrder, pipeInput } = await setup();
    lambda.handlers.set('to-domain-events', () => {
      throw new Error('down');
    });
    await pipes.send(new CreatePipeCommand(pipeInput({ Enrichment: ENRICH, SourceParameters: { DynamoDBStreamParameters: { StartingPosition: 'LATEST', MaximumRetryAttempts: 1 } } })));
    await putOrder('o-1');
    await cloud.clock.runUntilIdle();
    const sum = (name: string) => cloud.metrics.sum({ namespace: 'AWS/EventBridge/Pipes', name, dimensions: { PipeName: 'orders-outbox' } });
    expect([sum('EventCount'), sum('EnrichmentStageFailed'), sum('ExecutionFailed')]).toEqual([1, 2, 1]);
  });
});
