import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

// Created once per execution environment, outside the handler, so warm invocations reuse it.
const ses = new SESv2Client({});

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  // Everything a handler logs goes to its CloudWatch Logs stream, tagged with the request id.
  console.log(`New user signed up: ${event.detail.userId}`);
  console.log(`User email: ${event.detail.email}`);

  // The recipient comes from the event, never from code: each user gets their own email. The sender comes from
  // the function's configuration, so the same code works with another verified address in another account.
  await ses.send(
    new SendEmailCommand({
      FromEmailAddress: process.env.FROM_ADDRESS,
      Destination: { ToAddresses: [event.detail.email] },
      Content: {
        Simple: {
          Subject: { Data: 'Welcome to MyApp!' },
          Body: { Text: { Data: `Hi! Your account ${event.detail.userId} is ready.` } },
        },
      },
    }),
  );

  // EventBridge invokes the function asynchronously and ignores this value; it is for whoever invokes it directly.
  return { statusCode: 200, message: 'User signup event processed' };
};
