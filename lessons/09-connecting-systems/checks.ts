import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const TABLE = 'billing-accounts';
const SYNC = 'sync-billing';

interface Account {
  accountId: string;
  version: number;
  name: string;
  billingEmail: string;
  plan: string;
  changedAt: string;
}

/** Version `version` of an account no sample uses; two versions may share a `changedAt` (changes in one second). */
function account(accountId: string, version: number, changedAt = `2026-11-22T10:0${version}:00Z`): Account {
  const plans = ['starter', 'team', 'business', 'enterprise'];
  return {
    accountId,
    version,
    name: `${accountId === 'ACC-5120' ? 'Fabrikam' : 'Contoso'} v${version}`,
    billingEmail: `billing-v${version}@${accountId.toLowerCase()}.example`,
    plan: plans[version % plans.length]!,
    changedAt,
  };
}

const updated = (a: Account): PutEventsRequestEntry => ({ Source: 'crm.accounts', DetailType: 'AccountUpdated', Detail: JSON.stringify(a) });
const closed = (accountId: string, version: number): PutEventsRequestEntry => ({
  Source: 'crm.accounts',
  DetailType: 'AccountClosed',
  Detail: JSON.stringify({ accountId, version, changedAt: `2026-11-22T11:0${version}:00Z` }),
});

function billingCopy(t: CheckContext, accountId: string, table = TABLE): Record<string, unknown> {
  const items = t.table(table).filter((item) => item.accountId === accountId);
  if (items.length === 0) t.fail(`Expected billing to hold account ${accountId} in ${table}, but it has no item for it. The table holds ${JSON.stringify(t.table(table))}.`);
  return items[0]!;
}

/** Billing's copy must be exactly this version of the account: every field billing keeps. */
function expectCopyOf(t: CheckContext, expected: Account, table = TABLE): void {
  const copy = billingCopy(t, expected.accountId, table);
  const fields = { version: copy.version, name: copy.name, billingEmail: copy.billingEmail, plan: copy.plan, status: copy.status };
  t.expect(fields, `billing’s copy of ${expected.accountId} (version, name, billingEmail, plan, status)`).toEqual({
    version: expected.version,
    name: expected.name,
    billingEmail: expected.billingEmail,
    plan: expected.plan,
    status: 'active',
  });
}

function expectNoFailedSyncs(t: CheckContext, what: string): void {
  const failed = t.functionErrors().filter((e) => e.functionName === SYNC);
  if (failed.length > 0) {
    const error = failed[0]!.result.error;
    t.fail(`Expected every ${SYNC} invocation to succeed when ${what}, but ${failed.length} failed, the first with ${error?.errorType}: ${error?.errorMessage}. An event that is not newer is not an error: Lambda would only retry it, and it would fail again.`);
  }
}

export default defineChecks({
  hints: {
    copy: 'Which fields does billing keep, and where in the event are they? What should an AccountClosed leave in the table, so that billing knows the account is closed and at which version?',
    newer: 'Which `ConditionExpression` lets a put through when the table has no item for this account yet, or an item whose `version` is lower than the event’s? When DynamoDB refuses the write for that reason, what does that tell you, should the invocation fail, and how will anyone reading the function’s log know it happened?',
    atomic: 'Two deliveries of the same account can run at the same moment, in two execution environments. If your code reads the stored version and then writes, what can the other invocation do in between? Which single DynamoDB call checks and writes in one step? And what orders the CRM’s changes: the time on the event, or the version?',
    failure: 'Which error means "billing already has this version or a newer one", and which errors mean the write did not happen at all? What does Lambda do with an invocation that fails, and with one that returns normally?',
  },
  checks: [
    {
      name: 'copies a new account into billing: its name, billing email, plan and version',
      hint: 'copy',
      async run(t) {
        const v1 = account('ACC-7310', 1);
        await t.send(updated(v1));
        expectCopyOf(t, v1);
        t.expect(t.table(TABLE).length, `the number of accounts in ${TABLE} after one AccountUpdated`).toBe(1);
      },
    },
    {
      name: 'applies each newer version: the latest name, billing email and plan win',
      hint: 'newer',
      async run(t) {
        const [v1, v2, v3] = [1, 2, 3].map((v) => account('ACC-7310', v));
        await t.send(updated(v1!));
        await t.send(updated(v2!));
        await t.send(updated(v3!));
        expectCopyOf(t, v3!);
      },
    },
    {
      name: 'never goes backwards: a version that arrives after a newer one changes nothing, is logged as skipped, and its invocation succeeds',
      hint: 'newer',
      async run(t) {
        const [v2, v3] = [2, 3].map((v) => account('ACC-7310', v));
        await t.send(updated(v3!));
        await t.send(updated(v2!));
        expectCopyOf(t, v3!);
        expectNoFailedSyncs(t, 'version 2 arrived after version 3');
        // A skip leaves the table as it was, so only the log shows that an event came late, and how often that happens.
        const skipped = (version: number) => t.printed(SYNC).filter((line) => line.includes('ACC-7310') && /skipped/i.test(line) && new RegExp(`\\bv(?:ersion)?\\W*${version}\\b`, 'i').test(line));
        if (skipped(2).length !== 1 || skipped(3).length !== 0) {
          t.fail(
            `Expected ${SYNC} to log once that it skipped version 2 of ACC-7310, which came after version 3 (a line with the account’s id, the version and “skipped”, such as “Account ACC-7310 version 2 skipped”), and no such line for version 3, which it applied. What it logged:\n` +
              t.printed(SYNC).map((line) => `  ${line}`).join('\n'),
          );
        }
      },
    },
    {
      name: 'takes the same version twice at the same moment calmly: one copy, no failed invocation',
      hint: 'failure',
      async run(t) {
        // At-least-once delivery: the same event twice, run at once in two execution environments.
        t.cloud.events.injectTargetFailure(t.world.arn({ function: SYNC }), { mode: 'duplicate', times: 1 });
        const v4 = account('ACC-7310', 4);
        await t.send(updated(v4));
        t.expect(t.metric('AWS/Lambda', 'Invocations', { FunctionName: SYNC }), `the number of times ${SYNC} ran`).toBeAtLeast(2);
        expectCopyOf(t, v4);
        t.expect(t.table(TABLE).length, `the number of accounts in ${TABLE}`).toBe(1);
        expectNoFailedSyncs(t, 'the same version arrived twice');
      },
    },
    {
      name: 'converges on the last version whatever the order: two accounts’ versions, shuffled and repeated, all at once',
      hint: 'atomic',
      async run(t) {
        // Versions 3 and 4 of each account were changed in the same second: their changedAt is the same.
        const a = (v: number) => account('ACC-5120', v, v >= 3 ? '2026-11-22T10:09:00Z' : undefined);
        const b = (v: number) => account('ACC-6240', v, v >= 3 ? '2026-11-22T10:09:00Z' : undefined);
        // One PutEvents call: Lambda runs them side by side, each in its own execution environment.
        await t.sendAll([a(2), b(1), a(4), b(3), a(1), b(4), a(4), b(2), a(3), b(2)].map(updated));
        expectCopyOf(t, a(4));
        expectCopyOf(t, b(4));
        t.expect(t.table(TABLE).length, `the number of accounts in ${TABLE}`).toBe(2);
        expectNoFailedSyncs(t, 'older versions and repeats arrived');
      },
    },
    {
      name: 'follows the versions when accounts close: a late change does not reopen a closed account, nor a late close close a reopened one',
      hint: 'copy',
      async run(t) {
        // ACC-8100 closed at version 4; its changes 2 and 3 were still on their way.
        await t.send(closed('ACC-8100', 4));
        await t.send(updated(account('ACC-8100', 2)));
        await t.send(updated(account('ACC-8100', 3)));
        const gone = billingCopy(t, 'ACC-8100');
        t.expect({ version: gone.version, status: gone.status }, 'billing’s copy of ACC-8100 (closed at version 4, then versions 2 and 3 arrived)').toEqual({ version: 4, status: 'closed' });
        // ACC-8200 closed at version 4 and was reopened at version 5; the close arrives last.
        const reopened = account('ACC-8200', 5);
        await t.send(updated(reopened));
        await t.send(closed('ACC-8200', 4));
        expectCopyOf(t, reopened);
        expectNoFailedSyncs(t, 'changes arrived after newer ones');
      },
    },
    {
      name: 'lets a real storage failure fail the invocation, so Lambda retries it and billing still catches up',
      hint: 'failure',
      async run(t) {
        // DynamoDB throttles every write to the table for a minute: the first attempt fails, Lambda's retries do not.
        t.expectFailuresOf(SYNC);
        t.cloud.dynamodb.throttleWrites(TABLE, t.cloud.clock.now() + 60_000);
        const v1 = account('ACC-7310', 1);
        await t.send(updated(v1));
        const errors = t.metric('AWS/Lambda', 'Errors', { FunctionName: SYNC });
        if (errors === 0 && !t.table(TABLE).some((item) => item.accountId === 'ACC-7310')) {
          t.fail(
            `Expected billing to catch up once DynamoDB stopped throttling, but it holds no copy of ACC-7310, and no invocation of ${SYNC} failed: ` +
              'an error that is caught and not thrown again tells Lambda the event was handled, so it is never retried.',
          );
        }
        expectCopyOf(t, v1);
      },
    },
    {
      name: 'writes to the table named in TABLE_NAME, wherever billing is deployed',
      hint: 'copy',
      arrange(architecture) {
        return {
          ...architecture,
          tables: [{ name: 'billing-accounts-eu', partitionKey: { name: 'accountId', type: 'S' } }],
          functions: architecture.functions?.map((fn) => ({ ...fn, environment: { ...fn.environment, TABLE_NAME: 'billing-accounts-eu' } })),
        };
      },
      async run(t) {
        const v1 = account('ACC-7310', 1);
        await t.send(updated(v1));
        expectCopyOf(t, v1, 'billing-accounts-eu');
      },
    },
  ],
});
