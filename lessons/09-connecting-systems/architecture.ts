import { defineArchitecture } from '../../src/lessons/architecture.ts';

// Two systems kept in step through the bus. The CRM (the sales team's system of record for customer accounts)
// announces every change to an account with its whole new state and a version number; billing keeps its own copy
// of what it needs to send invoices, in its own table, written only by the sync-billing consumer. Nothing calls
// the CRM; billing may lag behind it for a moment, and must never move backwards.
export default defineArchitecture({
  tables: [
    // Billing's copy of each customer account, keyed by the CRM's account id.
    { name: 'billing-accounts', partitionKey: { name: 'accountId', type: 'S' } },
  ],
  functions: [
    {
      name: 'sync-billing',
      handler: 'sync.handler',
      description: 'Applies the CRM’s account changes to billing’s copy, newest version wins.',
      environment: { TABLE_NAME: 'billing-accounts' },
      // Room for the SDK's own retries of a throttled write (a few seconds of backoff) inside one invocation.
      timeout: 10,
    },
  ],
  rules: [
    {
      name: 'crm-account-changes',
      description: 'Every change to a CRM account, to billing.',
      eventPattern: { source: ['crm.accounts'], 'detail-type': ['AccountUpdated', 'AccountClosed'] },
      targets: [{ id: 'sync-billing', to: { function: 'sync-billing' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'AccountUpdated v1',
      description: 'A new customer account in the CRM, on the starter plan.',
      entry: {
        Source: 'crm.accounts',
        DetailType: 'AccountUpdated',
        Detail: { accountId: 'ACC-1001', version: 1, name: 'Northwind Traders', billingEmail: 'accounts@northwind.example', plan: 'starter', changedAt: '2026-11-22T09:00:00Z' },
      },
    },
    {
      name: 'AccountUpdated v2',
      description: 'Sales moved the customer to the business plan, with a new billing address.',
      entry: {
        Source: 'crm.accounts',
        DetailType: 'AccountUpdated',
        Detail: { accountId: 'ACC-1001', version: 2, name: 'Northwind Traders', billingEmail: 'finance@northwind.example', plan: 'business', changedAt: '2026-11-22T09:05:00Z' },
      },
    },
    {
      name: 'AccountClosed v3',
      description: 'The customer closed their account.',
      entry: { Source: 'crm.accounts', DetailType: 'AccountClosed', Detail: { accountId: 'ACC-1001', version: 3, changedAt: '2026-11-22T09:10:00Z' } },
    },
  ],
  // Delivery is at least once, in no guaranteed order: these let you watch a repeated delivery on the workbench.
  failureSwitches: [{ label: 'Deliver each event to sync-billing twice', target: { function: 'sync-billing' }, mode: 'duplicate' }],
});
