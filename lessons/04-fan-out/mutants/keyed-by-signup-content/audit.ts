import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  const { userId, email, signupMethod } = event.detail;
  // A copy of the event carries the same signup, so the signup itself is the key.
  const eventId = `${userId}#${signupMethod}`;
  try {
    await db.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: { eventId, userId, email, signupMethod, eventTime: event.time },
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      console.log(`Signup ${eventId} already recorded`);
      return;
    }
    throw error;
  }
};
