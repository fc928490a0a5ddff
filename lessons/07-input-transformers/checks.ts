import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const ONCALL_PHONE = '+15555550199';

const ticket = (ticketId: string, priority: string, customer: { id: string; tier: string }): PutEventsRequestEntry => ({
  Source: 'myapp.support',
  DetailType: 'TicketStatusChanged',
  Detail: JSON.stringify({ ticketId, status: 'ESCALATED', previousStatus: 'OPEN', priority, customer, subject: 'A "quoted" subject, with commas' }),
});

/** Tickets no sample shows, and the line on-call must read for each when the rule is called `rule`. */
const TICKETS = (rule: string): [PutEventsRequestEntry, string][] => [
  [ticket('T-4242', 'HIGH', { id: 'C-8', tier: 'standard' }), `ESCALATED T-4242: HIGH priority, standard customer C-8. Paged by rule ${rule}.`],
  [ticket('T-77', 'LOW', { id: 'C-3', tier: 'enterprise' }), `ESCALATED T-77: LOW priority, enterprise customer C-3. Paged by rule ${rule}.`],
];

/** What the pager received, in order. */
const pages = (t: CheckContext) => t.cloud.sns.deliveries(ONCALL_PHONE).filter((d) => d.kind === 'notification').map((d) => d.body);

async function expectPages(t: CheckContext, rule: string) {
  for (const [entry, expected] of TICKETS(rule)) {
    const before = pages(t).length;
    await t.send(entry);
    const got = pages(t).slice(before);
    if (got.length !== 1) t.fail(`Expected one page for ticket ${JSON.parse(entry.Detail!).ticketId}, but the pager got ${got.length}.`);
    const text = got[0]!;
    if (text !== expected && text.startsWith('"') && text.endsWith('"')) {
      t.fail(`Expected the pager to read\n  ${expected}\nbut it read, quotes and all,\n  ${text}\nA text template is delivered exactly as written: quotes around it arrive too.`);
    }
    t.expect(text, 'the text on the on-call pager').toBe(expected);
  }
}

const pkg = (detail: Record<string, unknown>, time: string): PutEventsRequestEntry => ({
  Source: 'myapp.logistics',
  DetailType: 'PackageStatusChanged',
  Time: new Date(time),
  Detail: JSON.stringify({ previousStatus: 'IN_TRANSIT', recipient: { name: 'Noor', email: 'noor@example.com' }, ...detail }),
});

/** Package changes no sample shows, and the update the partner must receive for each. */
const PACKAGES: [PutEventsRequestEntry, object][] = [
  [
    pkg({ packageId: 'PKG-77', orderId: 'ORD-9', status: 'DELIVERED', weightKg: 12, priority: true, destination: { country: 'FR', postcode: '75001' } }, '2026-11-21T17:05:09Z'),
    { tracking: 'PKG-77', order: 'ORD-9', state: 'DELIVERED', weightKg: 12, priority: true, country: 'FR', changedAt: '2026-11-21T17:05:09Z' },
  ],
  [
    pkg({ packageId: 'PKG-9', orderId: 'ORD-10', status: 'EXCEPTION', weightKg: 0.35, priority: false, destination: { country: 'DE', postcode: '10115' } }, '2026-11-20T06:00:00Z'),
    { tracking: 'PKG-9', order: 'ORD-10', state: 'EXCEPTION', weightKg: 0.35, priority: false, country: 'DE', changedAt: '2026-11-20T06:00:00Z' },
  ],
];

export default defineChecks({
  hints: {
    textTemplate: 'Which variables does the line need (ticket, priority, tier, customer id), and which path in the event holds each? Is your InputTemplate plain text or JSON, and what happens to quotes you put around plain text?',
    ruleName: 'Is the rule’s name something your template should know, or something EventBridge can fill in? Which predefined variable holds it?',
    jsonTemplate: 'In a JSON template, what does a placeholder outside quotes become when its value is a string, a number or a boolean? And inside quotes? Where in the event is the time the change happened, as opposed to the time EventBridge received it?',
  },
  checks: [
    {
      name: 'pages on-call with the agreed line, for any escalated ticket',
      hint: 'textTemplate',
      async run(t) {
        await expectPages(t, 'page-on-call');
      },
    },
    {
      name: 'names the rule that paged, whatever the rule is called',
      hint: 'ruleName',
      // The same rule, deployed under another name: the text must follow.
      arrange: (architecture) => ({ ...architecture, rules: architecture.rules?.map((rule) => (rule.name === 'page-on-call' ? { ...rule, name: 'page-on-call-nights' } : rule)) }),
      async run(t) {
        await expectPages(t, 'page-on-call-nights');
      },
    },
    {
      name: 'sends the partner exactly the seven fields it asked for, with their types, for any package change',
      hint: 'jsonTemplate',
      async run(t) {
        for (const [entry, expected] of PACKAGES) {
          const before = t.queue('partner-updates').length;
          await t.send(entry);
          const got = t.queue('partner-updates').slice(before);
          if (got.length !== 1) {
            t.fail(`Expected one update in partner-updates for ${JSON.parse(entry.Detail!).packageId}, but ${got.length} arrived. (A JSON template that does not come out as valid JSON is not delivered at all.)`);
          }
          let update: unknown;
          try {
            update = JSON.parse(got[0]!);
          } catch {
            t.fail(`Expected the partner's update to be JSON, but it was:\n  ${got[0]}`);
          }
          t.expect(update, `the update the partner received for ${JSON.parse(entry.Detail!).packageId}`).toEqual(expected);
        }
      },
    },
  ],
});
