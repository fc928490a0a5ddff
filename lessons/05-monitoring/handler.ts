import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';

// What the users service puts in `detail`, as lesson 03 knew it.
interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

// Created once per execution environment, outside the handler, so warm invocations reuse it.
const ses = new SESv2Client({});

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  console.log(`New user signed up: ${event.detail.userId}`);
  console.log(`User email: ${event.detail.email}`);

  // TODO: some signups fail here, and their users never get a welcome. Send both sample events, then read
  //       the function's log stream and the Errors metric: which signups fail, and what do their events carry?
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

  return { statusCode: 200, message: 'User signup event processed' };
};
