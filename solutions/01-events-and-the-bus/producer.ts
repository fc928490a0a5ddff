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
  // Source says who produced the event and DetailType what happened: rules route on both. Detail is a string
  // holding a JSON object; EventBridge parses it into the envelope's `detail`. It carries only what consumers
  // need, taken from the user, never hard-coded.
  const entry = {
    EventBusName: 'default',
    Source: 'myapp.users',
    DetailType: 'UserSignedUp',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, signupMethod: user.signupMethod }),
  };

  const response = await eventBridge.send(new PutEventsCommand({ Entries: [entry] }));

  // PutEvents answers 200 even when an entry is refused: the failure is in that entry's ErrorCode and ErrorMessage,
  // and FailedEntryCount counts them. Throwing makes the failure visible (the invocation fails, its log says why)
  // instead of losing the signup event without a trace. Whoever retries sends only the entries that failed.
  if ((response.FailedEntryCount ?? 0) > 0) {
    const failed = response.Entries?.[0];
    throw new Error(`PutEvents failed for UserSignedUp ${user.userId}: ${failed?.ErrorCode}: ${failed?.ErrorMessage}`);
  }

  // Each result entry sits at the same index as its request entry; a successful one holds the event's id, the `id`
  // every consumer sees in the envelope.
  return response.Entries![0]!.EventId!;
};
