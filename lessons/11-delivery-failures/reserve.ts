import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

// Given, not to edit: the warehouse's consumer. It reserves an order's items once, keyed by the order, and keeps
// the time the order was placed (the event's own time), which the warehouse picks by.

interface OrderPlaced {
  orderId: string;
  items: { sku: string; quantity: number }[];
}

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'OrderPlaced', OrderPlaced>) => {
  const { orderId, items } = event.detail;
  try {
    await db.send(
      new PutCommand({
        TableName: process.env.TABLE_NAME,
        Item: { orderId, items, placedAt: event.time },
        ConditionExpression: 'attribute_not_exists(orderId)',
      }),
    );
    console.log(`Reserved stock for ${orderId}`);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      console.log(`Stock for ${orderId} was reserved already`);
      return;
    }
    throw error;
  }
};
