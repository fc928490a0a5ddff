import { marshall } from '@aws-sdk/util-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const TABLE = 'orders';
const PIPE = 'orders-outbox';

type Delivered = EventBridgeEvent<string, Record<string, unknown>>;

// Orders no sample has: amounts with cents, several lines, a customer id of digits that must stay a string.
const order = (id: string, total: number, customerId = '0042') => ({
  id,
  type: 'order',
  customerId,
  status: 'PLACED',
  total,
  items: [
    { sku: 'LAMP-7', qty: 1 },
    { sku: 'BULB-2', qty: 3 },
  ],
  placedAt: '2026-12-01T10:15:00.000Z',
});
const cart = (id: string) => ({ id, type: 'cart', customerId: '0042', items: [{ sku: 'TEA-03', qty: 2 }] });
// The table's third kind of item, which no sample mentions: only orders are the pipe's business.
const returned = (id: string, orderId: string) => ({ id, type: 'return', orderId, status: 'REQUESTED', items: [{ sku: 'LAMP-7', qty: 1 }] });

/** Writes as the orders service does: straight to its table, nothing else. */
const put = (t: CheckContext, item: Record<string, unknown>) => t.cloud.dynamodb.putItem({ TableName: TABLE, Item: marshall(item) });
const set = (t: CheckContext, id: string, field: string, value: unknown) =>
  t.cloud.dynamodb.updateItem({ TableName: TABLE, Key: marshall({ id }), UpdateExpression: 'SET #f = :v', ExpressionAttributeNames: { '#f': field }, ExpressionAttributeValues: marshall({ ':v': value }) });
const remove = (t: CheckContext, id: string) => t.cloud.dynamodb.deleteItem({ TableName: TABLE, Key: marshall({ id }) });

/** The events each rule delivered, as consumers receive them. */
const placed = (t: CheckContext): Delivered[] => t.queue('fulfilment').map((body) => JSON.parse(body) as Delivered);
const statusChanges = (t: CheckContext): Delivered[] => t.queue('customer-updates').map((body) => JSON.parse(body) as Delivered);

/** The order an event is about: an OrderPlaced event's order.id, an OrderStatusChanged event's id. */
const orderId = (detail: unknown): unknown => {
  const d = detail as { id?: unknown; order?: { id?: unknown } } | undefined;
  return d?.order?.id ?? d?.id;
};

/** What reached the default bus from the pipe: the detail-type and detail of each event. */
function published(t: CheckContext): { detailType: string | undefined; detail: unknown }[] {
  return t.cloud.pipes
    .executions(PIPE)
    .flatMap((execution) => execution.attempts.flatMap((attempt) => (attempt.outcome === 'succeeded' || attempt.outcome === 'partially-failed' ? (attempt.target?.entries ?? []) : [])))
    .map((entry) => ({ detailType: entry.DetailType, detail: entry.Detail === undefined ? undefined : (JSON.parse(entry.Detail) as unknown) }));
}

/** What the pipe did, in a sentence: how many records it read, let through and published, and how it failed. */
function pipeStory(t: CheckContext): string {
  const executions = t.cloud.pipes.executions(PIPE);
  const read = executions.reduce((n, e) => n + e.records.length, 0);
  const dropped = executions.reduce((n, e) => n + e.filteredOut.length, 0);
  const failure = executions.flatMap((e) => e.attempts).find((a) => a.error)?.error;
  const events = published(t);
  return (
    `The pipe read ${read} stream record${read === 1 ? '' : 's'}, its filter dropped ${dropped}, and it published ${events.length} event${events.length === 1 ? '' : 's'}` +
    (events.length > 0 ? ` (${events.map((e) => e.detailType).join(', ')})` : '') +
    (failure ? `; an attempt failed in the ${failure.stage} with ${failure.code}: ${failure.message}` : '') +
    '.'
  );
}

/** A batch the pipe had to retry is a batch that failed: nothing that is not news may make it fail. */
function expectNoFailedAttempts(t: CheckContext, what: string): void {
  const failed = t.cloud.pipes.executions(PIPE).flatMap((e) => e.attempts).find((a) => a.error);
  if (failed) t.fail(`Expected the pipe to pass over ${what} quietly, but an attempt failed in the ${failed.error!.stage} with ${failed.error!.code}: ${failed.error!.message}`);
}

export default defineChecks({
  hints: {
    filter: 'What does a stream record look like: where in it is the item, and how does DynamoDB write a string there ({ "S": … })? A filter pattern has the shape of the record it matches.',
    enrich: 'What does the enrichment receive: one record or a list? Which record field says the item is new, and how do you turn its NewImage into plain JSON?',
    changes: 'A MODIFY record comes for every change to an order. Which two images does it carry, and which field must differ for the change to be news?',
    batch: 'How many records can one call of the enrichment hold? Does your function return one event for each record that needs one, in the records’ order?',
  },
  checks: [
    {
      name: 'an order written to the table reaches the bus as OrderPlaced, in plain JSON',
      hint: 'enrich',
      async run(t: CheckContext) {
        const written = order('7001', 1234.56);
        put(t, written);
        await t.settle();
        const events = placed(t);
        if (events.length !== 1) t.fail(`Expected the new order 7001 to reach fulfilment once as OrderPlaced from myapp.orders, but fulfilment received ${events.length} events. ${pipeStory(t)}`);
        t.expect(events[0]!.detail, 'the detail of the OrderPlaced event (its eventType, and the order as the orders service wrote it)').toEqual({ eventType: 'OrderPlaced', order: written });
      },
    },
    {
      name: 'a status change reaches the bus as OrderStatusChanged, from and to',
      hint: 'changes',
      async run(t: CheckContext) {
        put(t, order('o-7002', 18));
        await t.settle();
        set(t, 'o-7002', 'status', 'SHIPPED');
        await t.settle();
        set(t, 'o-7002', 'status', 'DELIVERED');
        await t.settle();
        const changes = statusChanges(t).map((e) => e.detail);
        t.expect(changes, `the details of the OrderStatusChanged events customer updates received. ${pipeStory(t)} So`).toEqual([
          { eventType: 'OrderStatusChanged', id: 'o-7002', from: 'PLACED', to: 'SHIPPED' },
          { eventType: 'OrderStatusChanged', id: 'o-7002', from: 'SHIPPED', to: 'DELIVERED' },
        ]);
      },
    },
    {
      name: 'a change that leaves the status as it was puts nothing on the bus',
      hint: 'changes',
      async run(t: CheckContext) {
        put(t, order('o-7003', 42));
        await t.settle();
        const before = published(t).length;
        set(t, 'o-7003', 'note', 'Leave with the neighbour at number 12');
        set(t, 'o-7003', 'total', 40.5);
        await t.settle();
        const after = published(t).slice(before);
        if (after.length > 0) t.fail(`Expected a delivery note and a new total on order o-7003 (its status still PLACED) to publish nothing, but the pipe published ${after.map((e) => `${e.detailType} ${JSON.stringify(e.detail)}`).join(' and ')}.`);
        t.expect(statusChanges(t).length, 'the number of status changes customer updates received').toBe(0);
        expectNoFailedAttempts(t, 'changes that are not news');
      },
    },
    {
      name: 'carts never reach the enrichment: the filter drops their changes first',
      hint: 'filter',
      async run(t: CheckContext) {
        put(t, cart('cart-0042'));
        set(t, 'cart-0042', 'items', [{ sku: 'TEA-03', qty: 3 }]);
        remove(t, 'cart-0042');
        put(t, returned('r-0007', 'o-6001'));
        put(t, order('o-7004', 9.99));
        await t.settle();
        const enriched = t.cloud.pipes.executions(PIPE).flatMap((e) => e.attempts.flatMap((a) => a.enrichment?.input ?? []));
        const ids = enriched.map((record) => (record as { dynamodb?: { Keys?: { id?: { S?: string } } } }).dynamodb?.Keys?.id?.S);
        const strays = ids.filter((id) => id === 'cart-0042' || id === 'r-0007');
        if (strays.length > 0) {
          t.fail(`Expected the pipe's filter to let only orders through to the enrichment, dropping the three changes to cart-0042 and the return r-0007 (an item of type "return"), but the enrichment was handed records of ${ids.map((id) => JSON.stringify(id)).join(', ')}: every item that is not an order costs an invocation each time it changes. ${pipeStory(t)}`);
        }
        if (!ids.includes('o-7004')) t.fail(`Expected the filter to let order o-7004's new record through to the enrichment, but it was handed ${enriched.length === 0 ? 'nothing' : `only ${ids.map((id) => JSON.stringify(id)).join(', ')}`}. ${pipeStory(t)}`);
        t.expect(placed(t).map((e) => orderId(e.detail)), 'the orders fulfilment received').toEqual(['o-7004']);
      },
    },
    {
      name: 'every record of a batch is published, in the order it was written',
      hint: 'batch',
      async run(t: CheckContext) {
        // Written within the pipe's one-second batching window: they reach the enrichment as one batch.
        put(t, order('o-7101', 10));
        put(t, order('o-7102', 20));
        set(t, 'o-7101', 'status', 'CANCELLED');
        put(t, order('o-7103', 30));
        set(t, 'o-7102', 'status', 'SHIPPED');
        await t.settle();
        const batches = t.cloud.pipes.executions(PIPE).filter((e) => e.attempts.length > 0).length;
        t.expect(
          published(t).map((e) => `${e.detailType} ${orderId(e.detail)}`),
          `the events the pipe published, in order, from ${batches} batch${batches === 1 ? '' : 'es'}`,
        ).toEqual(['OrderPlaced o-7101', 'OrderPlaced o-7102', 'OrderStatusChanged o-7101', 'OrderPlaced o-7103', 'OrderStatusChanged o-7102']);
      },
    },
    {
      name: 'an order deleted from the table puts nothing on the bus',
      hint: 'enrich',
      async run(t: CheckContext) {
        put(t, order('o-7005', 12));
        await t.settle();
        const before = published(t).length;
        // Data retention removes old orders: no customer and no warehouse needs to hear about it.
        remove(t, 'o-7005');
        await t.settle();
        const after = published(t).slice(before);
        if (after.length > 0) t.fail(`Expected deleting order o-7005 from the table to publish nothing, but the pipe published ${after.map((e) => `${e.detailType} ${JSON.stringify(e.detail)}`).join(' and ')}.`);
        expectNoFailedAttempts(t, 'the deleted order');
      },
    },
  ],
});
