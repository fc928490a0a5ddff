import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const DEALFLOW = 'aws.partner/dealflow.example/northwind/deals';
const INVOICING = 'https://invoices.example.com';

interface Deal {
  id: string;
  title: string;
  stage: string;
  previousStage?: string;
  amount: number;
  currency: string;
}
interface Account {
  id: string;
  name: string;
  billingEmail: string;
}

/** Accounts and deals no sample uses. */
const ADVENTURE_WORKS: Account = { id: 'ACC-3040', name: 'Adventure Works', billingEmail: 'ap@adventure-works.example' };
const OBRIEN: Account = { id: 'ACC-3177', name: 'O’Brien & Daughters, Ltd.', billingEmail: 'accounts+dealflow@obrien.example' };
const wonDeal = (id: string, amount: number, currency: string, previousStage = 'Negotiation'): Deal => ({ id, title: `Deal ${id}`, stage: 'Closed Won', previousStage, amount, currency });

function dealEvent(deal: Deal, account: Account, detailType = 'Deal Stage Changed', changedAt = '2026-12-01T10:15:00Z'): PutEventsRequestEntry {
  return { Source: DEALFLOW, DetailType: detailType, Detail: JSON.stringify({ deal, account, changedAt }) };
}

/** An event that is not a deal won, with what tells it apart, for a message that names the one that leaked. */
interface NearMiss {
  name: string;
  entry: PutEventsRequestEntry;
}

interface InvoiceCall {
  body: Record<string, unknown> | undefined;
  rawBody: string;
  status: number | undefined;
  answer: string;
  invoiceId: string | undefined;
}

/** The requests the invoicing API received, with their bodies as JSON and its answers. */
function invoiceCalls(t: CheckContext): InvoiceCall[] {
  return t.httpRequests(INVOICING).map((entry) => {
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(entry.request.body) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    let invoiceId: string | undefined;
    try {
      invoiceId = (JSON.parse(entry.response?.body ?? '') as { invoiceId?: string }).invoiceId;
    } catch {
      invoiceId = undefined;
    }
    const answer = entry.response ? `${entry.response.status} ${entry.response.body}` : `no answer (${entry.failure?.message})`;
    return { body, rawBody: entry.request.body, status: entry.response?.status, answer, invoiceId };
  });
}

/** The invoices the API issued: distinct invoice ids among its successful answers. */
const invoicesIssued = (calls: InvoiceCall[]) => new Set(calls.flatMap((c) => (c.status !== undefined && c.status < 300 && c.invoiceId ? [c.invoiceId] : [])));

/** The one request a deal won should cause, issued: fails the check with the API's own answer otherwise. */
function theInvoiceRequest(t: CheckContext, what: string): InvoiceCall {
  const calls = invoiceCalls(t);
  if (calls.length === 0) t.fail(`Expected ${what} to reach the invoicing API, but no request was sent: did the rule’s pattern match the event?`);
  if (calls.length > 1) t.fail(`Expected ${what} to send one request to the invoicing API, but it sent ${calls.length}.`);
  const call = calls[0]!;
  if (call.status !== 201) t.fail(`Expected the invoicing API to issue an invoice for ${what}, but it answered ${call.answer} to the body ${call.rawBody}.`);
  return call;
}

export default defineChecks({
  hints: {
    pattern: 'Which field of DealFlow’s events says what happened, and where in `detail` is the deal’s stage? What do a lost deal, a reopened deal and an edit of a won deal have in common with a won deal, and what tells them apart?',
    body: 'Which JSONPath reaches each value in the event (`$.detail.account.name`)? In a JSON template, what is the difference between `<amount>` and `"<amount>"`? The invoicing API’s comment says which fields it wants and what it refuses.',
    key: 'When does the invoicing API issue a second invoice, and when does it answer with the first? Which value stays the same when DealFlow announces the same win twice, and differs between two deals won by one customer?',
  },
  checks: [
    {
      name: 'invoices a deal won: one request to the invoicing API with the deal’s account, amount and currency',
      hint: 'body',
      async run(t) {
        await t.send(dealEvent(wonDeal('DL-77120', 12500, 'USD'), ADVENTURE_WORKS));
        const { body } = theInvoiceRequest(t, 'the won deal DL-77120');
        // The API ignores fields it does not know; these are the ones it reads.
        const { requestId, accountId, customerName, billingEmail, amount, currency } = body!;
        t.expect({ accountId, customerName, billingEmail, amount, currency }, 'the invoice request’s accountId, customerName, billingEmail, amount and currency').toEqual({
          accountId: 'ACC-3040',
          customerName: 'Adventure Works',
          billingEmail: 'ap@adventure-works.example',
          amount: 12500,
          currency: 'USD',
        });
        t.expect(typeof requestId, 'the type of requestId').toBe('string');
      },
    },
    {
      name: 'sends the amount as a number, cents and all, and the customer’s name as DealFlow spells it',
      hint: 'body',
      async run(t) {
        // Won straight from Proposal: deals reach Closed Won from any stage.
        await t.send(dealEvent(wonDeal('DL-77305', 1250.5, 'GBP', 'Proposal'), OBRIEN));
        const { body } = theInvoiceRequest(t, 'the won deal DL-77305');
        t.expect(body!.amount, 'the amount sent for a deal of 1250.5 GBP').toBe(1250.5);
        t.expect(body!.customerName, 'the customerName sent').toBe('O’Brien & Daughters, Ltd.');
        t.expect(body!.billingEmail, 'the billingEmail sent').toBe('accounts+dealflow@obrien.example');
      },
    },
    {
      name: 'invoices only deals won: lost, reopened and other stage changes, edits of won deals and other DealFlow events send nothing',
      hint: 'pattern',
      async run(t) {
        const deal = wonDeal('DL-77400', 8000, 'EUR');
        const misses: NearMiss[] = [
          { name: 'a Deal Stage Changed to Closed Lost', entry: dealEvent({ ...deal, stage: 'Closed Lost' }, ADVENTURE_WORKS) },
          { name: 'a Deal Stage Changed from Proposal to Negotiation', entry: dealEvent({ ...deal, stage: 'Negotiation', previousStage: 'Proposal' }, ADVENTURE_WORKS) },
          // Reopened: it was won, and is not any more.
          { name: 'a Deal Stage Changed from Closed Won back to Negotiation (reopened)', entry: dealEvent({ ...deal, stage: 'Negotiation', previousStage: 'Closed Won' }, ADVENTURE_WORKS) },
          { name: 'a Deal Stage Changed to Closed Won (pending approval)', entry: dealEvent({ ...deal, stage: 'Closed Won (pending approval)', previousStage: 'Negotiation' }, ADVENTURE_WORKS) },
          { name: 'a Deal Stage Changed to Verbally Won', entry: dealEvent({ ...deal, stage: 'Verbally Won', previousStage: 'Negotiation' }, ADVENTURE_WORKS) },
          { name: 'a Deal Stage Changed from Closed Won to Lost after Closed Won', entry: dealEvent({ ...deal, stage: 'Lost after Closed Won', previousStage: 'Closed Won' }, ADVENTURE_WORKS) },
          // An edit of a deal that was won earlier: its stage is Closed Won, but it did not change now.
          { name: 'a Deal Updated (an edit) of a deal whose stage is Closed Won already', entry: dealEvent(deal, ADVENTURE_WORKS, 'Deal Updated') },
          {
            name: 'a Contact Created with a stage of Closed Won at the top of its detail',
            entry: { Source: DEALFLOW, DetailType: 'Contact Created', Detail: JSON.stringify({ contact: { id: 'CT-5512', name: 'Ana Silva' }, account: ADVENTURE_WORKS, stage: 'Closed Won' }) },
          },
        ];
        // One at a time, so that a request names the event that caused it.
        const leaked: string[] = [];
        for (const miss of misses) {
          const before = invoiceCalls(t).length;
          await t.send(miss.entry);
          const calls = invoiceCalls(t).slice(before);
          if (calls.length === 0) continue;
          // The envelope the partner bus's rule saw (t.envelope builds a PutEvents one, which refuses a partner's source).
          const event = { version: '0', id: '00000000-0000-4000-8000-000000000000', 'detail-type': miss.entry.DetailType, source: miss.entry.Source, account: t.cloud.account, time: '2026-12-01T10:15:00Z', region: t.cloud.region, resources: [], detail: JSON.parse(miss.entry.Detail!) as unknown };
          const reasons = t
            .match(t.world.files['deal-won.json'] ?? '', event)
            .reasons.split('\n')
            .map((line) => `      ${line}`)
            .join('\n');
          leaked.push(`  ${miss.name} (source ${miss.entry.Source}, detail-type ${miss.entry.DetailType}), which sent ${calls[0]!.rawBody}. deal-won.json against it:\n${reasons}`);
        }
        if (leaked.length > 0) t.fail(`Expected no request to the invoicing API for events that are not a deal won, but these sent one:\n${leaked.join('\n')}`);
      },
    },
    {
      name: 'issues one invoice when DealFlow announces the same win twice and the first answer comes too late',
      hint: 'key',
      async run(t) {
        // The API takes 6 seconds over its first answer (it issues the invoice all the same): EventBridge stops
        // waiting at 5 and sends the request again. Later, DealFlow announces the same win a second time, in a new
        // event with a later changedAt: a key made from the message rather than the deal differs.
        const api = t.world.endpoints.get(INVOICING)!.responder;
        let answered = 0;
        t.cloud.http.serve(INVOICING, async (request) => ({ ...(await api(request)), ...(answered++ === 0 ? { delayMs: 6_000 } : {}) }));
        const deal = wonDeal('DL-77510', 30000, 'EUR');
        await t.send(dealEvent(deal, ADVENTURE_WORKS));
        // Announced again after the salesperson corrected the deal's title: the same deal, the same win.
        await t.send(dealEvent({ ...deal, title: 'Adventure Works fleet renewal' }, ADVENTURE_WORKS, 'Deal Stage Changed', '2026-12-01T10:42:00Z'));
        const calls = invoiceCalls(t);
        if (calls.length === 0) t.fail('Expected the won deal DL-77510 to reach the invoicing API, but no request was sent: did the rule’s pattern match the event?');
        t.expect(calls.length, 'the number of requests the invoicing API received (a retry, then the second announcement)').toBeAtLeast(3);
        const issued = invoicesIssued(calls);
        if (issued.size !== 1) {
          t.fail(
            `Expected exactly one invoice for deal DL-77510, but the invoicing API issued ${issued.size}${issued.size > 0 ? ` (${[...issued].join(', ')})` : ''}. ` +
              `It received the requestIds ${calls.map((c) => JSON.stringify(c.body?.requestId)).join(', ')} and answered ${calls.map((c) => c.answer).join('; ')}.`,
          );
        }
      },
    },
    {
      name: 'issues an invoice for each deal won, also for two deals of one customer won at the same moment',
      hint: 'key',
      async run(t) {
        // Two licences sold on one day, under one title: only their ids tell them apart.
        const first = { ...wonDeal('DL-77601', 4000, 'EUR'), title: 'Annual licence' };
        const second = { ...wonDeal('DL-77602', 6500, 'EUR', 'Qualification'), title: 'Annual licence' };
        await t.sendAll([dealEvent(first, ADVENTURE_WORKS), dealEvent(second, ADVENTURE_WORKS)]);
        const calls = invoiceCalls(t);
        if (calls.length === 0) t.fail('Expected the won deals DL-77601 and DL-77602 to reach the invoicing API, but no request was sent: did the rule’s pattern match them?');
        const issued = invoicesIssued(calls);
        if (issued.size !== 2) {
          t.fail(`Expected two invoices, one for DL-77601 and one for DL-77602, but the invoicing API issued ${issued.size}, answering ${calls.map((c) => c.answer).join('; ')} to the requestIds ${calls.map((c) => JSON.stringify(c.body?.requestId)).join(', ')}.`);
        }
      },
    },
  ],
});
