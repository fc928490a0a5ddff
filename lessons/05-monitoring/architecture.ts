import { defineArchitecture } from '../../src/lessons/architecture.ts';

// Lesson 03's welcome-email consumer, now in production and failing for some signups, with what it takes to
// debug it: a queue where events that failed every retry end up, and an alarm (alarms.json, the learner's) that
// tells the on-call engineer through an SNS topic. The default bus logs each event's steps at INFO (AWS's event bus
// logging, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-logs.html), so the learner can read
// where EventBridge's part of a delivery ended. IncludeDetail stays NONE: these events carry email addresses.
export default defineArchitecture({
  busLogs: [{ bus: 'default', logConfig: { level: 'INFO' }, logGroup: '/aws/vendedlogs/events/event-bus/default' }],
  emailIdentities: ['welcome@myapp.example'],
  queues: [
    // Where Lambda sends an event after the last retry failed: the record holds the event and the error.
    { name: 'welcome-email-failures' },
    // Subscribed to the on-call topic, so the checks (and you) can read the alarm's notifications.
    { name: 'oncall-inbox' },
  ],
  topics: [
    {
      name: 'oncall',
      subscriptions: [
        { protocol: 'sqs', endpoint: 'oncall-inbox' },
        { protocol: 'email', endpoint: 'oncall@myapp.example' },
      ],
    },
  ],
  functions: [
    {
      name: 'welcome-email',
      handler: 'handler.handler',
      description: 'Sends the welcome email to each new user.',
      environment: { FROM_ADDRESS: 'welcome@myapp.example' },
      // Two retries are Lambda's default for asynchronous invocations. The on-failure destination is not: without one,
      // Lambda discards the event after the last retry. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
      maximumRetryAttempts: 2,
      onFailure: { queue: 'welcome-email-failures' },
    },
  ],
  rules: [
    {
      name: 'user-signed-up',
      description: 'Every signup from the users service.',
      eventPattern: { source: ['myapp.users'], 'detail-type': ['UserSignedUp'] },
      targets: [{ id: 'welcome-email', to: { function: 'welcome-email' } }],
    },
  ],
  alarms: { file: 'alarms.json' },
  sampleEvents: [
    {
      name: 'UserSignedUp',
      description: 'A user signed up with their email address and a password.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' } },
    },
    {
      name: 'UserSignedUpWithGoogle',
      description: 'A user signed up with their Google account: the users service passes on the profile Google returned.',
      entry: {
        Source: 'myapp.users',
        DetailType: 'UserSignedUp',
        Detail: { userId: '67890', signupMethod: 'google', profile: { email: 'ada@gmail.example', name: 'Ada Lovelace', emailVerified: true } },
      },
    },
  ],
});
