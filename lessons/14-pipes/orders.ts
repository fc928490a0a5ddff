import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

// The orders service (given): it writes its own table and publishes nothing. What happened to an order reaches the
// bus through the table's stream and the pipe orders-outbox.

type Call =
  | { action: 'place'; id: string; customerId: string; total: number; items: { sku: string; qty: number }[] }
  | { action: 'ship'; id: string }
  | { action: 'note'; id: string; note: string }
  | { action: 'cart'; id: string; customerId: string; items: { sku: string; qty: number }[] };

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TableName = process.env.TABLE_NAME;

/** A call, given directly or (on the workbench) as the detail of an event the orders-api rule delivers. */
export const handler = async (input: Call | { detail: Call }) => {
  const call = 'detail' in input ? input.detail : input;
  switch (call.action) {
    case 'place':
      await db.send(
        new PutCommand({
          TableName,
          Item: { id: call.id, type: 'order', customerId: call.customerId, status: 'PLACED', total: call.total, items: call.items, placedAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      break;
    case 'ship':
      await db.send(new UpdateCommand({ TableName, Key: { id: call.id }, UpdateExpression: 'SET #status = :shipped', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':shipped': 'SHIPPED' } }));
      break;
    case 'note':
      await db.send(new UpdateCommand({ TableName, Key: { id: call.id }, UpdateExpression: 'SET note = :note', ExpressionAttributeValues: { ':note': call.note } }));
      break;
    case 'cart':
      await db.send(new PutCommand({ TableName, Item: { id: call.id, type: 'cart', customerId: call.customerId, items: call.items } }));
      break;
  }
  return { done: call.action, id: call.id };
};
