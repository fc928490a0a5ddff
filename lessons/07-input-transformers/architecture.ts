import { defineArchitecture } from '../../src/lessons/architecture.ts';

// Lesson 06's status changes, said the way each reader needs them: the on-call team's pager gets one line of
// plain text, and a delivery partner's queue gets a slim JSON update of its own shape. The rules and targets
// are fixed; the learner writes the two input transformers (pager-text.json, partner-update.json).
export default defineArchitecture({
  queues: [{ name: 'partner-updates' }],
  topics: [{ name: 'oncall-pager', subscriptions: [{ protocol: 'sms', endpoint: '+15555550199' }] }],
  rules: [
    {
      name: 'page-on-call',
      description: 'An escalated ticket that cannot wait until morning (lesson 06’s pattern).',
      eventPattern: {
        source: ['myapp.support'],
        'detail-type': ['TicketStatusChanged'],
        detail: { status: ['ESCALATED'], $or: [{ priority: ['HIGH', 'URGENT'] }, { customer: { tier: ['enterprise'] } }] },
      },
      targets: [{ id: 'oncall-pager', to: { topic: 'oncall-pager' }, inputTransformer: { file: 'pager-text.json' } }],
    },
    {
      name: 'partner-tracking',
      description: 'Every package status change, for the delivery partner’s tracking system.',
      eventPattern: { source: ['myapp.logistics'], 'detail-type': ['PackageStatusChanged'] },
      targets: [{ id: 'partner-updates', to: { queue: 'partner-updates' }, inputTransformer: { file: 'partner-update.json' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'Ticket escalated (URGENT)',
      description: 'Support: an urgent ticket was escalated. The pager should read: ESCALATED T-9001: URGENT priority, standard customer C-17. Paged by rule page-on-call.',
      entry: {
        Source: 'myapp.support',
        DetailType: 'TicketStatusChanged',
        Detail: { ticketId: 'T-9001', status: 'ESCALATED', previousStatus: 'OPEN', priority: 'URGENT', customer: { id: 'C-17', tier: 'standard' }, subject: 'Checkout down' },
      },
    },
    {
      name: 'Ticket escalated (NORMAL, enterprise customer)',
      description: 'Support: an enterprise customer’s ticket, escalated.',
      entry: {
        Source: 'myapp.support',
        DetailType: 'TicketStatusChanged',
        Detail: { ticketId: 'T-9002', status: 'ESCALATED', previousStatus: 'OPEN', priority: 'NORMAL', customer: { id: 'C-3', tier: 'enterprise' }, subject: 'Invoice totals look wrong' },
      },
    },
    {
      name: 'Package out for delivery',
      description: 'Logistics: a package left the distribution centre. The partner wants tracking, order, state, weightKg, priority, country and changedAt.',
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
      description: 'Logistics: the same package, delivered.',
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
  ],
});
