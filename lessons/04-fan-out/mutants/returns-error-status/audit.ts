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
  try {
    await db.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: {
          eventId: event.id,
          userId: event.detail.userId,
          email: event.detail.email,
          signupMethod: event.detail.signupMethod,
          eventTime: event.time,
        },
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      console.log(`Signup ${event.id} already recorded`);
      return { statusCode: 200, message: 'Already recorded' };
    }
    // Anything else is a real failure: report it.
    console.error(`Could not record signup ${event.id}`, error);
    return { statusCode: 500, message: 'Audit record not stored' };
  }
  return { statusCode: 200, message: 'Recorded' };
};
