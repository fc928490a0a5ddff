import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EventBridgeEvent } from 'aws-lambda';

interface UserSignedUp {
  userId: string;
  email: string;
  signupMethod: string;
}

// Created once per execution environment, outside the handler, so warm invocations reuse it.
const ses = new SESv2Client({});

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The welcome email for one user, in plain text and HTML: mail clients show whichever they prefer. */
function welcomeEmail(from: string | undefined, { userId, email }: UserSignedUp): SendEmailCommand {
  return new SendEmailCommand({
    FromEmailAddress: from,
    Destination: { ToAddresses: [email] },
    Content: {
      Simple: {
        Subject: { Data: 'Welcome to MyApp!' },
        Body: {
          Text: { Data: `Hi! Your account ${userId} is ready.` },
          Html: { Data: `<p>Hi! Your account <strong>${escapeHtml(userId)}</strong> is ready.</p>` },
        },
      },
    },
  });
}

export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  const user = event.detail;
  console.log(`New user signed up: ${user.userId}`);
  console.log(`User email: ${user.email}`);

  await ses.send(welcomeEmail(process.env.FROM_ADDRESS, user));

  return { statusCode: 200, message: 'User signup event processed' };
};
