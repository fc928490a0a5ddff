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
    Detail: user as any,
  };

  const response = await eventBridge.send(new PutEventsCommand({ Entries: [entry] }));

  if ((response.FailedEntryCount ?? 0) > 0) {
    const failed = response.Entries?.[0];
    throw new Error(`PutEvents failed for UserSignedUp ${user.userId}: ${failed?.ErrorCode}: ${failed?.ErrorMessage}`);
  }

  return response.Entries![0]!.EventId!;
};
