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
  // TODO: for each record, in order:
  //       - a new order (eventName INSERT): { eventType: 'OrderPlaced', order }, the order as plain JSON (its NewImage);
  //       - a changed order (MODIFY) whose status differs from before (OldImage):
  //         { eventType: 'OrderStatusChanged', id, from, to };
  //       - anything else: no event.
  console.log(`Enriching ${records.length} records`);
  return events;
};
