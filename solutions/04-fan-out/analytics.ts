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
  // ADD on a number adds to it, and treats a missing attribute (or a missing item) as 0, so the first signup
  // with a new method creates its item: no read first, no race between two concurrent invocations.
  // `count` is a DynamoDB reserved word, so the expression names it through the placeholder #count.
  await db.send(
    new UpdateCommand({
      TableName: process.env.TABLE_NAME,
      Key: { signupMethod: event.detail.signupMethod },
      UpdateExpression: 'ADD #count :one',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
  // Not idempotent: a second delivery of the same event counts it twice. For a dashboard that is usually an
  // acceptable, rare error; the lesson text shows how to make it exact when it is not.
  console.log(`Counted a ${event.detail.signupMethod} signup`);
};
