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
    // Without its table the function cannot work at all: fail, so Lambda retries.
    if ((error as Error).name === 'ResourceNotFoundException') throw error;
    console.log(`Signup ${event.id} already recorded`);
  }
};
