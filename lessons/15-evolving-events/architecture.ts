import { defineArchitecture } from '../../src/lessons/architecture.ts';

// Version 2 of UserSignedUp beside version 1. The users service's signup-producer (the learner's) publishes both
// for every signup while consumers move over. Lesson 04's three v1 consumers are unchanged (their code is lessons
// 03's and 04's solutions: index.mdx says `from: 4`), each on its own rule. Billing, the first v2 consumer, reads
// its events from a queue that its rule fills with UserSignedUp.v2 only.
const V1 = { source: ['myapp.users'], 'detail-type': ['UserSignedUp'] };

export default defineArchitecture({
  emailIdentities: ['welcome@myapp.example'],
  tables: [
    { name: 'signup-audit', partitionKey: { name: 'eventId', type: 'S' } },
    { name: 'signup-counts', partitionKey: { name: 'signupMethod', type: 'S' } },
  ],
  queues: [{ name: 'billing-signups' }],
  functions: [
    {
      name: 'signup-producer',
      handler: 'producer.publishSignup',
      description: 'The users service: publishes UserSignedUp (v1) and UserSignedUp.v2 when someone finishes registering.',
      timeout: 10,
    },
    {
      name: 'welcome-email',
      handler: 'handler.handler',
      description: 'Sends the welcome email to each new user (lesson 03, a v1 consumer).',
      environment: { FROM_ADDRESS: 'welcome@myapp.example' },
    },
    {
      name: 'signup-audit',
      handler: 'audit.handler',
      description: 'Keeps one audit record per signup event (lesson 04, a v1 consumer).',
      environment: { TABLE_NAME: 'signup-audit' },
      timeout: 10,
    },
    {
      name: 'signup-analytics',
      handler: 'analytics.handler',
      description: 'Counts signups per signup method (lesson 04, a v1 consumer).',
      environment: { TABLE_NAME: 'signup-counts' },
      timeout: 10,
    },
  ],
  rules: [
    { name: 'user-signed-up', description: 'Every v1 signup, to the welcome email.', eventPattern: V1, targets: [{ id: 'welcome-email', to: { function: 'welcome-email' } }] },
    { name: 'audit-signups', description: 'Every v1 signup, to the audit log.', eventPattern: V1, targets: [{ id: 'signup-audit', to: { function: 'signup-audit' } }] },
    { name: 'count-signups', description: 'Every v1 signup, to the signup analytics.', eventPattern: V1, targets: [{ id: 'signup-analytics', to: { function: 'signup-analytics' } }] },
    {
      name: 'billing-signups-v2',
      description: 'Every v2 signup, to billing’s queue: the first consumer of the new version.',
      eventPattern: { source: ['myapp.users'], 'detail-type': ['UserSignedUp.v2'] },
      targets: [{ id: 'billing-signups', to: { queue: 'billing-signups' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'New user',
      description: 'What the users service hands signup-producer (Run uses this detail as its input); also the v2 event’s detail.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp.v2', Detail: { userId: 'u-5521', email: 'mia@example.com', method: 'google', plan: 'pro', country: 'DE' } },
    },
    {
      name: 'UserSignedUp (v1)',
      description: 'The same signup as version 1, as the three older consumers know it.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: 'u-5521', email: 'mia@example.com', signupMethod: 'google' } },
    },
  ],
});
