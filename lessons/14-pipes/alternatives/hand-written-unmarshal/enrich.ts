import type { DynamoDBRecord } from 'aws-lambda';

/** One event's detail: the pipe puts it on the bus as is, with its eventType as the event's detail-type. */
type OrderEvent =
  | { eventType: 'OrderPlaced'; order: Record<string, unknown> }
  | { eventType: 'OrderStatusChanged'; id: unknown; from: unknown; to: unknown };

/** A stream image as plain JSON: DynamoDB's typed values ({ "N": "59.9" }) become numbers, strings, lists, maps. */
function value(typed: Record<string, unknown>): unknown {
  if ('S' in typed) return typed.S;
  if ('N' in typed) return Number(typed.N);
  if ('BOOL' in typed) return typed.BOOL;
  if ('NULL' in typed) return null;
  if ('L' in typed) return (typed.L as Record<string, unknown>[]).map(value);
  if ('M' in typed) return Object.fromEntries(Object.entries(typed.M as Record<string, Record<string, unknown>>).map(([k, v]) => [k, value(v)]));
  throw new Error(`A DynamoDB type this enrichment does not expect: ${Object.keys(typed).join(', ')}`);
}
const plain = (image: Record<string, unknown> | undefined) =>
  image ? (Object.fromEntries(Object.entries(image as Record<string, Record<string, unknown>>).map(([k, v]) => [k, value(v)])) as Record<string, unknown>) : undefined;

/** The pipe's enrichment: the batch of stream records the filter let through in, the events to publish out. */
export const handler = async (records: DynamoDBRecord[]): Promise<OrderEvent[]> => {
  const events: OrderEvent[] = [];
  // One batch holds up to ten records, oldest first: each gets its own answer, in the same order, so an order's
  // events reach the bus in the order its changes happened.
  for (const record of records) {
    const after = plain(record.dynamodb?.NewImage);
    const before = plain(record.dynamodb?.OldImage);
    if (record.eventName === 'INSERT' && after) {
      events.push({ eventType: 'OrderPlaced', order: after });
    } else if (record.eventName === 'MODIFY' && after && before && after.status !== before.status) {
      // A MODIFY record is any change to the item: only a different status is news for the customer.
      events.push({ eventType: 'OrderStatusChanged', id: after.id, from: before.status, to: after.status });
    }
    // Anything else (a note added, an order removed) needs no event: returning nothing for it publishes nothing.
  }
  return events;
};
