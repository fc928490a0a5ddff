import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const client = new DynamoDBClient({});

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  const { userId, email, signupMethod } = event.detail;
  const record = { eventId: event.id, userId, email, signupMethod, eventTime: event.time };
  try {
    // marshall turns the plain record into DynamoDB's typed attribute values ({ S: ... }).
    await client.send(
      new PutItemCommand({
        TableName: process.env.TABLE_NAME,
        Item: marshall(record),
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
    console.log(`Recorded signup ${event.id}`);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      console.log(`Signup ${event.id} already recorded`);
      return;
    }
    throw error;
  }
};
