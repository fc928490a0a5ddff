import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

interface NewUser {
  userId: string;
  email: string;
  signupMethod: string;
}

// Created once per execution environment, outside the function, so warm invocations reuse it.
const eventBridge = new EventBridgeClient({});

/** Announces that a user signed up, and returns the id EventBridge gave the event. */
export const publishSignup = async ({ userId, email, signupMethod }: NewUser): Promise<string> => {
  const { FailedEntryCount, Entries } = await eventBridge.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: 'default', Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: JSON.stringify({ userId, email, signupMethod }) }],
    }),
  );

  const [result] = Entries ?? [];
  if (FailedEntryCount) throw new Error(`Could not publish UserSignedUp for ${userId}: ${result?.ErrorCode} (${result?.ErrorMessage})`);
  return result!.EventId!;
};
