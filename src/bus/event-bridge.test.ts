import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { EventBridge } from './event-bridge.ts';
import type { TargetRequest, TargetResult } from './ports.ts';

const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:welcome';
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:welcome-dlq';
const SIGNUP_PATTERN = JSON.stringify({ source: ['myapp.users'], 'detail-type': ['UserSignedUp'] });
const signup = (userId = '12345', extra: Record<string, unknown> = {}) => ({
  Source: 'myapp.users',
  DetailType: 'UserSignedUp',
  Detail: JSON.stringify({ userId, email: 'user@example.com', signupMethod: 'email' }),
  ...extra,
});

/** A bus whose targets answer from a script: each attempt takes the next result (success once it runs out). */
function setup(script: TargetResult[] = [], seed = 1) {
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 9, 0, 0));
  const attempts: (TargetRequest & { at: number })[] = [];
  const deadLetters: { queueArn: string; body: string; attributes: Record<string, string>; at: number }[] = [];
  const metrics: { name: string; dimensions: Readonly<Record<string, string>>; value: number }[] = [];
  const events = new EventBridge({
    clock,
    seed,
    dispatcher: {
      deliver: (request) => {
        attempts.push({ ...request, at: clock.now() });
        return script.shift() ?? { ok: true };
      },
    },
    deadLetters: {
      send: (queueArn, body, attributes) => {
        deadLetters.push({ queueArn, body, attributes, at: clock.now() });
        return true;
      },
    },
    metrics: { record: (_namespace, name, dimensions, value) => void metrics.push({ name, dimensions, value }) },
  });
  const metric = (name: string, dimensions: Record<string, string> = {}) =>
    metrics.filter((m) => m.name === name && JSON.stringify(m.dimensions) === JSON.stringify(dimensions)).reduce((sum, m) => sum + m.value, 0);
  return { clock, events, attempts, deadLetters, metric };
}

const failure = (retryable = true): TargetResult => ({ ok: false, errorCode: 'THROTTLING', errorMessage: 'Rate exceeded', retryable });

function signupRule(events: EventBridge, target: Record<string, unknown> = {}) {
  events.putRule({ Name: 'user-signed-up', EventPattern: SIGNUP_PATTERN });
  events.putTargets({ Rule: 'user-signed-up', Targets: [{ Id: 'welcome', Arn: QUEUE, ...target }] });
}

describe('routing', () => {
  it('delivers a matching event to the rule target as the EventBridge envelope', async () => {
    const { events, clock, attempts } = setup();
    signupRule(events);
    const { Entries, FailedEntryCount } = events.putEvents({ Entries: [signup()] });
    expect(FailedEntryCount).toBe(0);
    expect(attempts).toHaveLength(0); // accepted now, delivered asynchronously
    await clock.runUntilIdle();
    expect(attempts).toHaveLength(1);
    expect(JSON.parse(attempts[0]!.payload)).toEqual({
      version: '0',
      id: Entries![0]!.EventId,
      'detail-type': 'UserSignedUp',
      source: 'myapp.users',
      account: '123456789012',
      time: '2026-11-22T09:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' },
    });
    expect(attempts[0]).toMatchObject({ kind: 'sqs', resourceName: 'welcome', ruleName: 'user-signed-up', attempt: 1 });
  });

  it('does not deliver events the pattern rejects, and says why in the trace', async () => {
    const { events, clock, attempts } = setup();
    signupRule(events);
    const [entry] = events.putEvents({ Entries: [{ ...signup(), DetailType: 'UserDeleted' }] }).Entries!;
    await clock.runUntilIdle();
    expect(attempts).toHaveLength(0);
    const steps = events.trace!.journey(entry!.EventId!)!.steps;
    expect(steps.map((s) => s.type)).toEqual(['received', 'rule']);
    const rule = steps[1];
    expect(rule).toMatchObject({ type: 'rule', rule: 'user-signed-up', matched: false });
    const reasons = rule?.type === 'rule' ? rule.reasons ?? [] : [];
    expect(reasons.map((r) => r.message)).toContain('detail-type: expected "UserSignedUp"; got "UserDeleted"');
  });

  it('stops matching while a rule is disabled, and resumes when enabled', async () => {
    const { events, clock, attempts } = setup();
    signupRule(events);
    events.disableRule({ Name: 'user-signed-up' });
    expect(events.describeRule({ Name: 'user-signed-up' }).State).toBe('DISABLED');
    events.putEvents({ Entries: [signup('1')] });
    await clock.runUntilIdle();
    expect(attempts).toHaveLength(0);
    events.enableRule({ Name: 'user-signed-up' });
    events.putEvents({ Entries: [signup('2')] });
    await clock.runUntilIdle();
    expect(attempts.map((a) => JSON.parse(a.payload).detail.userId)).toEqual(['2']);
  });

  it('sends one event to every rule it matches: adding a consumer leaves the others alone', async () => {
    const { events, clock, attempts } = setup();
    signupRule(events);
    events.putRule({ Name: 'audit-signups', EventPattern: SIGNUP_PATTERN });
    events.putTargets({ Rule: 'audit-signups', Targets: [{ Id: 'audit', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:audit' }] });
    events.putEvents({ Entries: [signup()] });
    await clock.runUntilIdle();
    expect(attempts.map((a) => `${a.ruleName}→${a.kind}:${a.resourceName}`).sort()).toEqual(['audit-signups→lambda:audit', 'user-signed-up→sqs:welcome']);
  });

  it('accepts events for a bus that does not exist and delivers them nowhere, as AWS does', async () => {
    const { events, clock, attempts } = setup();
    signupRule(events);
    const result = events.putEvents({ Entries: [signup('1', { EventBusName: 'no-such-bus' })] });
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries![0]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    await clock.runUntilIdle();
    expect(attempts).toHaveLength(0);
  });

  it('forwards events to another bus in the account, where that bus’s rules see them', async () => {
    const { events, clock, attempts } = setup();
    events.createEventBus({ Name: 'analytics' });
    events.putRule({ Name: 'forward', EventPattern: SIGNUP_PATTERN });
    events.putTargets({ Rule: 'forward', Targets: [{ Id: 'bus', Arn: 'arn:aws:events:us-east-1:123456789012:event-bus/analytics' }] });
    events.putRule({ Name: 'count', EventBusName: 'analytics', EventPattern: SIGNUP_PATTERN });
    events.putTargets({ Rule: 'count', EventBusName: 'analytics', Targets: [{ Id: 'q', Arn: QUEUE }] });
    events.putEvents({ Entries: [signup()] });
    await clock.runUntilIdle();
    expect(attempts.map((a) => `${a.eventBusName}/${a.ruleName}`)).toEqual(['analytics/count']);
  });

  it('does not loop when a rule sends its bus’s events back to that bus', async () => {
    const { events, clock, metric } = setup();
    events.putRule({ Name: 'echo', EventPattern: SIGNUP_PATTERN });
    events.putTargets({ Rule: 'echo', Targets: [{ Id: 'self', Arn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' }] });
    const [entry] = events.putEvents({ Entries: [signup()] }).Entries!;
    await clock.runUntilIdle();
    const steps = events.trace!.journey(entry!.EventId!)!.steps;
    expect(steps.filter((s) => s.type === 'received')).toHaveLength(2);
    expect(steps.at(-1)).toMatchObject({ type: 'dropped', reason: 'an event that came from another event bus is not sent on to a further bus' });
    expect(metric('DeadLetterInvocations', { RuleName: 'echo' })).toBe(1);
  });

  it('dead-letters an event for a target bus that does not exist, without retrying', async () => {
    const { events, clock, deadLetters, metric } = setup();
    signupRule(events);
    events.putTargets({
      Rule: 'user-signed-up',
      Targets: [{ Id: 'gone', Arn: 'arn:aws:events:us-east-1:123456789012:event-bus/no-such-bus', DeadLetterConfig: { Arn: DLQ } }],
    });
    events.putEvents({ Entries: [signup()] });
    await clock.runUntilIdle();
    expect(deadLetters.map((d) => d.attributes.ERROR_CODE)).toEqual(['RESOURCE_NOT_FOUND']);
    expect(metric('InvocationAttempts', { RuleName: 'user-signed-up' })).toBe(2);
  });

  it('gives the same ids and times for the same seed and inputs', async () => {
    const run = async () => {
      const { events, clock, attempts } = setup([failure(), failure()], 42);
      signupRule(events);
      events.putEvents({ Entries: [signup('1'), signup('2')] });
      await clock.runUntilIdle();
      return attempts.map((a) => `${a.at} ${a.event.id} ${a.attempt}`);
    };
    expect(await run()).toEqual(await run());
  });
});

describe('retries and dead-letter queues', () => {
  it('delivers once, on the 4th attempt, to a target that fails 3 times', async () => {
    const { events, clock, attempts, deadLetters, metric } = setup([failure(), failure(), failure()]);
    signupRule(events, { DeadLetterConfig: { Arn: DLQ } });
    events.putEvents({ Entries: [signup()] });
    await clock.runUntilIdle();
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    // Backoff grows between attempts.
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    expect(gaps[0]).toBeGreaterThan(0);
    expect(gaps[2]).toBeGreaterThan(gaps[0]!);
    expect(deadLetters).toHaveLength(0);
    expect(metric('Invocations', { RuleName: 'user-signed-up' })).toBe(1);
    expect(metric('InvocationAttempts', { RuleName: 'user-signed-up' })).toBe(4);
    expect(metric('RetryInvocationAttempts', { RuleName: 'user-signed-up' })).toBe(3);
    expect(metric('FailedInvocations', { RuleName: 'user-signed-up' })).toBe(0);
  });

  it('sends a failure straight to the dead-letter queue when MaximumRetryAttempts is 0', async () => {
    const { events, clock, attempts, deadLetters, metric } = setup([failure()]);
    signupRule(events, { DeadLetterConfig: { Arn: DLQ }, RetryPolicy: { MaximumRetryAttempts: 0 } });
    const [entry] = events.putEvents({ Entries: [signup()] }).Entries!;
    await clock.runUntilIdle();
    expect(attempts).toHaveLength(1);
    expect(deadLetters).toHaveLength(1);
    const [message] = deadLetters;
    expect(message!.queueArn).toBe(DLQ);
    expect(JSON.parse(message!.body)).toMatchObject({ id: entry!.EventId, source: 'myapp.users', 'detail-type': 'UserSignedUp' });
    expect(message!.attributes).toEqual({
      RULE_ARN: 'arn:aws:events:us-east-1:123456789012:rule/user-signed-up',
      TARGET_ARN: QUEUE,
      ERROR_CODE: 'THROTTLING',
      ERROR_MESSAGE: 'Rate exceeded',
      RETRY_ATTEMPTS: '0',
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
    });
    expect(metric('InvocationsSentToDlq', { RuleName: 'user-signed-up' })).toBe(1);
  });

  it('makes exactly MaximumRetryAttempts retries after the first attempt', async () => {
    const { events, clock, attempts, deadLetters } = setup(Array.from({ length: 10 }, () => failure()));
    signupRule(events, { DeadLetterConfig: { Arn: DLQ }, RetryPolicy: { MaximumRetryAttempts: 2 } });
    events.putEvents({ Entries: [signup()] });
    await clock.runUntilIdle();
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(deadLetters[0]!.attributes).toMatchObject({ RETRY_ATTEMPTS: '2', EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts' });
  });

  it('gives up on an event older than MaximumEventAgeInSeconds and dead-letters it', async () => {
    const failures = Array.from({ length: 200 }, () => failure());
    const { events, clock, attempts, deadLetters } = setup(failures);
    signupRule(events, { DeadLetterConfig: { Arn: DLQ }, RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 60 } });
    events.putEvents({ Entries: [signup()] });
    const start = clock.now();
    await clock.runUntilIdle();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]!.attributes.EXHAUSTED_RETRY_CONDITION).toBe('MaximumEventAgeInSeconds');
    expect(Number(deadLetters[0]!.attributes.RETRY_ATTEMPTS)).toBe(attempts.length - 1);
    expect(attempts.at(-1)!.at - start).toBeLessThanOrEqual(60_000);
    expect(attempts.length).toBeLessThan(186);
  });

  it('does not retry an error that needs someone to act, such as a missing target', async () => {
    const { events, clock, attempts, deadLetters } = setup([{ ok: false, errorCode: 'RESOURCE_NOT_FOUND', errorMessage: 'gone', retryable: false }]);
    signupRule(events, { DeadLetterConfig: { Arn: DLQ } });
    events.putEvents({ Entries: [signup()] });
    await clock.runUntilIdle();
    expect(attempts).toHaveLength(1);
    expect(deadLetters[0]!.attributes).toMatchObject({ ERROR_CODE: 'RESOURCE_NOT_FOUND', RETRY_ATTEMPTS: '0' });
    expect(deadLetters[0]!.attributes).not.toHaveProperty('EXHAUSTED_RETRY_CONDITION');
  });

  it('drops an undeliverable event without a dead-letter queue, counting a failed invocation', async () => {
    const { events, clock, deadLetters, metric } = setup([failure()]);
    signupRule(events, { RetryPolicy: { MaximumRetryAttempts: 0 } });
    const [entry] = events.putEvents({ Entries: [signup()] }).Entries!;
    await clock.runUntilIdle();
    expect(deadLetters).toHaveLength(0);
    expect(metric('FailedInvocations', { RuleName: 'user-signed-up' })).toBe(1);
    expect(events.trace!.journey(entry!.EventId!)!.steps.at(-1)).toMatchObject({ type: 'dropped' });
  });

  it('retries up to 185 times over about a day by default', async () => {
    const { events, clock, attempts, deadLetters } = setup(Array.from({ length: 400 }, () => failure()));
    signupRule(events, { DeadLetterConfig: { Arn: DLQ } });
    events.putEvents({ Entries: [signup()] });
    const start = clock.now();
    await clock.runUntilIdle();
    const hours = (attempts.at(-1)!.at - start) / 3_600_000;
    expect(deadLetters[0]!.attributes.EXHAUSTED_RETRY_CONDITION).toBeDefined();
    expect(attempts.length).toBeLessThanOrEqual(186);
    expect(hours).toBeGreaterThan(12);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it('delivers an event twice when a lesson injects a duplicate, as at-least-once delivery may', async () => {
    const { events, clock, attempts } = setup();
    signupRule(events);
    events.injectTargetFailure(QUEUE, { mode: 'duplicate', times: 1 });
    const [entry] = events.putEvents({ Entries: [signup('1'), signup('2')] }).Entries!;
    await clock.runUntilIdle();
    expect(attempts.map((a) => JSON.parse(a.payload).detail.userId).sort()).toEqual(['1', '1', '2']);
    expect(attempts.filter((a) => a.event.id === entry!.EventId)).toHaveLength(2);
  });

  it('fails PutEvents entries a lesson asks to fail, reporting them as AWS does', async () => {
    const { events, clock, attempts } = setup();
    signupRule(events);
    events.injectPutEventsFailure({ errorCode: 'InternalFailure', errorMessage: 'Internal service error.' });
    const response = events.putEvents({ Entries: [signup('1'), signup('2')] });
    expect(response.FailedEntryCount).toBe(1);
    expect(response.Entries![0]).toEqual({ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service error.' });
    expect(response.Entries![1]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    await clock.runUntilIdle();
    expect(attempts.map((a) => JSON.parse(a.payload).detail.userId)).toEqual(['2']);
  });

  it('fails only the entries of the detail-type a lesson names, wherever they sit in the request', () => {
    const { events } = setup();
    events.injectPutEventsFailure({ errorCode: 'InternalFailure', errorMessage: 'Internal service error.', detailType: 'UserSignedUp.v2' });
    const v2 = { ...signup('1'), DetailType: 'UserSignedUp.v2' };
    const response = events.putEvents({ Entries: [signup('1'), v2, { ...v2 }] });
    expect(response.FailedEntryCount).toBe(1);
    expect(response.Entries!.map((e) => e.ErrorCode ?? 'accepted')).toEqual(['accepted', 'InternalFailure', 'accepted']);
  });

  it('makes failures injected for a lesson, then heals', async () => {
    const { events, clock, attempts } = setup();
    signupRule(events, { RetryPolicy: { MaximumRetryAttempts: 5 } });
    events.injectTargetFailure(QUEUE, { mode: 'throttle', times: 2 });
    events.putEvents({ Entries: [signup()] });
    await clock.runUntilIdle();
    // The two injected failures never reach the dispatcher; the third attempt does.
    expect(attempts.map((a) => a.attempt)).toEqual([3]);
  });
});

describe('metrics', () => {
  it('counts matched events and triggered rules per minute with AWS/Events names and dimensions', async () => {
    const { events, clock, metric } = setup();
    events.createEventBus({ Name: 'orders' });
    events.putRule({ Name: 'paid', EventBusName: 'orders', EventPattern: JSON.stringify({ 'detail-type': ['PaymentConfirmed'] }) });
    events.putTargets({ Rule: 'paid', EventBusName: 'orders', Targets: [{ Id: 'q', Arn: QUEUE }] });
    events.putEvents({
      Entries: [
        { Source: 'shop', DetailType: 'PaymentConfirmed', Detail: '{}', EventBusName: 'orders' },
        { Source: 'shop', DetailType: 'PaymentConfirmed', Detail: '{}', EventBusName: 'orders' },
        { Source: 'shop', DetailType: 'CartAbandoned', Detail: '{}', EventBusName: 'orders' },
      ],
    });
    await clock.runUntilIdle();
    expect(metric('MatchedEvents', { EventBusName: 'orders' })).toBe(2);
    expect(metric('TriggeredRules', { EventBusName: 'orders', RuleName: 'paid' })).toBe(2);
    expect(metric('Invocations', { EventBusName: 'orders', RuleName: 'paid' })).toBe(2);
    expect(metric('Invocations')).toBe(2);
  });
});

describe('schedules', () => {
  it('fires a rate rule every interval from its creation with a Scheduled Event', async () => {
    const { events, clock, attempts } = setup();
    events.putRule({ Name: 'nightly', ScheduleExpression: 'rate(5 minutes)' });
    events.putTargets({ Rule: 'nightly', Targets: [{ Id: 'q', Arn: QUEUE }] });
    const start = clock.now();
    await clock.advance(16 * 60_000);
    expect(attempts.map((a) => (a.at - start) / 60_000)).toEqual([5, 10, 15]);
    expect(JSON.parse(attempts[0]!.payload)).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/nightly'],
      detail: {},
    });
    events.disableRule({ Name: 'nightly' });
    await clock.advance(30 * 60_000);
    expect(attempts).toHaveLength(3);
  });

  it('fires a cron rule at its UTC times', async () => {
    const { events, clock, attempts } = setup();
    events.putRule({ Name: 'morning', ScheduleExpression: 'cron(0 10 * * ? *)' });
    events.putTargets({ Rule: 'morning', Targets: [{ Id: 'q', Arn: QUEUE }] });
    await clock.advance(2 * 86_400_000);
    expect(attempts.map((a) => new Date(a.at).toISOString())).toEqual(['2026-11-22T10:00:00.000Z', '2026-11-23T10:00:00.000Z']);
  });

  it('refuses a schedule on a custom bus, and a rule with neither pattern nor schedule', () => {
    const { events } = setup();
    events.createEventBus({ Name: 'orders' });
    expect(() => events.putRule({ Name: 'r', EventBusName: 'orders', ScheduleExpression: 'rate(1 minute)' })).toThrow(
      'ScheduleExpression is supported only on the default event bus.',
    );
    expect(() => events.putRule({ Name: 'r' })).toThrow('Parameter(s) EventPattern or ScheduleExpression must be specified.');
  });
});

describe('archives and replays', () => {
  it('archives matching events and replays only the chosen window, marked with replay-name', async () => {
    const { events, clock, attempts } = setup();
    const busArn = events.describeEventBus().Arn!;
    events.createArchive({ ArchiveName: 'signups', EventSourceArn: busArn, EventPattern: JSON.stringify({ source: ['myapp.users'] }) });
    signupRule(events);

    for (const id of ['1', '2', '3']) {
      events.putEvents({ Entries: [signup(id)] });
      await clock.advance(60_000);
    }
    events.putEvents({ Entries: [{ Source: 'other', DetailType: 'X', Detail: '{}' }] });
    await clock.runUntilIdle();
    expect(events.describeArchive({ ArchiveName: 'signups' }).EventCount).toBe(3);
    attempts.length = 0;

    const start = Date.UTC(2026, 10, 22, 9, 1, 0);
    const replay = events.startReplay({
      ReplayName: 'second-signup',
      EventSourceArn: events.describeArchive({ ArchiveName: 'signups' }).ArchiveArn,
      EventStartTime: new Date(start),
      EventEndTime: new Date(start + 60_000),
      Destination: { Arn: busArn },
    });
    expect(replay.State).toBe('STARTING');
    await clock.runUntilIdle();
    expect(attempts.map((a) => JSON.parse(a.payload))).toEqual([
      expect.objectContaining({ 'replay-name': 'second-signup', detail: expect.objectContaining({ userId: '2' }) }),
    ]);
    const described = events.describeReplay({ ReplayName: 'second-signup' });
    expect(described.State).toBe('COMPLETED');
    expect(described.ReplayEndTime).toBeInstanceOf(Date);
    // Replayed events are not archived again.
    expect(events.describeArchive({ ArchiveName: 'signups' }).EventCount).toBe(3);
  });

  it('expires archived events past their retention as new ones arrive', async () => {
    const { events, clock } = setup();
    events.createArchive({ ArchiveName: 'week', EventSourceArn: events.describeEventBus().Arn, RetentionDays: 1 });
    events.putEvents({ Entries: [signup('old')] });
    await clock.advance(2 * 86_400_000);
    events.putEvents({ Entries: [signup('new')] });
    await clock.runUntilIdle();
    expect(events.describeArchive({ ArchiveName: 'week' }).EventCount).toBe(1);
  });

  it('removes a bus’s rules and archives with it', () => {
    const { events } = setup();
    events.createEventBus({ Name: 'orders' });
    events.createArchive({ ArchiveName: 'orders-archive', EventSourceArn: events.describeEventBus({ Name: 'orders' }).Arn });
    events.putRule({ Name: 'r', EventBusName: 'orders', EventPattern: SIGNUP_PATTERN });
    events.deleteEventBus({ Name: 'orders' });
    events.createEventBus({ Name: 'orders' });
    expect(events.listRules({ EventBusName: 'orders' }).Rules).toEqual([]);
    expect(() => events.describeArchive({ ArchiveName: 'orders-archive' })).toThrow('Archive orders-archive does not exist.');
  });

  it('refuses a replay into another bus and a window that ends in the future', () => {
    const { events, clock } = setup();
    events.createEventBus({ Name: 'orders' });
    const archive = events.createArchive({ ArchiveName: 'all', EventSourceArn: events.describeEventBus().Arn });
    const request = {
      ReplayName: 'r',
      EventSourceArn: archive.ArchiveArn,
      EventStartTime: new Date(clock.now() - 60_000),
      EventEndTime: new Date(clock.now()),
    };
    expect(() => events.startReplay({ ...request, Destination: { Arn: events.describeEventBus({ Name: 'orders' }).Arn } })).toThrow(
      'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
    );
    expect(() =>
      events.startReplay({ ...request, EventEndTime: new Date(clock.now() + 60_000), Destination: { Arn: events.describeEventBus().Arn } }),
    ).toThrow('Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.');
  });
});

describe('API errors in AWS’s words', () => {
  it('names what does not exist', () => {
    const { events } = setup();
    expect(() => events.describeRule({ Name: 'nope' })).toThrow('Rule nope does not exist on EventBus default.');
    expect(() => events.describeEventBus({ Name: 'nope' })).toThrow('Event bus nope does not exist.');
    expect(() => events.putTargets({ Rule: 'nope', Targets: [{ Id: 'a', Arn: QUEUE }] })).toThrow('Rule nope does not exist on EventBus default.');
    expect(() => events.describeArchive({ ArchiveName: 'nope' })).toThrow('Archive nope does not exist.');
    expect(() => events.describeReplay({ ReplayName: 'nope' })).toThrow('Replay nope does not exist.');
    try {
      events.describeRule({ Name: 'nope' });
    } catch (error) {
      expect(error).toMatchObject({ name: 'ResourceNotFoundException', httpStatus: 400 });
    }
  });

  it('refuses duplicates, the default bus’s deletion, and invalid patterns', () => {
    const { events } = setup();
    events.createEventBus({ Name: 'orders' });
    expect(() => events.createEventBus({ Name: 'orders' })).toThrow('Event bus orders already exists.');
    expect(() => events.deleteEventBus({ Name: 'default' })).toThrow('Cannot delete event bus default.');
    expect(() => events.putRule({ Name: 'r', EventPattern: '{"source": "myapp.users"}' })).toThrow(
      'Event pattern is not valid. Reason: "source" must be an object or an array',
    );
  });

  it('validates names and retry policies as AWS’s front end does', () => {
    const { events } = setup();
    expect(() => events.putRule({ Name: 'bad name!', EventPattern: SIGNUP_PATTERN })).toThrow(
      "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    events.putRule({ Name: 'r', EventPattern: SIGNUP_PATTERN });
    expect(() => events.putTargets({ Rule: 'r', Targets: [{ Id: 't', Arn: QUEUE, RetryPolicy: { MaximumRetryAttempts: 186, MaximumEventAgeInSeconds: 59 } }] })).toThrow(
      "2 validation errors detected: Value '186' at 'targets.1.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 185; Value '59' at 'targets.1.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    );
  });

  it('lists rules, targets and rule names by target', () => {
    const { events } = setup();
    signupRule(events);
    events.putRule({ Name: 'another', EventPattern: SIGNUP_PATTERN, State: 'DISABLED' });
    expect(events.listRules({ NamePrefix: 'user' }).Rules!.map((r) => r.Name)).toEqual(['user-signed-up']);
    expect(events.listTargetsByRule({ Rule: 'user-signed-up' }).Targets).toEqual([{ Id: 'welcome', Arn: QUEUE }]);
    expect(events.listRuleNamesByTarget({ TargetArn: QUEUE }).RuleNames).toEqual(['user-signed-up']);
    const page = events.listRules({ Limit: 1 });
    expect(page.Rules).toHaveLength(1);
    expect(events.listRules({ Limit: 1, NextToken: page.NextToken }).Rules![0]!.Name).toBe('user-signed-up');
  });
});
