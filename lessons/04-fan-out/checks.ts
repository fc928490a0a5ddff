import { defineChecks } from '../../src/lessons/checks.ts';

const AUDIT = 'signup-audit';
const AUDIT_TABLE = 'signup-audit';
const COUNTS_TABLE = 'signup-counts';

export default defineChecks({
  hints: [
    'Which fields of the event does EventBridge add around what the producer sent, and which of them is the same on every delivery of one event but different for every other event? Where does the time the signup happened live?',
    'A second `PutCommand` with the same key replaces the first item. Which `ConditionExpression` lets the write through only when no item with this `eventId` exists yet? When that condition stops a write, which error do you get, and should the invocation then fail (so Lambda retries it) or succeed?',
    'Which part of an `UpdateCommand` says what to change, and what does `ADD` do to a number attribute that does not exist yet? Why does DynamoDB refuse `ADD count :one`, and how do `ExpressionAttributeNames` and `ExpressionAttributeValues` fill in `#count` and `:one`?',
  ],
  checks: [
    {
      name: 'records each signup in the audit table with its event id and user',
      hint: 0,
      async run(t) {
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
      name: 'records a signup once even when EventBridge delivers it twice',
      hint: 1,
      async run(t) {
        // At-least-once delivery: the audit target gets its next event twice, with the same id.
        t.cloud.events.injectTargetFailure(t.world.arn({ function: AUDIT }), { mode: 'duplicate', times: 1 });
        await t.send(t.sample('UserSignedUp'));
        t.expect(t.metric('AWS/Lambda', 'Invocations', { FunctionName: AUDIT }), 'the number of times the audit function ran').toBeAtLeast(2);
        t.expect(t.table(AUDIT_TABLE).length, `the number of items in ${AUDIT_TABLE} after one signup delivered twice`).toBe(1);
        const failed = t.functionErrors().filter((e) => e.functionName === AUDIT).length;
        t.expect(failed, 'the number of failed audit invocations (a duplicate is not an error)').toBe(0);
      },
    },
    {
      name: 'lets a real storage failure fail the invocation, so Lambda retries it',
      hint: 1,
      async run(t) {
        // The audit table is gone: nothing can be recorded, and a handler that reports success would lose the event.
        t.cloud.dynamodb.deleteTable({ TableName: AUDIT_TABLE });
        await t.send(t.sample('UserSignedUp'));
        t.expect(t.metric('AWS/Lambda', 'Errors', { FunctionName: AUDIT }), 'the number of audit invocations that failed when its table was missing').toBeAtLeast(1);
      },
    },
    {
      name: 'counts signups per method',
      hint: 2,
      async run(t) {
        await t.send(
          t.sample('UserSignedUp', { userId: '1', email: 'a@example.com' }),
          t.sample('UserSignedUp', { userId: '2', email: 'b@example.com' }),
          t.sample('UserSignedUp with Google', { userId: '3', email: 'c@example.com' }),
        );
        const items = t.table(COUNTS_TABLE).sort((a, b) => String(a.signupMethod).localeCompare(String(b.signupMethod)));
        // Compared as whole items, so a count kept under another attribute name shows in the message.
        t.expect(items, `the items of ${COUNTS_TABLE} after two email signups and one Google signup`).toEqual([
          { signupMethod: 'email', count: 2 },
          { signupMethod: 'google', count: 1 },
        ]);
      },
    },
    {
      name: 'still welcomes and counts the user when the audit consumer fails',
      hint: 2,
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
          t.table(COUNTS_TABLE).map((item) => [item.signupMethod, item.count]),
          `the counts in ${COUNTS_TABLE}`,
        ).toEqual([['email', 1]]);
      },
    },
  ],
});
