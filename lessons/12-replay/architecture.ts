import { defineArchitecture } from '../../src/lessons/architecture.ts';

// The shop's orders are archived as they happen. The loyalty team's award-points function shipped with a bug and
// awarded the wrong points for an hour; receipts went out as usual through another rule. After the fix, the
// learner replays that hour from the archive to the points rule only (a replay-orders function they write), and
// makes award-points correct the points of a replayed order without emailing the customer again.
const ORDERS = { source: ['myapp.orders'], 'detail-type': ['OrderPlaced'] };

export default defineArchitecture({
  emailIdentities: ['points@myapp.example'],
  archives: [{ name: 'orders-archive', description: 'Every order event, kept for 30 days.', eventPattern: { source: ['myapp.orders'] }, retentionDays: 30 }],
  tables: [{ name: 'loyalty-points', partitionKey: { name: 'orderId', type: 'S' } }],
  queues: [
    // Stand-in for the receipts service: every event the send-receipts rule delivers.
    { name: 'receipts' },
    // Every event the award-points rule delivers, originals and replays: what the rule saw.
    { name: 'points-events' },
  ],
  functions: [
    {
      name: 'award-points',
      handler: 'points.handler',
      description: 'Awards loyalty points for each order and tells the customer.',
      environment: { TABLE_NAME: 'loyalty-points', FROM_ADDRESS: 'points@myapp.example' },
      timeout: 10,
    },
    {
      name: 'replay-orders',
      handler: 'replay.handler',
      description: 'Replays a window of archived orders to the points rule; run by hand with { "from": …, "to": … }.',
      environment: { ARCHIVE_NAME: 'orders-archive', RULE_NAME: 'award-points' },
      // Three API calls, run by hand: room for a slow cold start.
      timeout: 30,
    },
  ],
  rules: [
    {
      name: 'award-points',
      description: 'Every order, to the loyalty points.',
      eventPattern: ORDERS,
      targets: [
        { id: 'award-points', to: { function: 'award-points' } },
        { id: 'points-events', to: { queue: 'points-events' } },
      ],
    },
    {
      name: 'send-receipts',
      description: 'Every order, to the receipts service.',
      eventPattern: ORDERS,
      targets: [{ id: 'receipts', to: { queue: 'receipts' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'OrderPlaced',
      description: 'Ada ordered a lamp for 129.90 EUR.',
      entry: { Source: 'myapp.orders', DetailType: 'OrderPlaced', Detail: { orderId: 'ORD-1001', customerEmail: 'ada@example.com', amount: 129.9, currency: 'EUR' } },
    },
  ],
});
