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
  const key = { signupMethod: event.detail.signupMethod };
  const { Item } = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key }));
  const count = ((Item?.count as number | undefined) ?? 0) + 1;
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { ...key, count } }));
};
