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
  // TODO: log "New user signed up: <userId>" and "User email: <email>" from the event's detail.

  // TODO: send the welcome email to the new user with `ses.send(new SendEmailCommand({ ... }))`,
  //       from the address in process.env.FROM_ADDRESS.

  // TODO: return { statusCode: 200, message: 'User signup event processed' }.
};
