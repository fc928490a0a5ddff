import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  IdempotentParameterMismatchException,
  ListTablesCommand,
  PutItemCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { localClient } from '../local-request-handler.ts';
import { handleDynamoDbRequest } from './json-protocol.ts';
import { DynamoDbTables } from './tables.ts';

/** A real DynamoDB client whose requests are answered by `tables` instead of the network. */
function clientFor(tables: DynamoDbTables): DynamoDBClient {
  let n = 0;
  return localClient(DynamoDBClient, (request) => handleDynamoDbRequest(tables, request, `req-${++n}`));
}

/** The error a promise rejects with, for asserting its type and whole message. */
async function failure(promise: Promise<unknown>): Promise<DynamoDBServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as DynamoDBServiceException;
  }
  throw new Error('expected the request to fail');
}

describe('DynamoDB through the AWS SDK', () => {
  let tables: DynamoDbTables;
  let client: DynamoDBClient;
  let doc: DynamoDBDocumentClient;

  beforeEach(async () => {
    tables = new DynamoDbTables({ now: () => 1_700_000_000_000, account: '123456789012', region: 'us-east-1' });
    client = clientFor(tables);
    doc = DynamoDBDocumentClient.from(client);
    await client.send(
      new CreateTableCommand({
        TableName: 'Users',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await client.send(
      new CreateTableCommand({
        TableName: 'Orders',
        KeySchema: [
          { AttributeName: 'customer', KeyType: 'HASH' },
          { AttributeName: 'placedAt', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'customer', AttributeType: 'S' },
          { AttributeName: 'placedAt', AttributeType: 'N' },
          { AttributeName: 'status', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'byStatus', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  describe('tables', () => {
    it('describes a new table as ACTIVE with its key schema, ARN and billing mode', async () => {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'Users' }));
      expect(Table).toMatchObject({
        TableName: 'Users',
        TableStatus: 'ACTIVE',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Users',
        BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
        ItemCount: 0,
      });
      expect(Table?.CreationDateTime).toEqual(new Date(1_700_000_000_000));
    });

    it('lists tables in name order and pages them', async () => {
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['Orders', 'Users']);
      expect(await client.send(new ListTablesCommand({ Limit: 1 }))).toMatchObject({ TableNames: ['Orders'], LastEvaluatedTableName: 'Orders' });
    });

    it('refuses a second table of the same name', async () => {
      const error = await failure(
        client.send(new CreateTableCommand({ TableName: 'Users', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })),
      );
      expect(error).toBeInstanceOf(ResourceInUseException);
      expect(error.message).toBe('Table already exists: Users');
    });

    it('refuses a key attribute missing from AttributeDefinitions', async () => {
      const error = await failure(
        client.send(new CreateTableCommand({ TableName: 'Things', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' })),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [id]');
    });

    it('deletes a table, after which it is not found', async () => {
      const deleted = await client.send(new DeleteTableCommand({ TableName: 'Users' }));
      expect(deleted.TableDescription?.TableStatus).toBe('DELETING');
      const error = await failure(client.send(new DescribeTableCommand({ TableName: 'Users' })));
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.message).toBe('Requested resource not found: Table: Users not found');
    });

    it('answers item requests on a missing table with ResourceNotFoundException', async () => {
      const error = await failure(doc.send(new GetCommand({ TableName: 'Nope', Key: { pk: 'a' } })));
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error.message).toBe('Requested resource not found');
    });
  });

  describe('items with the document client', () => {
    it('puts, gets, updates and deletes an item', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'user#1', email: 'user@example.com', tags: new Set(['new']), profile: { name: 'Ada', langs: ['en'] } } }));
      expect((await doc.send(new GetCommand({ TableName: 'Users', Key: { pk: 'user#1' } }))).Item).toEqual({
        pk: 'user#1',
        email: 'user@example.com',
        tags: new Set(['new']),
        profile: { name: 'Ada', langs: ['en'] },
      });
      const updated = await doc.send(
        new UpdateCommand({
          TableName: 'Users',
          Key: { pk: 'user#1' },
          UpdateExpression: 'SET profile.langs = list_append(profile.langs, :more), #s = :s REMOVE email ADD tags :t',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':more': ['fr'], ':s': 'ACTIVE', ':t': new Set(['vip']) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      expect(updated.Attributes).toEqual({ pk: 'user#1', status: 'ACTIVE', tags: new Set(['new', 'vip']), profile: { name: 'Ada', langs: ['en', 'fr'] } });
      const deleted = await doc.send(new DeleteCommand({ TableName: 'Users', Key: { pk: 'user#1' }, ReturnValues: 'ALL_OLD' }));
      expect(deleted.Attributes?.status).toBe('ACTIVE');
      expect((await doc.send(new GetCommand({ TableName: 'Users', Key: { pk: 'user#1' } }))).Item).toBeUndefined();
    });

    it('projects attributes, nested paths included', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'u', a: 1, b: { c: [10, 20, 30], d: 'x' } } }));
      const got = await doc.send(new GetCommand({ TableName: 'Users', Key: { pk: 'u' }, ProjectionExpression: 'a, b.c[2]' }));
      expect(got.Item).toEqual({ a: 1, b: { c: [30] } });
    });

    it('writes an event once: the second conditional put fails with ConditionalCheckFailedException', async () => {
      const put = () => doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'event#abc', seenAt: 1 }, ConditionExpression: 'attribute_not_exists(pk)' }));
      await put();
      const error = await failure(put());
      expect(error).toBeInstanceOf(ConditionalCheckFailedException);
      expect(error.name).toBe('ConditionalCheckFailedException');
      expect(error.message).toBe('The conditional request failed');
      expect(error.$metadata.httpStatusCode).toBe(400);
    });

    it('returns the item that failed the condition when asked to', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'k', v: 1 } }));
      const error = await failure(
        client.send(new PutItemCommand({ TableName: 'Users', Item: { pk: { S: 'k' } }, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })),
      );
      expect((error as ConditionalCheckFailedException).Item).toEqual({ pk: { S: 'k' }, v: { N: '1' } });
    });

    it('counts with ADD, creating the attribute the first time', async () => {
      for (let i = 0; i < 3; i++) {
        await doc.send(new UpdateCommand({ TableName: 'Users', Key: { pk: 'counter' }, UpdateExpression: 'ADD #c :one', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1 } }));
      }
      expect((await doc.send(new GetCommand({ TableName: 'Users', Key: { pk: 'counter' } }))).Item).toEqual({ pk: 'counter', count: 3 });
    });

    it('counts with SET if_not_exists + :one, returning the new value', async () => {
      const bump = () =>
        doc.send(
          new UpdateCommand({
            TableName: 'Users',
            Key: { pk: 'views' },
            UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
      expect((await bump()).Attributes).toEqual({ count: 1 });
      expect((await bump()).Attributes).toEqual({ count: 2 });
    });

    it('adds decimals exactly', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'p', amount: 0.1 } }));
      const r = await client.send(new UpdateItemCommand({ TableName: 'Users', Key: { pk: { S: 'p' } }, UpdateExpression: 'SET amount = amount + :x', ExpressionAttributeValues: { ':x': { N: '0.2' } }, ReturnValues: 'UPDATED_NEW' }));
      expect(r.Attributes).toEqual({ amount: { N: '0.3' } });
    });

    it('writes and reads in batches', async () => {
      await doc.send(new BatchWriteCommand({ RequestItems: { Users: [{ PutRequest: { Item: { pk: 'a' } } }, { PutRequest: { Item: { pk: 'b' } } }] } }));
      const got = await doc.send(new BatchGetCommand({ RequestItems: { Users: { Keys: [{ pk: 'a' }, { pk: 'b' }, { pk: 'c' }] } } }));
      expect(got.Responses?.Users).toEqual([{ pk: 'a' }, { pk: 'b' }]);
      expect(tables.items('Users')).toEqual([{ pk: { S: 'a' } }, { pk: { S: 'b' } }]);
    });
  });

  describe('query and scan', () => {
    beforeEach(async () => {
      for (let i = 1; i <= 5; i++) {
        await doc.send(new PutCommand({ TableName: 'Orders', Item: { customer: 'c1', placedAt: i * 10, status: i % 2 ? 'SHIPPED' : 'PENDING', amount: i } }));
      }
      await doc.send(new PutCommand({ TableName: 'Orders', Item: { customer: 'c2', placedAt: 5, amount: 99 } }));
    });

    it('queries a partition with a sort-key condition, in sort-key order', async () => {
      const r = await doc.send(
        new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'customer = :c AND placedAt BETWEEN :a AND :b', ExpressionAttributeValues: { ':c': 'c1', ':a': 20, ':b': 40 } }),
      );
      expect(r.Items?.map((i) => i.placedAt)).toEqual([20, 30, 40]);
      expect(r).toMatchObject({ Count: 3, ScannedCount: 3 });
      expect(r.LastEvaluatedKey).toBeUndefined();
    });

    it('queries backwards with ScanIndexForward false', async () => {
      const r = await doc.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'customer = :c AND placedAt > :a', ExpressionAttributeValues: { ':c': 'c1', ':a': 25 }, ScanIndexForward: false }));
      expect(r.Items?.map((i) => i.placedAt)).toEqual([50, 40, 30]);
    });

    it('pages with Limit and ExclusiveStartKey until LastEvaluatedKey is absent', async () => {
      const pages: number[][] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const r = await doc.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 'c1' }, Limit: 2, ExclusiveStartKey: start }));
        pages.push(r.Items!.map((i) => i.placedAt as number));
        start = r.LastEvaluatedKey;
      } while (start);
      expect(pages).toEqual([[10, 20], [30, 40], [50]]);
    });

    it('filters after reading: Count is what matched, ScannedCount what was read', async () => {
      const r = await doc.send(
        new QueryCommand({
          TableName: 'Orders',
          KeyConditionExpression: 'customer = :c',
          FilterExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':c': 'c1', ':s': 'PENDING' },
          Select: 'COUNT',
        }),
      );
      expect(r).toMatchObject({ Count: 2, ScannedCount: 5 });
      expect(r.Items).toBeUndefined();
    });

    it('scans the whole table with a filter', async () => {
      const r = await doc.send(new ScanCommand({ TableName: 'Orders', FilterExpression: 'amount > :t', ExpressionAttributeValues: { ':t': 4 } }));
      expect(r.Items?.map((i) => i.amount)).toEqual([5, 99]);
      expect(r).toMatchObject({ Count: 2, ScannedCount: 6 });
    });

    it('queries a global secondary index, which holds only items with its key', async () => {
      const r = await doc.send(new QueryCommand({ TableName: 'Orders', IndexName: 'byStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'SHIPPED' } }));
      expect(r.Items).toEqual([
        { customer: 'c1', placedAt: 10, status: 'SHIPPED' },
        { customer: 'c1', placedAt: 30, status: 'SHIPPED' },
        { customer: 'c1', placedAt: 50, status: 'SHIPPED' },
      ]);
    });
  });

  describe('validation errors, message for message', () => {
    const cases: [string, () => Promise<unknown>, string][] = [
      ['a put without the partition key', () => doc.send(new PutCommand({ TableName: 'Users', Item: { id: 'x' } })), 'One or more parameter values were invalid: Missing the key pk in the item'],
      [
        'a put with a key of the wrong type',
        () => doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 1 } })),
        'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N',
      ],
      ['a get with the wrong key', () => doc.send(new GetCommand({ TableName: 'Users', Key: { id: 'x' } })), 'The provided key element does not match the schema'],
      [
        'an empty string key',
        () => doc.send(new PutCommand({ TableName: 'Users', Item: { pk: '' } })),
        'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
      ],
      [
        'an unused expression attribute value',
        () => doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: { ':x': 1 } })),
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}',
      ],
      [
        'an undefined expression attribute value',
        () => doc.send(new UpdateCommand({ TableName: 'Users', Key: { pk: 'a' }, UpdateExpression: 'SET v = :x', ExpressionAttributeValues: { ':y': 1 } })),
        'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :x',
      ],
      [
        'an undefined expression attribute name',
        () => doc.send(new UpdateCommand({ TableName: 'Users', Key: { pk: 'a' }, UpdateExpression: 'SET #v = :x', ExpressionAttributeValues: { ':x': 1 } })),
        'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #v',
      ],
      [
        'a reserved word as an attribute name',
        () => doc.send(new UpdateCommand({ TableName: 'Users', Key: { pk: 'a' }, UpdateExpression: 'SET status = :s', ExpressionAttributeValues: { ':s': 'x' } })),
        'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status',
      ],
      [
        'a syntax error in a condition',
        () => doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk) AND' })),
        'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "AND"',
      ],
      [
        'updating a key attribute',
        () => doc.send(new UpdateCommand({ TableName: 'Users', Key: { pk: 'a' }, UpdateExpression: 'SET pk = :v', ExpressionAttributeValues: { ':v': 'b' } })),
        'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
      ],
      [
        'arithmetic on a string',
        () =>
          doc.send(new UpdateCommand({ TableName: 'Users', Key: { pk: 'a' }, UpdateExpression: 'SET n = if_not_exists(n, :zero) + :one', ExpressionAttributeValues: { ':zero': 'zero', ':one': 1 } })),
        'An operand in the update expression has an incorrect data type',
      ],
      [
        'a query that misses the partition key',
        () => doc.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'placedAt = :p', ExpressionAttributeValues: { ':p': 1 } })),
        'Query condition missed key schema element: customer',
      ],
      [
        'a query value of the wrong type',
        () => doc.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'customer = :c', ExpressionAttributeValues: { ':c': 1 } })),
        'One or more parameter values were invalid: Condition parameter type does not match schema type',
      ],
      [
        'a filter on the sort key in a query',
        () => doc.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'customer = :c', FilterExpression: 'placedAt > :p', ExpressionAttributeValues: { ':c': 'c1', ':p': 1 } })),
        'Filter Expression can only contain non-primary key attributes: Primary key attribute: placedAt',
      ],
      [
        'an empty string set',
        () => client.send(new PutItemCommand({ TableName: 'Users', Item: { pk: { S: 'a' }, tags: { SS: [] } } })),
        'One or more parameter values were invalid: An string set  may not be empty',
      ],
      ['an item over 400 KB', () => doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'big', blob: 'x'.repeat(410_000) } })), 'Item size has exceeded the maximum allowed size'],
      [
        'a table name that is too short',
        () => doc.send(new GetCommand({ TableName: 'U', Key: { pk: 'a' } })),
        "1 validation error detected: Value 'U' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ],
    ];
    it.each(cases)('refuses %s', async (_name, send, message) => {
      const error = await failure(send());
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe(message);
      expect(error.$metadata.httpStatusCode).toBe(400);
    });
  });

  it('answers an unknown operation with UnknownOperationException', () => {
    const answer = handleDynamoDbRequest(tables, { target: 'DynamoDB_20120810.RestoreTableFromBackup', contentType: 'application/x-amz-json-1.0', body: '{}' }, 'r');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).__type).toBe('com.amazon.coral.service#UnknownOperationException');
  });

  describe('transactions', () => {
    const scanAll = async () => ({
      users: (await doc.send(new ScanCommand({ TableName: 'Users' }))).Items,
      orders: (await doc.send(new ScanCommand({ TableName: 'Orders' }))).Items,
    });

    // The exact-count design lesson 04 describes: a marker per event, and the counter, written together.
    const countOnce = (eventId: string) =>
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'Users', Item: { pk: `event#${eventId}` }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Update: { TableName: 'Users', Key: { pk: 'count#email' }, UpdateExpression: 'ADD #count :one', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':one': 1 } } },
          ],
        }),
      );

    it('makes every write of the transaction: put, update, delete and a passing check, across tables', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'ann', active: true, visits: 1 } }));
      await doc.send(new PutCommand({ TableName: 'Orders', Item: { customer: 'ann', placedAt: 1, status: 'OPEN' } }));
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { ConditionCheck: { TableName: 'Users', Key: { pk: { S: 'ann' } }, ConditionExpression: 'active = :yes', ExpressionAttributeValues: { ':yes': { BOOL: true } } } },
            { Put: { TableName: 'Orders', Item: { customer: { S: 'ann' }, placedAt: { N: '2' }, status: { S: 'OPEN' } }, ConditionExpression: 'attribute_not_exists(customer)' } },
            { Delete: { TableName: 'Orders', Key: { customer: { S: 'ann' }, placedAt: { N: '1' } }, ConditionExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': { S: 'OPEN' } } } },
            { Update: { TableName: 'Users', Key: { pk: { S: 'bob' } }, UpdateExpression: 'SET visits = :one' , ExpressionAttributeValues: { ':one': { N: '1' } } } },
          ],
        }),
      );
      expect(await scanAll()).toEqual({
        users: [{ pk: 'ann', active: true, visits: 1 }, { pk: 'bob', visits: 1 }],
        orders: [{ customer: 'ann', placedAt: 2, status: 'OPEN' }],
      });
    });

    it('counts an event once when the exact-count transaction runs for it twice', async () => {
      await countOnce('e-1');
      const error = (await failure(countOnce('e-1'))) as TransactionCanceledException;
      expect(error).toBeInstanceOf(TransactionCanceledException);
      expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]');
      expect(error.CancellationReasons).toEqual([{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }]);
      await countOnce('e-2');
      expect((await doc.send(new GetCommand({ TableName: 'Users', Key: { pk: 'count#email' } }))).Item).toEqual({ pk: 'count#email', count: 2 });
    });

    it('sends the cancellation as DynamoDB does, with a capital-M Message', async () => {
      await countOnce('e-1');
      const body = JSON.stringify({
        TransactItems: [{ Put: { TableName: 'Users', Item: { pk: { S: 'event#e-1' } }, ConditionExpression: 'attribute_not_exists(pk)' } }],
      });
      const answer = handleDynamoDbRequest(tables, { target: 'DynamoDB_20120810.TransactWriteItems', contentType: 'application/x-amz-json-1.0', body }, 'r');
      expect([answer.status, JSON.parse(answer.body)]).toEqual([
        400,
        {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          CancellationReasons: [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }],
          Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]',
        },
      ]);
    });

    it('writes nothing when any condition fails, and gives one reason per action in order', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'ann', visits: 1 } }));
      const before = await scanAll();
      const error = (await failure(
        client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: 'Users', Item: { pk: { S: 'new' } } } },
              { Update: { TableName: 'Users', Key: { pk: { S: 'ann' } }, UpdateExpression: 'ADD visits :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
              { Delete: { TableName: 'Users', Key: { pk: { S: 'zed' } }, ConditionExpression: 'attribute_exists(pk)' } },
              { Put: { TableName: 'Orders', Item: { customer: { S: 'ann' }, placedAt: { N: '1' } } } },
            ],
          }),
        ),
      )) as TransactionCanceledException;
      expect(error).toBeInstanceOf(TransactionCanceledException);
      expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, None, ConditionalCheckFailed, None]');
      expect(error.CancellationReasons).toEqual([{ Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }]);
      expect(await scanAll()).toEqual(before);
    });

    it('returns the item whose condition failed when the action asks for ALL_OLD', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'ann', active: false } }));
      const error = (await failure(
        doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { ConditionCheck: { TableName: 'Users', Key: { pk: 'ann' }, ConditionExpression: 'active = :yes', ExpressionAttributeValues: { ':yes': true }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
              { Put: { TableName: 'Users', Item: { pk: 'order-1' } } },
            ],
          }),
        ),
      )) as TransactionCanceledException;
      expect(error.CancellationReasons).toEqual([{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'ann' }, active: { BOOL: false } } }, { Code: 'None' }]);
      expect((await doc.send(new GetCommand({ TableName: 'Users', Key: { pk: 'order-1' } }))).Item).toBeUndefined();
    });

    it('cancels, as a ValidationError reason, an update that cannot apply to the item as it is', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'ann', visits: 'many' } }));
      const before = await scanAll();
      const error = (await failure(
        doc.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: 'Users', Item: { pk: 'bob' } } },
              { Update: { TableName: 'Users', Key: { pk: 'ann' }, UpdateExpression: 'ADD visits :one', ExpressionAttributeValues: { ':one': 1 } } },
            ],
          }),
        ),
      )) as TransactionCanceledException;
      expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ValidationError]');
      expect(error.CancellationReasons).toEqual([{ Code: 'None' }, { Code: 'ValidationError', Message: 'An operand in the update expression has an incorrect data type' }]);
      expect(await scanAll()).toEqual(before);
    });

    const put = (pk: string) => ({ Put: { TableName: 'Users', Item: { pk } } });
    const invalid: [string, () => Promise<unknown>, string][] = [
      ['an empty list', () => doc.send(new TransactWriteCommand({ TransactItems: [] })), "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1"],
      [
        'more than 100 actions',
        () => doc.send(new TransactWriteCommand({ TransactItems: Array.from({ length: 101 }, (_, i) => put(`u-${i}`)) })),
        "1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100",
      ],
      [
        'two actions on one item',
        () => doc.send(new TransactWriteCommand({ TransactItems: [put('a'), { Delete: { TableName: 'Users', Key: { pk: 'a' } } }] })),
        'Transaction request cannot include multiple operations on one item',
      ],
      [
        'two kinds of action in one',
        () => doc.send(new TransactWriteCommand({ TransactItems: [{ ...put('a'), Delete: { TableName: 'Users', Key: { pk: 'b' } } }] })),
        'TransactItems can only contain one of Check, Put, Update or Delete',
      ],
      [
        'a check without its condition',
        () => doc.send(new TransactWriteCommand({ TransactItems: [put('a'), { ConditionCheck: { TableName: 'Users', Key: { pk: 'b' } } as never }] })),
        "1 validation error detected: Value null at 'transactItems.2.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null",
      ],
      [
        'a table name too short in a later action',
        () => doc.send(new TransactWriteCommand({ TransactItems: [put('a'), { Delete: { TableName: 'U', Key: { pk: 'b' } } }] })),
        "1 validation error detected: Value 'U' at 'transactItems.2.member.delete.tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      ],
      [
        'an unused value in a later action',
        () => doc.send(new TransactWriteCommand({ TransactItems: [put('a'), { Update: { TableName: 'Users', Key: { pk: 'b' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1, ':m': 2 } } }] })),
        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:m}',
      ],
      [
        'an update of a key attribute',
        () => doc.send(new TransactWriteCommand({ TransactItems: [put('a'), { Update: { TableName: 'Users', Key: { pk: 'b' }, UpdateExpression: 'SET pk = :n', ExpressionAttributeValues: { ':n': 'c' } } }] })),
        'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
      ],
    ];
    it.each(invalid)('refuses %s as a whole, before writing anything', async (_name, send, message) => {
      const error = await failure(send());
      expect([error.name, error.message]).toEqual(['ValidationException', message]);
      expect((await scanAll()).users).toEqual([]);
    });

    it('refuses an action on a table that does not exist, before writing anything', async () => {
      const missing = await failure(doc.send(new TransactWriteCommand({ TransactItems: [put('a'), { Put: { TableName: 'Nope', Item: { pk: 'a' } } }] })));
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(missing.message).toBe('Requested resource not found');
      expect((await scanAll()).users).toEqual([]);
    });

    it('does a transaction once per ClientRequestToken within 10 minutes, and refuses the token for another request', async () => {
      let now = 1_700_000_000_000;
      const ticking = new DynamoDbTables({ now: () => now, account: '123456789012', region: 'us-east-1' });
      const low = clientFor(ticking);
      await low.send(new CreateTableCommand({ TableName: 'Counts', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
      const add = (token: string, amount: string) =>
        low.send(
          new TransactWriteItemsCommand({
            ClientRequestToken: token,
            TransactItems: [{ Update: { TableName: 'Counts', Key: { pk: { S: 'total' } }, UpdateExpression: 'ADD n :d', ExpressionAttributeValues: { ':d': { N: amount } } } }],
          }),
        );
      const total = async () => (await low.send(new GetItemCommand({ TableName: 'Counts', Key: { pk: { S: 'total' } } }))).Item?.n;
      await add('retry-me', '1');
      await add('retry-me', '1');
      expect(await total()).toEqual({ N: '1' });
      const mismatch = await failure(add('retry-me', '5'));
      expect(mismatch).toBeInstanceOf(IdempotentParameterMismatchException);
      now += 10 * 60 * 1000;
      await add('retry-me', '1');
      expect(await total()).toEqual({ N: '2' });
      // Without a token of its own, each send gets a fresh one from the SDK: two sends, two additions.
      await low.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: { TableName: 'Counts', Key: { pk: { S: 'total' } }, UpdateExpression: 'ADD n :d', ExpressionAttributeValues: { ':d': { N: '1' } } } }] }));
      await low.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: { TableName: 'Counts', Key: { pk: { S: 'total' } }, UpdateExpression: 'ADD n :d', ExpressionAttributeValues: { ':d': { N: '1' } } } }] }));
      expect(await total()).toEqual({ N: '4' });
    });

    it('reads items together, in order, an absent one as an empty entry in its place', async () => {
      await doc.send(new PutCommand({ TableName: 'Users', Item: { pk: 'a', n: 1, secret: 'x' } }));
      await doc.send(new PutCommand({ TableName: 'Orders', Item: { customer: 'a', placedAt: 1, status: 'OPEN' } }));
      const { Responses } = await doc.send(
        new TransactGetCommand({
          TransactItems: [
            { Get: { TableName: 'Orders', Key: { customer: 'a', placedAt: 1 } } },
            { Get: { TableName: 'Users', Key: { pk: 'missing' } } },
            { Get: { TableName: 'Users', Key: { pk: 'a' }, ProjectionExpression: 'pk, #n', ExpressionAttributeNames: { '#n': 'n' } } },
          ],
        }),
      );
      expect(Responses).toEqual([{ Item: { customer: 'a', placedAt: 1, status: 'OPEN' } }, {}, { Item: { pk: 'a', n: 1 } }]);
    });

    it('refuses a read of a table that does not exist, an empty list and a wrong key', async () => {
      expect(await failure(doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 'Nope', Key: { pk: 'a' } } }] })))).toBeInstanceOf(ResourceNotFoundException);
      const empty = await failure(doc.send(new TransactGetCommand({ TransactItems: [] })));
      expect(empty.message).toBe("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
      const wrongKey = await failure(doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 'Users', Key: { id: 'a' } } }] })));
      expect([wrongKey.name, wrongKey.message]).toEqual(['ValidationException', 'The provided key element does not match the schema']);
    });
  });

  it('sends DynamoDB’s __type namespaces', () => {
    const put = (body: object) => JSON.parse(handleDynamoDbRequest(tables, { target: 'DynamoDB_20120810.GetItem', contentType: 'application/x-amz-json-1.0', body: JSON.stringify(body) }, 'r').body);
    expect(put({ TableName: 'Nope', Key: { pk: { S: 'a' } } })).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' });
    expect(put({ TableName: 'Users', Key: {} }).__type).toBe('com.amazon.coral.validate#ValidationException');
  });
});

describe('write throttling set up by a check', () => {
  let now: number;
  let tables: DynamoDbTables;
  let doc: DynamoDBDocumentClient;

  beforeEach(async () => {
    now = 1_700_000_000_000;
    tables = new DynamoDbTables({ now: () => now, account: '123456789012', region: 'us-east-1' });
    doc = DynamoDBDocumentClient.from(clientFor(tables));
    await doc.send(new CreateTableCommand({ TableName: 'Counts', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
    await doc.send(
      new CreateTableCommand({
        TableName: 'Provisioned',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
    );
  });

  const add = (pk: string) => doc.send(new UpdateCommand({ TableName: 'Counts', Key: { pk }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } }));

  it('refuses writes to a hot item until the throttle ends, and leaves other items alone', async () => {
    tables.throttleWrites('Counts', now + 30_000, { pk: { S: 'email' } });
    const throttled = await failure(add('email'));
    expect([throttled.name, throttled.message]).toEqual([
      'ThrottlingException',
      'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
    ]);
    await add('google');
    now += 30_000;
    await add('email');
    expect(tables.items('Counts').map((item) => [item.pk, item.n])).toEqual([
      [{ S: 'email' }, { N: '1' }],
      [{ S: 'google' }, { N: '1' }],
    ]);
  });

  it('throttles a provisioned table with ProvisionedThroughputExceededException', async () => {
    tables.throttleWrites('Provisioned', now + 1);
    const throttled = await failure(doc.send(new PutCommand({ TableName: 'Provisioned', Item: { pk: 'a' } })));
    expect([throttled.name, throttled.message]).toEqual([
      'ProvisionedThroughputExceededException',
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    ]);
  });

  it('cancels a transaction with a throttled action, writing none of it', async () => {
    tables.throttleWrites('Counts', now + 1, { pk: { S: 'email' } });
    const error = (await failure(
      doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'Counts', Item: { pk: 'event#e-1' }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Update: { TableName: 'Counts', Key: { pk: 'email' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } },
          ],
        }),
      ),
    )) as TransactionCanceledException;
    expect(error.message).toBe('Transaction cancelled, please refer cancellation reasons for specific reasons [None, ThrottlingError]');
    expect(error.CancellationReasons?.[1]?.Code).toBe('ThrottlingError');
    expect(tables.items('Counts')).toEqual([]);
  });

  it('hands throttled items of a batch back as unprocessed', async () => {
    tables.throttleWrites('Counts', now + 1, { pk: { S: 'email' } });
    const { UnprocessedItems } = await doc.send(new BatchWriteCommand({ RequestItems: { Counts: [{ PutRequest: { Item: { pk: 'email' } } }, { PutRequest: { Item: { pk: 'google' } } }] } }));
    expect(UnprocessedItems).toEqual({ Counts: [{ PutRequest: { Item: { pk: 'email' } } }] });
    expect(tables.items('Counts')).toEqual([{ pk: { S: 'google' } }]);
  });
});
