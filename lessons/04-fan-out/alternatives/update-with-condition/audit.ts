import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  try {
    // An update that creates the item, allowed only while no item with this key exists.
    await db.send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { eventId: event.id },
        UpdateExpression: 'SET userId = :u, email = :e, signupMethod = :m, eventTime = :t',
        ConditionExpression: 'attribute_not_exists(eventId)',
        ExpressionAttributeValues: { ':u': event.detail.userId, ':e': event.detail.email, ':m': event.detail.signupMethod, ':t': event.time },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      console.log(`Signup ${event.id} already recorded`);
      return;
    }
    throw error;
  }
};
