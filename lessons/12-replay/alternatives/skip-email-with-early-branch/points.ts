import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';

interface OrderPlaced {
  orderId: string;
  customerEmail: string;
  amount: number;
  currency: string;
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ses = new SESv2Client({});

export const handler = async (event: EventBridgeEvent<'OrderPlaced', OrderPlaced>) => {
  const { orderId, customerEmail, amount } = event.detail;
  // One point per whole euro (the shipped code divided by 100, as if the amount were in cents).
  const points = Math.floor(amount);

  // The order's points, replaced whole: writing them again for the same order is safe.
  await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { orderId, customerEmail, points } }));

  // A replay sends the archived event again, marked with the replay's name. The points above are now right; the
  // email is a side effect the customer already had, so a replay must not repeat it.
  const isReplay = 'replay-name' in event && event['replay-name'] !== undefined;
  if (!isReplay) await ses.send(
    new SendEmailCommand({
      FromEmailAddress: process.env.FROM_ADDRESS,
      Destination: { ToAddresses: [customerEmail] },
      Content: { Simple: { Subject: { Data: 'Your loyalty points' }, Body: { Text: { Data: `Order ${orderId} earned you ${points} points.` } } } },
    }),
  );
};
