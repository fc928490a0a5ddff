import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

// Given, not to edit: the carrier's booking API. Booking the same order twice books it once. Throws when the
// carrier is down.

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function bookShipment(orderId: string, address: { country: string; postcode: string }): Promise<void> {
  if (!address?.country) throw new Error(`Cannot book a shipment for ${orderId}: no address`);
  await db.send(new PutCommand({ TableName: process.env.SHIPMENTS_TABLE, Item: { orderId, country: address.country, postcode: address.postcode } }));
}
