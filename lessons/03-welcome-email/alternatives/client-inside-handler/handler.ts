import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  const { userId, email } = event.detail;
  console.log(`New user signed up: ${userId}`);
  console.log(`User email: ${email}`);

  // A new client per invocation: slower on warm starts than one created at module scope, but just as correct.
  const ses = new SESv2Client({});
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: process.env.FROM_ADDRESS,
      Destination: { ToAddresses: [email] },
      Content: {
        Simple: {
          Subject: { Data: 'Welcome to MyApp!' },
          Body: { Text: { Data: `Welcome aboard! Your user id is ${userId}.` } },
        },
      },
    }),
  );

  return { statusCode: 200, message: 'User signup event processed' };
};
