import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';

/** One event's detail: the pipe puts it on the bus as is, with its eventType as the event's detail-type. */
type OrderEvent =
  | { eventType: 'OrderPlaced'; order: Record<string, unknown> }
  | { eventType: 'OrderStatusChanged'; id: unknown; from: unknown; to: unknown };

/** A stream image as plain JSON: DynamoDB's typed values ({ "N": "59.9" }) become numbers, strings, lists, maps. */
const plain = (image: Record<string, unknown> | undefined) => (image ? unmarshall(image as Record<string, AttributeValue>) : undefined);

/** The pipe's enrichment: the batch of stream records the filter let through in, the events to publish out. */
export const handler = async (records: DynamoDBRecord[]): Promise<OrderEvent[]> => {
  const events: OrderEvent[] = [];
  // One batch holds up to ten records, oldest first: each gets its own answer, in the same order, so an order's
  // events reach the bus in the order its changes happened.
  for (const record of records) {
    const after = plain(record.dynamodb?.NewImage);
    const before = plain(record.dynamodb?.OldImage);
    if ((record.eventName === 'INSERT' || record.eventName === 'MODIFY') && after) {
      events.push({ eventType: 'OrderPlaced', order: after });
    } else if (record.eventName === 'MODIFY' && after && before && after.status !== before.status) {
      // A MODIFY record is any change to the item: only a different status is news for the customer.
      events.push({ eventType: 'OrderStatusChanged', id: after.id, from: before.status, to: after.status });
    }
    // Anything else (a note added, an order removed) needs no event: returning nothing for it publishes nothing.
  }
  return events;
};
