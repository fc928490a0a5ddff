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

  let pending = [v1, v2];
  let errors: string[] = [];
  let attempts = 0;
  while (pending.length > 0 && attempts < ATTEMPTS) {
    attempts++;
    const response = await eventBridge.send(new PutEventsCommand({ Entries: pending }));
    const results = response.Entries ?? [];
    errors = results.flatMap((r) => (r.ErrorCode ? [`${r.ErrorCode}: ${r.ErrorMessage}`] : []));
    pending = pending.filter((_, i) => results[i]?.ErrorCode !== undefined);
  }
  if (pending.length > 0) throw new Error(`PutEvents failed for the signup of ${user.userId} after ${attempts} attempts: ${errors.join('; ')}`);
};
