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

  // Keep putting the entries EventBridge failed until every one of them is on the bus.
  let pending = [v1, v2];
  while (pending.length > 0) {
    const response = await eventBridge.send(new PutEventsCommand({ Entries: pending }));
    const results = response.Entries ?? [];
    pending = pending.filter((_, i) => results[i]?.ErrorCode);
  }
};
