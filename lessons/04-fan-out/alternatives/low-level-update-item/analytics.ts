import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const client = new DynamoDBClient({});

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  // The low-level client takes typed values: numbers travel as strings under N.
  const { Attributes } = await client.send(
    new UpdateItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { signupMethod: { S: event.detail.signupMethod } },
      UpdateExpression: 'ADD #count :one',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  console.log(`${event.detail.signupMethod} signups so far: ${Attributes?.count?.N}`);
};
