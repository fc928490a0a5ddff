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
  // if_not_exists starts a new method's count at 0; the whole update is still one atomic request.
  await db.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { signupMethod: event.detail.signupMethod },
      UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    }),
  );
};
