import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const ONCALL_PHONE = '+15555550199';

/** An event no sample shows: a check's own case, so a pattern that only fits the samples is found out. */
interface Hidden {
  name: string;
  file: string;
  entry: PutEventsRequestEntry;
}

const hidden = (file: string, name: string, source: string, detailType: string, detail: Record<string, unknown>): Hidden => ({
  name,
  file,
  entry: { Source: source, DetailType: detailType, Detail: JSON.stringify(detail) },
});

const pkg = (name: string, status: string, extra: Record<string, unknown> = {}, source = 'myapp.logistics', detailType = 'PackageStatusChanged') =>
  hidden('out-for-delivery.json', name, source, detailType, {
    packageId: `PKG-${name.length}${status.length}`,
    orderId: 'ORD-900',
    status,
    weightKg: 1.2,
    priority: false,
    destination: { country: 'DE', postcode: '10115' },
    recipient: { name: 'Cleo', phone: '+4915112345678', email: 'cleo@example.com' },
    ...extra,
  });
const order = (name: string, status: string, amount: unknown, source = 'myapp.orders') =>
  hidden('large-refunds.json', name, source, 'OrderStatusChanged', { orderId: `ORD-${name.length}`, status, amount, currency: 'GBP' });
const ticket = (name: string, status: string, priority: string, tier: string, source = 'myapp.support') =>
  hidden('page-on-call.json', name, source, 'TicketStatusChanged', { ticketId: `T-${name.length}`, status, priority, customer: { id: 'C-77', tier } });

const ALSO_OUT_FOR_DELIVERY = [
  pkg('a priority package to Germany, out for delivery', 'OUT_FOR_DELIVERY', { priority: true }),
  pkg('a package whose recipient gave no phone number, out for delivery', 'OUT_FOR_DELIVERY', { recipient: { name: 'Dev', email: 'dev@example.com' } }),
];
const NOT_OUT_FOR_DELIVERY = [
  pkg('a label created', 'LABEL_CREATED'),
  pkg('a package with a delivery exception', 'EXCEPTION'),
  pkg('a package out for delivery, spelt out_for_delivery by a buggy client', 'out_for_delivery'),
  pkg('a package whose delivery attempt failed', 'OUT_FOR_DELIVERY_FAILED'),
  pkg('a test package from myapp.logistics.staging', 'OUT_FOR_DELIVERY', {}, 'myapp.logistics.staging'),
  pkg('a PackageStatusChangeRequested (a request, not a change)', 'OUT_FOR_DELIVERY', {}, 'myapp.logistics', 'PackageStatusChangeRequested'),
];
const LARGE_REFUNDS = [order('a refund of 500.01', 'REFUNDED', 500.01), order('a refund of 12,000', 'REFUNDED', 12000), order('a refund of 501', 'REFUNDED', 501)];
const NOT_LARGE_REFUNDS = [
  order('a refund of exactly 500', 'REFUNDED', 500),
  order('a refund of 499.99', 'REFUNDED', 499.99),
  order('a refund of 0', 'REFUNDED', 0),
  order('a cancelled order of 900', 'CANCELLED', 900),
  order('a shipped order of 3,000', 'SHIPPED', 3000),
  order('a refund of 900 from myapp.orders.sandbox', 'REFUNDED', 900, 'myapp.orders.sandbox'),
];
const PAGES = [
  ticket('an escalated HIGH ticket from a standard customer', 'ESCALATED', 'HIGH', 'standard'),
  ticket('an escalated URGENT ticket from an enterprise customer', 'ESCALATED', 'URGENT', 'enterprise'),
  ticket('an escalated LOW ticket from an enterprise customer', 'ESCALATED', 'LOW', 'enterprise'),
];
const NO_PAGES = [
  ticket('an escalated NORMAL ticket from a standard customer', 'ESCALATED', 'NORMAL', 'standard'),
  // Priorities no one documented yet: a pattern that excludes LOW and NORMAL instead of naming HIGH and URGENT
  // pages on-call for both.
  ticket('an escalated ticket with MEDIUM priority (a priority support added later) from a standard customer', 'ESCALATED', 'MEDIUM', 'standard'),
  ticket('an escalated ticket whose priority a buggy client spelt high, from a standard customer', 'ESCALATED', 'high', 'standard'),
  ticket('an open URGENT ticket', 'OPEN', 'URGENT', 'standard'),
  ticket('a resolved ticket from an enterprise customer', 'RESOLVED', 'HIGH', 'enterprise'),
  ticket('a reopened ticket from an enterprise customer', 'REOPENED', 'NORMAL', 'enterprise'),
  ticket('an escalated URGENT ticket from myapp.support.test', 'ESCALATED', 'URGENT', 'standard', 'myapp.support.test'),
];

/** Why the learner's pattern file does or does not match an event, field by field. */
const why = (t: CheckContext, file: string, entry: PutEventsRequestEntry) =>
  t
    .match(t.world.files[file] ?? '', t.envelope(entry))
    .reasons.split('\n')
    .map((line) => `      ${line}`)
    .join('\n');

/** Sends each event on its own and keeps the ones that reached the target, as `reached` tells. */
async function reaching(t: CheckContext, events: Hidden[], reached: () => number): Promise<Hidden[]> {
  const got: Hidden[] = [];
  for (const event of events) {
    const before = reached();
    await t.send(event.entry);
    if (reached() > before) got.push(event);
  }
  return got;
}

const listWithReasons = (t: CheckContext, events: Hidden[]) => events.map((event) => `  ${event.name}:\n${why(t, event.file, event.entry)}`).join('\n');

/** Everything notify-recipient told anyone: texts and emails. */
const notifications = (t: CheckContext) => t.cloud.sns.deliveries().filter((d) => d.endpoint !== ONCALL_PHONE).length + t.outbox().length;
const pages = (t: CheckContext) => t.cloud.sns.deliveries(ONCALL_PHONE).filter((d) => d.kind === 'notification').length;
const reviews = (t: CheckContext) => t.queue('finance-review').length;

async function expectAllReach(t: CheckContext, events: Hidden[], reached: () => number, target: string) {
  const got = await reaching(t, events, reached);
  const missed = events.filter((event) => !got.includes(event));
  if (missed.length > 0) t.fail(`Expected each of these to reach ${target}, but these did not:\n${listWithReasons(t, missed)}`);
}

async function expectNoneReach(t: CheckContext, events: Hidden[], reached: () => number, target: string) {
  const leaked = await reaching(t, events, reached);
  if (leaked.length > 0) t.fail(`Expected none of these to reach ${target}, but these did:\n${listWithReasons(t, leaked)}`);
}

export default defineChecks({
  hints: {
    status: 'Look at a PackageStatusChanged sample (in the workbench’s event composer, or with `npm run lesson -- samples 06` at the terminal): which field of `detail` holds the status the package has now, and which value means it has left the distribution centre on a van? A pattern compares strings exactly: what does that make of other values, and of other spellings?',
    numeric: 'A refund is an OrderStatusChanged whose `status` is REFUNDED. How does a pattern compare `amount` with a number, rather than with one exact value, and which comparison keeps a refund of exactly 500 out?',
    or: 'Two conditions must both hold for a page: the ticket was escalated, and it is urgent enough. “Urgent enough” has two ways to be true: a HIGH or URGENT priority, or an enterprise customer. Which operator lets a pattern say “this, or that” across two different fields, and where does the escalated status go so that it applies to both? And does your priority condition name the priorities that page, or only those that do not, so that any other value pages too?',
  },
  checks: [
    {
      name: 'tells the recipient when a package goes out for delivery',
      hint: 'status',
      async run(t) {
        await t.send(t.sample('Package out for delivery'));
        const texts = t.cloud.sns.deliveries('+447700900123');
        if (texts.length !== 1) {
          t.fail(
            `Expected Ada (+447700900123) to get one text when her package went out for delivery, but she got ${texts.length}. out-for-delivery.json against that event:\n${why(t, 'out-for-delivery.json', t.sample('Package out for delivery'))}`,
          );
        }
        await expectAllReach(t, ALSO_OUT_FOR_DELIVERY, () => notifications(t), 'the recipient (notify-recipient)');
      },
    },
    {
      name: 'tells nobody about any other package status, or about events that only look alike',
      hint: 'status',
      async run(t) {
        await expectNoneReach(t, NOT_OUT_FOR_DELIVERY, () => notifications(t), 'the recipient (notify-recipient)');
      },
    },
    {
      name: 'sends finance every refund over 500',
      hint: 'numeric',
      async run(t) {
        await expectAllReach(t, [order('the sample refund of 820', 'REFUNDED', 820), ...LARGE_REFUNDS], () => reviews(t), 'the finance-review queue');
      },
    },
    {
      name: 'keeps refunds of 500 or less, and orders that were not refunded, away from finance',
      hint: 'numeric',
      async run(t) {
        await expectNoneReach(t, NOT_LARGE_REFUNDS, () => reviews(t), 'the finance-review queue');
      },
    },
    {
      name: 'pages on-call for an escalated ticket that is HIGH or URGENT, or from an enterprise customer',
      hint: 'or',
      async run(t) {
        await expectAllReach(t, PAGES, () => pages(t), `the oncall-pager topic (SMS to ${ONCALL_PHONE})`);
      },
    },
    {
      name: 'lets on-call sleep through every other ticket change',
      hint: 'or',
      async run(t) {
        await expectNoneReach(t, NO_PAGES, () => pages(t), `the oncall-pager topic (SMS to ${ONCALL_PHONE})`);
      },
    },
  ],
});
