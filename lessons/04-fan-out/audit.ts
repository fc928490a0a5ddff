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
  // TODO: store one audit record in the table named by process.env.TABLE_NAME, with
  //       `await db.send(new PutCommand({ TableName, Item: { ... } }))`. The item holds:
  //       eventId (the table's key: the event's own id), userId, email, signupMethod, and eventTime (when the
  //       event happened, as EventBridge recorded it).

  // TODO: EventBridge may deliver the same event twice. Make the put succeed only for the first copy with
  //       `ConditionExpression: 'attribute_not_exists(eventId)'`, and when it fails with
  //       ConditionalCheckFailedException, log `Signup ${eventId} already recorded` and return normally.
  //       Any other error must still fail the invocation, so that Lambda retries it.
};
