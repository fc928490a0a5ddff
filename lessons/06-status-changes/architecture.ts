import { defineArchitecture } from '../../src/lessons/architecture.ts';

// Three services publish status changes on the default bus; three rules, each with a pattern the learner
// writes, pick out the few changes someone must hear about. The targets are fixed: a function that texts (or
// emails) the package's recipient, a queue finance works through, and the on-call team's pager topic (SMS).
export default defineArchitecture({
  emailIdentities: ['deliveries@myapp.example'],
  queues: [{ name: 'finance-review' }],
  topics: [{ name: 'oncall-pager', subscriptions: [{ protocol: 'sms', endpoint: '+15555550199' }] }],
  functions: [
    {
      name: 'notify-recipient',
      handler: 'notify.handler',
      description: 'Tells a package’s recipient it is out for delivery: by SMS when the event has their phone number, else by email.',
      environment: { FROM_ADDRESS: 'deliveries@myapp.example' },
    },
  ],
  rules: [
    {
      name: 'package-out-for-delivery',
      description: 'A package has left the distribution centre on its way to the recipient.',
      eventPattern: { file: 'out-for-delivery.json' },
      targets: [{ id: 'notify-recipient', to: { function: 'notify-recipient' } }],
    },
    {
      name: 'large-refunds',
      description: 'A refund over 500, which finance reviews by hand.',
      eventPattern: { file: 'large-refunds.json' },
      targets: [{ id: 'finance-review', to: { queue: 'finance-review' } }],
    },
    {
      name: 'page-on-call',
      description: 'An escalated ticket that cannot wait until morning.',
      eventPattern: { file: 'page-on-call.json' },
      targets: [{ id: 'oncall-pager', to: { topic: 'oncall-pager' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'Package out for delivery',
      description: 'Logistics: Ada’s package left the distribution centre on a van. Ada should get a text.',
      entry: {
        Source: 'myapp.logistics',
        DetailType: 'PackageStatusChanged',
        Detail: {
          packageId: 'PKG-1001',
          orderId: 'ORD-501',
          status: 'OUT_FOR_DELIVERY',
          previousStatus: 'IN_TRANSIT',
          weightKg: 2.4,
          priority: false,
          destination: { country: 'GB', postcode: 'SW1A 1AA' },
          recipient: { name: 'Ada', phone: '+447700900123', email: 'ada@example.com' },
        },
      },
    },
    {
      name: 'Package delivered',
      description: 'Logistics: the same package, delivered. No text: Ada is holding it.',
      entry: {
        Source: 'myapp.logistics',
        DetailType: 'PackageStatusChanged',
        Detail: {
          packageId: 'PKG-1001',
          orderId: 'ORD-501',
          status: 'DELIVERED',
          previousStatus: 'OUT_FOR_DELIVERY',
          weightKg: 2.4,
          priority: false,
          destination: { country: 'GB', postcode: 'SW1A 1AA' },
          recipient: { name: 'Ada', phone: '+447700900123', email: 'ada@example.com' },
        },
      },
    },
    {
      name: 'Package in transit',
      description: 'Logistics: a package travelling between hubs. Nobody needs a text for that.',
      entry: {
        Source: 'myapp.logistics',
        DetailType: 'PackageStatusChanged',
        Detail: {
          packageId: 'PKG-1002',
          orderId: 'ORD-503',
          status: 'IN_TRANSIT',
          previousStatus: 'LABEL_CREATED',
          weightKg: 0.8,
          priority: true,
          destination: { country: 'FR', postcode: '75001' },
          recipient: { name: 'Bruno', email: 'bruno@example.com' },
        },
      },
    },
    {
      name: 'Order refunded (820.00)',
      description: 'Orders: a refund of 820.00 EUR. Over 500: finance reviews it.',
      entry: { Source: 'myapp.orders', DetailType: 'OrderStatusChanged', Detail: { orderId: 'ORD-502', status: 'REFUNDED', previousStatus: 'SHIPPED', amount: 820, currency: 'EUR' } },
    },
    {
      name: 'Order refunded (45.50)',
      description: 'Orders: a small refund. Finance does not look at these one by one.',
      entry: { Source: 'myapp.orders', DetailType: 'OrderStatusChanged', Detail: { orderId: 'ORD-504', status: 'REFUNDED', previousStatus: 'SHIPPED', amount: 45.5, currency: 'EUR' } },
    },
    {
      name: 'Payment confirmed (1,200.00)',
      description: 'Orders: a large payment, not a refund. Not finance’s review queue.',
      entry: { Source: 'myapp.orders', DetailType: 'OrderStatusChanged', Detail: { orderId: 'ORD-505', status: 'PAYMENT_CONFIRMED', previousStatus: 'CREATED', amount: 1200, currency: 'EUR' } },
    },
    {
      name: 'Ticket escalated (URGENT)',
      description: 'Support: an urgent ticket was escalated. Page the on-call team.',
      entry: {
        Source: 'myapp.support',
        DetailType: 'TicketStatusChanged',
        Detail: { ticketId: 'T-9001', status: 'ESCALATED', previousStatus: 'OPEN', priority: 'URGENT', customer: { id: 'C-17', tier: 'standard' } },
      },
    },
    {
      name: 'Ticket escalated (NORMAL, enterprise customer)',
      description: 'Support: an ordinary ticket, escalated, from an enterprise customer. Their contract says on-call answers: page.',
      entry: {
        Source: 'myapp.support',
        DetailType: 'TicketStatusChanged',
        Detail: { ticketId: 'T-9002', status: 'ESCALATED', previousStatus: 'OPEN', priority: 'NORMAL', customer: { id: 'C-3', tier: 'enterprise' } },
      },
    },
    {
      name: 'Ticket escalated (LOW)',
      description: 'Support: a low-priority ticket, escalated, from a standard customer. It can wait for the morning.',
      entry: {
        Source: 'myapp.support',
        DetailType: 'TicketStatusChanged',
        Detail: { ticketId: 'T-9003', status: 'ESCALATED', previousStatus: 'OPEN', priority: 'LOW', customer: { id: 'C-40', tier: 'standard' } },
      },
    },
    {
      name: 'Ticket resolved (URGENT)',
      description: 'Support: an urgent ticket, resolved. Nobody needs waking for good news.',
      entry: {
        Source: 'myapp.support',
        DetailType: 'TicketStatusChanged',
        Detail: { ticketId: 'T-9001', status: 'RESOLVED', previousStatus: 'ESCALATED', priority: 'URGENT', customer: { id: 'C-17', tier: 'standard' } },
      },
    },
  ],
});
