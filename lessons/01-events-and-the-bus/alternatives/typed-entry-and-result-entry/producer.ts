import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

interface NewUser {
  userId: string;
  email: string;
  signupMethod: string;
}

// Created once per execution environment, outside the function, so warm invocations reuse it.
const eventBridge = new EventBridgeClient({});

/** Announces that a user signed up, and returns the id EventBridge gave the event. */
export const publishSignup = async (user: NewUser): Promise<string> => {
  // Typed, so a misspelt key (DetailType vs detail-type) is a compile error, not a refused entry.
  const entry: PutEventsRequestEntry = {
    Source: 'myapp.users',
    DetailType: 'UserSignedUp',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, signupMethod: user.signupMethod }),
    EventBusName: 'default',
  };

  const response = await eventBridge.send(new PutEventsCommand({ Entries: [entry] }));

  // One entry in, one result out, at the same index: it holds either an EventId or an ErrorCode and ErrorMessage.
  const result = response.Entries?.[0];
  if (!result?.EventId) {
    throw new Error(`EventBridge refused UserSignedUp for ${user.userId}: ErrorCode ${result?.ErrorCode}, ErrorMessage ${result?.ErrorMessage}`);
  }
  return result.EventId;
};
