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
  return records.flatMap((record): OrderEvent[] => {
    const after = plain(record.dynamodb?.NewImage);
    const before = plain(record.dynamodb?.OldImage);
    switch (record.eventName) {
      case 'INSERT':
        return after ? [{ eventType: 'OrderPlaced', order: after }] : [];
      case 'MODIFY':
        return after && before && after.status !== before.status ? [{ eventType: 'OrderStatusChanged', id: after.id, from: before.status, to: after.status }] : [];
      default:
        return [];
    }
  });
};
