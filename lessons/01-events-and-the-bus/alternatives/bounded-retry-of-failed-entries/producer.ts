import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';

interface NewUser {
  userId: string;
  email: string;
  signupMethod: string;
}

// Created once per execution environment, outside the function, so warm invocations reuse it.
const eventBridge = new EventBridgeClient({});

/** Error codes AWS documents as worth another try; the others fail the same way until code or permissions change. */
const RETRYABLE = new Set(['InternalFailure', 'ThrottlingException']);
const MAX_ATTEMPTS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Announces that a user signed up, and returns the id EventBridge gave the event. */
export const publishSignup = async (user: NewUser): Promise<string> => {
  const entry: PutEventsRequestEntry = {
    EventBusName: 'default',
    Source: 'myapp.users',
    DetailType: 'UserSignedUp',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, signupMethod: user.signupMethod }),
  };

  // Only the entries still refused are sent again (here there is one), a bounded number of times with backoff.
  let pending: PutEventsRequestEntry[] = [entry];
  let lastFailure: PutEventsResultEntry | undefined;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const response = await eventBridge.send(new PutEventsCommand({ Entries: pending }));
    const results = response.Entries ?? [];
    if ((response.FailedEntryCount ?? 0) === 0) return results[0]!.EventId!;

    const stillFailing = pending.filter((_, i) => results[i]?.ErrorCode !== undefined);
    lastFailure = results.find((r) => r.ErrorCode !== undefined);
    if (!lastFailure || !RETRYABLE.has(lastFailure.ErrorCode!)) break;
    pending = stillFailing;
    if (attempt < MAX_ATTEMPTS) await sleep(100 * 2 ** attempt);
  }

  throw new Error(`PutEvents refused UserSignedUp for ${user.userId}: ${lastFailure?.ErrorCode}: ${lastFailure?.ErrorMessage}`);
};
