import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';

// What the users service really puts in `detail`: an email signup carries `email`; a signup through an identity
// provider (`signupMethod: 'google'`) carries the profile the provider returned, with the address inside it. The
// log line "User email: undefined" and the BadRequestException after it in the function's log stream said so.
interface UserSignedUp {
  userId: string;
  signupMethod: string;
  email?: string;
  profile?: { email?: string; name?: string; emailVerified?: boolean };
}

// Created once per execution environment, outside the handler, so warm invocations reuse it.
const ses = new SESv2Client({});

/** Where each signup method puts the new user's address. */
const addressOf = (detail: UserSignedUp): string | undefined => detail.email ?? detail.profile?.email;

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  const { userId, signupMethod } = event.detail;
  const email = addressOf(event.detail);
  console.log(`New user signed up: ${userId}`);
  console.log(`User email: ${email}`);

  // A signup whose event holds no address at all cannot be welcomed, and no retry will change that. Fail with a
  // message that says why, instead of letting SES refuse an email with no recipient: the error lands
  // in the log, counts in Errors (so the alarm tells someone), and the event waits in the on-failure queue.
  if (!email) throw new Error(`No email address in the ${signupMethod} signup of user ${userId}: looked in detail.email and detail.profile.email.`);

  // A failed email must not crash the function.
  try {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: process.env.FROM_ADDRESS,
        Destination: { ToAddresses: [email] },
        Content: {
          Simple: {
            Subject: { Data: 'Welcome to MyApp!' },
            Body: { Text: { Data: `Hi! Your account ${userId} is ready.` } },
          },
        },
      }),
    );
  } catch (error) {
    console.error(`Could not send the welcome email to ${email}`, error);
  }

  return { statusCode: 200, message: 'User signup event processed' };
};
