import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { LessonArchitecture } from '../../src/lessons/architecture.ts';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const GROUP = 'ticket-escalations';
const SCHEDULER = 'schedule-escalation';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const opened = (ticketId: string, openedAt: number): PutEventsRequestEntry => ({
  Source: 'myapp.support',
  DetailType: 'TicketOpened',
  Detail: JSON.stringify({ ticketId, priority: 'NORMAL', openedAt: new Date(openedAt).toISOString() }),
});
const resolved = (ticketId: string, at: number): PutEventsRequestEntry => ({
  Source: 'myapp.support',
  DetailType: 'TicketResolved',
  Detail: JSON.stringify({ ticketId, resolvedAt: new Date(at).toISOString() }),
});

/** Lets `ms` of virtual time pass, schedules coming due on the way, and everything they start finish. */
async function wait(t: CheckContext, ms: number): Promise<void> {
  await t.advance(ms);
  await t.settle();
}

const escalated = (t: CheckContext) => t.table('escalations').map((item) => item.ticketId).filter((id) => id !== 'DIGEST');
const schedulesIn = (t: CheckContext, group = GROUP) => (t.cloud.scheduler.listSchedules({ GroupName: group }).Schedules ?? []).map((s) => s.Name);

function expectNoFailedRuns(t: CheckContext, what: string): void {
  const failed = t.functionErrors().filter((e) => e.functionName === SCHEDULER);
  if (failed.length > 0) {
    const error = failed[0]!.result.error;
    t.fail(`Expected ${SCHEDULER} to succeed when ${what}, but ${failed.length} invocation${failed.length === 1 ? '' : 's'} failed, the first with ${error?.errorType}: ${error?.errorMessage}`);
  }
}

/** The same lesson with its schedule group under another name. */
function groupCalled(architecture: LessonArchitecture, name: string): LessonArchitecture {
  return {
    ...architecture,
    scheduleGroups: architecture.scheduleGroups?.map((g) => ({ ...g, name })),
    functions: architecture.functions?.map((fn) =>
      fn.name === SCHEDULER ? { ...fn, environment: { ...fn.environment, SCHEDULE_GROUP: name, SCHEDULER_ROLE_ARN: { arn: { schedulerRole: name } } } } : fn,
    ),
  };
}

export default defineChecks({
  hints: {
    schedule: 'Which command creates a schedule, and which fields does it need: a name, the group, the expression, the flexible time window, the target’s ARN, role and input? What does an at() expression look like: is there a "Z", are there milliseconds?',
    when: 'Four hours after what? What does openedAt say, and what happens when the event reaches the function an hour late?',
    cancel: 'How does the function find the schedule to delete when the ticket is resolved? What should happen when the schedule has already run and deleted itself?',
    repeat: 'What does Scheduler answer when a schedule of that name exists already, and does that mean something went wrong? Which setting makes a one-time schedule remove itself once it has run?',
  },
  checks: [
    {
      name: 'escalates a ticket still open four hours after it was opened, and not a minute before',
      hint: 'schedule',
      async run(t) {
        const start = t.cloud.clock.now();
        await t.send(opened('T-2001', start));
        if (schedulesIn(t).length === 0) t.fail(`Expected a schedule for T-2001 in the group ${GROUP} once the ticket opened, but the group has none.`);
        await wait(t, 4 * HOUR - 2 * MINUTE);
        t.expect(escalated(t), 'the tickets escalated 3 hours 58 minutes after T-2001 opened').toEqual([]);
        await wait(t, 4 * MINUTE);
        t.expect(escalated(t), 'the tickets escalated 4 hours 2 minutes after T-2001 opened').toEqual(['T-2001']);
      },
    },
    {
      name: 'cancels the escalation of a ticket resolved in time',
      hint: 'cancel',
      async run(t) {
        const start = t.cloud.clock.now();
        await t.send(opened('T-2002', start));
        await wait(t, HOUR);
        await t.send(resolved('T-2002', t.cloud.clock.now()));
        t.expect(schedulesIn(t), `the schedules left in ${GROUP} after T-2002 was resolved`).toEqual([]);
        await wait(t, 4 * HOUR);
        t.expect(escalated(t), 'the tickets escalated though resolved after an hour').toEqual([]);
        expectNoFailedRuns(t, 'a ticket was opened and resolved');
      },
    },
    {
      name: 'counts the four hours from when the ticket was opened, not from when the event arrived',
      hint: 'when',
      async run(t) {
        // The event reaches the function three hours after the ticket opened (a backlog upstream).
        const start = t.cloud.clock.now();
        await t.send(opened('T-2003', start - 3 * HOUR));
        await wait(t, HOUR + 2 * MINUTE);
        t.expect(escalated(t), 'the tickets escalated 4 hours 2 minutes after T-2003 opened (1 hour 2 minutes after its event arrived)').toEqual(['T-2003']);
      },
    },
    {
      name: 'schedules a ticket once when TicketOpened arrives twice at the same moment',
      hint: 'repeat',
      async run(t) {
        t.cloud.events.injectTargetFailure(t.world.arn({ function: SCHEDULER }), { mode: 'duplicate', times: 1 });
        await t.send(opened('T-2004', t.cloud.clock.now()));
        t.expect(schedulesIn(t), `the schedules in ${GROUP} after T-2004's TicketOpened arrived twice`).toEqual(['escalate-T-2004']);
        expectNoFailedRuns(t, 'the same TicketOpened arrived twice');
      },
    },
    {
      name: 'lets each one-time schedule delete itself after it runs',
      hint: 'repeat',
      async run(t) {
        await t.send(opened('T-2005', t.cloud.clock.now()));
        await wait(t, 4 * HOUR + 2 * MINUTE);
        t.expect(escalated(t), 'the tickets escalated').toEqual(['T-2005']);
        t.expect(schedulesIn(t), `the schedules left in ${GROUP} after T-2005's escalation ran`).toEqual([]);
      },
    },
    {
      name: 'resolves a ticket whose escalation already ran without an error',
      hint: 'cancel',
      async run(t) {
        await t.send(opened('T-2006', t.cloud.clock.now()));
        await wait(t, 5 * HOUR);
        await t.send(resolved('T-2006', t.cloud.clock.now()));
        expectNoFailedRuns(t, 'a ticket was resolved after its escalation ran');
      },
    },
    {
      name: 'creates its schedules in the group named in SCHEDULE_GROUP, with that group’s role',
      hint: 'schedule',
      arrange: (architecture) => groupCalled(architecture, 'ticket-escalations-eu'),
      async run(t) {
        await t.send(opened('T-2007', t.cloud.clock.now()));
        t.expect(schedulesIn(t, 'ticket-escalations-eu'), 'the schedules in ticket-escalations-eu').toEqual(['escalate-T-2007']);
        const schedule = t.cloud.scheduler.getSchedule({ Name: 'escalate-T-2007', GroupName: 'ticket-escalations-eu' });
        t.expect(schedule.Target?.RoleArn, 'the role the schedule runs with').toBe(t.world.schedulerRoleArn({ group: 'ticket-escalations-eu' }));
      },
    },
    {
      name: 'lets a Scheduler outage fail the invocation, so Lambda’s retry still schedules the escalation',
      hint: 'repeat',
      async run(t) {
        // Scheduler answers InternalServerException to every attempt the SDK makes for the first TicketOpened; a
        // minute later, when Lambda retries the failed invocation, it is healthy again.
        t.expectFailuresOf(SCHEDULER);
        t.cloud.scheduler.injectFailure('CreateSchedule', { code: 'InternalServerException', times: 3 });
        const start = t.cloud.clock.now();
        await t.send(opened('T-2009', start));
        const failed = t.metric('AWS/Lambda', 'Errors', { FunctionName: SCHEDULER });
        await wait(t, 4 * HOUR + 5 * MINUTE);
        if (escalated(t).length === 0) {
          t.fail(
            failed === 0
              ? `Expected ${SCHEDULER} to fail when CreateSchedule answered InternalServerException, so that Lambda retries it, but the invocation succeeded: T-2009 got no schedule and was never escalated.`
              : `Expected T-2009 to be escalated once Lambda retried the failed invocation, but it was not.`,
          );
        }
        t.expect(escalated(t), 'the tickets escalated').toEqual(['T-2009']);
      },
    },
  ],
});
