import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  // ADD adds to the number, and starts from 0 when the method has no item yet.
  await db.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { signupMethod: event.detail.signupMethod },
      UpdateExpression: 'ADD count :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
  console.log(`Counted a ${event.detail.signupMethod} signup`);
};
