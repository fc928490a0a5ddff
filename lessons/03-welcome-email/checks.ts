import type { LessonArchitecture } from '../../src/lessons/architecture.ts';
import { defineChecks } from '../../src/lessons/checks.ts';

const FUNCTION = 'welcome-email';

/** The lesson built with another verified sender in the function's FROM_ADDRESS. */
const withSender = (architecture: LessonArchitecture, sender: string): LessonArchitecture => ({
  ...architecture,
  emailIdentities: [sender],
  functions: architecture.functions?.map((fn) => (fn.name === FUNCTION ? { ...fn, environment: { ...fn.environment, FROM_ADDRESS: sender } } : fn)),
});

export default defineChecks({
  hints: {
    whereFieldsLive: 'Where in the event does the user id live: at the top of the envelope, or inside `detail`? What does `console.log` write to?',
    sendEmail: 'Which SESv2 command sends an email? Its `Destination` says who receives it: which field of the event holds that address?',
    environment: 'The architecture gives the function an environment variable with the sender. How does a Node.js handler read one?',
    returnValue: 'What does an async function return when it ends without a `return` statement?',
  },
  checks: [
    {
      name: 'logs the new user’s id and email',
      hint: 'whereFieldsLive',
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
      hint: 'sendEmail',
      async run(t) {
        await t.send(t.sample('UserSignedUp'));
        const sent = t.outbox();
        t.expect(sent.length, 'the number of emails sent for one signup').toBe(1);
        t.expect(sent[0]!.to, 'the recipients of the welcome email').toEqual(['user@example.com']);
        // Nobody else: a copy of every new user's address to a fixed mailbox is a privacy incident.
        t.expect([...sent[0]!.cc, ...sent[0]!.bcc], 'the Cc and Bcc recipients of the welcome email').toEqual([]);
      },
    },
    {
      name: 'welcomes each user at their own address, whatever way they signed up',
      hint: 'sendEmail',
      async run(t) {
        const ann = { userId: 'u-1', email: 'ann@example.com', signupMethod: 'email' };
        const bo = { userId: 'u-2', email: 'bo@example.com', signupMethod: 'google' };
        await t.send(t.sample('UserSignedUp', ann), t.sample('UserSignedUp', bo));
        const sent = t.outbox();
        const recipients = sent.flatMap((email) => email.to).sort();
        t.expect(recipients, 'the recipients of an email signup’s and a Google signup’s welcome').toEqual(['ann@example.com', 'bo@example.com']);
        // Each email speaks of its own user: nothing of the other one, nor of the sample user 12345.
        for (const email of sent) {
          const body = `${email.subject ?? ''}\n${email.text ?? ''}\n${email.html ?? ''}`;
          const others = ['12345', 'user@example.com', ...[ann, bo].filter((u) => !email.to.includes(u.email)).flatMap((u) => [u.userId, u.email])];
          const stray = others.find((value) => body.includes(value));
          if (stray) t.fail(`Expected the welcome email to ${email.to.join(', ')} to speak of that user only, but it mentions ${JSON.stringify(stray)}:\n${body.trim()}`);
        }
      },
    },
    {
      name: 'sends it from the address in FROM_ADDRESS, whatever that is',
      hint: 'environment',
      // Another deployment, another sender: the address comes from the function's configuration, not the code.
      arrange: (architecture) => withSender(architecture, 'hello@welcome.example'),
      async run(t) {
        await t.send(t.sample('UserSignedUp'));
        // "MyApp <hello@welcome.example>" is fine too: SES takes a friendly name before the address.
        const from = t.outbox()[0]?.from;
        const address = from?.match(/<([^>]+)>\s*$/)?.[1] ?? from;
        t.expect(address, 'the address the welcome email is sent from, when FROM_ADDRESS is hello@welcome.example').toBe('hello@welcome.example');
      },
    },
    {
      name: 'fails the invocation when SES refuses the email, so Lambda’s retry sends it',
      hint: 'sendEmail',
      // The sender's identity is missing from SES when the signup arrives: the send is refused with MessageRejected.
      arrange: (architecture) => ({ ...architecture, emailIdentities: [] }),
      async run(t) {
        t.expectFailuresOf(FUNCTION);
        t.putEvents(t.sample('UserSignedUp'));
        await t.advance(0);
        const failed = t.metric('AWS/Lambda', 'Errors', { FunctionName: FUNCTION });
        if (failed === 0) {
          t.fail(
            'Expected the invocation to fail when SES refused the welcome email (MessageRejected: the sender is not verified), so that Lambda retries it, but it succeeded: the email was not sent, and no retry will send it.',
          );
        }
        // Someone verifies the sender again before Lambda's first retry, a minute later.
        t.cloud.ses.createEmailIdentity({ EmailIdentity: 'welcome@myapp.example' });
        await t.settle();
        t.expect(
          t.outbox().map((email) => email.to),
          'the welcome emails sent once SES accepted them again (Lambda retries the failed invocation)',
        ).toEqual([['user@example.com']]);
      },
    },
    {
      name: 'returns the status the users service expects',
      hint: 'returnValue',
      async run(t) {
        const event = { version: '0', id: 'check', 'detail-type': 'UserSignedUp', source: 'myapp.users', account: '123456789012', time: '2026-11-22T09:00:00Z', region: 'us-east-1', resources: [], detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' } };
        const result = await t.invoke(FUNCTION, event);
        t.expect(JSON.parse(result.payload), 'what the handler returns').toEqual({ statusCode: 200, message: 'User signup event processed' });
      },
    },
  ],
});
