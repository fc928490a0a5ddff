import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** The users service's new user record: since this release the signup method is called `method`. */
interface NewUser {
  userId: string;
  email: string;
  method: string;
  plan: 'free' | 'pro' | 'team';
  country: string;
}

const eventBridge = new EventBridgeClient({});

/** How many times an entry is put before the signup is reported as failed. */
const ATTEMPTS = 3;

/** Puts one entry, again while EventBridge fails it, at most ATTEMPTS times; throws with its error code if it never went. */
async function putOne(entry: PutEventsRequestEntry): Promise<void> {
  let last = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const response = await eventBridge.send(new PutEventsCommand({ Entries: [entry] }));
    const result = response.Entries?.[0];
    if (!result?.ErrorCode) return;
    last = `${entry.DetailType}: ${result.ErrorCode}: ${result.ErrorMessage}`;
  }
  throw new Error(last);
}

/** Announces that a user signed up: UserSignedUp for today's consumers, UserSignedUp.v2 for the new ones. */
export const publishSignup = async (user: NewUser): Promise<void> => {
  // Version 1, exactly as its three consumers know it: the record's `method` keeps its old name in this event.
  const v1: PutEventsRequestEntry = {
    EventBusName: 'default',
    Source: 'myapp.users',
    DetailType: 'UserSignedUp',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, signupMethod: user.method }),
  };
  // Version 2 under its own detail-type, so the v1 rules never see it.
  const v2: PutEventsRequestEntry = {
    EventBusName: 'default',
    Source: 'myapp.users',
    DetailType: 'UserSignedUp.v2',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, method: user.method, plan: user.plan, country: user.country }),
  };

  // Each version has its own request and its own retries: one failing never holds the other back.
  const outcomes = await Promise.allSettled([putOne(v1), putOne(v2)]);
  const reasons = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []));
  if (reasons.length > 0) throw new Error(`PutEvents failed for the signup of ${user.userId} after ${ATTEMPTS} attempts: ${reasons.join('; ')}`);
};
