import type { LessonArchitecture } from '../../src/lessons/architecture.ts';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

/** Orders no sample shows. */
const ORDER = { customerId: 'C-40', items: [{ sku: 'LAMP-2', quantity: 1 }], amount: 129.9, currency: 'GBP', address: { country: 'IE', postcode: 'D02 X285' } };
const SECOND_ORDER = { customerId: 'C-41', items: [{ sku: 'MUG-7', quantity: 4 }], amount: 36, currency: 'EUR', address: { country: 'FR', postcode: '69001' } };

interface Envelope {
  source: string;
  'detail-type': string;
  detail: Record<string, unknown>;
}
const commerceEvents = (t: CheckContext) => t.queue('commerce-events').map((body) => JSON.parse(body) as Envelope);
const named = (t: CheckContext, detailType: string) => commerceEvents(t).filter((e) => e['detail-type'] === detailType);

/** Takes an order through checkout as the shop's API would; fails the check, with the function's error, if checkout does. */
async function checkout(t: CheckContext, order: object): Promise<string> {
  const result = await t.invoke('checkout', order);
  if (result.functionError) t.fail(`Expected checkout to take the order and answer with its id, but it failed: ${result.error?.errorType}: ${result.error?.errorMessage}`);
  const orderId = (JSON.parse(result.payload) as { orderId?: unknown } | null)?.orderId;
  if (typeof orderId !== 'string') t.fail(`Expected checkout to answer with { orderId }, but it answered ${result.payload}.`);
  return orderId;
}

const ids = (t: CheckContext, table: string) => t.table(table).map((item) => item.orderId);

/** The same shop with its bus called `name`: the services must find it through BUS_NAME. */
function busCalled(architecture: LessonArchitecture, name: string): LessonArchitecture {
  return {
    ...architecture,
    buses: [name],
    busPolicies: architecture.busPolicies?.map((policy) => (policy.bus === 'default' ? policy : { ...policy, bus: name })),
    functions: architecture.functions?.map((fn) => (fn.environment?.BUS_NAME ? { ...fn, environment: { ...fn.environment, BUS_NAME: name } } : fn)),
    rules: architecture.rules?.map((rule) => (rule.bus ? { ...rule, bus: name } : rule)),
  };
}

export default defineChecks({
  hints: {
    publish: 'Which client and command put an event on a bus, and which field of the entry names the bus? Where does checkout learn the bus’s name? What does payment need to know about the order, and shipping after it?',
    independent: 'When the payment provider or the carrier is down, what does checkout still call directly? What would it take for checkout to need nothing but its own table and the bus?',
    charge: 'What does `charge` tell you, and what should payment do when an order was charged already? If an attempt charged the order and then failed to publish, what must its retry still do?',
  },
  checks: [
    {
      name: 'takes an order: saves it and answers with its id',
      hint: 'publish',
      async run(t) {
        const orderId = await checkout(t, ORDER);
        const saved = t.table('orders').find((item) => item.orderId === orderId);
        if (!saved) return t.fail(`Expected the order ${orderId} in the orders table, but it holds ${JSON.stringify(ids(t, 'orders'))}.`);
        t.expect(saved.amount, `the amount of order ${orderId} in the orders table`).toBe(129.9);
      },
    },
    {
      name: 'announces OrderPlaced on the commerce bus, with what payment and shipping need',
      hint: 'publish',
      async run(t) {
        const orderId = await checkout(t, ORDER);
        await t.settle();
        if (t.queue('default-bus-events').length > 0) t.fail('Expected the order to be announced on the commerce bus, but it went to the default bus.');
        const placed = named(t, 'OrderPlaced');
        t.expect(placed.length, 'the number of OrderPlaced events on the commerce bus').toBe(1);
        t.expect(placed[0]!.source, 'the source of OrderPlaced').toBe('myapp.orders');
        const { detail } = placed[0]!;
        t.expect(
          { orderId: detail.orderId, amount: detail.amount, currency: detail.currency, address: detail.address },
          'the order id, amount, currency and address in OrderPlaced',
        ).toEqual({ orderId, amount: 129.9, currency: 'GBP', address: ORDER.address });
      },
    },
    {
      name: 'charges each order once and books its shipment, through PaymentConfirmed',
      hint: 'charge',
      async run(t) {
        const first = await checkout(t, ORDER);
        const second = await checkout(t, SECOND_ORDER);
        await t.settle();
        t.expect(ids(t, 'payments').sort(), 'the orders charged').toEqual([first, second].sort());
        t.expect(ids(t, 'shipments').sort(), 'the orders with a shipment booked').toEqual([first, second].sort());
        const confirmed = named(t, 'PaymentConfirmed').filter((e) => e.source === 'myapp.payments');
        t.expect([...new Set(confirmed.map((e) => e.detail.orderId))].sort(), 'the orders in PaymentConfirmed events from myapp.payments').toEqual([first, second].sort());
      },
    },
    {
      name: 'charges an order once when OrderPlaced arrives twice',
      hint: 'charge',
      async run(t) {
        t.cloud.events.injectTargetFailure(t.world.arn({ function: 'payment' }), { mode: 'duplicate', times: 1 });
        const orderId = await checkout(t, ORDER);
        await t.settle();
        t.expect(t.metric('AWS/Lambda', 'Invocations', { FunctionName: 'payment' }), 'the number of times payment ran').toBeAtLeast(2);
        t.expect(ids(t, 'payments'), 'the orders charged').toEqual([orderId]);
        t.expect(ids(t, 'shipments'), 'the orders with a shipment booked').toEqual([orderId]);
        const failed = t.functionErrors().filter((e) => e.functionName === 'payment').length;
        t.expect(failed, 'the number of failed payment invocations (a repeated OrderPlaced is not an error)').toBe(0);
      },
    },
    {
      name: 'keeps taking orders while the payment provider and the carrier are down, and catches up after',
      hint: 'independent',
      async run(t) {
        // Both are down for half a minute; Lambda's retries, a minute later, find them back.
        t.expectFailuresOf('payment');
        t.expectFailuresOf('shipping');
        const until = t.cloud.clock.now() + 30_000;
        t.cloud.dynamodb.throttleWrites('payments', until);
        t.cloud.dynamodb.throttleWrites('shipments', until);
        const orderId = await checkout(t, ORDER);
        await t.settle();
        t.expect(ids(t, 'payments'), 'the orders charged once the provider was back').toEqual([orderId]);
        t.expect(ids(t, 'shipments'), 'the orders booked once the carrier was back').toEqual([orderId]);
      },
    },
    {
      name: 'ships nothing that was not paid: with the payment provider down for good, no PaymentConfirmed and no shipment',
      hint: 'charge',
      async run(t) {
        // The provider stays down longer than Lambda retries (two more attempts, about three minutes); the carrier is up.
        t.expectFailuresOf('payment');
        t.cloud.dynamodb.throttleWrites('payments', t.cloud.clock.now() + 24 * 60 * 60_000);
        const orderId = await checkout(t, ORDER);
        await t.settle();
        t.expect(ids(t, 'payments'), 'the orders charged while the provider was down').toEqual([]);
        t.expect(named(t, 'PaymentConfirmed').map((e) => e.detail.orderId), 'the PaymentConfirmed events for an order nobody could charge').toEqual([]);
        t.expect(ids(t, 'shipments'), `the shipments booked for ${orderId}, which was never paid`).toEqual([]);
      },
    },
    {
      name: 'fails the checkout when EventBridge refuses OrderPlaced, so the shop does not promise an order nobody will charge',
      hint: 'publish',
      async run(t) {
        // PutEvents answers 200 with the entry refused: FailedEntryCount 1.
        t.cloud.events.injectPutEventsFailure({ errorCode: 'InternalFailure', errorMessage: 'Internal service error.', times: 1 });
        const result = await t.invoke('checkout', ORDER);
        if (!result.functionError) {
          t.fail(`Expected checkout to fail when PutEvents refused OrderPlaced (FailedEntryCount 1, ErrorCode InternalFailure), but it answered ${result.payload}: the shop told the customer "order received" for an order no service heard of.`);
        }
      },
    },
    {
      name: 'still tells shipping when the first PaymentConfirmed was refused after the card was charged',
      hint: 'charge',
      async run(t) {
        t.expectFailuresOf('payment');
        const orderId = await checkout(t, ORDER);
        // The next PutEvents is payment's PaymentConfirmed, after it charged the card: refused once.
        t.cloud.events.injectPutEventsFailure({ errorCode: 'InternalFailure', errorMessage: 'Internal service error.', times: 1 });
        await t.settle();
        t.expect(ids(t, 'payments'), 'the orders charged').toEqual([orderId]);
        t.expect(ids(t, 'shipments'), 'the orders booked once Lambda retried payment').toEqual([orderId]);
      },
    },
    {
      name: 'finds the bus by the name in BUS_NAME, wherever it is deployed',
      hint: 'publish',
      arrange: (architecture) => busCalled(architecture, 'commerce-eu'),
      async run(t) {
        const orderId = await checkout(t, SECOND_ORDER);
        await t.settle();
        t.expect(ids(t, 'shipments'), 'the orders shipped when the bus is called commerce-eu').toEqual([orderId]);
      },
    },
  ],
});
