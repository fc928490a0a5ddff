import { defineArchitecture } from '../../src/lessons/architecture.ts';

// The producer's side of the signup flow: the users service's function publishes UserSignedUp to the default bus.
// A rule on the bus copies every signup into a queue, so you (and the checks) can see the envelope EventBridge built.
export default defineArchitecture({
  queues: [{ name: 'signups-seen' }],
  functions: [
    {
      name: 'signup-producer',
      handler: 'producer.publishSignup',
      description: 'The users service: publishes UserSignedUp when someone finishes registering.',
    },
  ],
  rules: [
    {
      name: 'user-signed-up',
      description: 'Every signup from the users service.',
      eventPattern: { source: ['myapp.users'], 'detail-type': ['UserSignedUp'] },
      targets: [{ id: 'signups-seen', to: { queue: 'signups-seen' } }],
    },
  ],
  sampleEvents: [
    {
      name: 'UserSignedUp',
      description: 'What the producer should publish for a user who signed up with their email address.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' } },
    },
  ],
});
