import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { bookShipment } from './carrier-api.ts';
import { charge } from './payments-api.ts';

interface CheckoutRequest {
  customerId: string;
  items: { sku: string; quantity: number }[];
  amount: number;
  currency: string;
  address: { country: string; postcode: string };
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const events = new EventBridgeClient({});

// Today checkout does everything itself, one step after the other: if the payment provider or the carrier is
// down, the customer's order fails, and if the carrier is slow, the customer waits for it.
export const handler = async (request: CheckoutRequest) => {
  const orderId = `ORD-${randomUUID()}`;
  await db.send(new PutCommand({ TableName: process.env.ORDERS_TABLE, Item: { orderId, ...request, status: 'PLACED' } }));

  // TODO: stop calling payment and shipping from here. Instead, announce the order with
  //       `events.send(new PutEventsCommand({ Entries: [...] }))`: one entry on the bus named in
  //       process.env.BUS_NAME, from source myapp.orders, detail-type OrderPlaced, with the orderId and everything
  //       payment, inventory and shipping need in its Detail. Check the answer's FailedEntryCount: an entry PutEvents did
  //       not take must fail the checkout, not vanish.
  await charge(orderId, request.amount, request.currency);
  await bookShipment(orderId, request.address);

  return { orderId };
};
