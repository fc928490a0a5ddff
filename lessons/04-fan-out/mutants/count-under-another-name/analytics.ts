import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  // "count" is a reserved word, so the counter is called total instead.
  await db.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { signupMethod: event.detail.signupMethod },
      UpdateExpression: 'ADD total :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
};
