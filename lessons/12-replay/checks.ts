import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const TABLE = 'loyalty-points';
const MINUTE = 60_000;

interface Order {
  orderId: string;
  customerEmail: string;
  amount: number;
  currency: string;
}
const ORDERS: Order[] = [
  { orderId: 'ORD-8101', customerEmail: 'grace@example.com', amount: 54.2, currency: 'EUR' },
  { orderId: 'ORD-8102', customerEmail: 'alan@example.com', amount: 249.99, currency: 'EUR' },
  { orderId: 'ORD-8103', customerEmail: 'edsger@example.com', amount: 1020, currency: 'EUR' },
  { orderId: 'ORD-8104', customerEmail: 'barbara@example.com', amount: 77.7, currency: 'EUR' },
];
const placed = (order: Order): PutEventsRequestEntry => ({ Source: 'myapp.orders', DetailType: 'OrderPlaced', Detail: JSON.stringify(order) });
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The shop's morning: an order before the bad hour, two during it, one after. The bad hour's orders got the
 * shipped bug's points (the amount divided by 100); the window that covers them is returned.
 */
async function aMorningWithABadHour(t: CheckContext): Promise<{ from: string; to: string; start: number }> {
  const start = t.cloud.clock.now();
  for (const [i, order] of ORDERS.entries()) {
    if (i > 0) await t.advance(i === 1 ? 30 * MINUTE : i === 2 ? 20 * MINUTE : 30 * MINUTE);
    await t.send(placed(order));
  }
  await t.advance(20 * MINUTE);
  // What the bug wrote for the two orders of the bad hour, 09:15 to 10:05.
  for (const order of ORDERS.slice(1, 3)) {
    t.cloud.dynamodb.putItem({ TableName: TABLE, Item: { orderId: { S: order.orderId }, customerEmail: { S: order.customerEmail }, points: { N: String(Math.floor(order.amount / 100)) } } });
  }
  return { from: iso(start + 15 * MINUTE), to: iso(start + 65 * MINUTE), start };
}

async function replay(t: CheckContext, window: { from: string; to: string }): Promise<string> {
  const result = await t.invoke('replay-orders', window);
  if (result.functionError) t.fail(`Expected replay-orders to start a replay of ${window.from} to ${window.to}, but it failed: ${result.error?.errorType}: ${result.error?.errorMessage}`);
  await t.settle();
  return result.payload;
}

/** The order ids a queue received from replays, by replay-name. */
function replayed(t: CheckContext, queue: string): string[] {
  return t
    .queue(queue)
    .map((body) => JSON.parse(body) as { 'replay-name'?: string; detail: Order })
    .filter((event) => event['replay-name'] !== undefined)
    .map((event) => event.detail.orderId)
    .sort();
}

const pointsOf = (t: CheckContext, orderId: string) => t.table(TABLE).find((item) => item.orderId === orderId)?.points;

export default defineChecks({
  hints: {
    points: 'How many points should 249.99 EUR earn? Where does the shipped code go wrong?',
    replay: 'Which ARN does StartReplay want as EventSourceArn, and which as Destination.Arn? Which rules does a replay reach without FilterArns, and how do you find the ARN of the one rule it should reach? Where do the window’s two times come from?',
    replayed: 'What does a replayed event carry that the original did not? Which of the function’s two effects is safe to repeat, and which is not?',
    name: 'What happens when StartReplay is given a name an earlier replay already has? What differs from one run of the function to the next?',
  },
  checks: [
    {
      name: 'awards one point per whole euro of an order',
      hint: 'points',
      async run(t) {
        await t.send(placed(ORDERS[1]!));
        t.expect(pointsOf(t, 'ORD-8102'), 'the points of an order of 249.99 EUR').toBe(249);
      },
    },
    {
      name: 'replays exactly the window it is given, to the points rule alone: receipts are not sent again',
      hint: 'replay',
      // Another account and Region than the workbench's: ARNs typed from the workbench do not work here.
      deployedTo: { account: '210987654321', region: 'eu-central-1' },
      async run(t) {
        const window = await aMorningWithABadHour(t);
        await replay(t, window);
        t.expect(replayed(t, 'points-events'), `the orders the points rule received again, replaying ${window.from} to ${window.to}`).toEqual(['ORD-8102', 'ORD-8103']);
        t.expect(replayed(t, 'receipts'), 'the orders the receipts rule received again').toEqual([]);
      },
    },
    {
      name: 'corrects the points of a replayed order without emailing the customer again',
      hint: 'replayed',
      async run(t) {
        const window = await aMorningWithABadHour(t);
        await replay(t, window);
        t.expect(pointsOf(t, 'ORD-8102'), 'the points of ORD-8102 (249.99 EUR) after the replay').toBe(249);
        t.expect(pointsOf(t, 'ORD-8103'), 'the points of ORD-8103 (1,020 EUR) after the replay').toBe(1020);
        const toAlan = t.outbox().filter((email) => email.to.includes('alan@example.com')).length;
        t.expect(toAlan, 'the emails alan@example.com got about ORD-8102, first when he ordered and then during the replay').toBe(1);
      },
    },
    {
      name: 'names each replay afresh, so that it can be run again, for the same window or another',
      hint: 'name',
      async run(t) {
        const window = await aMorningWithABadHour(t);
        await replay(t, window);
        // A second fix to the same code: the same hour is replayed again. Then ORD-8104's hour needs replaying too.
        await replay(t, window);
        await replay(t, { from: iso(window.start + 70 * MINUTE), to: iso(window.start + 90 * MINUTE) });
        const replays = t.cloud.events.listReplays({}).Replays ?? [];
        t.expect(replays.length, 'the number of replays started by three runs (the bad hour twice, then the next hour)').toBe(3);
        t.expect(replayed(t, 'points-events'), 'the orders the points rule received again, over the three replays').toEqual(['ORD-8102', 'ORD-8102', 'ORD-8103', 'ORD-8103', 'ORD-8104']);
      },
    },
    {
      name: 'finds the archive and the rule by the names in ARCHIVE_NAME and RULE_NAME',
      hint: 'replay',
      arrange(architecture) {
        return {
          ...architecture,
          archives: architecture.archives?.map((a) => ({ ...a, name: 'orders-archive-eu' })),
          rules: architecture.rules?.map((r) => (r.name === 'award-points' ? { ...r, name: 'award-points-eu' } : r)),
          functions: architecture.functions?.map((fn) => (fn.name === 'replay-orders' ? { ...fn, environment: { ARCHIVE_NAME: 'orders-archive-eu', RULE_NAME: 'award-points-eu' } } : fn)),
        };
      },
      async run(t) {
        const window = await aMorningWithABadHour(t);
        await replay(t, window);
        t.expect(replayed(t, 'points-events'), 'the orders the points rule received again').toEqual(['ORD-8102', 'ORD-8103']);
      },
    },
  ],
});
