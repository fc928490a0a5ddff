import { describe, expect, it } from 'vitest';
import welcome from '../../../lessons/03-welcome-email/architecture.ts';
import decoupling from '../../../lessons/08-decoupling/architecture.ts';
import statusChanges from '../../../lessons/06-status-changes/architecture.ts';
import transformers from '../../../lessons/07-input-transformers/architecture.ts';
import saas from '../../../lessons/10-saas-automation/architecture.ts';
import { resourcePanels } from './resources.ts';

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
