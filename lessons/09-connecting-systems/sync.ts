import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

/** The CRM's account as it is after the change: the whole state, not just what changed. */
interface AccountUpdated {
  accountId: string;
  /** Goes up by one with every change to the account in the CRM. */
  version: number;
  name: string;
  billingEmail: string;
  plan: string;
  changedAt: string;
}

interface AccountClosed {
  accountId: string;
  version: number;
  changedAt: string;
}

type AccountEvent = EventBridgeEvent<'AccountUpdated', AccountUpdated> | EventBridgeEvent<'AccountClosed', AccountClosed>;

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: AccountEvent) => {
  const { accountId, version } = event.detail;

  // This copies every event into the table as it arrives: the last one to arrive wins, whatever its version.
  // TODO: EventBridge delivers at least once and in no guaranteed order. Let the write through only when billing
  //       has no copy of the account yet, or holds an older version than this event's
  //       (`ConditionExpression` with `attribute_not_exists(...)`, `OR` and a comparison with `:version`).
  // TODO: When DynamoDB refuses the write for that reason (ConditionalCheckFailedException), billing already has
  //       this version or a newer one: log `Account ${accountId} version ${version} skipped` and return normally.
  //       Any other error must still fail the invocation, so that Lambda retries it.
  // TODO: AccountClosed: keep the account with `status: 'closed'` and the event's version (do not delete it),
  //       so that a change which arrives late cannot bring it back.
  await db.send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        accountId,
        version,
        name: event['detail-type'] === 'AccountUpdated' ? event.detail.name : undefined,
        billingEmail: event['detail-type'] === 'AccountUpdated' ? event.detail.billingEmail : undefined,
        plan: event['detail-type'] === 'AccountUpdated' ? event.detail.plan : undefined,
        status: 'active',
      },
    }),
  );
};
