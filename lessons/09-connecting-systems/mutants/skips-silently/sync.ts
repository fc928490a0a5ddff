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
  // Each event carries the account's whole state after the change, so billing can replace its copy outright. A
  // closed account stays in the table as a marker with its version (a tombstone): deleting it would let a change
  // that was still on its way create the account again.
  const item =
    event['detail-type'] === 'AccountUpdated'
      ? { accountId, version, name: event.detail.name, billingEmail: event.detail.billingEmail, plan: event.detail.plan, status: 'active' }
      : { accountId, version, status: 'closed' };
  try {
    await db.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: item,
        // DynamoDB checks the stored version and writes in one atomic step, so two deliveries racing each other
        // cannot both pass a check made earlier. Versions, not arrival order or clocks, say which state is newer.
        ConditionExpression: 'attribute_not_exists(accountId) OR version < :version',
        ExpressionAttributeValues: { ':version': version },
      }),
    );
    console.log(`Account ${accountId} is at version ${version} in billing`);
  } catch (error) {
    // Billing holds this version already (a repeated delivery) or a newer one (this event arrived late): there is
    // nothing to do, and retrying would not change that. Any other error means nothing was written: fail, retry.
    if (error instanceof ConditionalCheckFailedException) return;
    throw error;
  }
};
