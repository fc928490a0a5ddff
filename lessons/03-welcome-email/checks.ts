import { defineChecks } from '../../src/lessons/checks.ts';

const FUNCTION = 'welcome-email';

export default defineChecks({
  hints: [
    'Where in the event does the user id live: at the top of the envelope, or inside `detail`? What does `console.log` write to?',
    'Which SESv2 command sends an email? Its `Destination` says who receives it: which field of the event holds that address?',
    'The architecture gives the function an environment variable with the sender. How does a Node.js handler read one?',
    'What does an async function return when it ends without a `return` statement?',
  ],
  checks: [
    {
      name: 'logs the new user’s id and email',
      hint: 0,
      async run(t) {
        await t.send(t.sample('UserSignedUp'), t.sample('UserSignedUp', { userId: '777', email: 'cy@example.com' }));
        const printed = t.printed(FUNCTION);
        t.expect(printed, 'what the function logged').toContain('New user signed up: 12345');
        t.expect(printed, 'what the function logged').toContain('User email: user@example.com');
        t.expect(printed, 'what the function logged for a second user').toContain('New user signed up: 777');
        t.expect(printed, 'what the function logged for a second user').toContain('User email: cy@example.com');
      },
    },
    {
      name: 'sends one welcome email to the new user',
      hint: 1,
      async run(t) {
        await t.send(t.sample('UserSignedUp'));
        const sent = t.outbox();
        t.expect(sent.length, 'the number of emails sent for one signup').toBe(1);
        t.expect(sent[0]!.to, 'the recipients of the welcome email').toEqual(['user@example.com']);
      },
    },
    {
      name: 'welcomes each user at their own address',
      hint: 1,
      async run(t) {
        await t.send(t.sample('UserSignedUp', { userId: '1', email: 'ann@example.com' }), t.sample('UserSignedUp', { userId: '2', email: 'bo@example.com' }));
        const recipients = t.outbox().flatMap((email) => email.to).sort();
        t.expect(recipients, 'the recipients of two signups’ emails').toEqual(['ann@example.com', 'bo@example.com']);
      },
    },
    {
      name: 'sends it from the verified welcome address',
      hint: 2,
      async run(t) {
        await t.send(t.sample('UserSignedUp'));
        // "MyApp <welcome@myapp.example>" is fine too: SES takes a friendly name before the address.
        const from = t.outbox()[0]?.from;
        const address = from?.match(/<([^>]+)>\s*$/)?.[1] ?? from;
        t.expect(address, 'the address the welcome email is sent from').toBe('welcome@myapp.example');
      },
    },
    {
      name: 'returns the status the users service expects',
      hint: 3,
      async run(t) {
        const event = { version: '0', id: 'check', 'detail-type': 'UserSignedUp', source: 'myapp.users', account: '123456789012', time: '2026-11-22T09:00:00Z', region: 'us-east-1', resources: [], detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' } };
        const result = await t.invoke(FUNCTION, event);
        t.expect(JSON.parse(result.payload), 'what the handler returns').toEqual({ statusCode: 200, message: 'User signup event processed' });
      },
    },
  ],
});
