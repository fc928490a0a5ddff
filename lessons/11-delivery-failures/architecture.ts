import { defineArchitecture } from '../../src/lessons/architecture.ts';

// The warehouse reserves stock for every order placed. Two things can go wrong, and each leaves its dead letters
// in its own queue: EventBridge cannot hand the event to the function at all (its retry policy, then the target's
// dead-letter queue), or the function runs and fails (Lambda's retries, then the function's on-failure
// destination). The learner writes the redrive function that puts both kinds back on the bus once the fault is
// fixed. A second rule copies every order event to a queue, so you can count how often each was put on the bus.
const ORDERS = { source: ['myapp.orders'], 'detail-type': ['OrderPlaced'] };

export default defineArchitecture({
  tables: [{ name: 'stock-reservations', partitionKey: { name: 'orderId', type: 'S' } }],
  queues: [
    // EventBridge's dead-letter queue for the reserve-stock target: events it could not deliver.
    { name: 'reserve-stock-dlq' },
    // Lambda's on-failure destination for reserve-stock: invocation records of events the function failed on.
    { name: 'reserve-stock-failures' },
    // Every OrderPlaced put on the bus, original or re-sent.
    { name: 'orders-seen' },
  ],
  functions: [
    {
      name: 'reserve-stock',
      handler: 'reserve.handler',
      description: 'Reserves the ordered items in the warehouse, once per order.',
      environment: { TABLE_NAME: 'stock-reservations' },
      timeout: 10,
      maximumRetryAttempts: 2,
      onFailure: { queue: 'reserve-stock-failures' },
    },
    {
      name: 'redrive',
      handler: 'redrive.handler',
      description: 'Puts the dead letters of both queues back on the bus, once each; run by hand after a fix.',
      environment: { DLQ_NAME: 'reserve-stock-dlq', FAILURES_NAME: 'reserve-stock-failures' },
      timeout: 60,
    },
  ],
  rules: [
    {
      name: 'reserve-stock-for-orders',
      description: 'Every order placed, to the warehouse.',
      eventPattern: ORDERS,
      targets: [
        {
          id: 'reserve-stock',
          to: { function: 'reserve-stock' },
          // EventBridge's defaults, written out: keep trying for a day, up to 185 times, then the dead-letter queue.
          retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
          deadLetterQueue: 'reserve-stock-dlq',
        },
      ],
    },
    {
      name: 'count-orders',
      description: 'Every order event, to a queue that shows how often each was put on the bus.',
      eventPattern: ORDERS,
      targets: [{ id: 'orders-seen', to: { queue: 'orders-seen' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'OrderPlaced',
      description: 'A customer ordered two lamps.',
      entry: { Source: 'myapp.orders', DetailType: 'OrderPlaced', Detail: { orderId: 'ORD-1001', items: [{ sku: 'LAMP-2', quantity: 2 }] } },
    },
  ],
  failureSwitches: [
    { label: 'Make delivery to reserve-stock fail (EventBridge retries for a day)', target: { function: 'reserve-stock' }, mode: 'error' },
    { label: 'Make reserve-stock unreachable (EventBridge does not retry)', target: { function: 'reserve-stock' }, mode: 'missing' },
  ],
});
