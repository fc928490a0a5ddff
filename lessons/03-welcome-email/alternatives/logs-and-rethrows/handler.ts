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
  const { userId, email } = event.detail;
  console.log(`New user signed up: ${userId}`);
  console.log(`User email: ${email}`);

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
    // Say which event and user failed, then let the invocation fail so that Lambda retries it.
    console.error(`Welcome email for ${userId} (event ${event.id}) was not sent`, error);
    throw error;
  }

  return { statusCode: 200, message: 'User signup event processed' };
};
