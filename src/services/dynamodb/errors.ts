// Errors DynamoDB answers with, named as DynamoDB names them and carrying its exact messages. Wordings were
// checked against public reports of real DynamoDB answers (SDK issue threads, emulators' conformance suites
// recorded against AWS); the few that could not be confirmed say so where they are built.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html

import { AwsServiceError } from '../../bus/errors.ts';
import type { Item } from './values.ts';

export class DynamoDbValidationException extends AwsServiceError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

export class ConditionalCheckFailedException extends AwsServiceError {
  /** The item as it was, when the request asked for it with `ReturnValuesOnConditionCheckFailure: ALL_OLD`. */
  readonly item: Item | undefined;

  constructor(item?: Item) {
    super('ConditionalCheckFailedException', 'The conditional request failed');
    this.item = item;
  }
}

/**
 * A transaction refused as a whole: one reason per action, in order (`ConditionalCheckFailed`,
 * `ValidationError` or `None`). The message is worded as in the CloudTrail example of a cancelled transaction.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/understanding-ddb-log-entries.html
 */
export class TransactionCanceledException extends AwsServiceError {
  readonly reasons: { Code: string; Message?: string; Item?: Item }[];

  constructor(reasons: { Code: string; Message?: string; Item?: Item }[]) {
    super('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`);
    this.reasons = reasons;
  }
}

/** A ClientRequestToken reused within its 10 minutes for a different TransactWriteItems request. Wording not confirmed against AWS. */
export const idempotentParameterMismatch = () =>
  new AwsServiceError('IdempotentParameterMismatchException', 'The request uses the same client token as a previous, but non-identical request.');

export const validation = (message: string) => new DynamoDbValidationException(message);

/** Item operations on a missing table; DescribeTable and DeleteTable name the table. */
export const resourceNotFound = (tableName?: string) =>
  new AwsServiceError('ResourceNotFoundException', tableName === undefined ? 'Requested resource not found' : `Requested resource not found: Table: ${tableName} not found`);

export const tableExists = (tableName: string) => new AwsServiceError('ResourceInUseException', `Table already exists: ${tableName}`);

/** "Invalid ConditionExpression: ..." and its siblings for the other expression parameters. */
export const invalidExpression = (label: string, detail: string) => validation(`Invalid ${label}: ${detail}`);

export const keyMismatch = () => validation('The provided key element does not match the schema');

export const conditionFailed = (item?: Item) => new ConditionalCheckFailedException(item);

/** The namespace DynamoDB puts before an error name in `__type`. */
export function errorTypePrefix(name: string): string {
  if (name === 'ValidationException') return 'com.amazon.coral.validate#';
  if (name === 'SerializationException' || name === 'UnknownOperationException') return 'com.amazon.coral.service#';
  if (name === 'ThrottlingException') return 'com.amazon.coral.availability#';
  return 'com.amazonaws.dynamodb.v20120810#';
}
