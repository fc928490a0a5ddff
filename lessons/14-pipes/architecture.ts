import { defineArchitecture } from '../../src/lessons/architecture.ts';

// The transactional outbox, built by AWS: the orders service writes its table and nothing else. The table's stream
// records every change; the pipe orders-outbox reads it, drops what is not an order (the learner's filter.json),
// turns each batch of order changes into events (the learner's enrichment, enrich.ts) and puts them on the default
// bus, where rules route them to fulfilment and to customer updates as any event.
export default defineArchitecture({
  tables: [
    // Orders and shopping carts, told apart by `type`: one table, as the orders service keeps them.
    { name: 'orders', partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' },
  ],
  queues: [
    { name: 'fulfilment' },
    { name: 'customer-updates' },
    // Records the pipe gave up on, after its retries: the outbox's own dead letters.
    { name: 'outbox-failures' },
  ],
  functions: [
    {
      name: 'orders-service',
      handler: 'orders.handler',
      description: 'The orders service: places, ships and annotates orders and keeps carts, in its table only.',
      environment: { TABLE_NAME: 'orders' },
      timeout: 10,
    },
    {
      name: 'enrich-order-changes',
      handler: 'enrich.handler',
      description: 'The pipe’s enrichment: turns a batch of stream records into the events to publish.',
      timeout: 10,
    },
  ],
  pipes: [
    {
      name: 'orders-outbox',
      description: 'Changes to orders, from the table’s stream to the default bus.',
      source: { table: 'orders', startingPosition: 'LATEST', batchSize: 10, maximumBatchingWindowInSeconds: 1, maximumRetryAttempts: 2, deadLetter: { queue: 'outbox-failures' } },
      filter: { file: 'filter.json' },
      enrichment: { function: 'enrich-order-changes' },
      target: { bus: 'default' },
      // Each item the enrichment returns is one event's detail; its eventType field, read with a JSON path, is the
      // event's detail-type. (No InputTemplate: a template of a lone <$.path> is text, and would strip an object's quotes.)
      eventBusParameters: { source: 'myapp.orders', detailType: '$.eventType' },
    },
  ],
  rules: [
    {
      // Stands in for the orders service's own API on the workbench: Send event hands a sample call to the service.
      name: 'orders-api',
      description: 'Calls to the orders service (the samples), to the orders service.',
      eventPattern: { source: ['myapp.orders'], 'detail-type': ['OrdersServiceCall'] },
      targets: [{ id: 'orders-service', to: { function: 'orders-service' } }],
    },
    {
      name: 'orders-placed',
      description: 'New orders, to fulfilment.',
      eventPattern: { source: ['myapp.orders'], 'detail-type': ['OrderPlaced'] },
      targets: [{ id: 'fulfilment', to: { queue: 'fulfilment' } }],
    },
    {
      name: 'order-status',
      description: 'Status changes, to the customer updates.',
      eventPattern: { source: ['myapp.orders'], 'detail-type': ['OrderStatusChanged'] },
      targets: [{ id: 'customer-updates', to: { queue: 'customer-updates' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'Place an order',
      description: 'A call to the orders service: it writes a new order to its table.',
      entry: { Source: 'myapp.orders', DetailType: 'OrdersServiceCall', Detail: { action: 'place', id: 'o-1001', customerId: 'c-17', total: 59.9, items: [{ sku: 'MUG-01', qty: 2 }] } },
    },
    {
      name: 'Ship the order',
      description: 'A call to the orders service: the order’s status becomes SHIPPED.',
      entry: { Source: 'myapp.orders', DetailType: 'OrdersServiceCall', Detail: { action: 'ship', id: 'o-1001' } },
    },
    {
      name: 'Add a note',
      description: 'A call to the orders service: the order gets a delivery note; its status stays as it was.',
      entry: { Source: 'myapp.orders', DetailType: 'OrdersServiceCall', Detail: { action: 'note', id: 'o-1001', note: 'Leave at the door' } },
    },
    {
      name: 'Update a cart',
      description: 'A call to the orders service: the customer’s cart changes (carts live in the same table).',
      entry: { Source: 'myapp.orders', DetailType: 'OrdersServiceCall', Detail: { action: 'cart', id: 'cart-c-17', customerId: 'c-17', items: [{ sku: 'TEA-03', qty: 1 }] } },
    },
  ],
});
