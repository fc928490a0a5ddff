// EventBridge Scheduler through the real @aws-sdk/client-scheduler, answered in process by the simulated account,
// and its schedules running on the account's virtual clock.

import {
  ConflictException,
  InternalServerException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListScheduleGroupsCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  SchedulerClient,
  SchedulerServiceException,
  TagResourceCommand,
  UpdateScheduleCommand,
  ValidationException,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { Cloud } from '../cloud.ts';
import { handleAwsRequest } from '../endpoint.ts';
import type { InvokeAsyncResult, InvokeSyncResult, LambdaInvoker } from '../lambda-port.ts';
import { localClient } from '../local-request-handler.ts';

const ROLE = 'arn:aws:iam::123456789012:role/scheduler';
const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:escalate-ticket';
const START = Date.parse('2026-01-01T00:00:00Z');

/** A Lambda that records what it was given, or answers as told. */
class FakeLambda implements LambdaInvoker {
  readonly invocations: { name: string; payload: string; at: number }[] = [];
  answer: InvokeAsyncResult = { accepted: true };
  readonly cloud: () => Cloud;
  constructor(cloud: () => Cloud) {
    this.cloud = cloud;
  }
  invokeAsync(name: string, payload: string): InvokeAsyncResult {
    this.invocations.push({ name, payload, at: this.cloud().clock.now() });
    return this.answer;
  }
  /** The scheduler invokes asynchronously only; called synchronously, this is a function that returns nothing. */
  async invokeSync(name: string, payload: string): Promise<InvokeSyncResult> {
    this.invocations.push({ name, payload, at: this.cloud().clock.now() });
    return { invoked: true, payload: 'null' };
  }
}

function setup(seed = 1) {
  let cloud: Cloud | undefined;
  const lambda = new FakeLambda(() => cloud!);
  cloud = new Cloud({ startTime: START, seed, lambda });
  let n = 0;
  const scheduler = localClient(SchedulerClient, (request) => handleAwsRequest(cloud, request, `req-${++n}`));
  return { cloud, lambda, scheduler };
}

const base = (overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput => ({
  Name: 'escalate-T-1',
  ScheduleExpression: 'at(2026-01-01T04:00:00)',
  FlexibleTimeWindow: { Mode: 'OFF' },
  Target: { Arn: FUNCTION, RoleArn: ROLE, Input: JSON.stringify({ ticketId: 'T-1' }) },
  ...overrides,
});

async function failure(promise: Promise<unknown>): Promise<SchedulerServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as SchedulerServiceException;
  }
  throw new Error('expected the request to fail');
}

async function queue(cloud: Cloud, name: string) {
  const { QueueUrl } = cloud.sqs.createQueue({ QueueName: name });
  return { url: QueueUrl!, arn: `arn:aws:sqs:us-east-1:123456789012:${name}` };
}

describe('schedules through the AWS SDK', () => {
  it('creates, reads with AWS defaults, lists, replaces and deletes a schedule', async () => {
    const { scheduler } = setup();
    const { ScheduleArn } = await scheduler.send(new CreateScheduleCommand(base()));
    expect(ScheduleArn).toBe('arn:aws:scheduler:us-east-1:123456789012:schedule/default/escalate-T-1');

    const got = await scheduler.send(new GetScheduleCommand({ Name: 'escalate-T-1' }));
    // The defaults AWS shows (recorded in localstack's snapshots): UTC, NONE, ENABLED, 185 attempts over a day.
    expect(got).toMatchObject({
      Arn: ScheduleArn,
      GroupName: 'default',
      Name: 'escalate-T-1',
      ScheduleExpression: 'at(2026-01-01T04:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      State: 'ENABLED',
      ActionAfterCompletion: 'NONE',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: FUNCTION, RoleArn: ROLE, Input: '{"ticketId":"T-1"}', RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 } },
    });
    expect(got.CreationDate).toEqual(new Date(START));
    expect(got.Description).toBeUndefined();

    const listed = await scheduler.send(new ListSchedulesCommand({}));
    expect(listed.Schedules).toEqual([expect.objectContaining({ Name: 'escalate-T-1', GroupName: 'default', State: 'ENABLED', Target: { Arn: FUNCTION } })]);

    await scheduler.send(new UpdateScheduleCommand({ ...base({ ScheduleExpression: 'rate(1 hour)', State: 'DISABLED' }) }));
    const updated = await scheduler.send(new GetScheduleCommand({ Name: 'escalate-T-1' }));
    expect(updated).toMatchObject({ ScheduleExpression: 'rate(1 hour)', State: 'DISABLED' });
    expect((await scheduler.send(new ListSchedulesCommand({ State: 'ENABLED' }))).Schedules).toEqual([]);

    await scheduler.send(new DeleteScheduleCommand({ Name: 'escalate-T-1' }));
    const gone = await failure(scheduler.send(new GetScheduleCommand({ Name: 'escalate-T-1' })));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    // AWS's text, as aws-sdk-js-v3 issue 5720 quotes it.
    expect(gone.message).toBe('Schedule escalate-T-1 does not exist.');
    expect(gone.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses a second schedule of the same name, but answers a retried ClientToken as the first time', async () => {
    const { scheduler } = setup();
    const first = await scheduler.send(new CreateScheduleCommand(base({ ClientToken: 'ticket-T-1' })));
    const again = await scheduler.send(new CreateScheduleCommand(base({ ClientToken: 'ticket-T-1' })));
    expect(again.ScheduleArn).toBe(first.ScheduleArn);
    const conflict = await failure(scheduler.send(new CreateScheduleCommand(base())));
    expect(conflict).toBeInstanceOf(ConflictException);
    expect(conflict.message).toBe('Schedule escalate-T-1 already exists.');
  });

  it('fails the calls a lesson asks to fail as a struggling service does, typed for the SDK, then recovers', async () => {
    const { cloud, scheduler } = setup();
    // More failures than the SDK makes attempts: the call fails, after its retries, with the service's exception.
    cloud.scheduler.injectFailure('CreateSchedule', { code: 'InternalServerException', times: 10 });
    const failed = await failure(scheduler.send(new CreateScheduleCommand(base())));
    expect(failed).toBeInstanceOf(InternalServerException);
    expect(failed.$metadata.httpStatusCode).toBe(500);
    expect(cloud.scheduler.listSchedules({}).Schedules).toEqual([]);
    cloud.scheduler.injectFailure('CreateSchedule', { code: 'ThrottlingException', times: 0 });
    await scheduler.send(new CreateScheduleCommand(base()));
    expect(cloud.scheduler.listSchedules({}).Schedules?.map((s) => s.Name)).toEqual(['escalate-T-1']);
  });

  it('keeps schedules in groups: default exists, others are created, deleted with their schedules, and tagged', async () => {
    const { cloud, scheduler } = setup();
    expect((await scheduler.send(new GetScheduleGroupCommand({ Name: 'default' }))).State).toBe('ACTIVE');
    const missing = await failure(scheduler.send(new CreateScheduleCommand(base({ GroupName: 'tickets' }))));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);

    const { ScheduleGroupArn } = await scheduler.send(new CreateScheduleGroupCommand({ Name: 'tickets', Tags: [{ Key: 'team', Value: 'support' }] }));
    expect(ScheduleGroupArn).toBe('arn:aws:scheduler:us-east-1:123456789012:schedule-group/tickets');
    const { ScheduleArn } = await scheduler.send(new CreateScheduleCommand(base({ GroupName: 'tickets' })));
    expect(ScheduleArn).toBe('arn:aws:scheduler:us-east-1:123456789012:schedule/tickets/escalate-T-1');
    // A schedule in a group is found only with its group.
    expect(await failure(scheduler.send(new GetScheduleCommand({ Name: 'escalate-T-1' })))).toBeInstanceOf(ResourceNotFoundException);
    expect((await scheduler.send(new GetScheduleCommand({ Name: 'escalate-T-1', GroupName: 'tickets' }))).Arn).toBe(ScheduleArn);
    expect((await scheduler.send(new ListSchedulesCommand({ GroupName: 'tickets' }))).Schedules).toHaveLength(1);

    await scheduler.send(new TagResourceCommand({ ResourceArn: ScheduleGroupArn, Tags: [{ Key: 'env', Value: 'lesson' }] }));
    expect((await scheduler.send(new ListTagsForResourceCommand({ ResourceArn: ScheduleGroupArn }))).Tags).toEqual([
      { Key: 'team', Value: 'support' },
      { Key: 'env', Value: 'lesson' },
    ]);
    expect((await scheduler.send(new ListScheduleGroupsCommand({}))).ScheduleGroups!.map((g) => g.Name)).toEqual(['default', 'tickets']);

    // Recorded from AWS: the default group cannot be created (or deleted).
    const defaultGroup = await failure(scheduler.send(new CreateScheduleGroupCommand({ Name: 'default' })));
    expect(defaultGroup).toBeInstanceOf(ValidationException);
    expect(defaultGroup.message).toBe('This operation cannot be performed on schedule group default.');

    await scheduler.send(new DeleteScheduleGroupCommand({ Name: 'tickets' }));
    expect((await scheduler.send(new GetScheduleGroupCommand({ Name: 'tickets' }))).State).toBe('DELETING');
    await cloud.clock.runUntilIdle();
    expect(await failure(scheduler.send(new GetScheduleGroupCommand({ Name: 'tickets' })))).toBeInstanceOf(ResourceNotFoundException);
    expect((await scheduler.send(new ListSchedulesCommand({}))).Schedules).toEqual([]);
  });

  it.each([
    [{ Name: 'escalate T-1' }, "1 validation error detected: Value 'escalate T-1' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z-_.]+$"],
    [{ ScheduleExpression: 'rate(10 seconds)' }, 'Invalid Schedule Expression rate(10 seconds).'],
    [{ ScheduleExpression: 'at(2026-01-01T04:00:00Z)' }, 'Invalid Schedule Expression at(2026-01-01T04:00:00Z).'],
    [{ FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }, 'MaximumWindowInMinutes must be provided when FlexibleTimeWindowMode is set to FLEXIBLE.'],
    [{ FlexibleTimeWindow: { Mode: 'OFF', MaximumWindowInMinutes: 15 } }, 'MaximumWindowInMinutes must not be provided when FlexibleTimeWindowMode is set to OFF.'],
    [
      { FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 1441 } },
      "1 validation error detected: Value '1441' at 'flexibleTimeWindow.maximumWindowInMinutes' failed to satisfy constraint: Member must have value less than or equal to 1440",
    ],
    [
      { ScheduleExpression: 'rate(1 hour)', StartDate: new Date('2026-01-02T00:00:00Z'), EndDate: new Date('2026-01-01T12:00:00Z') },
      'The StartDate you specify must come before the EndDate.',
    ],
    [{ Target: { Arn: 'arn:aws:lambda:eu-west-1:123456789012:function:f', RoleArn: ROLE } }, 'The target ARN provided does not match the current region us-east-1.'],
    [{ Target: { Arn: FUNCTION, RoleArn: ROLE, Input: '{ticket}' } }, 'JSON syntax error in input for the target'],
    [{ Target: { Arn: 'arn:aws:scheduler:::aws-sdk:sqs:sendMessage', RoleArn: ROLE } }, 'You must provide an input to set this target for your schedule'],
    [{ Target: { Arn: 'arn:aws:scheduler:::aws-sdk:sqs:getQueueUrl', RoleArn: ROLE, Input: '{}' } }, 'getQueueUrl API is not supported'],
    [{ Target: { Arn: FUNCTION, RoleArn: ROLE, SqsParameters: {} } }, 'Parameters SqsParameters not supported for the target'],
    [{ ScheduleExpressionTimezone: 'Europe/Nowhere' }, 'Invalid time zone Europe/Nowhere.'],
  ])('refuses %j with AWS-shaped text', async (overrides, message) => {
    const { scheduler } = setup();
    const error = await failure(scheduler.send(new CreateScheduleCommand(base(overrides as Partial<CreateScheduleCommandInput>))));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toBe(message);
  });
});

describe('schedules running on the virtual clock', () => {
  it('fires a one-time schedule once, invoking Lambda asynchronously with the context attributes filled in, then deletes it', async () => {
    const { cloud, lambda, scheduler } = setup();
    await scheduler.send(
      new CreateScheduleCommand(
        base({
          ScheduleExpression: 'at(2026-01-01T09:00:00)',
          ScheduleExpressionTimezone: 'Europe/Berlin',
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: FUNCTION,
            RoleArn: ROLE,
            Input: '{"ticketId":"T-1","schedule":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>","attempt":<aws.scheduler.attempt-number>}',
          },
        }),
      ),
    );
    await cloud.clock.advanceTo(Date.parse('2026-01-01T07:59:00Z'));
    expect(lambda.invocations).toEqual([]);
    await cloud.clock.advance(24 * 3600_000);
    // 09:00 in Berlin in winter is 08:00Z.
    expect(lambda.invocations).toEqual([
      {
        name: 'escalate-ticket',
        at: Date.parse('2026-01-01T08:00:00Z'),
        payload: '{"ticketId":"T-1","schedule":"arn:aws:scheduler:us-east-1:123456789012:schedule/default/escalate-T-1","at":"2026-01-01T08:00:00Z","attempt":1}',
      },
    ]);
    const [run] = cloud.scheduler.runs({ name: 'escalate-T-1' });
    expect(run).toMatchObject({ outcome: 'delivered', scheduledTime: Date.parse('2026-01-01T08:00:00Z'), attempts: [{ attemptNumber: 1, ok: true }] });
    expect(run!.executionId).toMatch(/^[0-9a-f]{16}$/);
    expect(await failure(scheduler.send(new GetScheduleCommand({ Name: 'escalate-T-1' })))).toBeInstanceOf(ResourceNotFoundException);
  });

  it('does not fire a schedule deleted before its time (the ticket was resolved)', async () => {
    const { cloud, lambda, scheduler } = setup();
    await scheduler.send(new CreateScheduleCommand(base()));
    await cloud.clock.advance(3600_000);
    await scheduler.send(new DeleteScheduleCommand({ Name: 'escalate-T-1' }));
    await cloud.clock.advance(24 * 3600_000);
    expect(lambda.invocations).toEqual([]);
  });

  it('runs a rate at once and then every interval, to an SQS queue, and not while disabled', async () => {
    const { cloud, scheduler } = setup();
    const q = await queue(cloud, 'digest');
    await cloud.clock.advance(30_000);
    await scheduler.send(new CreateScheduleCommand(base({ Name: 'digest', ScheduleExpression: 'rate(15 minutes)', Target: { Arn: q.arn, RoleArn: ROLE, Input: 'digest at <aws.scheduler.scheduled-time>' } })));
    await cloud.clock.advance(3600_000);
    expect(cloud.sqs.peek('digest').map((m) => m.body)).toEqual([
      'digest at 2026-01-01T00:00:30Z',
      'digest at 2026-01-01T00:15:30Z',
      'digest at 2026-01-01T00:30:30Z',
      'digest at 2026-01-01T00:45:30Z',
      'digest at 2026-01-01T01:00:30Z',
    ]);
    await scheduler.send(new UpdateScheduleCommand(base({ Name: 'digest', ScheduleExpression: 'rate(15 minutes)', State: 'DISABLED', Target: { Arn: q.arn, RoleArn: ROLE, Input: 'x' } })));
    await cloud.clock.advance(3600_000);
    expect(cloud.sqs.peek('digest')).toHaveLength(5);
  });

  it('draws a flexible window time from the seeded randomness: within the window, and the same for the same seed', async () => {
    const times = async (seed: number) => {
      const { cloud, lambda, scheduler } = setup(seed);
      await scheduler.send(new CreateScheduleCommand(base({ Name: 'daily', ScheduleExpression: 'cron(0 6 * * ? *)', FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 30 } })));
      await cloud.clock.advance(5 * 24 * 3600_000);
      return { at: lambda.invocations.map((i) => i.at), scheduled: cloud.scheduler.runs().map((r) => r.scheduledTime) };
    };
    const first = await times(7);
    expect(first.at).toHaveLength(5);
    first.at.forEach((at, i) => {
      const scheduled = Date.parse('2026-01-01T06:00:00Z') + i * 24 * 3600_000;
      expect(first.scheduled[i]).toBe(scheduled);
      expect(at).toBeGreaterThanOrEqual(scheduled);
      expect(at).toBeLessThan(scheduled + 30 * 60_000);
    });
    expect(new Set(first.at.map((at) => at % (24 * 3600_000))).size).toBeGreaterThan(1);
    expect(await times(7)).toEqual(first);
  });

  it('puts an event on a bus with EventBridgeParameters, which a rule routes on', async () => {
    const { cloud, scheduler } = setup();
    const q = await queue(cloud, 'escalations');
    cloud.events.putRule({ Name: 'ticket-escalated', EventPattern: JSON.stringify({ source: ['myapp.support'], 'detail-type': ['TicketEscalationDue'] }) });
    cloud.events.putTargets({ Rule: 'ticket-escalated', Targets: [{ Id: 'q', Arn: q.arn }] });
    await scheduler.send(
      new CreateScheduleCommand(
        base({
          Target: {
            Arn: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
            RoleArn: ROLE,
            Input: '{"ticketId":"T-1"}',
            EventBridgeParameters: { Source: 'myapp.support', DetailType: 'TicketEscalationDue' },
          },
        }),
      ),
    );
    await cloud.clock.advance(5 * 3600_000);
    const [message] = cloud.sqs.peek('escalations');
    expect(JSON.parse(message!.body)).toMatchObject({ source: 'myapp.support', 'detail-type': 'TicketEscalationDue', detail: { ticketId: 'T-1' }, time: '2026-01-01T04:00:00Z' });
  });

  it('calls the universal targets the simulator has: sqs sendMessage, dynamodb putItem', async () => {
    const { cloud, scheduler } = setup();
    const q = await queue(cloud, 'universal');
    cloud.dynamodb.createTable({ TableName: 'tickets', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' });
    await scheduler.send(
      new CreateScheduleCommand(base({ Name: 'send', Target: { Arn: 'arn:aws:scheduler:::aws-sdk:sqs:sendMessage', RoleArn: ROLE, Input: JSON.stringify({ QueueUrl: q.url, MessageBody: 'run <aws.scheduler.execution-id>' }) } })),
    );
    await scheduler.send(
      new CreateScheduleCommand(
        base({ Name: 'put', Target: { Arn: 'arn:aws:scheduler:::aws-sdk:dynamodb:putItem', RoleArn: ROLE, Input: JSON.stringify({ TableName: 'tickets', Item: { id: { S: 'T-1' }, escalated: { BOOL: true } } }) } }),
      ),
    );
    await cloud.clock.advance(5 * 3600_000);
    expect(cloud.sqs.peek('universal').map((m) => m.body)).toEqual([`run ${cloud.scheduler.runs({ name: 'send' })[0]!.executionId}`]);
    expect(cloud.dynamodb.items('tickets')).toEqual([{ id: { S: 'T-1' }, escalated: { BOOL: true } }]);
  });

  it('sends an invocation to the dead-letter queue with the attributes Scheduler adds: at once when the function is missing', async () => {
    const { cloud, lambda, scheduler } = setup();
    const dlq = await queue(cloud, 'escalation-dlq');
    lambda.answer = { accepted: false, errorCode: 'RESOURCE_NOT_FOUND', errorMessage: 'Function not found' };
    await scheduler.send(new CreateScheduleCommand(base({ Target: { Arn: FUNCTION, RoleArn: ROLE, Input: '{"ticketId":"T-1"}', DeadLetterConfig: { Arn: dlq.arn } } })));
    await cloud.clock.advance(5 * 3600_000);
    const [message] = cloud.sqs.peek('escalation-dlq');
    const run = cloud.scheduler.runs()[0]!;
    expect(message).toMatchObject({
      body: '{"ticketId":"T-1"}',
      attributes: {
        ERROR_CODE: 'ResourceNotFoundException',
        ERROR_MESSAGE: `Function not found: ${FUNCTION}`,
        EXECUTION_ID: run.executionId,
        IS_PAYLOAD_TRUNCATED: 'false',
        RETRY_ATTEMPTS: '0',
        SCHEDULED_TIME: '2026-01-01T04:00:00Z',
        SCHEDULE_ARN: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/escalate-T-1',
        TARGET_ARN: FUNCTION,
      },
    });
    expect(message!.attributes.EXHAUSTED_RETRY_CONDITION).toBeUndefined();
    expect(run).toMatchObject({ outcome: 'dead-lettered', deadLetterQueueArn: dlq.arn });
  });

  it('retries a throttled invocation under the retry policy, then dead-letters it saying which limit ended it', async () => {
    const { cloud, lambda, scheduler } = setup();
    const dlq = await queue(cloud, 'escalation-dlq');
    lambda.answer = { accepted: false, errorCode: 'THROTTLING', errorMessage: 'Rate exceeded' };
    await scheduler.send(
      new CreateScheduleCommand(base({ Target: { Arn: FUNCTION, RoleArn: ROLE, Input: '{"attempt":<aws.scheduler.attempt-number>}', RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: { Arn: dlq.arn } } })),
    );
    await cloud.clock.advance(4 * 3600_000);
    await cloud.clock.runUntilIdle();
    expect(lambda.invocations.map((i) => i.payload)).toEqual(['{"attempt":1}', '{"attempt":2}', '{"attempt":3}']);
    expect(cloud.sqs.peek('escalation-dlq')[0]!.attributes).toMatchObject({ ERROR_CODE: 'TooManyRequestsException', RETRY_ATTEMPTS: '2', EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts' });
  });
});

describe('odd requests on the wire', () => {
  // Whatever JSON arrives in whatever member, the answer is a success or an AWS-shaped 4xx, never a 500.
  it('answers every route with a 2xx or a typed 4xx', async () => {
    const fc = (await import('fast-check')).default;
    const cloud = new Cloud({ startTime: START });
    const member = fc.oneof(fc.anything(), fc.constantFrom('OFF', 'FLEXIBLE', 'rate(1 hour)', 'at(2026-01-01T01:00:00)', FUNCTION, ROLE, 'default', 'UTC', 1e20, -1, 0));
    const body = fc.oneof(
      fc.anything(),
      fc.record(
        {
          ScheduleExpression: member,
          ScheduleExpressionTimezone: member,
          FlexibleTimeWindow: fc.oneof(member, fc.record({ Mode: member, MaximumWindowInMinutes: member }, { requiredKeys: [] })),
          Target: fc.oneof(member, fc.record({ Arn: member, RoleArn: member, Input: member, RetryPolicy: member, DeadLetterConfig: member, EventBridgeParameters: member, SqsParameters: member }, { requiredKeys: [] })),
          StartDate: member,
          EndDate: member,
          State: member,
          GroupName: member,
          Tags: fc.oneof(member, fc.array(fc.record({ Key: member, Value: member }, { requiredKeys: [] }))),
          ClientToken: member,
        },
        { requiredKeys: [] },
      ),
    );
    const route = fc.constantFrom(
      ['POST', '/schedules/s1'],
      ['PUT', '/schedules/s1'],
      ['GET', '/schedules/s1?groupName=g%20x'],
      ['DELETE', '/schedules/s1?clientToken=%%'],
      ['GET', '/schedules?MaxResults=abc&State=MAYBE'],
      ['POST', '/schedule-groups/g1'],
      ['DELETE', '/schedule-groups/g1'],
      ['GET', '/schedule-groups?NamePrefix='],
      ['POST', '/tags/arn%3Aaws%3Ascheduler%3Aus-east-1%3A123456789012%3Aschedule-group%2Fg1'],
      ['DELETE', '/tags/arn%3Aaws%3Ascheduler%3Aus-east-1%3A123456789012%3Aschedule%2Fdefault%2Fs1?TagKeys=a'],
    );
    fc.assert(
      fc.property(route, body, ([method, path], value) => {
        const response = handleAwsRequest(cloud, { target: undefined, contentType: 'application/json', method, path, body: JSON.stringify(value) ?? '' }, 'fuzz');
        if (response.status >= 500) throw new Error(`${response.status} for ${method} ${path} ${JSON.stringify(value)}: ${response.body}`);
        if (response.status !== 200) expect(response.headers['x-amzn-errortype']).toBeTruthy();
      }),
      { numRuns: 1500 },
    );
    await cloud.clock.advance(48 * 3600_000);
  });
});
