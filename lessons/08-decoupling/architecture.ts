import { defineArchitecture } from '../../src/lessons/architecture.ts';

// The shop's checkout, split into services that talk through a custom bus. checkout takes the order and
// announces OrderPlaced on the `commerce` bus; payment charges it and announces PaymentConfirmed, while inventory,
// on a rule of its own, reserves the order's items; shipping books the carrier. Each service owns its table. A rule records every commerce event in a queue, so you (and the
// checks) can read the conversation; another watches the default bus, where commerce events do not belong.
export default defineArchitecture({
  buses: ['commerce'],
  // The warehouse team runs in an AWS account of its own (111122223333, the documentation's example account) and may
  // put its stock events on commerce, and nothing else: its statement allows PutEvents for source myapp.warehouse.
  // DescribeEventBus shows it (the Buses panel); the simulator, one account, does not enforce it.
  busPolicies: [{ bus: 'commerce', statements: [{ sid: 'warehouse-publishes-stock-events', account: '111122223333', sources: ['myapp.warehouse'] }] }],
  tables: [
    { name: 'orders', partitionKey: { name: 'orderId', type: 'S' } },
    { name: 'payments', partitionKey: { name: 'orderId', type: 'S' } },
    { name: 'shipments', partitionKey: { name: 'orderId', type: 'S' } },
    // Stock per SKU (`sku#BOOK-1`) and one reservation per order (`order#ORD-…`).
    { name: 'inventory', partitionKey: { name: 'id', type: 'S' } },
  ],
  queues: [{ name: 'commerce-events' }, { name: 'default-bus-events' }],
  functions: [
    {
      name: 'checkout',
      handler: 'orders.handler',
      description: 'Takes an order from the shop’s API and answers with its id.',
      environment: { ORDERS_TABLE: 'orders', PAYMENTS_TABLE: 'payments', SHIPMENTS_TABLE: 'shipments', BUS_NAME: 'commerce' },
      // Room for the SDK's own retries of a throttled write inside one invocation.
      timeout: 10,
    },
    {
      name: 'payment',
      handler: 'payment.handler',
      description: 'Charges each placed order once, then announces PaymentConfirmed.',
      environment: { PAYMENTS_TABLE: 'payments', BUS_NAME: 'commerce' },
      timeout: 10,
    },
    {
      name: 'shipping',
      handler: 'shipping.handler',
      description: 'Books the carrier for each paid order (given).',
      environment: { SHIPMENTS_TABLE: 'shipments' },
      timeout: 10,
    },
    {
      name: 'inventory',
      handler: 'inventory.handler',
      description: 'Reserves the items of each placed order from the warehouse’s stock (given).',
      environment: { INVENTORY_TABLE: 'inventory' },
      timeout: 10,
    },
  ],
  rules: [
    {
      name: 'charge-placed-orders',
      bus: 'commerce',
      eventPattern: { source: ['myapp.orders'], 'detail-type': ['OrderPlaced'] },
      targets: [{ id: 'payment', to: { function: 'payment' } }],
    },
    {
      // The same events as charge-placed-orders, on a rule of its own: payment and inventory each get every
      // OrderPlaced, and neither's failure holds up the other.
      name: 'reserve-placed-orders',
      bus: 'commerce',
      eventPattern: { source: ['myapp.orders'], 'detail-type': ['OrderPlaced'] },
      targets: [{ id: 'inventory', to: { function: 'inventory' } }],
    },
    {
      name: 'ship-paid-orders',
      bus: 'commerce',
      eventPattern: { source: ['myapp.payments'], 'detail-type': ['PaymentConfirmed'] },
      targets: [{ id: 'shipping', to: { function: 'shipping' } }],
    },
    {
      name: 'record-commerce-events',
      bus: 'commerce',
      description: 'Every event on the commerce bus, for reading the conversation.',
      eventPattern: { source: [{ prefix: 'myapp.' }] },
      targets: [{ id: 'commerce-events', to: { queue: 'commerce-events' } }],
    },
    {
      name: 'commerce-events-on-the-default-bus',
      description: 'Orders and payments events that went to the default bus by mistake.',
      eventPattern: { source: ['myapp.orders', 'myapp.payments'] },
      targets: [{ id: 'default-bus-events', to: { queue: 'default-bus-events' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'Ada orders two books',
      description: 'What the shop’s API hands checkout (Run it on orders.ts): the order as the customer placed it.',
      entry: {
        Source: 'myapp.shop',
        DetailType: 'CheckoutRequested',
        Detail: { customerId: 'C-17', items: [{ sku: 'BOOK-1', quantity: 2 }], amount: 42.5, currency: 'EUR', address: { country: 'GB', postcode: 'SW1A 1AA' } },
      },
    },
  ],
});
