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
  const entry = {
    EventBusName: 'default',
    Source: 'myapp.users',
    DetailType: 'UserSignedUp',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, signupMethod: user.signupMethod }),
  };

  // PutEvents can refuse an entry: keep sending it until EventBridge takes it.
  let response = await eventBridge.send(new PutEventsCommand({ Entries: [entry] }));
  while ((response.FailedEntryCount ?? 0) > 0) {
    response = await eventBridge.send(new PutEventsCommand({ Entries: [entry] }));
  }

  return response.Entries![0]!.EventId!;
};
