import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

interface NewUser {
  userId: string;
  email: string;
  signupMethod: string;
}

// Created once per execution environment, outside the function, so warm invocations reuse it.
const eventBridge = new EventBridgeClient({});

/** Announces that a user signed up, and returns the id EventBridge gave the event. */
export const publishSignup = async (user: NewUser): Promise<string> => {
  // TODO: build the PutEvents entry: Source "myapp.users", DetailType "UserSignedUp", the user's userId, email
  //       and signupMethod as Detail (a JSON string, not an object), and EventBusName "default".
  const entry = {};

  // TODO: send it with `eventBridge.send(new PutEventsCommand({ Entries: [entry] }))`.

  // TODO: PutEvents does not throw when an entry fails. If the response's FailedEntryCount is above 0, throw an
  //       Error whose message names the entry's ErrorCode and ErrorMessage.

  // TODO: return the EventId that EventBridge gave the entry.
  return '';
};
