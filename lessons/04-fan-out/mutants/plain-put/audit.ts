import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  // The key is the event id, so a second copy just writes the same record again.
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: {
        eventId: event.id,
        userId: event.detail.userId,
        email: event.detail.email,
        signupMethod: event.detail.signupMethod,
        eventTime: event.time,
      } }));
  console.log(`Recorded signup ${event.id}`);
};
