import { defineArchitecture } from '../../src/lessons/architecture.ts';

// One rule whose pattern the learner writes (pattern.json). Its target is a queue, so every event the rule lets
// through can be read back: the checks compare what arrived with what should have.
export default defineArchitecture({
  queues: [{ name: 'signups' }],
  rules: [
    {
      name: 'user-signed-up',
      description: 'Every signup from the users service, and nothing else.',
      eventPattern: { file: 'pattern.json' },
      targets: [{ id: 'signups', to: { queue: 'signups' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'UserSignedUp',
      description: 'The users service: someone signed up with their email address. The rule wants this one.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' } },
    },
    {
      name: 'UserSignedUp via Google',
      description: 'The users service again: a signup through Google. Also wanted.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '12346', email: 'gus@example.com', signupMethod: 'google' } },
    },
    {
      name: 'UserSignedUp via GitHub',
      description: 'A signup through a method the team added last week. Every signup is wanted, whatever the method.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '12347', email: 'gina@example.com', signupMethod: 'github' } },
    },
    {
      name: 'UserDeleted',
      description: 'The users service: someone closed their account. Same source, something else happened.',
      entry: { Source: 'myapp.users', DetailType: 'UserDeleted', Detail: { userId: '12000', reason: 'requested' } },
    },
    {
      name: 'UserSignedUp from myapp.admin',
      description: 'The admin tool: a support agent created an account. Same detail-type, another producer.',
      entry: { Source: 'myapp.admin', DetailType: 'UserSignedUp', Detail: { userId: '90001', email: 'agent-made@example.com', signupMethod: 'admin' } },
    },
    {
      name: 'PaymentConfirmed',
      description: 'The payments service: an unrelated event on the same bus.',
      entry: { Source: 'myapp.payments', DetailType: 'PaymentConfirmed', Detail: { orderId: 'o-77', amount: 25 } },
    },
  ],
});
