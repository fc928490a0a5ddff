import { defineArchitecture } from '../../src/lessons/architecture.ts';

// The first consumer: one rule sends every signup to the welcome-email function, which emails the new user.
export default defineArchitecture({
  emailIdentities: ['welcome@myapp.example'],
  functions: [
    {
      name: 'welcome-email',
      handler: 'handler.handler',
      description: 'Sends the welcome email to each new user.',
      environment: { FROM_ADDRESS: 'welcome@myapp.example' },
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
  sampleEvents: [
    {
      name: 'UserSignedUp',
      description: 'A user signed up with their email address.',
      entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' } },
    },
  ],
});
