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
  // Version 2 under its own detail-type, so the v1 rules (source and detail-type "UserSignedUp") never see it and no
  // v1 consumer hears a signup twice. Its detail uses the new name only, and holds nothing the record keeps private.
  const v2: PutEventsRequestEntry = {
    EventBusName: 'default',
    Source: 'myapp.users',
    DetailType: 'UserSignedUp.v2',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, method: user.method, plan: user.plan, country: user.country }),
  };

  // Each result entry answers for the request entry at its index: accepted ones are on the bus and must not be put
  // again (a second copy would be a second event, with a new id, for every consumer); failed ones are put again.
  let pending = [v1, v2];
  for (let attempt = 1; ; attempt++) {
    const response = await eventBridge.send(new PutEventsCommand({ Entries: pending }));
    if ((response.FailedEntryCount ?? 0) === 0) return;
    const results = response.Entries ?? [];
    const failed = results.filter((r) => r.ErrorCode).map((_, j) => pending[j]!);
    if (attempt === ATTEMPTS) {
      const reasons = results.filter((r) => r.ErrorCode).map((r) => `${r.ErrorCode}: ${r.ErrorMessage}`);
      throw new Error(`PutEvents failed for the signup of ${user.userId} after ${ATTEMPTS} attempts: ${reasons.join('; ')}`);
    }
    pending = failed;
  }
};
