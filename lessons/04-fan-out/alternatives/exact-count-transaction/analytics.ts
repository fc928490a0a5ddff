import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  try {
    // Exact counts: a marker for this event and the increment succeed or fail together.
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: process.env.TABLE_NAME, Item: { signupMethod: `event#${event.id}` }, ConditionExpression: 'attribute_not_exists(signupMethod)' } },
          {
            Update: {
              TableName: process.env.TABLE_NAME,
              Key: { signupMethod: event.detail.signupMethod },
              UpdateExpression: 'ADD #count :one',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }),
    );
  } catch (error) {
    // The marker exists: this event was counted by an earlier delivery.
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return;
    throw error;
  }
};
