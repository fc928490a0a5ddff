// DynamoDB Streams through the real @aws-sdk/client-dynamodb: StreamSpecification on CreateTable and UpdateTable,
// what DescribeTable shows, and the record each kind of write leaves in the stream, per view type.

import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type StreamViewType,
  type UpdateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { localClient } from '../local-request-handler.ts';
import { handleDynamoDbRequest } from './json-protocol.ts';
import { STREAM_RETENTION_MS } from './streams.ts';
import { DynamoDbTables } from './tables.ts';

const START = Date.parse('2026-03-01T09:30:00.123Z');

function setup() {
  let now = START;
  const tables = new DynamoDbTables({ now: () => now, account: '123456789012', region: 'eu-west-1' });
  let n = 0;
  const client = localClient(DynamoDBClient, (request) => handleDynamoDbRequest(tables, request, `req-${++n}`));
  return { tables, client, advance: (ms: number) => (now += ms) };
}

async function ordersTable(client: DynamoDBClient, viewType?: StreamViewType, name = 'orders') {
  const { TableDescription } = await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(viewType ? { StreamSpecification: { StreamEnabled: true, StreamViewType: viewType } } : {}),
    }),
  );
  return TableDescription!;
}

async function failure(promise: Promise<unknown>): Promise<DynamoDBServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as DynamoDBServiceException;
  }
  throw new Error('expected the request to fail');
}

const put = (orderId: string, status: string) => new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: orderId }, status: { S: status } } });

describe('a table with a stream', () => {
  it('describes its stream: the view type, and an ARN whose label is when the stream was made', async () => {
    const { client } = setup();
    const created = await ordersTable(client, 'NEW_AND_OLD_IMAGES');
    expect(created).toMatchObject({
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      LatestStreamLabel: '2026-03-01T09:30:00.123',
      LatestStreamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-03-01T09:30:00.123',
    });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'orders' }));
    expect(Table?.LatestStreamArn).toBe(created.LatestStreamArn);
  });

  it('shows no stream on a table created without one, or with StreamEnabled false', async () => {
    const { client } = setup();
    expect(await ordersTable(client)).not.toHaveProperty('LatestStreamArn');
    await client.send(
      new CreateTableCommand({
        TableName: 'quiet',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: false },
      }),
    );
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'quiet' }));
    expect(Table).not.toHaveProperty('StreamSpecification');
    expect(Table).not.toHaveProperty('LatestStreamArn');
  });

  it('writes an INSERT, a MODIFY and a REMOVE record, with both images, keys and sequence numbers in order', async () => {
    const { client, tables, advance } = setup();
    const { LatestStreamArn } = await ordersTable(client, 'NEW_AND_OLD_IMAGES');
    await client.send(put('o-1', 'PLACED'));
    advance(2_000);
    await client.send(
      new UpdateItemCommand({ TableName: 'orders', Key: { orderId: { S: 'o-1' } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'PAID' } } }),
    );
    await client.send(new DeleteItemCommand({ TableName: 'orders', Key: { orderId: { S: 'o-1' } } }));
    const records = tables.streams.read(LatestStreamArn!, undefined);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(records[0]).toEqual({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(START / 1000),
        Keys: { orderId: { S: 'o-1' } },
        NewImage: { orderId: { S: 'o-1' }, status: { S: 'PLACED' } },
        SequenceNumber: expect.stringMatching(/^\d{21}$/),
        // The key (10 bytes) and the new image (22): DynamoDB's item sizes.
        SizeBytes: 32,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: LatestStreamArn,
    });
    expect(records[1]!.dynamodb).toMatchObject({
      ApproximateCreationDateTime: Math.floor(START / 1000) + 2,
      OldImage: { status: { S: 'PLACED' } },
      NewImage: { status: { S: 'PAID' } },
    });
    expect(records[2]!.dynamodb.OldImage).toEqual({ orderId: { S: 'o-1' }, status: { S: 'PAID' } });
    expect(records[2]!.dynamodb).not.toHaveProperty('NewImage');
    const sequence = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
    expect(sequence[0]! < sequence[1]! && sequence[1]! < sequence[2]!).toBe(true);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(3);
  });

  it.each([
    ['KEYS_ONLY', [], []],
    ['NEW_IMAGE', ['NewImage'], ['NewImage']],
    ['OLD_IMAGE', [], ['OldImage']],
    ['NEW_AND_OLD_IMAGES', ['NewImage'], ['NewImage', 'OldImage']],
  ] as const)('with %s, an insert carries %j and a modify %j beside the keys', async (viewType, insertImages, modifyImages) => {
    const { client, tables } = setup();
    const { LatestStreamArn } = await ordersTable(client, viewType);
    await client.send(put('o-1', 'PLACED'));
    await client.send(put('o-1', 'PAID'));
    const [insert, modify] = tables.streams.read(LatestStreamArn!, undefined);
    const images = (r: typeof insert) => Object.keys(r!.dynamodb).filter((k) => k.endsWith('Image')).sort();
    expect(images(insert)).toEqual([...insertImages]);
    expect(images(modify)).toEqual([...modifyImages]);
    expect(modify!.dynamodb.Keys).toEqual({ orderId: { S: 'o-1' } });
    expect(modify!.dynamodb.StreamViewType).toBe(viewType);
  });

  it('writes no record for a write that changes nothing: the same item again, a delete of a missing item, a failed condition', async () => {
    const { client, tables } = setup();
    const { LatestStreamArn } = await ordersTable(client, 'NEW_AND_OLD_IMAGES');
    await client.send(new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: 'o-1' }, total: { N: '10.50' } } }));
    // The same values, a number written differently: DynamoDB compares numbers by value.
    await client.send(new PutItemCommand({ TableName: 'orders', Item: { total: { N: '10.5' }, orderId: { S: 'o-1' } } }));
    await client.send(new DeleteItemCommand({ TableName: 'orders', Key: { orderId: { S: 'nobody' } } }));
    await failure(client.send(new PutItemCommand({ TableName: 'orders', Item: { orderId: { S: 'o-1' } }, ConditionExpression: 'attribute_not_exists(orderId)' })));
    expect(tables.streams.read(LatestStreamArn!, undefined).map((r) => r.eventName)).toEqual(['INSERT']);
  });

  it('writes a record per item that BatchWriteItem and TransactWriteItems change, and none for a ConditionCheck', async () => {
    const { client, tables } = setup();
    const { LatestStreamArn } = await ordersTable(client, 'KEYS_ONLY');
    await client.send(new BatchWriteItemCommand({ RequestItems: { orders: [{ PutRequest: { Item: { orderId: { S: 'a' } } } }, { PutRequest: { Item: { orderId: { S: 'b' } } } }] } }));
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Delete: { TableName: 'orders', Key: { orderId: { S: 'a' } } } },
          { ConditionCheck: { TableName: 'orders', Key: { orderId: { S: 'b' } }, ConditionExpression: 'attribute_exists(orderId)' } },
          { Put: { TableName: 'orders', Item: { orderId: { S: 'c' } } } },
        ],
      }),
    );
    const records = tables.streams.read(LatestStreamArn!, undefined);
    expect(records.map((r) => `${r.eventName} ${r.dynamodb.Keys.orderId && 'S' in r.dynamodb.Keys.orderId ? r.dynamodb.Keys.orderId.S : ''}`)).toEqual(['INSERT a', 'INSERT b', 'REMOVE a', 'INSERT c']);
  });

  it('reads after a position, from the trim horizon or the latest record, and keeps records 24 hours', async () => {
    const { client, tables, advance } = setup();
    const { LatestStreamArn } = await ordersTable(client, 'KEYS_ONLY');
    const arn = LatestStreamArn!;
    await client.send(put('o-1', 'PLACED'));
    const latest = tables.streams.startingPosition(arn, 'LATEST');
    advance(STREAM_RETENTION_MS - 1000);
    await client.send(put('o-2', 'PLACED'));
    expect(tables.streams.read(arn, latest).map((r) => r.dynamodb.Keys)).toEqual([{ orderId: { S: 'o-2' } }]);
    expect(tables.streams.read(arn, tables.streams.startingPosition(arn, 'TRIM_HORIZON'))).toHaveLength(2);
    advance(1000);
    expect(tables.streams.read(arn, undefined).map((r) => r.dynamodb.Keys)).toEqual([{ orderId: { S: 'o-2' } }]);
    expect(tables.streams.read(arn, undefined, 0)).toEqual([]);
  });

  it('counts the records after a position as read would return them, up to a limit', async () => {
    const { client, tables, advance } = setup();
    const { LatestStreamArn } = await ordersTable(client, 'KEYS_ONLY');
    const arn = LatestStreamArn!;
    for (const id of ['o-1', 'o-2', 'o-3']) await client.send(put(id, 'PLACED'));
    const [first] = tables.streams.read(arn, undefined);
    expect([tables.streams.count(arn, undefined), tables.streams.count(arn, undefined, 2), tables.streams.count(arn, first!.dynamodb.SequenceNumber)]).toEqual([3, 2, 2]);
    expect(tables.streams.count(arn, tables.streams.startingPosition(arn, 'LATEST'))).toBe(0);
    expect(tables.streams.count('arn:aws:dynamodb:eu-west-1:123456789012:table/missing/stream/x', undefined)).toBe(0);
    advance(STREAM_RETENTION_MS);
    expect(tables.streams.count(arn, undefined)).toBe(0);
  });

  it('tells a listener which stream got a record', async () => {
    const { client, tables } = setup();
    const { LatestStreamArn } = await ordersTable(client, 'KEYS_ONLY');
    const heard: string[] = [];
    const stop = tables.streams.onRecord((arn) => heard.push(arn));
    await client.send(put('o-1', 'PLACED'));
    stop();
    await client.send(put('o-2', 'PLACED'));
    expect(heard).toEqual([LatestStreamArn]);
  });
});

describe('UpdateTable and the stream', () => {
  it('enables a stream on an existing table, disables it, and enables a new one with a new ARN', async () => {
    const { client, tables, advance } = setup();
    await ordersTable(client);
    const enabled = await client.send(new UpdateTableCommand({ TableName: 'orders', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
    expect(enabled.TableDescription).toMatchObject({ TableStatus: 'UPDATING', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } });
    const first = enabled.TableDescription!.LatestStreamArn!;
    await client.send(put('o-1', 'PLACED'));

    await client.send(new UpdateTableCommand({ TableName: 'orders', StreamSpecification: { StreamEnabled: false } }));
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'orders' }));
    // A disabled stream leaves no StreamSpecification, but its ARN stays, as AWS shows.
    expect(Table).not.toHaveProperty('StreamSpecification');
    expect(Table?.LatestStreamArn).toBe(first);
    await client.send(put('o-2', 'PLACED'));
    expect(tables.streams.read(first, undefined)).toHaveLength(1);
    expect(tables.streams.describe(first)).toMatchObject({ enabled: false, tableName: 'orders', viewType: 'NEW_IMAGE' });

    advance(5);
    const again = await client.send(new UpdateTableCommand({ TableName: 'orders', StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    expect(again.TableDescription?.LatestStreamArn).not.toBe(first);
  });

  it('refuses what AWS refuses, in its words', async () => {
    const { client } = setup();
    await ordersTable(client, 'NEW_IMAGE');
    const cases: [UpdateTableCommandInput['StreamSpecification'], string][] = [
      [{ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' }, 'Table already has an enabled stream: TableName: orders'],
      [{ StreamEnabled: true }, 'One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required'],
      [{ StreamEnabled: false, StreamViewType: 'KEYS_ONLY' }, 'One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified'],
      [
        { StreamEnabled: true, StreamViewType: 'EVERYTHING' as StreamViewType },
        "1 validation error detected: Value 'EVERYTHING' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY]",
      ],
    ];
    for (const [StreamSpecification, message] of cases) {
      const error = await failure(client.send(new UpdateTableCommand({ TableName: 'orders', StreamSpecification })));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(message);
    }
    await client.send(new UpdateTableCommand({ TableName: 'orders', StreamSpecification: { StreamEnabled: false } }));
    const none = await failure(client.send(new UpdateTableCommand({ TableName: 'orders', StreamSpecification: { StreamEnabled: false } })));
    expect(none.message).toBe('Table has no stream to disable: TableName: orders');
  });

  it('closes the stream of a deleted table, whose records stay readable', async () => {
    const { client, tables } = setup();
    const { LatestStreamArn } = await ordersTable(client, 'KEYS_ONLY');
    await client.send(put('o-1', 'PLACED'));
    await client.send(new DeleteTableCommand({ TableName: 'orders' }));
    expect(tables.streams.describe(LatestStreamArn!)?.enabled).toBe(false);
    expect(tables.streams.read(LatestStreamArn!, undefined)).toHaveLength(1);
  });
});
