import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const client = new DynamoDBClient({});

export const handler = async ({ id, time, detail }: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  try {
    await client.send(
      new PutItemCommand({
        TableName: process.env.TABLE_NAME,
        Item: { eventId: { S: id }, userId: { S: detail.userId }, email: { S: detail.email }, signupMethod: { S: detail.signupMethod }, eventTime: { S: time } },
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      console.log(`Signup ${id} already recorded`);
      return;
    }
    throw error;
  }
};
