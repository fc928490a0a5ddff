// The DynamoDB API on the wire (AWS JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`), as the AWS SDK
// v3 speaks it. Errors carry DynamoDB's `__type` namespaces (`com.amazonaws.dynamodb.v20120810#` for its own
// exceptions, `com.amazon.coral.validate#ValidationException`); the SDK keeps the part after `#` and raises
// its typed exception (ConditionalCheckFailedException, ResourceNotFoundException, ...).
//
// Left out: the `x-amz-crc32` checksum header (the SDK v3 does not check it).

import { invokeOperation, jsonResponse, type WireRequest, type WireResponse } from '../../bus/api/wire.ts';
import { AwsServiceError } from '../../bus/errors.ts';
import { ConditionalCheckFailedException, TransactionCanceledException, errorTypePrefix } from './errors.ts';
import type { DynamoDbTables } from './tables.ts';

export const DYNAMODB_CONTENT_TYPE = 'application/x-amz-json-1.0';
export const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810.';

const operations = {
  CreateTable: 'createTable',
  DescribeTable: 'describeTable',
  UpdateTable: 'updateTable',
  ListTables: 'listTables',
  DeleteTable: 'deleteTable',
  PutItem: 'putItem',
  GetItem: 'getItem',
  UpdateItem: 'updateItem',
  DeleteItem: 'deleteItem',
  Query: 'query',
  Scan: 'scan',
  BatchWriteItem: 'batchWriteItem',
  BatchGetItem: 'batchGetItem',
  TransactWriteItems: 'transactWriteItems',
  TransactGetItems: 'transactGetItems',
} as const satisfies Record<string, keyof DynamoDbTables>;

export function handleDynamoDbRequest(tables: DynamoDbTables, request: WireRequest, requestId: string): WireResponse {
  try {
    return jsonResponse(DYNAMODB_CONTENT_TYPE, invokeOperation(tables, operations, DYNAMODB_TARGET_PREFIX, request), requestId);
  } catch (error) {
    return dynamoDbErrorResponse(error, requestId);
  }
}

/** An error as DynamoDB sends it; anything that is not an AWS error is a simulator bug, sent as InternalServerError. */
export function dynamoDbErrorResponse(error: unknown, requestId: string): WireResponse {
  const serviceError =
    error instanceof AwsServiceError ? error : new AwsServiceError('InternalServerError', `Simulator error: ${error instanceof Error ? error.message : String(error)}`, 500);
  const body: Record<string, unknown> = { __type: `${errorTypePrefix(serviceError.name)}${serviceError.name}` };
  if (serviceError instanceof TransactionCanceledException) {
    // This one error spells its message with a capital M on the wire, as DynamoDB's answers show.
    body.CancellationReasons = serviceError.reasons;
    body.Message = serviceError.message;
  } else body.message = serviceError.message;
  if (serviceError instanceof ConditionalCheckFailedException && serviceError.item) body.Item = serviceError.item;
  return {
    status: serviceError.httpStatus,
    headers: { 'content-type': DYNAMODB_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}
