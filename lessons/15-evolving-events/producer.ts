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

  // TODO: build the UserSignedUp.v2 entry beside it: same source, DetailType "UserSignedUp.v2", and as Detail the
  //       user's userId, email, method, plan and country (the new name only, nothing else from the record).
  const entries = [v1];

  // TODO: PutEvents accepts or fails each entry on its own. When some fail, put again only those that failed
  //       (the others are on the bus already), a few times at most; if any still fail, throw an Error naming
  //       their ErrorCode and ErrorMessage.
  const response = await eventBridge.send(new PutEventsCommand({ Entries: entries }));
  if ((response.FailedEntryCount ?? 0) > 0) {
    const failed = response.Entries?.find((entry) => entry.ErrorCode);
    throw new Error(`PutEvents failed for the signup of ${user.userId}: ${failed?.ErrorCode}: ${failed?.ErrorMessage}`);
  }
};
