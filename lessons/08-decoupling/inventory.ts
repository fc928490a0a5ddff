import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';

// Given, not to edit: the inventory service reserves the items of every order placed. It hears the same OrderPlaced
// as payment, through a rule of its own, and neither waits for the other. An order's items are reserved all
// together or not at all, never beyond the stock available, and once per order however often OrderPlaced arrives.

interface OrderPlaced {
  orderId: string;
  items: { sku: string; quantity: number }[];
}

/** What the warehouse holds of a SKU the table has no count for yet (this lesson's tables start empty). */
const OPENING_STOCK = 100;

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: EventBridgeEvent<'OrderPlaced', OrderPlaced>) => {
  const TableName = process.env.INVENTORY_TABLE;
  const { orderId, items } = event.detail;
  if (!Array.isArray(items)) throw new Error(`OrderPlaced for ${orderId} has no items to reserve`);
  // A transaction may touch an item once: two lines of the same SKU are reserved as one.
  const wanted = new Map<string, number>();
  for (const { sku, quantity } of items) wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);

  // A SKU the table has not counted starts at OPENING_STOCK: set that first (a no-op for a SKU counted already), so
  // that the reservation below has a count to compare with.
  for (const sku of wanted.keys()) {
    await db.send(new UpdateCommand({ TableName, Key: { id: `sku#${sku}` }, UpdateExpression: 'SET available = if_not_exists(available, :opening)', ExpressionAttributeValues: { ':opening': OPENING_STOCK } }));
  }
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          // The order's reservation, once: a second OrderPlaced for it finds this item and changes nothing.
          { Put: { TableName, Item: { id: `order#${orderId}`, items, reservedAt: event.time }, ConditionExpression: 'attribute_not_exists(id)' } },
          ...[...wanted].map(([sku, quantity]) => ({
            Update: {
              TableName,
              Key: { id: `sku#${sku}` },
              UpdateExpression: 'SET available = available - :quantity',
              ConditionExpression: 'available >= :quantity',
              ExpressionAttributeValues: { ':quantity': quantity },
            },
          })),
        ],
      }),
    );
    console.log(`Reserved ${[...wanted].map(([sku, quantity]) => `${quantity} × ${sku}`).join(', ')} for ${orderId}`);
  } catch (error) {
    const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') {
      console.log(`The items of ${orderId} were reserved already`);
      return;
    }
    const short = [...wanted.keys()].filter((_, i) => reasons[i + 1]?.Code === 'ConditionalCheckFailed');
    if (short.length > 0) {
      // A retry would find no more stock: a real warehouse would announce the shortage for the others to act on.
      console.log(`Not enough stock for ${orderId}: ${short.join(', ')}`);
      return;
    }
    // Throttled, say: fail, and Lambda tries again later.
    throw error;
  }
};
