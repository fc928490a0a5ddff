import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';

interface CheckoutRequest {
  customerId: string;
  items: { sku: string; quantity: number }[];
  amount: number;
  currency: string;
  address: { country: string; postcode: string };
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const events = new EventBridgeClient({});

// Checkout takes the order and says so; payment and shipping hear about it on the commerce bus and do their part
// on their own time. A payment provider or a carrier that is down no longer fails the customer's order.
export const handler = async (request: CheckoutRequest) => {
  const orderId = `ORD-${randomUUID()}`;
  await db.send(new PutCommand({ TableName: process.env.ORDERS_TABLE, Item: { orderId, ...request, status: 'PLACED' } }));

  const { FailedEntryCount, Entries } = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: process.env.BUS_NAME,
          Source: 'myapp.orders',
          DetailType: 'OrderPlaced',
          Detail: JSON.stringify({ orderId, customerId: request.customerId, amount: request.amount, currency: request.currency, address: request.address }),
        },
      ],
    }),
  );
  // PutEvents answers 200 even when it refused an entry: the entry's own result says so.
  if (FailedEntryCount) throw new Error(`OrderPlaced for ${orderId} was not published: ${Entries?.[0]?.ErrorCode} ${Entries?.[0]?.ErrorMessage}`);

  return { orderId };
};
