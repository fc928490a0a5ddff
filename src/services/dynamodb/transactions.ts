// What TransactWriteItems and TransactGetItems check before any action runs, what a cancelled action reports,
// and the ClientRequestToken that makes a write transaction idempotent. The actions themselves run as their
// single-item operations do (tables.ts).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html

import type * as Api from '@aws-sdk/client-dynamodb';
import { Constraints } from '../../bus/constraints.ts';
import { AwsServiceError } from '../../bus/errors.ts';
import { ConditionalCheckFailedException, idempotentParameterMismatch, type TransactionCanceledException, validation } from './errors.ts';

export type WriteKind = 'Put' | 'Update' | 'Delete' | 'ConditionCheck';

const WRITE_KINDS: readonly WriteKind[] = ['Put', 'Update', 'Delete', 'ConditionCheck'];

/** The members each action must have, as AWS spells them in its messages. */
const REQUIRED: Record<WriteKind, [member: string, path: string][]> = {
  Put: [['TableName', 'tableName'], ['Item', 'item']],
  Update: [['TableName', 'tableName'], ['Key', 'key'], ['UpdateExpression', 'updateExpression']],
  Delete: [['TableName', 'tableName'], ['Key', 'key']],
  ConditionCheck: [['TableName', 'tableName'], ['Key', 'key'], ['ConditionExpression', 'conditionExpression']],
};

const MEMBER_PATH: Record<WriteKind, string> = { Put: 'put', Update: 'update', Delete: 'delete', ConditionCheck: 'conditionCheck' };

/** TransactWriteItems and TransactGetItems take 1 to 100 actions. */
const MAX_ACTIONS = 100;

/** Where an action is in AWS's messages: `transactItems.1.member.put`. */
export const actionPath = (index: number, kind: WriteKind | 'Get') => `transactItems.${index + 1}.member.${kind === 'Get' ? 'get' : MEMBER_PATH[kind]}`;

function checkActions<T>(actions: T[] | undefined): asserts actions is T[] {
  new Constraints().required('transactItems', actions).check();
  if (actions!.length === 0) throw validation("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
  // AWS prints the list's Java objects before "at"; they mean nothing to a learner, so the value is left out.
  if (actions!.length > MAX_ACTIONS) {
    throw validation(`1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ACTIONS}`);
  }
}

/** TransactWriteItems' request as AWS checks it before reading any action: the kind of each action, in order. */
export function checkWriteRequest(request: Api.TransactWriteItemsInput): WriteKind[] {
  const actions = request.TransactItems;
  checkActions(actions);
  const constraints = new Constraints().length('clientRequestToken', request.ClientRequestToken, 1, 36);
  const kinds = actions.map((action, i) => {
    const present = WRITE_KINDS.filter((kind) => action?.[kind] !== undefined && action[kind] !== null);
    // Wording not confirmed against AWS.
    if (present.length !== 1) throw validation('TransactItems can only contain one of Check, Put, Update or Delete');
    const kind = present[0]!;
    const part = action[kind] as unknown as Record<string, unknown>;
    const at = actionPath(i, kind);
    for (const [member, path] of REQUIRED[kind]) constraints.required(`${at}.${path}`, part[member]);
    constraints.oneOf(`${at}.returnValuesOnConditionCheckFailure`, part.ReturnValuesOnConditionCheckFailure as string | undefined, ['ALL_OLD', 'NONE']);
    return kind;
  });
  constraints.check();
  return kinds;
}

/** TransactGetItems' request as AWS checks it before reading any item. */
export function checkGetRequest(request: Api.TransactGetItemsInput): void {
  const actions = request.TransactItems;
  checkActions(actions);
  const constraints = new Constraints();
  actions.forEach((action, i) => {
    const at = actionPath(i, 'Get');
    constraints.required(at, action?.Get);
    if (action?.Get) constraints.required(`${at}.tableName`, action.Get.TableName).required(`${at}.key`, action.Get.Key);
  });
  constraints.check();
}

export type CancellationReason = TransactionCanceledException['reasons'][number];

/**
 * Why one action would cancel the transaction: its condition failed, or applying it failed on the item as it
 * is (an ADD to a string, a SET from an attribute the item lacks), which DynamoDB reports as `ValidationError`
 * in the reasons rather than as a ValidationException of the whole request.
 */
export function cancellationReason(error: unknown): CancellationReason {
  if (error instanceof ConditionalCheckFailedException) return { Code: 'ConditionalCheckFailed', Message: error.message, ...(error.item ? { Item: error.item } : {}) };
  if (error instanceof AwsServiceError && error.name === 'ValidationException') return { Code: 'ValidationError', Message: error.message };
  throw error;
}

/** A token is remembered for 10 minutes after the transaction that used it completed. */
const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

/**
 * ClientRequestToken: a write transaction repeated with the same token within 10 minutes of its success changes
 * nothing and succeeds again; the same token with other parameters is refused. The SDK fills in a fresh token for
 * each command it sends and keeps it across its own retries, so only a retried request meets its token again.
 */
export class ClientTokens {
  readonly #now: () => number;
  readonly #completed = new Map<string, { request: string; at: number }>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** True when this request already succeeded under its token (nothing is to be done again). */
  replayed(request: Api.TransactWriteItemsInput): boolean {
    const token = request.ClientRequestToken;
    if (token === undefined) return false;
    for (const [key, entry] of this.#completed) if (this.#now() - entry.at >= TOKEN_LIFETIME_MS) this.#completed.delete(key);
    const previous = this.#completed.get(token);
    if (!previous) return false;
    if (previous.request !== parameters(request)) throw idempotentParameterMismatch();
    return true;
  }

  completed(request: Api.TransactWriteItemsInput): void {
    if (request.ClientRequestToken !== undefined) this.#completed.set(request.ClientRequestToken, { request: parameters(request), at: this.#now() });
  }
}

const parameters = ({ ClientRequestToken: _token, ...rest }: Api.TransactWriteItemsInput) => JSON.stringify(rest);
