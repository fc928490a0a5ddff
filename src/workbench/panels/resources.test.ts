import { describe, expect, it } from 'vitest';
import welcome from '../../../lessons/03-welcome-email/architecture.ts';
import decoupling from '../../../lessons/08-decoupling/architecture.ts';
import statusChanges from '../../../lessons/06-status-changes/architecture.ts';
import transformers from '../../../lessons/07-input-transformers/architecture.ts';
import saas from '../../../lessons/10-saas-automation/architecture.ts';
import { outboxRows, queueEntries, resourcePanels, tableEntries } from './resources.ts';

describe('the panels a lesson adds after Flow, Logs, Metrics and Checks', () => {
  it('follow what its architecture declares', () => {
    expect(resourcePanels(welcome)).toEqual(['Outbox']);
    expect(resourcePanels(statusChanges)).toEqual(['Outbox', 'SNS', 'Queues']);
    expect(resourcePanels(transformers)).toEqual(['SNS', 'Queues']);
    expect(resourcePanels(saas)).toEqual(['Queues', 'HTTP']);
    // Lesson 08 gives the commerce bus a policy, for the warehouse team's account.
    expect(resourcePanels(decoupling)).toEqual(['Queues', 'Tables', 'Buses']);
  });

  it('include HTTP for a lesson that serves an endpoint, even before it has an API destination', () => {
    expect(resourcePanels({ ...welcome, httpEndpoints: [{ origin: 'https://invoices.example.com', handler: 'api.respond' }] })).toEqual(['Outbox', 'HTTP']);
  });
});

describe('the resource panels’ rows', () => {
  it('show an email’s text part, else its HTML, raw message or template, and say when it has no subject', () => {
    const email = { messageId: 'm1', from: 'noreply@myapp.example', to: ['a@example.com', 'b@example.com'], cc: [], bcc: [], replyTo: [], subject: undefined, text: undefined, html: undefined, timestamp: Date.UTC(2026, 10, 30, 9, 0, 5) };
    expect(outboxRows([{ ...email, template: { name: 'welcome', data: '{"name":"Ada"}' } }])).toEqual([
      { id: 'm1', sent: '09:00:05', from: 'noreply@myapp.example', to: 'a@example.com, b@example.com', subject: '(none)', body: 'Template welcome with {"name":"Ada"}' },
    ]);
    expect(outboxRows([{ ...email, subject: 'Hi', text: 'Hello', html: '<p>Hello</p>' }])[0]).toMatchObject({ subject: 'Hi', body: 'Hello' });
  });

  it('key each queued message by its body and the identical ones before it, so a key stays with its message when an earlier one is taken', () => {
    const waiting = queueEntries([{ body: '{"n":1}' }, { body: 'same' }, { body: 'same' }]);
    expect(waiting).toEqual([
      { key: '0 {"n":1}', text: '{\n  "n": 1\n}' },
      { key: '0 same', text: 'same' },
      { key: '1 same', text: 'same' },
    ]);
    expect(queueEntries([{ body: 'same' }, { body: 'same' }, { body: 'new' }]).map((entry) => entry.key)).toEqual(['0 same', '1 same', '0 new']);
  });

  it('key each item by its primary key, and show it as plain JSON', () => {
    const table = { partitionKey: { name: 'pk', type: 'S' as const }, sortKey: { name: 'at', type: 'N' as const } };
    expect(tableEntries(table, [{ pk: { S: 'c-17' }, at: { N: '3' }, total: { N: '59.9' } }])).toEqual([{ key: '[{"S":"c-17"},{"N":"3"}]', text: '{\n  "pk": "c-17",\n  "at": 3,\n  "total": 59.9\n}' }]);
  });
});
