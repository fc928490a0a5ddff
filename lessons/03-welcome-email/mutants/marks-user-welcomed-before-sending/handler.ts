import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

// Created once per execution environment, outside the handler, so warm invocations reuse it.
const ses = new SESv2Client({});

// Lambda may run the handler twice for one signup: remember who was welcomed so nobody gets two emails.
const welcomed = new Set<string>();

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  console.log(`New user signed up: ${event.detail.userId}`);
  console.log(`User email: ${event.detail.email}`);

  if (welcomed.has(event.detail.userId)) {
    return { statusCode: 200, message: 'User signup event processed' };
  }
  welcomed.add(event.detail.userId);

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
