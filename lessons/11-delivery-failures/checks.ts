import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { LessonArchitecture } from '../../src/lessons/architecture.ts';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const RESERVE = 'reserve-stock';
const DLQ = 'reserve-stock-dlq';
const FAILURES = 'reserve-stock-failures';
const TABLE = 'stock-reservations';
/** A table that does not exist until a check creates it. */
const NEW_TABLE = 'stock-reservations-v2';

/** Order number `n`, placed at a time of its own, well before the check runs. */
const placedAt = (n: number) => new Date(Date.UTC(2026, 10, 21, 8, 0, n));
function order(n: number): PutEventsRequestEntry {
  return { Source: 'myapp.orders', DetailType: 'OrderPlaced', Time: placedAt(n), Detail: JSON.stringify({ orderId: `ORD-7${String(n).padStart(3, '0')}`, items: [{ sku: `SKU-${n}`, quantity: 1 + (n % 3) }] }) };
}
const orderId = (n: number) => `ORD-7${String(n).padStart(3, '0')}`;
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

/** How many times each order was put on the bus (the count-orders rule copies every OrderPlaced to orders-seen). */
function timesPut(t: CheckContext): Map<string, number> {
  const counts = new Map<string, number>();
  for (const body of t.queue('orders-seen')) {
    const id = (JSON.parse(body) as { detail: { orderId: string } }).detail.orderId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Makes EventBridge unable to deliver these orders to reserve-stock (as if its permission were missing), so they land in the DLQ. */
async function deadInEventBridgeDlq(t: CheckContext, orders: number[]): Promise<void> {
  t.cloud.events.injectTargetFailure(t.world.arn({ function: RESERVE }), { mode: 'missing', times: orders.length });
  await t.sendAll(orders.map(order));
  const dead = t.queue(DLQ).length;
  if (dead !== orders.length) throw new Error(`The check expected ${orders.length} events in ${DLQ} before redriving, but found ${dead}.`);
}

async function redrive(t: CheckContext): Promise<void> {
  const result = await t.invoke('redrive', {});
  if (result.functionError) t.fail(`Expected redrive to run to the end, but it failed: ${result.error?.errorType}: ${result.error?.errorMessage}`);
  await t.settle();
}

const listed = (orders: number[]) => `${orders.slice(0, 5).map(orderId).join(', ')}${orders.length > 5 ? ', …' : ''}`;

function expectReservedOnce(t: CheckContext, orders: number[], table = TABLE): void {
  const reserved = new Map(t.table(table).map((item) => [item.orderId, item]));
  const missing = orders.filter((n) => !reserved.has(orderId(n)));
  if (missing.length > 0) t.fail(`Expected every redriven order to be reserved, but ${missing.length} of ${orders.length} were not: ${listed(missing)}. ${t.queue(DLQ).length} messages are left in ${DLQ} and ${t.queue(FAILURES).length} in ${FAILURES}.`);
  expectNotPutTwice(t, orders);
}

/**
 * Each order put back on the bus by redrive, once, read on the bus itself (orders-seen holds a copy of every
 * OrderPlaced): for the checks that redrive many orders at once with reserve-stock taken off the rule, so that it
 * does not run in as many execution environments to say the same.
 */
function expectPutBackOnce(t: CheckContext, orders: number[]): void {
  const put = timesPut(t);
  const missing = orders.filter((n) => (put.get(orderId(n)) ?? 0) < 2);
  if (missing.length > 0) t.fail(`Expected every dead order to be put back on the bus, but ${missing.length} of ${orders.length} were not: ${listed(missing)}. ${t.queue(DLQ).length} messages are left in ${DLQ}.`);
  expectNotPutTwice(t, orders, put);
}

function expectNotPutTwice(t: CheckContext, orders: number[], put = timesPut(t)): void {
  const twice = orders.filter((n) => (put.get(orderId(n)) ?? 0) > 2);
  if (twice.length > 0) t.fail(`Expected each dead order to be put back on the bus once, but ${orderId(twice[0]!)} was put on it ${put.get(orderId(twice[0]!))} times (once by the shop, then ${put.get(orderId(twice[0]!))! - 1} by redrive).`);
}

function expectPlacedAtKept(t: CheckContext, n: number, table = TABLE): void {
  const item = t.table(table).find((i) => i.orderId === orderId(n));
  t.expect(item?.placedAt, `the placedAt of ${orderId(n)} after the redrive (the event's time, when the order was placed)`).toBe(placedAt(n).toISOString().replace('.000Z', 'Z'));
}

/** The same lesson with both dead-letter queues under other names. */
function queuesCalled(architecture: LessonArchitecture, dlq: string, failures: string): LessonArchitecture {
  const rename = (name: string) => (name === DLQ ? dlq : name === FAILURES ? failures : name);
  return {
    ...architecture,
    queues: architecture.queues?.map((q) => ({ ...q, name: rename(q.name) })),
    functions: architecture.functions?.map((fn) =>
      fn.name === RESERVE ? { ...fn, onFailure: { queue: failures } } : fn.name === 'redrive' ? { ...fn, environment: { DLQ_NAME: dlq, FAILURES_NAME: failures } } : fn,
    ),
    rules: architecture.rules?.map((rule) => ({ ...rule, targets: rule.targets.map((target) => (target.deadLetterQueue ? { ...target, deadLetterQueue: dlq } : target)) })),
  };
}

export default defineChecks({
  hints: {
    find: 'Where does each queue’s name come from, and which SQS command turns a name into the URL the other commands want? How many messages does one ReceiveMessage return at most, and how do you know a queue has none left?',
    unwrap: 'Open a message of each queue in the Queues panel. Which one is the event itself, and which one wraps it with the function’s error? Which fields of the event does a PutEvents entry need, and which one says when it happened?',
    once: 'PutEvents answers 200 even when it refuses an entry: where does it say which entries it accepted? When is it safe to delete a message, and what happens to a message you received but did not delete? What would a second run, at the same moment, receive?',
  },
  checks: [
    {
      name: 'redrives the events EventBridge could not deliver: each order reserved once, with the time it was placed',
      hint: 'unwrap',
      async run(t) {
        await deadInEventBridgeDlq(t, [1, 2]);
        await redrive(t);
        expectReservedOnce(t, [1, 2]);
        expectPlacedAtKept(t, 1);
        t.expect(t.queue(DLQ).length, `the messages left in ${DLQ}`).toBe(0);
      },
    },
    {
      name: 'redrives the events the function failed on, from inside Lambda’s on-failure records',
      hint: 'unwrap',
      // reserve-stock was deployed before its new table existed: every attempt fails with ResourceNotFoundException.
      arrange: (architecture) => ({
        ...architecture,
        functions: architecture.functions?.map((fn) => (fn.name === RESERVE ? { ...fn, environment: { TABLE_NAME: NEW_TABLE } } : fn)),
      }),
      async run(t) {
        t.expectFailuresOf(RESERVE);
        await t.send(order(3));
        if (t.queue(FAILURES).length !== 1) throw new Error(`The check expected one invocation record in ${FAILURES}, but found ${t.queue(FAILURES).length}.`);
        // The fix: the table is created. Now the events can be put back.
        t.cloud.dynamodb.createTable({ TableName: NEW_TABLE, KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' });
        await redrive(t);
        expectReservedOnce(t, [3], NEW_TABLE);
        expectPlacedAtKept(t, 3, NEW_TABLE);
        t.expect(t.queue(FAILURES).length, `the records left in ${FAILURES}`).toBe(0);
      },
    },
    {
      name: 'redrives every dead letter, however many: 11 in the queue',
      hint: 'find',
      async run(t) {
        const orders = range(10, 11);
        await deadInEventBridgeDlq(t, orders);
        t.deliverOnlyTo();
        await redrive(t);
        expectPutBackOnce(t, orders);
        t.expect(t.queue(DLQ).length, `the messages left in ${DLQ}`).toBe(0);
      },
    },
    {
      name: 'keeps the dead letter whose re-send EventBridge refused, for the next run, and deletes the others',
      hint: 'once',
      async run(t) {
        await deadInEventBridgeDlq(t, [40, 41, 42]);
        // The next entry put on the bus, redrive's first, is refused: PutEvents answers 200 with FailedEntryCount 1.
        t.cloud.events.injectPutEventsFailure({ errorCode: 'InternalFailure', errorMessage: 'Internal service error.', times: 1 });
        await redrive(t);
        const left = t.queue(DLQ).map((body) => (JSON.parse(body) as { detail: { orderId: string } }).detail.orderId);
        const reserved = t.table(TABLE).map((item) => item.orderId);
        if (left.length !== 1) {
          t.fail(`Expected the one order whose re-send EventBridge refused to stay in ${DLQ}, and the two it accepted to be deleted, but ${left.length} messages are left (${left.join(', ') || 'none'}), and ${reserved.length} orders were reserved (${reserved.join(', ')}).`);
        }
        t.expect(reserved.length + left.length, 'the orders reserved plus the orders still in the dead-letter queue (none may be lost)').toBe(3);
        t.expect(reserved.includes(left[0]!), `whether ${left[0]} was reserved though its re-send was refused`).toBe(false);
      },
    },
    {
      name: 'puts each dead letter back once, even when two runs of redrive overlap',
      hint: 'once',
      async run(t) {
        const orders = range(50, 5);
        await deadInEventBridgeDlq(t, orders);
        t.deliverOnlyTo();
        const runs = await Promise.all([t.invoke('redrive', {}), t.invoke('redrive', {})]);
        const failed = runs.find((r) => r.functionError);
        if (failed) t.fail(`Expected both runs of redrive to finish, but one failed: ${failed.error?.errorType}: ${failed.error?.errorMessage}`);
        await t.settle();
        expectPutBackOnce(t, orders);
      },
    },
    {
      name: 'finds its queues by the names in DLQ_NAME and FAILURES_NAME, wherever it is deployed',
      hint: 'find',
      arrange: (architecture) => queuesCalled(architecture, 'reserve-stock-dlq-eu', 'reserve-stock-failures-eu'),
      async run(t) {
        t.cloud.events.injectTargetFailure(t.world.arn({ function: RESERVE }), { mode: 'missing', times: 1 });
        await t.send(order(60));
        await redrive(t);
        const reserved = t.table(TABLE).map((item) => item.orderId);
        if (!reserved.includes(orderId(60))) t.fail(`Expected redrive to find ${orderId(60)} in reserve-stock-dlq-eu (the queue DLQ_NAME names) and put it back, but it was not reserved; the queue holds ${t.queue('reserve-stock-dlq-eu').length} messages.`);
      },
    },
  ],
});
