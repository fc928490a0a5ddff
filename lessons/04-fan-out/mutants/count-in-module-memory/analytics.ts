import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

// Running totals, kept between invocations so that no read from DynamoDB is needed.
const counts: Record<string, number> = {};

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  const method = event.detail.signupMethod;
  counts[method] = (counts[method] ?? 0) + 1;
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { signupMethod: method, count: counts[method] } }));
};
