import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  try {
    await db.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: {
          eventId: event.id,
          userId: event.detail.userId,
          email: event.detail.email,
          signupMethod: event.detail.signupMethod,
          eventTime: event.time,
        },
        ConditionExpression: 'attribute_not_exists(eventId)',
        // When the condition fails, the exception carries the record that is already there.
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // The item on the exception is in DynamoDB's typed form ({ S: ... }): the document client does not convert errors.
    const recordedAt = error.Item?.eventTime?.S;
    console.log(`Signup ${event.id} already recorded (event time ${recordedAt ?? 'unknown'})`);
  }
};
