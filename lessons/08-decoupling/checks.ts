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

// The given inventory service reserves stock for every OrderPlaced; no check here judges it, so the checks that follow
// an order deliver only to payment and shipping (t.deliverOnlyTo) and leave inventory's execution environments unstarted.
const ids = (t: CheckContext, table: string) => t.table(table).map((item) => item.orderId);

const invocations = (t: CheckContext, fn: string) => t.metric('AWS/Lambda', 'Invocations', { FunctionName: fn });
const failures = (t: CheckContext, fn: string) => t.metric('AWS/Lambda', 'Errors', { FunctionName: fn });
const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/**
 * What a function did, for a message that names the cause where it is: how often it ran and failed, with the
 * errors its invocations ended with (from its log, as CloudWatch Logs holds them) and the first line of each
 * thing its code logged. A check that breaks a service on purpose hides that service's failures from the runner's
 * own report, so the check says them itself.
 */
function whatItDid(t: CheckContext, fn: string): string {
  const ran = invocations(t, fn);
  if (ran === 0) return `${fn} never ran.`;
  const failed = failures(t, fn);
  const errors = new Set(
    t.logs(fn).flatMap((line) => {
      const json = /\t(?:Invoke Error|Uncaught Exception) \t(\{.*\})$/.exec(line)?.[1];
      if (!json) return [];
      try {
        const error = JSON.parse(json) as { errorType?: string; errorMessage?: string };
        return [`${error.errorType}: ${error.errorMessage}`];
      } catch {
        return [];
      }
    }),
  );
  const outcome = failed === 0 ? 'and never failed' : `and failed ${times(failed)}${errors.size > 0 ? ` (${[...errors].join('; ')})` : ''}`;
  const printed = t.printed(fn).map((text) => `  ${text.split('\n')[0]}`);
  return `${fn} ran ${times(ran)} ${outcome}. ${printed.length > 0 ? `It logged:\n${printed.join('\n')}` : 'It logged nothing.'}`;
}

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
    publish: 'Which client and command put an event on a bus, and which field of the entry names the bus? Where does each service, checkout and payment, learn the bus’s name, so that the same code runs wherever the bus is deployed? What do payment and inventory need to know about the order, and shipping after them?',
    refused: 'PutEvents answers 200 even when it refused an entry: where in its answer does it say so? If the function then returns as if all went well, who ever learns that the event was lost: the shop’s API, which hears “order received”, or Lambda, which tries again only an invocation that failed?',
    independent: 'When the payment provider or the carrier is down, what does checkout still call directly? And when `charge` throws, does payment’s invocation fail, so that Lambda tries it again later, or end as if the order had been paid?',
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
      name: 'announces OrderPlaced on the commerce bus, with what payment, inventory and shipping need',
      hint: 'publish',
      async run(t) {
        // Only the announcement is judged here: no consumer needs to run.
        t.deliverOnlyTo();
        const orderId = await checkout(t, ORDER);
        await t.settle();
        if (t.queue('default-bus-events').length > 0) t.fail('Expected the order to be announced on the commerce bus, but it went to the default bus.');
        const placed = named(t, 'OrderPlaced');
        t.expect(placed.length, 'the number of OrderPlaced events on the commerce bus').toBe(1);
        t.expect(placed[0]!.source, 'the source of OrderPlaced').toBe('myapp.orders');
        const { detail } = placed[0]!;
        // Inventory reserves the items; payment charges the amount in its currency; shipping needs the address.
        t.expect(
          { orderId: detail.orderId, items: detail.items, amount: detail.amount, currency: detail.currency, address: detail.address },
          'the order id, items, amount, currency and address in OrderPlaced',
        ).toEqual({ orderId, items: ORDER.items, amount: 129.9, currency: 'GBP', address: ORDER.address });
      },
    },
    {
      name: 'charges each order once and books its shipment, through PaymentConfirmed',
      hint: 'charge',
      async run(t) {
        t.deliverOnlyTo('payment', 'shipping');
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
        t.deliverOnlyTo('payment', 'shipping');
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
        t.deliverOnlyTo('payment', 'shipping');
        // The payment provider is down for half a minute, the carrier for a minute and a half. Lambda runs a failed
        // asynchronous invocation twice more, a minute and then two minutes later
        // (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html): payment's first retry
        // charges the order, and shipping, whose first attempt then finds the carrier still down, books it on its own
        // first retry.
        t.expectFailuresOf('payment');
        t.expectFailuresOf('shipping');
        const now = t.cloud.clock.now();
        t.cloud.dynamodb.throttleWrites('payments', now + 30_000);
        t.cloud.dynamodb.throttleWrites('shipments', now + 90_000);
        const orderId = await checkout(t, ORDER);
        await t.settle();
        if (!ids(t, 'payments').includes(orderId)) {
          const returned = invocations(t, 'payment') > 0 && failures(t, 'payment') === 0;
          t.fail(
            `Expected order ${orderId} to be charged once the payment provider was back (it was down for the first 30 seconds), but it was not. ${whatItDid(t, 'payment')}` +
              (returned ? '\nAn invocation that returns is done: Lambda retries only one that fails.' : ''),
          );
        }
        if (!ids(t, 'shipments').includes(orderId)) {
          t.fail(`Expected order ${orderId} to be booked with the carrier once it was back (it was down for the first 90 seconds), but it was not. ${whatItDid(t, 'payment')} ${whatItDid(t, 'shipping')}`);
        }
        t.expect(ids(t, 'payments'), 'the orders charged').toEqual([orderId]);
        t.expect(ids(t, 'shipments'), 'the orders booked').toEqual([orderId]);
      },
    },
    {
      name: 'ships nothing that was not paid: with the payment provider down for good, no PaymentConfirmed and no shipment',
      hint: 'charge',
      async run(t) {
        t.deliverOnlyTo('payment', 'shipping');
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
      hint: 'refused',
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
      hint: 'refused',
      async run(t) {
        t.deliverOnlyTo('payment', 'shipping');
        t.expectFailuresOf('payment');
        const orderId = await checkout(t, ORDER);
        // The next PutEvents is payment's PaymentConfirmed, after it charged the card: refused once.
        t.cloud.events.injectPutEventsFailure({ errorCode: 'InternalFailure', errorMessage: 'Internal service error.', times: 1 });
        await t.settle();
        t.expect(ids(t, 'payments'), 'the orders charged').toEqual([orderId]);
        if (!ids(t, 'shipments').includes(orderId)) {
          const cause =
            failures(t, 'payment') === 0
              ? 'payment’s invocation ended in success though EventBridge refused its PaymentConfirmed (FailedEntryCount 1, ErrorCode InternalFailure), so Lambda had no failure to retry and the event was lost.'
              : 'payment’s first invocation failed and Lambda ran it again, but no retry announced PaymentConfirmed for the order it found charged already, and a retry was the last chance to tell shipping.';
          t.fail(`Expected order ${orderId}, charged before its first PaymentConfirmed was refused, to be booked with the carrier, but it was not: ${cause} ${whatItDid(t, 'payment')}`);
        }
      },
    },
    {
      name: 'finds the bus by the name in BUS_NAME, wherever it is deployed',
      hint: 'publish',
      arrange: (architecture) => busCalled(architecture, 'commerce-eu'),
      async run(t) {
        t.deliverOnlyTo('payment', 'shipping');
        const orderId = await checkout(t, SECOND_ORDER);
        await t.settle();
        const lost = !named(t, 'OrderPlaced').length ? (['OrderPlaced', 'checkout'] as const) : !named(t, 'PaymentConfirmed').length ? (['PaymentConfirmed', 'payment'] as const) : undefined;
        if (!ids(t, 'shipments').includes(orderId) && lost) {
          // PutEvents takes an entry for a bus that does not exist, answers it with an EventId and FailedEntryCount 0,
          // and drops the event (recorded from AWS: ../shared/conformance/put-events-validation.json, nonexistent_event_bus).
          const reached = commerceEvents(t).map((e) => `${e['detail-type']} from ${e.source}`);
          const [missing, fn] = lost;
          t.fail(
            `Expected order ${orderId} to be shipped when the bus is called commerce-eu (BUS_NAME is commerce-eu for checkout and payment), but it was not: ${fn}’s ${missing} never reached commerce-eu. ` +
              `The events that did: ${reached.length > 0 ? reached.join(', ') : 'none'}. PutEvents accepts an entry for a bus that does not exist and drops the event, without an error: which bus does ${fn} name? ${whatItDid(t, fn)}`,
          );
        }
        t.expect(ids(t, 'shipments'), 'the orders shipped when the bus is called commerce-eu').toEqual([orderId]);
      },
    },
  ],
});
