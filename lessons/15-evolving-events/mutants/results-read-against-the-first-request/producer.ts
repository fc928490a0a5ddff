import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

interface NewUser {
  userId: string;
  email: string;
  method: string;
  plan: 'free' | 'pro' | 'team';
  country: string;
}

const eventBridge = new EventBridgeClient({});
const MAX_ATTEMPTS = 3;

export const publishSignup = async (user: NewUser): Promise<void> => {
  const v1: PutEventsRequestEntry = {
    EventBusName: 'default',
    Source: 'myapp.users',
    DetailType: 'UserSignedUp',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, signupMethod: user.method }),
  };
  const v2: PutEventsRequestEntry = {
    EventBusName: 'default',
    Source: 'myapp.users',
    DetailType: 'UserSignedUp.v2',
    Detail: JSON.stringify({ userId: user.userId, email: user.email, method: user.method, plan: user.plan, country: user.country }),
  };

  let pending = [v1, v2];
  let errors: string[] = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS && pending.length > 0; attempt++) {
    const response = await eventBridge.send(new PutEventsCommand({ Entries: pending }));
    const results = response.Entries ?? [];
    errors = [];
    const failed: PutEventsRequestEntry[] = [];
    [v1, v2].forEach((entry, i) => {
      const result = results[i];
      if (result?.ErrorCode) {
        failed.push(entry);
        errors.push(`${entry.DetailType}: ${result.ErrorCode}: ${result.ErrorMessage}`);
      }
    });
    pending = failed;
  }
  if (pending.length > 0) {
    throw new Error(`PutEvents failed for the signup of ${user.userId} after ${MAX_ATTEMPTS} attempts: ${errors.join('; ')}`);
  }
};
