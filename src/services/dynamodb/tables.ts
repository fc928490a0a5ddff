// Amazon DynamoDB tables in memory: the control-plane and item operations lessons use, taking and returning
// the SDK's request and response shapes (attribute values in their JSON wire form), with DynamoDB's
// validation and its exact error messages. Tables are ACTIVE as soon as they are created.
//
// Models: CreateTable/DescribeTable/ListTables/DeleteTable; PutItem, GetItem, UpdateItem, DeleteItem with
// condition expressions and ReturnValues; Query and Scan with key conditions, filters, projections, Limit,
// pagination, ScanIndexForward, Select COUNT, parallel-scan segments; BatchWriteItem and BatchGetItem;
// TransactWriteItems (all or nothing, with cancellation reasons and ClientRequestToken) and TransactGetItems;
// global and local secondary indexes for Query and Scan (kept in step with the table at once); write
// throttling, when a check sets it up (./throttling.ts).
//
// Streams: a StreamSpecification on CreateTable or UpdateTable (the one change UpdateTable makes here) gives the
// table a stream, and every write that changes an item adds a record to it (./streams.ts).
//
// Left out: transaction conflicts (requests here never overlap) and a transaction's 4 MB limit, TTL
// expiry, PartiQL, capacity (billing mode is accepted and reported, never enforced; no ConsumedCapacity in
// answers), the legacy non-expression parameters (KeyConditions, Expected, AttributeUpdates, AttributesToGet,
// QueryFilter, ScanFilter), UpdateTable's changes other than the stream, tags and backups. Scan returns items in
// key order, where DynamoDB's order follows the hash of the partition key.

import type * as Api from '@aws-sdk/client-dynamodb';
import { Constraints } from '../../bus/constraints.ts';
import { conditionFailed, invalidExpression, keyMismatch, resourceNotFound, tableExists, TransactionCanceledException, validation } from './errors.ts';
import { applyUpdate, evaluateCondition, project } from './evaluate.ts';
import { ExpressionContext, parseCondition, parseProjection, parseUpdate, type Condition, type Path } from './expressions.ts';
import { STREAM_VIEW_TYPES, StreamLog, type StreamRecord, type StreamViewType } from './streams.ts';
import { throttlingError, throttlingReason, WriteThrottles } from './throttling.ts';
import { actionPath, cancellationReason, checkGetRequest, checkWriteRequest, ClientTokens, type CancellationReason } from './transactions.ts';
import { canonicalNumber, compareValues, InvalidValue, itemSize, typeOf, validateValue, type AttributeValue, type Item } from './values.ts';

export type { AttributeValue, Item };
export type { StreamDescription, StreamPosition, StreamRecord, StreamViewType } from './streams.ts';

export interface DynamoDbOptions {
  now: () => number;
  account: string;
  region: string;
  partition?: string;
  /** A UUID from the account's seeded randomness, for stream records' eventIDs. */
  newId?: () => string;
}

/** What the rest of the account reads of the tables' streams (a pipe, a check, the workbench). */
export type StreamReader = Pick<StreamLog, 'read' | 'count' | 'startingPosition' | 'describe' | 'onRecord'>;

type KeyType = 'S' | 'N' | 'B';

interface KeyAttribute {
  name: string;
  type: KeyType;
}

/** The key of a table or of one of its indexes. */
interface Schema {
  hash: KeyAttribute;
  range?: KeyAttribute;
}

interface Index {
  name: string;
  global: boolean;
  schema: Schema;
  projection: Api.Projection;
}

interface Table {
  name: string;
  arn: string;
  id: string;
  createdAt: number;
  schema: Schema;
  keySchema: Api.KeySchemaElement[];
  attributeDefinitions: Api.AttributeDefinition[];
  billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  throughput: { read: number; write: number };
  indexes: Map<string, Index>;
  /** Items by their key (see #keyString). */
  items: Map<string, Item>;
  /** The table's latest stream (DescribeTable's LatestStreamArn), enabled or not. */
  stream?: { arn: string; label: string; viewType: StreamViewType; enabled: boolean };
}

/** A single-item write, checked and ready: its item not yet read, nothing written. */
interface Write {
  table: Table;
  /** The item's key (see #keyString). */
  key: string;
  condition: Condition | undefined;
  /** ReturnValuesOnConditionCheckFailure. */
  onFailure: string | undefined;
  /** The item the write leaves, given the item before it (undefined: none); throws when the update cannot apply. */
  apply: (old: Item | undefined) => Item | undefined;
}

/** 400 KB, DynamoDB's item size limit. */
const MAX_ITEM_BYTES = 400 * 1024;
/** Query and Scan stop reading after 1 MB and answer with a LastEvaluatedKey. */
const MAX_PAGE_BYTES = 1024 * 1024;
const TABLE_NAME_PATTERN = /[a-zA-Z0-9_.-]+/;

const RETURN_VALUES = ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'];

export class DynamoDbTables {
  readonly #options: DynamoDbOptions;
  readonly #tables = new Map<string, Table>();
  readonly #clientTokens: ClientTokens;
  readonly #throttles: WriteThrottles;
  readonly #streams: StreamLog;
  #created = 0;

  constructor(options: DynamoDbOptions) {
    this.#options = options;
    this.#clientTokens = new ClientTokens(options.now);
    this.#throttles = new WriteThrottles(options.now);
    const newId = options.newId;
    this.#streams = new StreamLog({ now: options.now, region: options.region, ...(newId ? { newEventId: () => newId().replace(/-/g, '') } : {}) });
  }

  /** The tables' streams and their records (24 hours of them), for pipes, checks and the workbench. */
  get streams(): StreamReader {
    return this.#streams;
  }

  // ---- Tables ----

  createTable(request: Api.CreateTableInput): Api.CreateTableOutput {
    new Constraints()
      .required('tableName', request.TableName)
      .length('tableName', request.TableName, 3, 255)
      .pattern('tableName', request.TableName, TABLE_NAME_PATTERN, '[a-zA-Z0-9_.-]+')
      .required('keySchema', request.KeySchema)
      .required('attributeDefinitions', request.AttributeDefinitions)
      .oneOf('billingMode', request.BillingMode, ['PROVISIONED', 'PAY_PER_REQUEST'])
      .add((request.AttributeDefinitions ?? []).flatMap((d, i) => enumViolation(`attributeDefinitions.${i + 1}.member.attributeType`, d.AttributeType, ['B', 'N', 'S'])))
      .add(streamSpecificationViolations(request.StreamSpecification))
      .check();
    const streamViewType = requestedStream(request.StreamSpecification);
    const name = request.TableName!;
    const definitions = new Map((request.AttributeDefinitions ?? []).map((d) => [d.AttributeName!, d.AttributeType as KeyType]));
    const schema = this.#schema(request.KeySchema!, definitions);
    const billingMode = request.BillingMode ?? 'PROVISIONED';
    const throughput = request.ProvisionedThroughput;
    if (billingMode === 'PROVISIONED' && (throughput?.ReadCapacityUnits === undefined || throughput.WriteCapacityUnits === undefined)) {
      throw validation('One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
    }
    if (billingMode === 'PAY_PER_REQUEST' && throughput) {
      throw validation('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
    }
    const indexes = new Map<string, Index>();
    for (const [list, global] of [
      [request.GlobalSecondaryIndexes ?? [], true],
      [request.LocalSecondaryIndexes ?? [], false],
    ] as const) {
      for (const index of list) {
        const indexSchema = this.#schema(index.KeySchema ?? [], definitions);
        // Wording not confirmed against AWS.
        if (!global && indexSchema.hash.name !== schema.hash.name) {
          throw validation('One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: ' + index.IndexName);
        }
        if (indexes.has(index.IndexName!)) throw validation(`One or more parameter values were invalid: Duplicate index name: ${index.IndexName}`);
        indexes.set(index.IndexName!, { name: index.IndexName!, global, schema: indexSchema, projection: index.Projection ?? { ProjectionType: 'ALL' } });
      }
    }
    const used = new Set([schema, ...[...indexes.values()].map((i) => i.schema)].flatMap((s) => [s.hash.name, ...(s.range ? [s.range.name] : [])]));
    if (used.size !== definitions.size) {
      throw validation('One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
    }
    if (this.#tables.has(name)) throw tableExists(name);
    const { account, region, partition = 'aws' } = this.#options;
    const table: Table = {
      name,
      arn: `arn:${partition}:dynamodb:${region}:${account}:table/${name}`,
      id: `00000000-0000-4000-8000-${String(++this.#created).padStart(12, '0')}`,
      createdAt: this.#options.now(),
      schema,
      keySchema: request.KeySchema!.map((k) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
      attributeDefinitions: request.AttributeDefinitions!.map((d) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
      billingMode,
      throughput: { read: throughput?.ReadCapacityUnits ?? 0, write: throughput?.WriteCapacityUnits ?? 0 },
      indexes,
      items: new Map(),
    };
    this.#tables.set(name, table);
    if (streamViewType) this.#enableStream(table, streamViewType);
    // DynamoDB answers CreateTable with CREATING; here the table is ACTIVE by the next request.
    return { TableDescription: { ...this.#describe(table), TableStatus: 'CREATING' } };
  }

  describeTable(request: Api.DescribeTableInput): Api.DescribeTableOutput {
    return { Table: this.#describe(this.#table(request.TableName, true)) };
  }

  listTables(request: Api.ListTablesInput = {}): Api.ListTablesOutput {
    new Constraints().range('limit', request.Limit, 1, 100).check();
    const names = [...this.#tables.keys()].sort().filter((n) => request.ExclusiveStartTableName === undefined || n > request.ExclusiveStartTableName);
    const limit = request.Limit ?? 100;
    const page = names.slice(0, limit);
    return { TableNames: page, ...(names.length > limit ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
  }

  /**
   * UpdateTable, for its StreamSpecification: enables a stream (a new one, with a new ARN) or disables the table's.
   * Its other changes (capacity, indexes, encryption, replicas) are refused: no lesson makes them yet.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html
   */
  updateTable(request: Api.UpdateTableInput): Api.UpdateTableOutput {
    new Constraints().add(streamSpecificationViolations(request.StreamSpecification)).check();
    const table = this.#table(request.TableName, true);
    const others = Object.entries(request).filter(([member, value]) => member !== 'TableName' && member !== 'StreamSpecification' && value !== undefined && value !== null);
    if (others.length > 0) {
      throw validation(`The workbook's DynamoDB simulator's UpdateTable changes only StreamSpecification; it cannot change ${others.map(([member]) => member).join(', ')}.`);
    }
    const spec = request.StreamSpecification;
    // Wording of moto's model of this check, not confirmed against AWS.
    if (!spec) throw validation('At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required');
    const viewType = requestedStream(spec);
    // Recorded from AWS (aws-controllers-k8s' DynamoDB quirks, DDB-TABLE-050): an enabled stream cannot be enabled
    // again, not even with another view type; a table without a stream has none to disable.
    if (viewType && table.stream?.enabled) throw validation(`Table already has an enabled stream: TableName: ${table.name}`);
    if (!viewType && !table.stream?.enabled) throw validation(`Table has no stream to disable: TableName: ${table.name}`);
    if (viewType) this.#enableStream(table, viewType);
    else this.#disableStream(table);
    return { TableDescription: { ...this.#describe(table), TableStatus: 'UPDATING' } };
  }

  deleteTable(request: Api.DeleteTableInput): Api.DeleteTableOutput {
    const table = this.#table(request.TableName, true);
    this.#disableStream(table);
    this.#tables.delete(table.name);
    this.#throttles.forget(table.name);
    return { TableDescription: { ...this.#describe(table), TableStatus: 'DELETING' } };
  }

  // ---- Items ----

  putItem(request: Api.PutItemInput): Api.PutItemOutput {
    const { write, returnValues } = this.#preparePut(request);
    const { old } = this.#perform(write);
    return returnValues === 'ALL_OLD' && old ? { Attributes: old as never } : {};
  }

  getItem(request: Api.GetItemInput): Api.GetItemOutput {
    return this.#getItem(request);
  }

  /** `at` places a TransactGetItems action in AWS's messages. */
  #getItem(request: Api.GetItemInput, at = ''): Api.GetItemOutput {
    const table = this.#table(request.TableName, false, `${at}tableName`);
    rejectLegacy(request, ['AttributesToGet']);
    const context = expressionContext(request, request.ProjectionExpression !== undefined);
    const projection = request.ProjectionExpression === undefined ? undefined : parseProjection(request.ProjectionExpression, context);
    context.checkUnused();
    const item = table.items.get(this.#keyOfKey(table, request.Key));
    if (!item) return {};
    return { Item: structuredClone(projection ? project(item, projection) : item) as never };
  }

  updateItem(request: Api.UpdateItemInput): Api.UpdateItemOutput {
    const { write, returnValues, targets } = this.#prepareUpdate(request);
    const { old, next } = this.#perform(write);
    const answer = ((): Item | undefined => {
      switch (returnValues) {
        case 'ALL_OLD':
          return old;
        case 'ALL_NEW':
          return next;
        case 'UPDATED_OLD':
          return old && project(old, targets);
        case 'UPDATED_NEW':
          return next && project(next, targets);
        default:
          return undefined;
      }
    })();
    return answer && Object.keys(answer).length > 0 ? { Attributes: structuredClone(answer) as never } : {};
  }

  deleteItem(request: Api.DeleteItemInput): Api.DeleteItemOutput {
    const { write, returnValues } = this.#prepareDelete(request);
    const { old } = this.#perform(write);
    return returnValues === 'ALL_OLD' && old ? { Attributes: old as never } : {};
  }

  // Each write is checked in full before its item is read, so a transaction can check all of its actions
  // before it reads or writes anything. `at` places a transaction's action in AWS's messages.

  #preparePut(request: Api.PutItemInput, at = ''): { write: Write; returnValues: string } {
    const table = this.#table(request.TableName, false, `${at}tableName`);
    const { returnValues, condition } = conditionalWrite(request);
    const item = validateItem(request.Item);
    const key = this.#keyOfItem(table, item);
    if (itemSize(item) > MAX_ITEM_BYTES) throw validation('Item size has exceeded the maximum allowed size');
    return { write: { table, key, condition, onFailure: request.ReturnValuesOnConditionCheckFailure, apply: () => item }, returnValues };
  }

  #prepareUpdate(request: Api.UpdateItemInput, at = ''): { write: Write; returnValues: string; targets: Path[] } {
    const table = this.#table(request.TableName, false, `${at}tableName`);
    rejectLegacy(request, ['AttributeUpdates', 'Expected', 'ConditionalOperator']);
    new Constraints().oneOf('returnValues', request.ReturnValues, RETURN_VALUES).check();
    const context = expressionContext(request, request.UpdateExpression !== undefined || request.ConditionExpression !== undefined);
    const update = request.UpdateExpression === undefined ? undefined : parseUpdate(request.UpdateExpression, context);
    const condition = request.ConditionExpression === undefined ? undefined : parseCondition(request.ConditionExpression, 'ConditionExpression', context);
    context.checkUnused();
    const keyItem = this.#keyItem(table, request.Key);
    for (const target of update?.targets ?? []) {
      const name = target.elements[0];
      if (name === table.schema.hash.name || name === table.schema.range?.name) {
        throw validation(`One or more parameter values were invalid: Cannot update attribute ${String(name)}. This attribute is part of the key`);
      }
    }
    const apply = (old: Item | undefined): Item => {
      // Without an UpdateExpression, UpdateItem creates the item with just its key.
      const next = update ? applyUpdate(update, old ?? keyItem) : structuredClone(old ?? keyItem);
      if (itemSize(next) > MAX_ITEM_BYTES) throw validation('Item size to update has exceeded the maximum allowed size');
      return next;
    };
    const write = { table, key: this.#keyString(table.schema, keyItem), condition, onFailure: request.ReturnValuesOnConditionCheckFailure, apply };
    return { write, returnValues: request.ReturnValues ?? 'NONE', targets: update?.targets ?? [] };
  }

  #prepareDelete(request: Api.DeleteItemInput, at = ''): { write: Write; returnValues: string } {
    const table = this.#table(request.TableName, false, `${at}tableName`);
    const { returnValues, condition } = conditionalWrite(request);
    const key = this.#keyOfKey(table, request.Key);
    return { write: { table, key, condition, onFailure: request.ReturnValuesOnConditionCheckFailure, apply: () => undefined }, returnValues };
  }

  /** A transaction's ConditionCheck: a condition on an item, which stays as it is. */
  #prepareConditionCheck(check: Api.ConditionCheck, at: string): Write {
    const table = this.#table(check.TableName, false, `${at}tableName`);
    const context = expressionContext(check, true);
    const condition = parseCondition(check.ConditionExpression!, 'ConditionExpression', context);
    context.checkUnused();
    return { table, key: this.#keyOfKey(table, check.Key), condition, onFailure: check.ReturnValuesOnConditionCheckFailure, apply: (old) => old };
  }

  /** One write on its own: read the item, check the condition, store what the write makes of it. */
  #perform(write: Write): { old: Item | undefined; next: Item | undefined } {
    if (this.#throttles.throttled(write.table.name, write.key)) throw throttlingError(write.table.billingMode);
    const old = write.table.items.get(write.key);
    checkCondition(write.condition, old, write.onFailure);
    const next = write.apply(old);
    this.#store(write.table, write.key, old, next);
    return { old, next };
  }

  /** Stores what a write left of an item, and writes the change to the table's stream, if it has one. */
  #store(table: Table, key: string, old: Item | undefined, next: Item | undefined): void {
    if (next) table.items.set(key, next);
    else table.items.delete(key);
    const item = next ?? old;
    if (table.stream?.enabled && item) {
      const keys = pick(item, keyAttributes(table.schema).map((a) => a.name));
      this.#streams.write(table.stream.arn, keys, old, next);
    }
  }

  #enableStream(table: Table, viewType: StreamViewType): void {
    const stream = this.#streams.create(table.arn, table.name, viewType);
    table.stream = { arn: stream.streamArn, label: stream.streamLabel, viewType, enabled: true };
  }

  #disableStream(table: Table): void {
    if (!table.stream?.enabled) return;
    this.#streams.disable(table.stream.arn);
    table.stream.enabled = false;
  }

  // ---- Transactions ----
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html

  /**
   * Up to 100 writes and condition checks, all or none. Every action is checked before anything is read; then
   * each is evaluated against the items as they were before the transaction (no two actions may touch one item,
   * so their order cannot matter), and only if none would fail are the writes stored.
   */
  transactWriteItems(request: Api.TransactWriteItemsInput): Api.TransactWriteItemsOutput {
    const kinds = checkWriteRequest(request);
    const writes = request.TransactItems!.map((action, i) => {
      const kind = kinds[i]!;
      const at = `${actionPath(i, kind)}.`;
      if (kind === 'Put') return this.#preparePut(action.Put!, at).write;
      if (kind === 'Update') return this.#prepareUpdate(action.Update!, at).write;
      if (kind === 'Delete') return this.#prepareDelete(action.Delete!, at).write;
      return this.#prepareConditionCheck(action.ConditionCheck!, at);
    });
    const targets = new Set(writes.map(({ table, key }) => `${table.name}\u0000${key}`));
    if (targets.size < writes.length) throw validation('Transaction request cannot include multiple operations on one item');
    if (this.#clientTokens.replayed(request)) return {};
    const outcomes = writes.map((write): { reason: CancellationReason; next?: Item | undefined } => {
      if (this.#throttles.throttled(write.table.name, write.key)) return { reason: throttlingReason(write.table.billingMode) };
      const old = write.table.items.get(write.key);
      try {
        checkCondition(write.condition, old, write.onFailure);
        return { reason: { Code: 'None' }, next: write.apply(old) };
      } catch (error) {
        return { reason: cancellationReason(error) };
      }
    });
    if (outcomes.some(({ reason }) => reason.Code !== 'None')) throw new TransactionCanceledException(outcomes.map(({ reason }) => reason));
    writes.forEach((write, i) => this.#store(write.table, write.key, write.table.items.get(write.key), outcomes[i]!.next));
    this.#clientTokens.completed(request);
    return {};
  }

  /**
   * Up to 100 items read together, each as GetItem reads it; an absent item is an empty entry in its place.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html
   */
  transactGetItems(request: Api.TransactGetItemsInput): Api.TransactGetItemsOutput {
    checkGetRequest(request);
    const answers = request.TransactItems!.map(({ Get }, i) => this.#getItem(Get as Api.GetItemInput, `${actionPath(i, 'Get')}.`));
    return { Responses: answers.map(({ Item }) => (Item ? { Item } : {})) };
  }

  // ---- Query and Scan ----

  query(request: Api.QueryInput): Api.QueryOutput {
    const table = this.#table(request.TableName);
    rejectLegacy(request, ['KeyConditions', 'QueryFilter', 'AttributesToGet', 'ConditionalOperator']);
    const view = this.#view(table, request.IndexName);
    if (request.KeyConditionExpression === undefined) throw validation('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
    const context = expressionContext(request, true);
    const keyCondition = parseCondition(request.KeyConditionExpression, 'KeyConditionExpression', context);
    const filter = request.FilterExpression === undefined ? undefined : parseCondition(request.FilterExpression, 'FilterExpression', context);
    const projection = request.ProjectionExpression === undefined ? undefined : parseProjection(request.ProjectionExpression, context);
    context.checkUnused();
    checkPaging(request);
    const { hash, range } = keyConditionParts(view.schema, keyCondition);
    if (filter) {
      for (const name of topLevelNames(filter)) {
        if (name === view.schema.hash.name || name === view.schema.range?.name) throw validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${name}`);
      }
    }
    const start = request.ExclusiveStartKey && this.#startKey(table, view, request.ExclusiveStartKey);
    if (start && !valueEquals(start[view.schema.hash.name], hash)) {
      throw validation('The provided starting key is outside query boundaries based on provided conditions');
    }
    const items = view.items().filter((item) => valueEquals(item[view.schema.hash.name], hash) && (!range || evaluateCondition(range, item)));
    return this.#page(view, items, request.ScanIndexForward !== false, start, filter, projection, request);
  }

  scan(request: Api.ScanInput): Api.ScanOutput {
    const table = this.#table(request.TableName);
    rejectLegacy(request, ['ScanFilter', 'AttributesToGet', 'ConditionalOperator']);
    const view = this.#view(table, request.IndexName);
    const context = expressionContext(request, request.FilterExpression !== undefined || request.ProjectionExpression !== undefined);
    const filter = request.FilterExpression === undefined ? undefined : parseCondition(request.FilterExpression, 'FilterExpression', context);
    const projection = request.ProjectionExpression === undefined ? undefined : parseProjection(request.ProjectionExpression, context);
    context.checkUnused();
    checkPaging(request);
    let items = view.items();
    if (request.TotalSegments !== undefined || request.Segment !== undefined) {
      new Constraints().range('totalSegments', request.TotalSegments, 1, 1000000).range('segment', request.Segment, 0, 999999).check();
      const total = request.TotalSegments ?? 1;
      const segment = request.Segment ?? 0;
      // Wording not confirmed against AWS.
      if (request.TotalSegments === undefined || request.Segment === undefined) throw validation('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
      if (segment >= total) throw validation(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`);
      items = items.filter((item) => hashString(JSON.stringify(item[table.schema.hash.name])) % total === segment);
    }
    const start = request.ExclusiveStartKey && this.#startKey(table, view, request.ExclusiveStartKey);
    return this.#page(view, items, true, start, filter, projection, request);
  }

  // ---- Batches ----

  batchWriteItem(request: Api.BatchWriteItemInput): Api.BatchWriteItemOutput {
    const requests = Object.entries(request.RequestItems ?? {});
    if (requests.length === 0) {
      throw validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    if (requests.reduce((n, [, list]) => n + list.length, 0) > 25) throw validation('Too many items requested for the BatchWriteItem call');
    const writes: (() => void)[] = [];
    const unprocessed: Record<string, Api.WriteRequest[]> = {};
    for (const [tableName, list] of requests) {
      const table = this.#table(tableName);
      const seen = new Set<string>();
      for (const write of list) {
        const put = write.PutRequest;
        const del = write.DeleteRequest;
        // Wording not confirmed against AWS.
        if ((put === undefined) === (del === undefined)) throw validation('Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest');
        const item = put ? validateItem(put.Item) : undefined;
        const key = item ? this.#keyOfItem(table, item) : this.#keyOfKey(table, del!.Key);
        if (item && itemSize(item) > MAX_ITEM_BYTES) throw validation('Item size has exceeded the maximum allowed size');
        if (seen.has(key)) throw validation('Provided list of item keys contains duplicates');
        seen.add(key);
        // A throttled item is handed back for the caller to send again, as DynamoDB does within a batch.
        if (this.#throttles.throttled(table.name, key)) (unprocessed[tableName] ??= []).push(write);
        else writes.push(() => this.#store(table, key, table.items.get(key), item));
      }
    }
    for (const write of writes) write();
    return { UnprocessedItems: unprocessed };
  }

  batchGetItem(request: Api.BatchGetItemInput): Api.BatchGetItemOutput {
    const requests = Object.entries(request.RequestItems ?? {});
    if (requests.length === 0) {
      throw validation("1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    if (requests.reduce((n, [, r]) => n + (r.Keys?.length ?? 0), 0) > 100) throw validation('Too many items requested for the BatchGetItem call');
    const responses: Record<string, Item[]> = {};
    for (const [tableName, keysAndAttributes] of requests) {
      const table = this.#table(tableName);
      rejectLegacy(keysAndAttributes, ['AttributesToGet']);
      const context = expressionContext(keysAndAttributes, keysAndAttributes.ProjectionExpression !== undefined);
      const projection = keysAndAttributes.ProjectionExpression === undefined ? undefined : parseProjection(keysAndAttributes.ProjectionExpression, context);
      context.checkUnused();
      const keys = (keysAndAttributes.Keys ?? []).map((k) => this.#keyOfKey(table, k));
      if (new Set(keys).size !== keys.length) throw validation('Provided list of item keys contains duplicates');
      const found = keys.flatMap((k) => {
        const item = table.items.get(k);
        return item ? [structuredClone(projection ? project(item, projection) : item)] : [];
      });
      responses[tableName] = found;
    }
    return { Responses: responses as never, UnprocessedKeys: {} };
  }

  // ---- For the rest of the simulation ----

  /** Every item of a table in key order, as copies: for lesson checks and the workbench. */
  /**
   * For checks: DynamoDB throttles writes to the table (to the item with `key`, when given, as a hot key) until
   * `until` (epoch ms, virtual time). https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TroubleshootingThrottling.html
   */
  throttleWrites(tableName: string, until: number, key?: Record<string, AttributeValue>): void {
    const table = this.#table(tableName, true);
    this.#throttles.add(table.name, key === undefined ? undefined : this.#keyOfKey(table, key), until);
  }

  items(tableName: string): Item[] {
    const table = this.#tables.get(tableName);
    if (!table) throw resourceNotFound(tableName);
    return sortByKey(table.schema, [...table.items.values()]).map((item) => structuredClone(item));
  }

  /** Names of the tables that exist, sorted. */
  tableNames(): string[] {
    return [...this.#tables.keys()].sort();
  }

  // ---- Internals ----

  #table(name: string | undefined, named = false, path = 'tableName'): Table {
    const tableName = name?.startsWith('arn:') ? name.slice(name.indexOf(':table/') + ':table/'.length) : name;
    new Constraints()
      .required(path, tableName)
      .length(path, tableName, 3, 255)
      .pattern(path, tableName, TABLE_NAME_PATTERN, '[a-zA-Z0-9_.-]+')
      .check();
    const table = this.#tables.get(tableName!);
    if (!table) throw resourceNotFound(named ? tableName : undefined);
    return table;
  }

  #schema(keySchema: Api.KeySchemaElement[], definitions: Map<string, KeyType>): Schema {
    const [first, second, ...rest] = keySchema;
    // "Member must have length less than or equal to 2" comes from the constraint layer.
    if (!first || rest.length > 0) {
      throw validation(`1 validation error detected: Value '${JSON.stringify(keySchema)}' at 'keySchema' failed to satisfy constraint: Member must have length ${first ? 'less than or equal to 2' : 'greater than or equal to 1'}`);
    }
    if (first.KeyType !== 'HASH') throw validation('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
    if (second && second.KeyType !== 'RANGE') throw validation('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
    if (second && second.AttributeName === first.AttributeName) throw validation('Both the Hash Key and the Range Key element in the KeySchema have the same name');
    const missing = keySchema.map((k) => k.AttributeName!).filter((n) => !definitions.has(n));
    if (missing.length > 0) {
      throw validation(
        `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${missing.join(', ')}], AttributeDefinitions: [${[...definitions.keys()].join(', ')}]`,
      );
    }
    const attribute = (k: Api.KeySchemaElement): KeyAttribute => ({ name: k.AttributeName!, type: definitions.get(k.AttributeName!)! });
    return { hash: attribute(first), ...(second ? { range: attribute(second) } : {}) };
  }

  #describe(table: Table): Api.TableDescription {
    const size = [...table.items.values()].reduce((n, item) => n + itemSize(item), 0);
    const throughput = { NumberOfDecreasesToday: 0, ReadCapacityUnits: table.throughput.read, WriteCapacityUnits: table.throughput.write };
    const indexes = [...table.indexes.values()];
    const describeIndex = (index: Index) => {
      const items = [...table.items.values()].filter((item) => hasKey(index.schema, item));
      return {
        IndexName: index.name,
        KeySchema: schemaElements(index.schema),
        Projection: index.projection,
        IndexSizeBytes: items.reduce((n, item) => n + itemSize(item), 0),
        ItemCount: items.length,
        IndexArn: `${table.arn}/index/${index.name}`,
        ...(index.global ? { IndexStatus: 'ACTIVE' as const, ProvisionedThroughput: throughput } : {}),
      };
    };
    const globals = indexes.filter((i) => i.global).map(describeIndex);
    const locals = indexes.filter((i) => !i.global).map(describeIndex);
    return {
      AttributeDefinitions: table.attributeDefinitions,
      TableName: table.name,
      KeySchema: table.keySchema,
      TableStatus: 'ACTIVE',
      CreationDateTime: new Date(table.createdAt),
      ProvisionedThroughput: throughput,
      TableSizeBytes: size,
      ItemCount: table.items.size,
      TableArn: table.arn,
      TableId: table.id,
      ...(table.billingMode === 'PAY_PER_REQUEST' ? { BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: new Date(table.createdAt) } } : {}),
      ...(globals.length > 0 ? { GlobalSecondaryIndexes: globals } : {}),
      ...(locals.length > 0 ? { LocalSecondaryIndexes: locals } : {}),
      DeletionProtectionEnabled: false,
      // A disabled stream leaves no StreamSpecification, but its ARN and label stay (recorded from AWS, DDB-TABLE-050).
      ...(table.stream?.enabled ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream.viewType } } : {}),
      ...(table.stream ? { LatestStreamArn: table.stream.arn, LatestStreamLabel: table.stream.label } : {}),
    };
  }

  /** The identity of an item's key: numbers compare by value, so "1" and "1.0" are the same key. */
  #keyString(schema: Schema, item: Item): string {
    const part = (attribute: KeyAttribute | undefined) => {
      if (!attribute) return null;
      const value = item[attribute.name]!;
      return 'N' in value ? canonicalNumber(value.N) : (value as Record<string, string>)[attribute.type];
    };
    return JSON.stringify([part(schema.hash), part(schema.range)]);
  }

  /** The key of a whole item (PutItem): every key attribute present, of its declared type, not empty. */
  #keyOfItem(table: Table, item: Item): string {
    for (const attribute of keyAttributes(table.schema)) {
      const value = item[attribute.name];
      if (value === undefined) throw validation(`One or more parameter values were invalid: Missing the key ${attribute.name} in the item`);
      const type = typeOf(value);
      if (type !== attribute.type) throw validation(`One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${type}`);
      checkKeyValue(attribute, value);
    }
    return this.#keyString(table.schema, item);
  }

  /** A `Key` parameter as an item holding exactly the key attributes. */
  #keyItem(table: Table, raw: Record<string, unknown> | undefined): Item {
    const key = validateItem(raw);
    const attributes = keyAttributes(table.schema);
    if (Object.keys(key).length !== attributes.length) throw keyMismatch();
    for (const attribute of attributes) {
      const value = key[attribute.name];
      if (value === undefined || typeOf(value) !== attribute.type) throw keyMismatch();
      checkKeyValue(attribute, value);
    }
    return key;
  }

  #keyOfKey(table: Table, raw: Record<string, unknown> | undefined): string {
    return this.#keyString(table.schema, this.#keyItem(table, raw));
  }

  /** What Query and Scan read: the table, or one of its indexes (only the items that have its key). */
  #view(table: Table, indexName: string | undefined): View {
    if (indexName === undefined) {
      return { schema: table.schema, tableSchema: table.schema, items: () => sortByKey(table.schema, [...table.items.values()]), project: (item) => item };
    }
    const index = table.indexes.get(indexName);
    if (!index) throw validation(`The table does not have the specified index: ${indexName}`);
    const keep = new Set([...keyAttributes(table.schema), ...keyAttributes(index.schema)].map((a) => a.name));
    for (const name of index.projection.NonKeyAttributes ?? []) keep.add(name);
    const type = index.projection.ProjectionType ?? 'ALL';
    return {
      schema: index.schema,
      tableSchema: table.schema,
      items: () => sortByKey(index.schema, [...table.items.values()].filter((item) => hasKey(index.schema, item)), table.schema),
      project: (item) => (type === 'ALL' ? item : Object.fromEntries(Object.entries(item).filter(([name]) => keep.has(name)))),
    };
  }

  /** ExclusiveStartKey: the table's key, plus the index's key when reading an index. */
  #startKey(table: Table, view: View, raw: Record<string, unknown>): Item {
    const invalid = () => validation('The provided starting key is invalid: The provided key element does not match the schema');
    let key: Item;
    try {
      key = validateItem(raw);
    } catch {
      throw invalid();
    }
    const attributes = new Map([...keyAttributes(table.schema), ...keyAttributes(view.schema)].map((a) => [a.name, a]));
    if (Object.keys(key).length !== attributes.size) throw invalid();
    for (const attribute of attributes.values()) {
      const value = key[attribute.name];
      if (value === undefined || typeOf(value) !== attribute.type) throw invalid();
    }
    return key;
  }

  #page(
    view: View,
    items: Item[],
    forward: boolean,
    start: Item | undefined,
    filter: Condition | undefined,
    projection: Path[] | undefined,
    request: { Limit?: number | undefined; Select?: string | undefined },
  ): Api.QueryOutput {
    const ordered = forward ? items : [...items].reverse();
    const order = (item: Item) => compareKeys(view.schema, item, start!, view.tableSchema) * (forward ? 1 : -1);
    const from = start ? ordered.findIndex((item) => order(item) > 0) : 0;
    const found: Item[] = [];
    let scanned = 0;
    let bytes = 0;
    let last: Item | undefined;
    for (let i = from === -1 ? ordered.length : from; i < ordered.length; i++) {
      const item = ordered[i]!;
      scanned++;
      bytes += itemSize(item);
      if (!filter || evaluateCondition(filter, item)) found.push(view.project(item));
      if (scanned === request.Limit || bytes >= MAX_PAGE_BYTES) {
        // DynamoDB stops at the limit and gives the key to continue from, even when nothing is left.
        last = item;
        break;
      }
    }
    const lastKey = last && pick(last, [...keyAttributes(view.tableSchema), ...keyAttributes(view.schema)].map((a) => a.name));
    return {
      ...(request.Select === 'COUNT' ? {} : { Items: found.map((item) => structuredClone(projection ? project(item, projection) : item)) as never }),
      Count: found.length,
      ScannedCount: scanned,
      ...(lastKey ? { LastEvaluatedKey: lastKey as never } : {}),
    };
  }
}

interface View {
  schema: Schema;
  tableSchema: Schema;
  /** The items in key order (index key, then table key). */
  items: () => Item[];
  project: (item: Item) => Item;
}

// ---- Helpers ----

const keyAttributes = (schema: Schema): KeyAttribute[] => (schema.range ? [schema.hash, schema.range] : [schema.hash]);

const schemaElements = (schema: Schema): Api.KeySchemaElement[] =>
  keyAttributes(schema).map((a, i) => ({ AttributeName: a.name, KeyType: i === 0 ? 'HASH' : 'RANGE' }));

const hasKey = (schema: Schema, item: Item) => keyAttributes(schema).every((a) => item[a.name] !== undefined && typeOf(item[a.name]!) === a.type);

const pick = (item: Item, names: string[]): Item => Object.fromEntries(names.filter((n) => item[n]).map((n) => [n, item[n]!]));

const valueEquals = (a: AttributeValue | undefined, b: AttributeValue | undefined) => a !== undefined && b !== undefined && compareValues(a, b) === 0;

function compareKeys(schema: Schema, a: Item, b: Item, tieBreak?: Schema): number {
  for (const attribute of [...keyAttributes(schema), ...(tieBreak && tieBreak !== schema ? keyAttributes(tieBreak) : [])]) {
    const x = a[attribute.name];
    const y = b[attribute.name];
    if (!x || !y) continue;
    const order = compareValues(x, y) ?? 0;
    if (order !== 0) return order;
  }
  return 0;
}

function sortByKey(schema: Schema, items: Item[], tieBreak?: Schema): Item[] {
  return items.sort((a, b) => compareKeys(schema, a, b, tieBreak));
}

function checkKeyValue(attribute: KeyAttribute, value: AttributeValue): void {
  if (('S' in value && value.S === '') || ('B' in value && value.B === '')) {
    // The binary variant's wording is not confirmed against AWS.
    throw validation(
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. Key: ${attribute.name}`,
    );
  }
}

function validateItem(raw: Record<string, unknown> | undefined): Item {
  const item: Item = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    try {
      item[name] = validateValue(value);
    } catch (error) {
      if (error instanceof InvalidValue) throw validation(error.message);
      throw error;
    }
  }
  return item;
}

/** The names and values of a request, checked as DynamoDB checks them before it reads any expression. */
function expressionContext(request: { ExpressionAttributeNames?: Record<string, string> | undefined; ExpressionAttributeValues?: Record<string, unknown> | undefined }, usesExpressions: boolean): ExpressionContext {
  const names = request.ExpressionAttributeNames;
  const rawValues = request.ExpressionAttributeValues;
  if (names !== undefined && !usesExpressions) throw validation('ExpressionAttributeNames can only be specified when using expressions');
  if (rawValues !== undefined && !usesExpressions) throw validation('ExpressionAttributeValues can only be specified when using expressions');
  if (names !== undefined && Object.keys(names).length === 0) throw validation('ExpressionAttributeNames must not be empty');
  if (rawValues !== undefined && Object.keys(rawValues).length === 0) throw validation('ExpressionAttributeValues must not be empty');
  for (const key of Object.keys(names ?? {})) {
    if (!/^#[A-Za-z0-9_]+$/.test(key)) throw validation(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
  }
  const values: Record<string, AttributeValue> = {};
  for (const [key, raw] of Object.entries(rawValues ?? {})) {
    if (!/^:[A-Za-z0-9_]+$/.test(key)) throw validation(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    try {
      values[key] = validateValue(raw);
    } catch (error) {
      if (error instanceof InvalidValue) throw validation(`ExpressionAttributeValues contains invalid value: ${error.message} for key ${key}`);
      throw error;
    }
  }
  return new ExpressionContext(names, values);
}

function checkCondition(condition: Condition | undefined, item: Item | undefined, onFailure: string | undefined): void {
  if (condition && !evaluateCondition(condition, item)) throw conditionFailed(onFailure === 'ALL_OLD' && item ? structuredClone(item) : undefined);
}

/** PutItem's and DeleteItem's own parameters, checked in AWS's order: legacy ones, ReturnValues, the condition. */
function conditionalWrite(request: Api.PutItemInput | Api.DeleteItemInput): { returnValues: string; condition: Condition | undefined } {
  rejectLegacy(request, ['Expected', 'ConditionalOperator']);
  const returnValues = writeReturnValues(request.ReturnValues);
  const context = expressionContext(request, request.ConditionExpression !== undefined);
  const condition = request.ConditionExpression === undefined ? undefined : parseCondition(request.ConditionExpression, 'ConditionExpression', context);
  context.checkUnused();
  return { returnValues, condition };
}

/** PutItem and DeleteItem can only return the old item. */
function writeReturnValues(value: string | undefined): string {
  new Constraints().oneOf('returnValues', value, RETURN_VALUES).check();
  // Wording not confirmed against AWS.
  if (value !== undefined && value !== 'NONE' && value !== 'ALL_OLD') throw validation('ReturnValues can only be ALL_OLD or NONE');
  return value ?? 'NONE';
}

function checkPaging(request: { Limit?: number | undefined; Select?: string | undefined; IndexName?: string | undefined; ProjectionExpression?: string | undefined }): void {
  new Constraints()
    .range('limit', request.Limit, 1, Number.MAX_SAFE_INTEGER)
    .oneOf('select', request.Select, ['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES', 'COUNT'])
    .check();
}

/** The parts of a KeyConditionExpression: equality on the partition key, and at most one sort-key condition. */
function keyConditionParts(schema: Schema, condition: Condition): { hash: AttributeValue; range: Condition | undefined } {
  const parts: Condition[] = [];
  const flatten = (c: Condition) => {
    if (c.kind === 'and') {
      flatten(c.left);
      flatten(c.right);
    } else parts.push(c);
  };
  flatten(condition);
  const notSupported = () => validation('Query key condition not supported');
  const byName = new Map<string, Condition>();
  for (const part of parts) {
    // The wording for functions and operators other than OR and NOT is not confirmed against AWS.
    if (part.kind === 'or' || part.kind === 'not' || part.kind === 'in') throw invalidExpression('KeyConditionExpression', `Invalid operator used in KeyConditionExpression: ${part.kind.toUpperCase()}`);
    if (part.kind === 'attribute_exists' || part.kind === 'attribute_not_exists' || part.kind === 'attribute_type' || part.kind === 'contains') {
      throw invalidExpression('KeyConditionExpression', `Invalid operator used in KeyConditionExpression: ${part.kind}`);
    }
    const path = part.kind === 'compare' ? [part.left, part.right].find((o) => o.kind === 'path') : part.kind === 'between' ? part.operand : part.kind === 'begins_with' ? part.subject : undefined;
    if (!path || path.kind !== 'path' || path.elements.length !== 1 || typeof path.elements[0] !== 'string') throw notSupported();
    const name = path.elements[0];
    if (byName.has(name)) throw validation('KeyConditionExpressions must only contain one condition per key');
    byName.set(name, part);
  }
  const hashPart = byName.get(schema.hash.name);
  if (!hashPart) throw validation(`Query condition missed key schema element: ${schema.hash.name}`);
  for (const name of byName.keys()) if (name !== schema.hash.name && name !== schema.range?.name) throw notSupported();
  if (hashPart.kind !== 'compare' || hashPart.op !== '=') throw notSupported();
  const hashValue = hashPart.left.kind === 'value' ? hashPart.left : hashPart.right;
  if (hashValue.kind !== 'value') throw notSupported();
  const rangePart = schema.range && byName.get(schema.range.name);
  const values = [hashValue.value];
  if (rangePart) {
    if (rangePart.kind === 'compare') {
      if (rangePart.op === '<>') throw invalidExpression('KeyConditionExpression', 'Invalid operator used in KeyConditionExpression: <>');
      const other = rangePart.left.kind === 'value' ? rangePart.left : rangePart.right;
      if (other.kind !== 'value') throw notSupported();
      values.push(other.value);
    } else if (rangePart.kind === 'between') {
      for (const bound of [rangePart.low, rangePart.high]) {
        if (bound.kind !== 'value') throw notSupported();
        values.push(bound.value);
      }
    } else if (rangePart.kind === 'begins_with') {
      if (rangePart.operand.kind !== 'value') throw notSupported();
      values.push(rangePart.operand.value);
    }
  }
  const types = [schema.hash.type, ...values.slice(1).map(() => schema.range!.type)];
  if (values.some((v, i) => typeOf(v) !== types[i])) throw validation('One or more parameter values were invalid: Condition parameter type does not match schema type');
  return { hash: hashValue.value, range: rangePart };
}

/** Attribute names a condition reads at the top level of the item. */
function topLevelNames(condition: Condition): string[] {
  const names: string[] = [];
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { kind?: string; elements?: unknown[] };
    if (n.kind === 'path' && typeof n.elements?.[0] === 'string') names.push(n.elements[0]);
    else for (const child of Object.values(node)) visit(child);
  };
  visit(condition);
  return names;
}

/** A StreamSpecification's members, checked as AWS's front end checks them. */
function streamSpecificationViolations(spec: Api.StreamSpecification | undefined): string[] {
  if (!spec) return [];
  const violations = spec.StreamEnabled === undefined || spec.StreamEnabled === null ? ["Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null"] : [];
  return [...violations, ...enumViolation('streamSpecification.streamViewType', spec.StreamViewType, [...STREAM_VIEW_TYPES])];
}

/**
 * The view type of the stream a specification asks for, or undefined for none. Recorded from AWS for UpdateTable
 * (DDB-TABLE-050): enabling needs a view type, disabling takes none; CreateTable is taken to check the same.
 */
function requestedStream(spec: Api.StreamSpecification | undefined): StreamViewType | undefined {
  if (!spec) return undefined;
  if (spec.StreamEnabled && !spec.StreamViewType) throw validation('One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required');
  if (!spec.StreamEnabled && spec.StreamViewType) throw validation('One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified');
  return spec.StreamEnabled ? (spec.StreamViewType as StreamViewType) : undefined;
}

function enumViolation(path: string, value: string | undefined, allowed: string[]): string[] {
  return value !== undefined && !allowed.includes(value) ? [`Value '${value}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`] : [];
}

/** The legacy (pre-expression) parameters are not modelled: say so instead of ignoring them. */
function rejectLegacy(request: object, names: string[]): void {
  const used = names.filter((n) => (request as Record<string, unknown>)[n] !== undefined);
  if (used.length > 0) {
    throw validation(`The workbook's DynamoDB simulator does not support the legacy parameter ${used.join(', ')}; use expressions (ConditionExpression, UpdateExpression, KeyConditionExpression, FilterExpression, ProjectionExpression) instead.`);
  }
}

/** FNV-1a, to spread partition keys over parallel-scan segments. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

