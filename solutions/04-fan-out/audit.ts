import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

// The document client turns plain JavaScript values into DynamoDB's typed attributes and back.
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  // The envelope's `id` is EventBridge's, not the producer's: every delivery of one event carries the same id, and
  // two different signups never share one. That makes it the natural key for "have I seen this event?".
  const eventId = event.id;
  try {
    await db.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: {
          eventId,
          userId: event.detail.userId,
          email: event.detail.email,
          signupMethod: event.detail.signupMethod,
          // When the signup happened (the envelope's time), not when this copy of the event arrived.
          eventTime: event.time,
        },
        // A plain put would overwrite an existing record. With this condition DynamoDB writes only if no item
        // with this key exists yet, checking and writing as one atomic step, so two copies racing each other
        // still produce one record, and the second learns it was second.
        ConditionExpression: 'attribute_not_exists(eventId)',
      }),
    );
    console.log(`Recorded signup ${eventId} of user ${event.detail.userId}`);
  } catch (error) {
    // "Already there" is success for an audit log: the event was recorded by an earlier delivery. Returning
    // normally tells Lambda not to retry. Every other error (a missing table, throttling, no permission) means
    // nothing was recorded, so it must still fail the invocation and let Lambda retry it.
    if (error instanceof ConditionalCheckFailedException) {
      console.log(`Signup ${eventId} already recorded`);
      return;
    }
    throw error;
  }
};
