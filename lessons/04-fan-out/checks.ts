import { defineChecks } from '../../src/lessons/checks.ts';

const AUDIT = 'signup-audit';
const ANALYTICS = 'signup-analytics';
const AUDIT_TABLE = 'signup-audit';
const COUNTS_TABLE = 'signup-counts';

export default defineChecks({
  hints: {
    eventId: 'Which fields of the event does EventBridge add around what the producer sent, and which of them is the same on every delivery of one event but different for every other event? Where does the time the signup happened live?',
    conditionalWrite: 'A second `PutCommand` with the same key replaces the first item. Which `ConditionExpression` lets the write through only when no item with this `eventId` exists yet? When that condition stops a write, which error do you get, and should the invocation then fail (so Lambda retries it) or succeed?',
    retriedCount: 'When a write fails and Lambda runs the whole invocation again, what did the first attempt already leave in the table, and what does the retry do when it finds it? Which writes have to succeed together, or not at all?',
    atomicCounter: 'Which part of an `UpdateCommand` says what to change, and what does `ADD` do to a number attribute that does not exist yet? Why does DynamoDB refuse `ADD count :one`, and how do `ExpressionAttributeNames` and `ExpressionAttributeValues` fill in `#count` and `:one`? And when two signups are counted at the same moment, what happens to a count your code read, added to and wrote back?',
  },
  checks: [
    {
      name: 'records each signup in the audit table with its event id and user',
      hint: 'eventId',
      async run(t) {
        t.deliverOnlyTo(AUDIT);
        // A producer may say when the signup happened; the audit record must keep that time, not the arrival time.
        const happened = new Date(Date.UTC(2026, 10, 22, 8, 59, 30));
        const { Entries } = await t.send({ ...t.sample('UserSignedUp'), Time: happened });
        const eventId = Entries?.[0]?.EventId;
        const items = t.table(AUDIT_TABLE);
        t.expect(items.length, `the number of items in ${AUDIT_TABLE} after one signup`).toBe(1);
        const item = items[0]!;
        t.expect(item.eventId, 'the audit record’s eventId (the id EventBridge gave the event)').toBe(eventId);
        t.expect(item.userId, 'the audit record’s userId').toBe('12345');
        t.expect(item.email, 'the audit record’s email').toBe('user@example.com');
        t.expect(item.signupMethod, 'the audit record’s signupMethod').toBe('email');
        t.expect(item.eventTime, 'the audit record’s eventTime (the event’s own time)').toBe('2026-11-22T08:59:30Z');
      },
    },
    {
      name: 'records a signup once, and knows it, when two copies of the event arrive at the same moment',
      hint: 'conditionalWrite',
      async run(t) {
        t.deliverOnlyTo(AUDIT);
        // At-least-once delivery: the audit target gets the event twice, with the same id. Lambda runs the two copies
        // at once, in two execution environments, so neither can rely on what the other keeps in memory.
        t.cloud.events.injectTargetFailure(t.world.arn({ function: AUDIT }), { mode: 'duplicate', times: 1 });
        const { Entries } = await t.send(t.sample('UserSignedUp'));
        const eventId = Entries?.[0]?.EventId ?? '';
        t.expect(t.metric('AWS/Lambda', 'Invocations', { FunctionName: AUDIT }), 'the number of times the audit function ran').toBeAtLeast(2);
        t.expect(t.table(AUDIT_TABLE).length, `the number of items in ${AUDIT_TABLE} after one signup delivered twice`).toBe(1);
        const failed = t.functionErrors().filter((e) => e.functionName === AUDIT).length;
        t.expect(failed, 'the number of failed audit invocations (a duplicate is not an error)').toBe(0);
        // Only a write that checks and writes in one step can tell the second copy it was second.
        const noticed = t.printed(AUDIT).filter((line) => line.includes(eventId) && /already recorded/i.test(line));
        if (noticed.length !== 1) {
          t.fail(
            `Expected exactly one of the two copies to log "Signup ${eventId} already recorded", because DynamoDB refused its write, but ${noticed.length === 0 ? 'neither did' : 'both did'}. What the audit function logged:\n${t.printed(AUDIT).map((line) => `  ${line}`).join('\n')}`,
          );
        }
      },
    },
    {
      name: 'never replaces a record: a copy that arrives later leaves it as it was',
      hint: 'conditionalWrite',
      async run(t) {
        t.deliverOnlyTo(AUDIT);
        const { Entries } = await t.send(t.sample('UserSignedUp'));
        const first = t.table(AUDIT_TABLE)[0];
        if (!first) return t.fail(`Expected the signup to be recorded in ${AUDIT_TABLE}, but the table is empty.`);
        // An auditor has reviewed the record since.
        t.cloud.dynamodb.updateItem({
          TableName: AUDIT_TABLE,
          Key: { eventId: { S: String(first.eventId) } },
          UpdateExpression: 'SET reviewedBy = :who',
          ExpressionAttributeValues: { ':who': { S: 'security-team' } },
        });
        // Hours later, on an environment that has never seen the event, the same event arrives once more.
        t.world.lambda.reclaimIdleEnvironments();
        const envelope = {
          version: '0',
          id: Entries?.[0]?.EventId,
          'detail-type': 'UserSignedUp',
          source: 'myapp.users',
          account: t.cloud.account,
          time: first.eventTime,
          region: t.cloud.region,
          resources: [],
          detail: { userId: first.userId, email: first.email, signupMethod: first.signupMethod },
        };
        await t.invoke(AUDIT, envelope);
        const after = t.table(AUDIT_TABLE);
        t.expect(after.length, `the number of items in ${AUDIT_TABLE}`).toBe(1);
        t.expect(after[0]!.reviewedBy, 'the reviewer’s note on the audit record after the event arrived again (a plain put replaces the whole item)').toBe('security-team');
      },
    },
    {
      name: 'lets a real storage failure fail the invocation, so Lambda retries it',
      hint: 'conditionalWrite',
      async run(t) {
        t.deliverOnlyTo(AUDIT);
        // DynamoDB throttles the audit table for half a minute: the first attempt cannot record the signup, and a
        // handler that reports success anyway loses it. Lambda's retry, a minute later, finds the table writable.
        t.expectFailuresOf(AUDIT);
        t.cloud.dynamodb.throttleWrites(AUDIT_TABLE, t.cloud.clock.now() + 30_000);
        await t.send(t.sample('UserSignedUp'));
        t.expect(t.metric('AWS/Lambda', 'Errors', { FunctionName: AUDIT }), 'the number of audit invocations that failed while DynamoDB throttled the audit table').toBeAtLeast(1);
        t.expect(t.table(AUDIT_TABLE).length, `the number of items in ${AUDIT_TABLE} once Lambda retried the throttled signup`).toBe(1);
      },
    },
    {
      name: 'counts signups per method, even when many arrive at once',
      hint: 'atomicCounter',
      async run(t) {
        t.deliverOnlyTo(ANALYTICS);
        // Put together, the five signups reach Lambda together: five invocations run side by side.
        await t.send(
          t.sample('UserSignedUp', { userId: '1', email: 'a@example.com' }),
          t.sample('UserSignedUp', { userId: '2', email: 'b@example.com' }),
          t.sample('UserSignedUp', { userId: '3', email: 'c@example.com' }),
          t.sample('UserSignedUp with Google', { userId: '4', email: 'd@example.com' }),
          t.sample('UserSignedUp', { userId: '5', email: 'e@example.com', signupMethod: 'apple' }),
        );
        // The counters only: an exact-count design may keep a marker item per event in the table too.
        const methods = ['apple', 'email', 'google'];
        const items = t
          .table(COUNTS_TABLE)
          .filter((item) => methods.includes(String(item.signupMethod)))
          .sort((a, b) => String(a.signupMethod).localeCompare(String(b.signupMethod)));
        // Compared as whole items, so a count kept under another attribute name shows in the message.
        t.expect(items, `the counter items of ${COUNTS_TABLE} after three email signups, one Google and one Apple signup, all at once`).toEqual([
          { signupMethod: 'apple', count: 1 },
          { signupMethod: 'email', count: 3 },
          { signupMethod: 'google', count: 1 },
        ]);
      },
    },
    {
      name: 'counts a signup once Lambda retries it, when DynamoDB throttled the counter at first',
      hint: 'retriedCount',
      async run(t) {
        t.deliverOnlyTo(ANALYTICS);
        // Many signups by email at once make the email counter a hot item: DynamoDB throttles writes to it for a
        // minute and a half. The first attempt and Lambda's first retry (a minute later) fail; the second retry, two
        // minutes after that, must still count the signup, and once. (The window outlasts the first retry so that
        // the virtual clock moving on while the first attempt's SDK backs off cannot end it early.)
        t.expectFailuresOf(ANALYTICS);
        t.cloud.dynamodb.throttleWrites(COUNTS_TABLE, t.cloud.clock.now() + 90_000, { signupMethod: { S: 'email' } });
        await t.send(t.sample('UserSignedUp'));
        t.expect(
          t.table(COUNTS_TABLE).filter((item) => item.count !== undefined).map((item) => [item.signupMethod, item.count]),
          `the counts in ${COUNTS_TABLE} after one email signup whose first count was throttled`,
        ).toEqual([['email', 1]]);
      },
    },
    {
      name: 'still welcomes and counts the user when the audit consumer fails',
      hint: 'atomicCounter',
      async run(t) {
        // The audit target is unreachable (as if its function had been deleted): EventBridge cannot deliver to it.
        t.cloud.events.injectTargetFailure(t.world.arn({ function: AUDIT }), { mode: 'missing' });
        await t.send(t.sample('UserSignedUp'));
        t.expect(t.table(AUDIT_TABLE).length, `the number of items in ${AUDIT_TABLE} while its consumer is unreachable`).toBe(0);
        t.expect(
          t.outbox().map((email) => email.to),
          'the recipients of welcome emails',
        ).toEqual([['user@example.com']]);
        t.expect(
          t.table(COUNTS_TABLE).filter((item) => item.count !== undefined).map((item) => [item.signupMethod, item.count]),
          `the counts in ${COUNTS_TABLE}`,
        ).toEqual([['email', 1]]);
      },
    },
  ],
});
