import { defineArchitecture } from '../../src/lessons/architecture.ts';

// Fan-out: the same UserSignedUp event reaches three independent consumers. The welcome-email function and its
// rule are lesson 03's, unchanged (its handler.ts is lesson 03's solution: index.mdx says `from: 3`); the audit and analytics consumers each arrive with their own rule, target,
// function and table. Nothing upstream (the users service, the welcome function) knows they exist.
const SIGNUPS = { source: ['myapp.users'], 'detail-type': ['UserSignedUp'] };

export default defineArchitecture({
  emailIdentities: ['welcome@myapp.example'],
  tables: [
    // One item per signup event: the event id is the key, so a second delivery of the same event finds it there.
    { name: 'signup-audit', partitionKey: { name: 'eventId', type: 'S' } },
    // One item per signup method, holding a running count.
    { name: 'signup-counts', partitionKey: { name: 'signupMethod', type: 'S' } },
  ],
  functions: [
    {
      name: 'welcome-email',
      handler: 'handler.handler',
      description: 'Sends the welcome email to each new user (lesson 03, unchanged).',
      environment: { FROM_ADDRESS: 'welcome@myapp.example' },
    },
    {
      name: 'signup-audit',
      handler: 'audit.handler',
      description: 'Keeps one audit record per signup event, even when an event arrives twice.',
      environment: { TABLE_NAME: 'signup-audit' },
      // Room for the SDK's own retries of a throttled write (a few seconds of backoff) inside one invocation.
      timeout: 10,
    },
    {
      name: 'signup-analytics',
      handler: 'analytics.handler',
      description: 'Counts signups per signup method.',
      environment: { TABLE_NAME: 'signup-counts' },
      timeout: 10,
    },
  ],
  // One rule per consumer rather than one rule with three targets: each consumer owns its pattern, can be
  // disabled or deleted without touching the others, and gets its own AWS/Events metrics (by RuleName).
  rules: [
    {
      name: 'user-signed-up',
      description: 'Every signup from the users service, to the welcome email (lesson 03).',
      eventPattern: SIGNUPS,
      targets: [{ id: 'welcome-email', to: { function: 'welcome-email' } }],
    },
    {
      name: 'audit-signups',
      description: 'Every signup, to the audit log.',
      eventPattern: SIGNUPS,
      targets: [{ id: 'signup-audit', to: { function: 'signup-audit' } }],
    },
    {
      name: 'count-signups',
      description: 'Every signup, to the signup analytics.',
      eventPattern: SIGNUPS,
      targets: [{ id: 'signup-analytics', to: { function: 'signup-analytics' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'UserSignedUp',
      description: 'A user signed up with their email address.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' } },
    },
    {
      name: 'UserSignedUp with Google',
      description: 'A user signed up with their Google account.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '67890', email: 'ann@example.com', signupMethod: 'google' } },
    },
  ],
  // EventBridge delivers at least once: these let you watch a second delivery of the same event, and a target
  // that fails, on the workbench.
  failureSwitches: [
    { label: 'Deliver each event to signup-audit twice', target: { function: 'signup-audit' }, mode: 'duplicate' },
    { label: 'Deliver each event to signup-analytics twice', target: { function: 'signup-analytics' }, mode: 'duplicate' },
    { label: 'Make delivery to signup-analytics fail (EventBridge retries)', target: { function: 'signup-analytics' }, mode: 'error' },
  ],
});
