import type { EventBridgeEvent } from 'aws-lambda';
import { type CheckContext, defineChecks } from '../../src/lessons/checks.ts';

const FUNCTION = 'signup-producer';
const QUEUE = 'signups-seen';

type Signup = EventBridgeEvent<string, Record<string, unknown>>;

const ann = { userId: 'u-ann-1', email: 'ann@example.com', signupMethod: 'google' };
const bo = { userId: 'u-bo-2', email: 'bo@example.com', signupMethod: 'github' };

/** What the bus received from the producer, whether or not a rule matched it: source and detail-type of each. */
function received(t: CheckContext): { source: string; detailType: string }[] {
  return (t.cloud.events.trace?.journeys() ?? []).flatMap((journey) => journey.steps.flatMap((step) => (step.type === 'received' ? [{ source: step.source, detailType: step.detailType }] : [])));
}

/** The envelopes the rule delivered to the queue: exactly what a consumer of UserSignedUp receives. */
function delivered(t: CheckContext): Signup[] {
  return t.queue(QUEUE).map((body) => JSON.parse(body) as Signup);
}

const describeReceived = (events: { source: string; detailType: string }[]) =>
  events.length === 0 ? 'none' : events.map((e) => `source ${JSON.stringify(e.source)} with detail-type ${JSON.stringify(e.detailType)}`).join('; ');

export default defineChecks({
  hints: {
    sourceAndDetailType: 'Which two fields of a PutEvents entry say who produced the event and what happened? How are they spelled in the entry (`Source`, `DetailType`), and how in the envelope a rule sees?',
    detailFromTheUser: 'Is the entry’s `Detail` an object or a string? Where do the values for userId, email and signupMethod come from: the code, or the `user` the function receives?',
    eventId: 'What does PutEvents send back for each entry it accepted? In which position of the response’s `Entries` is the result for your one entry?',
    failedEntries: 'Does `eventBridge.send` throw when EventBridge refuses one of the entries? Which field of the response counts the refused entries, and which fields of a result entry say why it was refused?',
  },
  checks: [
    {
      name: 'publishes one UserSignedUp event from myapp.users',
      hint: 'sourceAndDetailType',
      async run(t: CheckContext) {
        await t.invoke(FUNCTION, ann);
        await t.settle();
        const events = received(t);
        if (events.length !== 1) t.fail(`Expected one call of publishSignup to put 1 event on the default bus, but it received ${events.length === 0 ? 'none' : `${events.length}: ${describeReceived(events)}`}.`);
        t.expect(events[0]!.source, 'the event’s source').toBe('myapp.users');
        t.expect(events[0]!.detailType, 'the event’s detail-type').toBe('UserSignedUp');
        t.expect(delivered(t).length, 'the number of events the rule user-signed-up delivered to the queue signups-seen').toBe(1);
      },
    },
    {
      name: 'puts each user’s userId, email and signupMethod in detail, and nothing more',
      hint: 'detailFromTheUser',
      async run(t: CheckContext) {
        await t.invoke(FUNCTION, ann);
        // The users service passes its whole record: what is not for consumers must stay out of the event.
        await t.invoke(FUNCTION, { ...bo, passwordHash: '$2b$12$secret', phone: '+15555550123' });
        await t.settle();
        const events = delivered(t);
        if (events.length !== 2) {
          t.fail(`Expected two signups (${ann.userId} and ${bo.userId}) to deliver 2 events to the queue signups-seen, but it holds ${events.length}. The default bus received: ${describeReceived(received(t))}.`);
        }
        for (const user of [ann, bo]) {
          const event = events.find((e) => e.detail?.userId === user.userId);
          if (!event) t.fail(`Expected an event whose detail.userId is ${JSON.stringify(user.userId)}, but the details delivered were ${events.map((e) => JSON.stringify(e.detail)).join(' and ')}.`);
          t.expect(event.detail, `the detail of ${user.userId}’s event (the user record it came from also held a passwordHash and a phone)`).toEqual(user);
        }
      },
    },
    {
      name: 'returns the id EventBridge gave the event',
      hint: 'eventId',
      async run(t: CheckContext) {
        const result = await t.invoke(FUNCTION, ann);
        await t.settle();
        const returned = result.functionError ? undefined : (JSON.parse(result.payload) as unknown);
        const event = delivered(t)[0];
        if (!event) t.fail(`Expected the signup to reach the queue signups-seen, so its id can be compared, but the queue is empty. The default bus received: ${describeReceived(received(t))}.`);
        t.expect(returned, 'what publishSignup returns').toBe(event.id);
      },
    },
    {
      name: 'reports a failed entry instead of ignoring it',
      hint: 'failedEntries',
      async run(t: CheckContext) {
        // Every attempt fails, so a producer that retries, as it may for InternalFailure, still ends up reporting it.
        t.cloud.events.injectPutEventsFailure({ errorCode: 'InternalFailure', errorMessage: 'Internal service error.', times: 10 });
        const result = await t.invoke(FUNCTION, ann);
        await t.settle();
        if (!result.functionError) {
          // Say what really happened: a producer that kept trying may have got the event onto the bus in the end.
          const accepted = received(t).length > 0;
          t.fail(
            accepted
              ? `Expected publishSignup to give up and fail while PutEvents answers FailedEntryCount 1 with ErrorCode "InternalFailure", but it kept putting the event until one of more than 10 attempts was accepted, and returned ${result.payload}. Retry a bounded number of times, then report the failure.`
              : `Expected publishSignup to fail when PutEvents answers FailedEntryCount 1 with ErrorCode "InternalFailure", but it succeeded and returned ${result.payload} though EventBridge accepted no event: the signup event was lost and nobody was told.`,
          );
        }
        const message = result.error?.errorMessage ?? '';
        t.expect(message, 'the error’s message, which should name the failed entry’s ErrorCode,').toContain('InternalFailure');
        t.expect(message, 'the error’s message, which should also give the entry’s ErrorMessage,').toContain('Internal service error.');
      },
    },
    {
      name: 'reports an entry refused for good at once, without putting it again',
      hint: 'failedEntries',
      async run(t: CheckContext) {
        // AccessDeniedException: no retry will change it until the permissions do. Only the first attempt fails here,
        // so a producer that retries it anyway shows up as a second event on the bus.
        t.cloud.events.injectPutEventsFailure({ errorCode: 'AccessDeniedException', errorMessage: 'User is not authorized to perform: events:PutEvents', times: 1 });
        const result = await t.invoke(FUNCTION, ann);
        await t.settle();
        const accepted = received(t).length;
        if (accepted > 0) {
          t.fail(
            `Expected publishSignup to report the entry refused with AccessDeniedException, a refusal that fails again the same way until the permissions change, but it put the event again${result.functionError ? '' : ` and returned ${result.payload}`}.`,
          );
        }
        if (!result.functionError) t.fail(`Expected publishSignup to fail when PutEvents refused the entry with AccessDeniedException, but it returned ${result.payload}: the signup event was lost and nobody was told.`);
        t.expect(result.error?.errorMessage ?? '', 'the error’s message, which should name the failed entry’s ErrorCode,').toContain('AccessDeniedException');
      },
    },
  ],
});
