// The Outbox, Queues, Tables and Buses panels in Chromium, each on a lesson's account (the solution's files) as the
// page builds it: what each shows, and a learner's selection and place kept while news arrives around them.
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel, selectText, type RenderedPanel } from './panel-harness.tsx';
import { BusesPanel, OutboxPanel, QueuesPanel, TablesPanel } from './ResourcePanels.tsx';

let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());
const texts = (selector: string) => [...panel!.element.querySelectorAll(selector)].map((element) => element.textContent);

describe('the Outbox panel', () => {
  it('shows each email SES sent: when, from, to, subject and its text', async () => {
    panel = await renderPanel('03-welcome-email', ['handler.ts'], OutboxPanel);
    expect(panel.element.textContent).toBe('No email sent yet.');
    await panel.sendSample(panel.lesson.architecture.sampleEvents[0]!.name);
    const [email] = panel.session().world.cloud.ses.outbox();
    expect(texts('[data-outbox] dt')).toEqual(['Sent', 'From', 'To', 'Subject']);
    expect(texts('[data-outbox] dd')).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d$/), email!.from, 'user@example.com', email!.subject]);
    expect(texts('[data-outbox] pre')).toEqual([email!.text]);
  });
});

describe('the Queues panel', () => {
  it('counts the messages waiting in each of the lesson’s queues and shows their bodies as indented JSON', async () => {
    panel = await renderPanel('07-input-transformers', ['pager-text.json', 'partner-update.json'], QueuesPanel);
    expect(texts('[data-queue] h4')).toEqual(['partner-updates: 0 messages']);
    await panel.sendSample('Package out for delivery');
    expect(texts('[data-queue] h4')).toEqual(['partner-updates: 1 message']);
    const body = panel.element.querySelector('[data-queue="partner-updates"] pre')!.textContent!;
    expect(body).toContain('\n  "tracking": "PKG-1001",\n');
    expect(JSON.parse(body)).toEqual(JSON.parse(panel.session().world.cloud.sqs.peek('partner-updates')[0]!.body));
  });

  it('keeps a learner’s selection on its message when a consumer takes the messages before it', async () => {
    panel = await renderPanel('07-input-transformers', ['pager-text.json', 'partner-update.json'], QueuesPanel);
    await panel.sendSample('Package out for delivery');
    await panel.sendSample('Package delivered');
    const delivered = panel.element.querySelectorAll('[data-queue] pre')[1]!;
    const selection = selectText(delivered);
    const selected = selection.toString();
    expect(selected).toContain('"state": "DELIVERED"');
    // A consumer receives and deletes the oldest message, as a function polling the queue would; then more news.
    const sqs = panel.session().world.cloud.sqs;
    const { QueueUrl } = sqs.getQueueUrl({ QueueName: 'partner-updates' });
    const [oldest] = sqs.receiveMessage({ QueueUrl }).Messages ?? [];
    sqs.deleteMessage({ QueueUrl, ReceiptHandle: oldest!.ReceiptHandle });
    await panel.sendSample('Package out for delivery');
    expect(texts('[data-queue] h4')).toEqual(['partner-updates: 2 messages']);
    expect(selection.toString()).toBe(selected);
    expect(delivered.isConnected && delivered.contains(selection.anchorNode)).toBe(true);
  });
});

describe('the Tables panel', () => {
  it('shows every item of each table as plain JSON, and keeps the item a learner reads in place when one is added before it', async () => {
    panel = await renderPanel('14-pipes', ['filter.json', 'enrich.ts'], TablesPanel);
    expect(texts('[data-table] h4')).toEqual(['orders: 0 items']);
    await panel.sendSample('Place an order');
    expect(texts('[data-table] h4')).toEqual(['orders: 1 item']);
    const order = panel.element.querySelector('[data-table="orders"] li')!;
    expect(JSON.parse(order.textContent!)).toMatchObject({ id: 'o-1001', customerId: 'c-17', total: 59.9 });

    // The panel scrolled so the order is at the top of the view, part of its text selected.
    Object.assign(panel.element.style, { height: '120px', overflow: 'auto' });
    panel.element.append(Object.assign(document.createElement('div'), { style: 'height: 400px' }));
    panel.element.scrollTop = order.getBoundingClientRect().top - panel.element.getBoundingClientRect().top;
    // Where the order's item is in the view, found by what it says.
    const offset = () => {
      const item = [...panel!.element.querySelectorAll('[data-table="orders"] li')].find((li) => JSON.parse(li.textContent!).id === 'o-1001')!;
      return item.getBoundingClientRect().top - panel!.element.getBoundingClientRect().top;
    };
    const before = offset();
    const selection = selectText(order.querySelector('pre')!);

    // The cart's key sorts before the order's: its item comes first.
    await panel.sendSample('Update a cart');
    expect(texts('[data-table] h4')).toEqual(['orders: 2 items']);
    expect(texts('[data-table="orders"] li').map((text) => JSON.parse(text!).id)).toEqual(['cart-c-17', 'o-1001']);
    expect(panel.element.querySelectorAll('[data-table="orders"] li')[1]).toBe(order);
    expect(JSON.parse(selection.toString())).toMatchObject({ id: 'o-1001' });
    expect(offset()).toBeCloseTo(before, 0);
  });
});

describe('the Buses panel', () => {
  it('shows the policy DescribeEventBus returns for each bus the lesson gives one, and says the workbench does not enforce it', async () => {
    panel = await renderPanel('08-decoupling', ['orders.ts', 'payment.ts'], BusesPanel);
    await panel.sendSample('Ada orders two books');
    expect(panel.element.querySelector('p')!.textContent).toBe('The workbench is one AWS account: it shows each bus’s policy (DescribeEventBus) but refuses no event because of it.');
    const commerce = panel.element.querySelector('[data-bus="commerce"]')!;
    expect(commerce.querySelector('h4')!.textContent).toBe('commerce: policy');
    const shown = JSON.parse(commerce.querySelector('pre')!.textContent!);
    expect(shown).toEqual(JSON.parse(panel.session().world.cloud.events.describeEventBus({ Name: 'commerce' }).Policy!));
    expect(shown.Statement).toEqual([expect.objectContaining({ Sid: 'warehouse-publishes-stock-events', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'events:PutEvents' })]);
  });
});
