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
  // TODO: add one to the signup count of this event's signup method, in the table named by
  //       process.env.TABLE_NAME (key: signupMethod), with `await db.send(new UpdateCommand({ ... }))` and the
  //       update expression `ADD #count :one`. `count` is a DynamoDB reserved word: say what #count stands for
  //       in ExpressionAttributeNames, and what :one is in ExpressionAttributeValues.
};
