import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SandboxHost } from '../lambda/host/host.ts';
import { nodeHost } from '../lambda/host/node-host.ts';
import { defineArchitecture } from './architecture.ts';
import { buildLesson, LessonFileError } from './build.ts';
import { loadLessons, solutionFiles } from './node-loader.ts';
import { ArchitectureError } from './references.ts';

const noCode: SandboxHost = {
  start() {
    throw new Error('these lessons have no functions');
  },
};

const alarm = { name: 'errors', namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum', period: 60, evaluationPeriods: 1, threshold: 0, comparisonOperator: 'GreaterThanThreshold' };

const withAlarms = defineArchitecture({ topics: [{ name: 'oncall' }], alarms: { file: 'alarms.json' }, sampleEvents: [] });
const withTransformer = defineArchitecture({
  queues: [{ name: 'out' }],
  rules: [{ name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 'out', to: { queue: 'out' }, inputTransformer: { file: 'transformer.json' } }] }],
  sampleEvents: [],
});

function buildError(architecture: typeof withAlarms, files: Record<string, string>): string {
  try {
    buildLesson(architecture, files, noCode).dispose();
  } catch (error) {
    expect(error).toBeInstanceOf(LessonFileError);
    return (error as Error).message;
  }
  throw new Error('the lesson was built');
}

describe('a learner’s JSON files are read strictly', () => {
  it('names a misspelt alarm key, and the key that was meant, instead of ignoring it', () => {
    const files = { 'alarms.json': JSON.stringify([{ ...alarm, alarmAction: [{ topic: 'oncall' }] }]) };
    expect(buildError(withAlarms, files)).toBe('alarms.json: alarm 1 has an unknown key "alarmAction" (did you mean "alarmActions"?).');
  });

  it('names an alarm action whose topic the lesson does not have', () => {
    const files = { 'alarms.json': JSON.stringify([{ ...alarm, alarmActions: [{ topic: 'on-call' }] }]) };
    expect(buildError(withAlarms, files)).toBe('alarms.json: alarm 1, alarmActions[0].topic: the lesson has no topic "on-call", only "oncall".');
  });

  it('builds a correct alarm', () => {
    const world = buildLesson(withAlarms, { 'alarms.json': JSON.stringify([{ ...alarm, alarmActions: [{ topic: 'oncall' }] }]) }, noCode);
    expect(world.cloud.alarms.describeAlarms().MetricAlarms.map((a) => a.AlarmName)).toEqual(['errors']);
    world.dispose();
  });

  it('names a missing alarm key, and a statistic CloudWatch does not have', () => {
    const { threshold: _, ...noThreshold } = alarm;
    expect(buildError(withAlarms, { 'alarms.json': JSON.stringify([alarm, noThreshold]) })).toBe('alarms.json: alarm 2 has no "threshold".');
    expect(buildError(withAlarms, { 'alarms.json': JSON.stringify([{ ...alarm, statistic: 'sum' }]) })).toBe(
      'alarms.json: alarm 1, statistic: "sum" is not one of "Sum", "Average", "Maximum", "Minimum", "SampleCount" (did you mean "Sum"?).',
    );
    expect(buildError(withAlarms, { 'alarms.json': JSON.stringify(alarm) })).toBe('alarms.json: must be a list, not an object.');
  });

  it('leaves the values CloudWatch judges to CloudWatch, in its words', () => {
    expect(buildError(withAlarms, { 'alarms.json': JSON.stringify([{ ...alarm, period: 90 }]) })).toBe(
      'alarms.json: ValidationException: The parameter Period must be a multiple of 60 for metrics at standard resolution.',
    );
  });

  it('names a misspelt key in an input transformer file', () => {
    const files = { 'transformer.json': JSON.stringify({ InputPathMap: { id: '$.id' }, InputTemplate: '"<id>"' }) };
    expect(buildError(withTransformer, files)).toBe('transformer.json: has an unknown key "InputPathMap" (did you mean "InputPathsMap"?).');
  });

  it('says what an input transformer file must hold when it is not one', () => {
    expect(buildError(withTransformer, { 'transformer.json': JSON.stringify({ template: '"x"' }) })).toBe(
      'transformer.json: must be a JSON object with an "InputTemplate" (and an "InputPathsMap" if the template has placeholders).',
    );
  });
});

describe('the simulator builds only an architecture that keeps the contract', () => {
  it('refuses a target that names a queue the architecture does not declare, naming the rule, the target and the name', () => {
    const broken = defineArchitecture({ queues: [{ name: 'out' }], rules: [{ name: 'r', eventPattern: { source: ['a'] }, targets: [{ id: 't', to: { queue: 'outt' } }] }], sampleEvents: [] });
    expect(() => buildLesson(broken, {}, noCode)).toThrow(ArchitectureError);
    expect(() => buildLesson(broken, {}, noCode)).toThrow('architecture.ts: The rule r\'s target t names the queue "outt", but the architecture declares no queue of that name (it has "out").');
  });
});

describe('EventBridge Scheduler in a lesson', () => {
  // The CDK tests' fixture lesson, which uses every field of the architecture.
  const FIXTURE_COURSE = fileURLToPath(new URL('../../tests/infra/fixtures/course', import.meta.url));

  it('creates the groups and schedules, and a cron schedule invokes its function at its time in its zone', async () => {
    const [lesson] = await loadLessons({ root: FIXTURE_COURSE });
    const world = buildLesson(lesson!.architecture, solutionFiles(lesson!), nodeHost); // starts Sunday 2026-11-22, 09:00 UTC
    try {
      const { scheduler } = world.cloud;
      expect(scheduler.listScheduleGroups().ScheduleGroups!.map((g) => g.Name)).toEqual(['default', 'reports', 'ticket-escalations']);
      const sweep = scheduler.getSchedule({ Name: 'morning-sweep', GroupName: 'ticket-escalations' });
      expect(sweep).toMatchObject({
        ScheduleExpression: 'cron(0 9 ? * MON-FRI *)',
        ScheduleExpressionTimezone: 'Europe/Berlin',
        FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
        Target: {
          Arn: world.arn({ function: 'escalate-ticket' }),
          RoleArn: 'arn:aws:iam::123456789012:role/morning-sweep-schedule',
          Input: '{"sweep":true,"at":"<aws.scheduler.scheduled-time>"}',
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: world.arn({ queue: 'escalations-dlq' }) },
        },
      });
      expect(scheduler.getSchedule({ Name: 'weekly-report', GroupName: 'reports' }).Target!.EventBridgeParameters).toEqual({ DetailType: 'WeeklyReportDue', Source: 'myapp.reports' });
      expect(scheduler.getSchedule({ Name: 'hourly-tick' }).State).toBe('DISABLED');

      // Monday 09:00 in Berlin is 08:00 UTC; the flexible window lets it run up to 15 minutes later.
      await world.cloud.clock.advanceTo(Date.UTC(2026, 10, 23, 8, 15));
      await world.cloud.clock.runUntilIdle();
      const [run, ...others] = scheduler.runs({ name: 'morning-sweep', group: 'ticket-escalations' });
      expect(others).toEqual([]);
      expect(run).toMatchObject({ scheduledTime: Date.UTC(2026, 10, 23, 8, 0), outcome: 'delivered', payload: '{"sweep":true,"at":"2026-11-23T08:00:00Z"}' });
      expect(world.cloud.logs.events('/aws/lambda/escalate-ticket').some((e) => e.message.endsWith('\tINFO\tSweep at 2026-11-23T08:00:00Z'))).toBe(true);
    } finally {
      world.dispose();
    }
  }, 30_000);

  it("gives a function the ARNs its environment names, so the schedules it creates run with the group's role", async () => {
    const [lesson] = await loadLessons({ root: FIXTURE_COURSE });
    const world = buildLesson(lesson!.architecture, solutionFiles(lesson!), nodeHost);
    try {
      expect(world.schedulerRoleArn({ group: 'ticket-escalations' })).toBe('arn:aws:iam::123456789012:role/ticket-escalations-scheduler');
      const opened = await world.lambda.invoke('open-ticket', { ticketId: 'T-7', escalateAt: '2026-11-22T13:00:00' });
      expect(opened.payload).toBe('"arn:aws:scheduler:us-east-1:123456789012:schedule/ticket-escalations/escalate-T-7"');
      expect(world.cloud.scheduler.getSchedule({ Name: 'escalate-T-7', GroupName: 'ticket-escalations' }).Target).toMatchObject({
        Arn: world.arn({ function: 'escalate-ticket' }),
        RoleArn: world.schedulerRoleArn({ group: 'ticket-escalations' }),
        DeadLetterConfig: { Arn: world.arn({ queue: 'escalations-dlq' }) },
      });
      await world.cloud.clock.advanceTo(Date.UTC(2026, 10, 22, 13, 0));
      await world.cloud.clock.runUntilIdle();
      expect(world.cloud.scheduler.runs({ name: 'escalate-T-7', group: 'ticket-escalations' })).toEqual([expect.objectContaining({ outcome: 'delivered' })]);
      expect(world.cloud.logs.events('/aws/lambda/escalate-ticket').some((e) => e.message.endsWith('\tINFO\tEscalating T-7'))).toBe(true);
    } finally {
      world.dispose();
    }
  }, 30_000);
});

describe('EventBridge Pipes in a lesson', () => {
  // Lesson 14's transactional outbox: a table's changes, filtered and enriched, put on the default bus, where a rule
  // routes them to a queue the test reads.
  const outbox = defineArchitecture({
    tables: [{ name: 'orders', partitionKey: { name: 'orderId', type: 'S' }, stream: 'NEW_AND_OLD_IMAGES' }],
    queues: [{ name: 'outbox-failures' }, { name: 'order-events' }],
    functions: [{ name: 'enrich-order-changes', handler: 'enrich.handler' }],
    rules: [{ name: 'order-events', eventPattern: { source: ['myapp.orders'] }, targets: [{ id: 'inbox', to: { queue: 'order-events' } }] }],
    pipes: [
      {
        name: 'orders-outbox',
        description: 'Changes to orders, from the table’s stream to the default bus.',
        source: { table: 'orders', batchSize: 10, maximumBatchingWindowInSeconds: 1, maximumRetryAttempts: 2, deadLetter: { queue: 'outbox-failures' } },
        filter: { file: 'filter.json' },
        enrichment: { function: 'enrich-order-changes' },
        target: { bus: 'default' },
        eventBusParameters: { source: 'myapp.orders', detailType: '$.detailType' },
        // A JSON template: `<$.detail>` on its own is a text template, which would put the object's text, unquoted.
        inputTemplate: '{"order": <$.detail>}',
      },
    ],
    sampleEvents: [],
  });
  const files = {
    'filter.json': '[{ "eventName": ["INSERT", "MODIFY"] }]',
    'enrich.ts': `type Change = { eventName: string; dynamodb: { NewImage: { orderId: { S: string }; status: { S: string } } } };
export const handler = async (changes: Change[]) =>
  changes.map((change) => ({
    detailType: change.eventName === 'INSERT' ? 'OrderPlaced' : 'OrderStatusChanged',
    detail: { orderId: change.dynamodb.NewImage.orderId.S, status: change.dynamodb.NewImage.status.S },
  }));`,
  };

  it('gives the table its stream and creates the pipe with the lesson’s settings and filter file', () => {
    const world = buildLesson(outbox, files, noCode);
    try {
      const { Table } = world.cloud.dynamodb.describeTable({ TableName: 'orders' });
      expect(Table!.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      expect(world.cloud.pipes.describePipe({ Name: 'orders-outbox' })).toMatchObject({
        Description: 'Changes to orders, from the table’s stream to the default bus.',
        Source: Table!.LatestStreamArn,
        SourceParameters: {
          DynamoDBStreamParameters: {
            StartingPosition: 'LATEST',
            BatchSize: 10,
            MaximumBatchingWindowInSeconds: 1,
            MaximumRetryAttempts: 2,
            DeadLetterConfig: { Arn: world.arn({ queue: 'outbox-failures' }) },
          },
          FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }] },
        },
        Enrichment: world.arn({ function: 'enrich-order-changes' }),
        Target: world.arn({ bus: 'default' }),
        TargetParameters: { InputTemplate: '{"order": <$.detail>}', EventBridgeEventBusParameters: { Source: 'myapp.orders', DetailType: '$.detailType' } },
        RoleArn: 'arn:aws:iam::123456789012:role/orders-outbox-pipe',
      });
    } finally {
      world.dispose();
    }
  });

  it('turns a write to the table into an event on the bus, and lets the filter drop a delete', async () => {
    const world = buildLesson(outbox, files, nodeHost);
    try {
      const { cloud } = world;
      cloud.dynamodb.putItem({ TableName: 'orders', Item: { orderId: { S: 'o-1' }, status: { S: 'PLACED' } } });
      await cloud.clock.runUntilIdle();
      cloud.dynamodb.deleteItem({ TableName: 'orders', Key: { orderId: { S: 'o-1' } } });
      await cloud.clock.runUntilIdle();

      const delivered = cloud.sqs.peek('order-events').map((m) => JSON.parse(m.body) as Record<string, unknown>);
      expect(delivered).toEqual([expect.objectContaining({ source: 'myapp.orders', 'detail-type': 'OrderPlaced', detail: { order: { orderId: 'o-1', status: 'PLACED' } } })]);
      expect(cloud.pipes.executions('orders-outbox').map((e) => e.outcome)).toEqual(['succeeded', 'filtered']);
      expect(cloud.sqs.peek('outbox-failures')).toEqual([]);
    } finally {
      world.dispose();
    }
  }, 30_000);

  it('names the filter file, and says what is wrong with it, in EventBridge Pipes’ words when it refuses a pattern', () => {
    const withFilter = (text: string) => buildError(outbox, { ...files, 'filter.json': text });
    expect(withFilter('[{ "eventName": ["INSERT"] ')).toMatch(/^filter\.json: is not valid JSON \(.+\)\.$/);
    expect(withFilter('{ "eventName": ["INSERT"] }')).toBe('filter.json: must be a list of filter patterns, such as [{ "eventName": ["INSERT"] }].');
    expect(withFilter('[{ "eventName": ["INSERT"] }, "MODIFY"]')).toBe('filter.json: pattern 2: must be an object, not the string "MODIFY".');
    expect(withFilter('[{ "eventName": [{ "wildcard": "INS*" }] }]')).toBe(
      'filter.json: ValidationException: FilterCriteria.Filters[0].Pattern: EventBridge Pipes filters do not support wildcard; see the "Pipe support" column of EventBridge\'s comparison operators.',
    );
    expect(withFilter('[{ "eventName": "INSERT" }]')).toMatch(/^filter\.json: ValidationException: FilterCriteria\.Filters\[0\]\.Pattern: /);
    expect(withFilter(JSON.stringify(Array.from({ length: 6 }, () => ({ eventName: ['INSERT'] }))))).toBe(
      'filter.json: ValidationException: [array is too long: must have at most 5 elements but instance has 6 elements]',
    );
    expect(withFilter(JSON.stringify([{ eventName: ['x'.repeat(4100)] }]))).toMatch(/^filter\.json: ValidationException: \[string ".+" is too long \(length: 4118, maximum allowed: 4096\)\]$/);
    expect(buildError(outbox, { 'enrich.ts': files['enrich.ts'] })).toBe('filter.json: the lesson has no such file.');
  });

  it('leaves a refusal of the architecture’s own settings unattributed to the filter file', () => {
    const tooBig = structuredClone(outbox);
    tooBig.pipes![0]!.source.batchSize = 20;
    expect(() => buildLesson(tooBig, files, noCode)).toThrow(/^BatchSize 20 is larger than the 10 events an event bus target takes at once\.$/);
  });
});
