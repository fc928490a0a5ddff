// Fast checks of the CDK app's choices, without template validation or bundling: which files a stack is built
// from, physical names and prefixes, permissions derived from the code, and what parity compares.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons, REPO_ROOT, solutionFiles } from '../../src/lessons/node-loader.ts';
import { buildApp, optionsFromContext } from '../../infra/lib/app.ts';
import { handlerFile, resolveLesson } from '../../infra/lib/lesson-source.ts';
import { codeCalls } from '../../infra/lib/permissions.ts';
import { addressedTo, differences, normalizePayload, requestsStartedSince, simulate } from '../../infra/scripts/parity.ts';
import { FIXTURE_COURSE, inPartitionAws, logicalIdByName, referenced, resources, stagingRoot, templateText, type Template } from './support.ts';

process.env.CDK_VALIDATION = 'false';
const NO_BUNDLING = { context: { 'aws:cdk:bundling-stacks': [] } };
const staging = stagingRoot('unit');
afterAll(() => staging.cleanup());

async function synthFixture(code: 'solution' | 'workspace', prefix = 'fx') {
  const outdir = mkdtempSync(join(tmpdir(), 'workbook-cdk-unit-'));
  try {
    const { app, stacks } = await buildApp({ code, prefix, root: FIXTURE_COURSE, stageRoot: staging.stageRoot }, { outdir, ...NO_BUNDLING });
    return app.synth().getStackByName(stacks[0]!.stackName).template as Template;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('which code a stack deploys', () => {
  it('stages the solution over the starter by default, and the learner’s workspace with -c code=workspace', async () => {
    await synthFixture('solution');
    expect(readFileSync(join(staging.stageRoot, 'solution', '90-every-feature', 'handler.ts'), 'utf8')).toContain('FIXTURE-STARTER-HANDLER');
    const workspace = await synthFixture('workspace');
    expect(readFileSync(join(staging.stageRoot, 'workspace', '90-every-feature', 'handler.ts'), 'utf8')).toContain('FIXTURE-WORKSPACE-HANDLER');
    // The workspace handler no longer reads the table, so its role no longer may.
    const statements = resources(workspace, 'AWS::IAM::Policy').flatMap(([, r]) => r.Properties!.PolicyDocument.Statement as { Action: string | string[] }[]);
    expect(statements.flatMap((s) => [s.Action].flat())).not.toContain('dynamodb:GetItem');
    expect(statements.flatMap((s) => [s.Action].flat())).toContain('dynamodb:PutItem');
  });

  it('refuses a pattern file EventBridge would refuse, naming the file, in the simulator’s words', async () => {
    const [lesson] = await loadLessons({ root: FIXTURE_COURSE });
    const broken = { ...lesson!, workspace: { 'pattern.json': '{ "source": "myapp.shop" }' } };
    expect(() => resolveLesson(broken, 'workspace', false)).toThrow(/^pattern\.json: InvalidEventPatternException: /);
  });

  it('refuses a lesson whose target names a queue its architecture does not declare, naming the lesson, the target and the name', async () => {
    const root = mkdtempSync(join(tmpdir(), 'workbook-cdk-references-'));
    try {
      cpSync(FIXTURE_COURSE, root, { recursive: true });
      const file = join(root, 'lessons', '90-every-feature', 'architecture.ts');
      const contract = pathToFileURL(join(REPO_ROOT, 'src', 'lessons', 'architecture.ts')).href;
      const text = readFileSync(file, 'utf8').replace(/from '[./]+src\/lessons\/architecture\.ts'/, `from '${contract}'`);
      writeFileSync(file, text.replace("to: { queue: 'orders-seen' }", "to: { queue: 'orders-sen' }"));
      await expect(buildApp({ code: 'solution', prefix: 'fx', root, stageRoot: staging.stageRoot }, NO_BUNDLING)).rejects.toThrow(
        'lessons/90-every-feature/architecture.ts: The rule order-placed\'s target seen names the queue "orders-sen", but the architecture declares no queue of that name (it has "orders-seen", "orders-dlq", "invocation-records", "escalations-dlq").',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('names', () => {
  it('starts every physical name with <prefix>-<NN>-, so learners and lessons share an account', async () => {
    const template = await synthFixture('solution', 'alice');
    const names = Object.values(template.Resources).flatMap((r) => [r.Properties?.FunctionName, r.Properties?.QueueName, r.Properties?.TopicName, r.Properties?.TableName, r.Properties?.AlarmName].filter((n) => typeof n === 'string'));
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(name).toMatch(/^alice-90-/);
    const rule = resources(template, 'AWS::Events::Rule').map(([, r]) => r.Properties!.Name);
    expect(rule).toContain('alice-90-order-placed');
    // An alarm's dimensions name the deployed resources, not the architecture's names.
    const [, alarm] = resources(template, 'AWS::CloudWatch::Alarm')[0]!;
    expect(alarm.Properties!.Dimensions).toEqual(expect.arrayContaining([{ Name: 'RuleName', Value: 'alice-90-order-placed' }, { Name: 'EventBusName', Value: 'alice-90-orders' }]));
  });

  it('maps environment values that name lesson resources or the SES identity', async () => {
    const template = await synthFixture('solution');
    const [, fn] = resources(template, 'AWS::Lambda::Function')[0]!;
    const vars = fn.Properties!.Environment.Variables;
    expect(vars.TABLE_NAME).toBe('fx-90-orders');
    expect(vars.BUS_NAME).toBe('fx-90-orders');
    expect(vars.PLAIN).toBe('unchanged');
    expect(vars.FROM_ADDRESS).toEqual({ 'Fn::Join': ['', ['orders@', { Ref: 'SenderEmail' }]] });
  });

  it('explains a bad prefix, code or lesson list', () => {
    const context = (values: Record<string, string>) => (key: string) => values[key];
    expect(() => optionsFromContext(context({ prefix: 'Alice Smith' }))).toThrow('-c prefix=Alice Smith: use 1 to 20 lower-case letters');
    expect(() => optionsFromContext(context({ code: 'mine' }))).toThrow("-c code=mine: use -c code=solution (the default) or -c code=workspace (the learner's files).");
    expect(() => optionsFromContext(context({ lessons: '03,x' }))).toThrow('-c lessons=03,x: use lesson numbers');
    expect(optionsFromContext(context({ lessons: '03,4' }))).toEqual({ code: 'solution', prefix: 'workbook', lessons: [3, 4] });
    expect(optionsFromContext(context({ partnerSources: 'aws.partner/a.com/1/x=aws.partner/a.com/2/y' })).partnerSources).toEqual({ 'aws.partner/a.com/1/x': 'aws.partner/a.com/2/y' });
    expect(() => optionsFromContext(context({ partnerSources: 'aws.partner/a.com/1/x' }))).toThrow('-c partnerSources=aws.partner/a.com/1/x: use <the lesson');
  });
});

describe('bus policies', () => {
  it('deploys one EventBusPolicy per statement, on the bus it names, under a StatementId prefixed like every name', async () => {
    const alice = await synthFixture('solution', 'alice');
    const bob = await synthFixture('solution', 'bob');
    const policies = (template: Template) => resources(template, 'AWS::Events::EventBusPolicy').map(([, r]) => r.Properties!);
    // The StatementId is the resource's physical id, unique in the account (aws/aws-cdk#29627): two learners' stacks must not share one.
    expect(policies(alice).map((p) => p.StatementId)).toEqual(['alice-90-warehouse-publishes', 'alice-90-ops-adds-rules']);
    expect(policies(bob).map((p) => p.StatementId)).toEqual(['bob-90-warehouse-publishes', 'bob-90-ops-adds-rules']);
    const [onOrders, onDefault] = policies(alice);
    // EventBusName is always given: without it the policy would go to the default bus (aws/aws-cdk#14371).
    expect(referenced(onOrders!.EventBusName)).toBe(logicalIdByName(alice, 'AWS::Events::EventBus', 'Name', 'alice-90-orders'));
    expect(onDefault!.EventBusName).toBe('default');
    expect(inPartitionAws(onOrders!.Statement)).toMatchObject({
      Sid: 'alice-90-warehouse-publishes',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'events:PutEvents',
      Condition: { 'ForAllValues:StringEquals': { 'events:source': ['shop.warehouse', 'shop.returns'] } },
    });
    expect(inPartitionAws(onDefault!.Statement)).toMatchObject({ Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['events:PutRule', 'events:PutTargets'] });
    expect(onDefault!.Statement.Condition).toBeUndefined();
  });
});

describe('bus logging', () => {
  /** A stack's template and warnings, synthesized without bundling. */
  async function synthWithWarnings(options: { lessons?: number[]; root?: string; partnerSources?: Record<string, string> }) {
    const outdir = mkdtempSync(join(tmpdir(), 'workbook-cdk-unit-'));
    try {
      const { app, stacks } = await buildApp({ code: 'solution', prefix: 'fx', stageRoot: staging.stageRoot, ...options }, { outdir, ...NO_BUNDLING });
      const template = app.synth().getStackByName(stacks[0]!.stackName).template as Template;
      return { template, warnings: stacks[0]!.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data)) };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  const CRM = 'aws.partner/crm.example.com/1234567890/deals';
  const LIVE = 'aws.partner/crm.example.com/9876543210/deals-live';
  /** The fixture with its partner bus deployed: the first synth of a run pays for loading the CDK, so it gets time. */
  let fixture: { template: Template; warnings: string[] };
  beforeAll(async () => {
    fixture = await synthWithWarnings({ root: FIXTURE_COURSE, partnerSources: { [CRM]: LIVE } });
  }, 60_000);

  it('sets each custom and partner bus’s LogConfig, and delivers its ERROR, INFO and TRACE logs to its log group through one destination per group', () => {
    const { template, warnings } = fixture;
    const orders = logicalIdByName(template, 'AWS::Events::EventBus', 'Name', 'fx-90-orders');
    const partner = logicalIdByName(template, 'AWS::Events::EventBus', 'EventSourceName', LIVE);
    // IncludeDetail NONE is written out when the lesson leaves it out, as the simulator's UpdateEventBus does.
    expect(template.Resources[orders]!.Properties!.LogConfig).toEqual({ Level: 'TRACE', IncludeDetail: 'FULL' });
    expect(template.Resources[partner]!.Properties!.LogConfig).toEqual({ Level: 'ERROR', IncludeDetail: 'NONE' });

    const group = logicalIdByName(template, 'AWS::Logs::LogGroup', 'LogGroupName', '/aws/vendedlogs/events/event-bus/fx-90-orders');
    const destinations = resources(template, 'AWS::Logs::DeliveryDestination');
    expect(destinations).toHaveLength(1);
    const [destinationId, destination] = destinations[0]!;
    expect(destination.Properties!.Name).toBe('fx-90-orders-log-group');
    // The log group's ARN, without the `:*` of its Fn::GetAtt Arn.
    expect(templateText(destination.Properties!.DestinationResourceArn)).toBe(`arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${${group}}`);

    const sources = resources(template, 'AWS::Logs::DeliverySource').map(([id, r]) => ({ id, Name: r.Properties!.Name as string, LogType: r.Properties!.LogType as string, ResourceArn: r.Properties!.ResourceArn as unknown }));
    expect(sources.map((s) => [s.Name, s.LogType, referenced(s.ResourceArn)])).toEqual([
      ['fx-90-orders-error-logs', 'ERROR_LOGS', orders],
      ['fx-90-orders-info-logs', 'INFO_LOGS', orders],
      ['fx-90-orders-trace-logs', 'TRACE_LOGS', orders],
      ['fx-90-deals-error-logs', 'ERROR_LOGS', partner],
      ['fx-90-deals-info-logs', 'INFO_LOGS', partner],
      ['fx-90-deals-trace-logs', 'TRACE_LOGS', partner],
    ]);

    const deliveries = resources(template, 'AWS::Logs::Delivery') as [string, { Properties: Record<string, any>; DependsOn?: string[] }][];
    expect(deliveries.map(([, d]) => d.Properties.DeliverySourceName)).toEqual(sources.map((s) => s.Name));
    const policy = logicalIdByName(template, 'AWS::Logs::ResourcePolicy', 'PolicyName', 'fx-90-events-to-logs');
    deliveries.forEach(([, delivery], i) => {
      expect(delivery.Properties.DeliveryDestinationArn).toEqual({ 'Fn::GetAtt': [destinationId, 'Arn'] });
      // After its source and the log group's policy, and one at a time: CreateDelivery refuses concurrent calls.
      expect(delivery.DependsOn).toEqual(expect.arrayContaining([sources[i]!.id, policy, ...(i > 0 ? [deliveries[i - 1]![0]] : [])]));
    });

    expect(warnings.filter((w) => w.includes('LogConfig') || w.includes('bus logging'))).toEqual([]);
  });

  it('lets only the log delivery service write the bus logs, to that log group’s streams, for this account', () => {
    const { template } = fixture;
    const [, policy] = resources(template, 'AWS::Logs::ResourcePolicy')[0]!;
    const group = logicalIdByName(template, 'AWS::Logs::LogGroup', 'LogGroupName', '/aws/vendedlogs/events/event-bus/fx-90-orders');
    const statements = JSON.parse(templateText(policy.Properties!.PolicyDocument)).Statement as Record<string, any>[];
    const forDelivery = statements.filter((s) => s.Principal.Service === 'delivery.logs.amazonaws.com');
    // The statement AWS documents for a log group receiving vended logs; the two buses logging to the group share it.
    const documented = {
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: `arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${${group}}:log-stream:*`,
      Condition: { StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' }, ArnLike: { 'aws:SourceArn': 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:*' } },
    };
    expect(forDelivery).toContainEqual(documented);
    // Every other statement is the log-group targets' (EventBridge writing matched events), on their own groups.
    for (const statement of statements.filter((s) => s.Condition === undefined)) expect(statement.Resource).not.toContain(group);
  });

  it('leaves out the logs of a partner bus that is not deployed, with the bus', async () => {
    const { template } = await synthWithWarnings({ root: FIXTURE_COURSE });
    expect(resources(template, 'AWS::Logs::DeliverySource').map(([, r]) => r.Properties!.Name)).toEqual(['fx-90-orders-error-logs', 'fx-90-orders-info-logs', 'fx-90-orders-trace-logs']);
  });

  it('delivers lesson 05’s default bus logs, and warns, with the command, that CloudFormation cannot set the default bus’s LogConfig', async () => {
    const { template, warnings } = await synthWithWarnings({ lessons: [5] });
    // No AWS::Events::EventBus: CloudFormation cannot create the default bus, only import it.
    expect(resources(template, 'AWS::Events::EventBus')).toEqual([]);
    const sources = resources(template, 'AWS::Logs::DeliverySource').map(([, r]) => r.Properties!);
    expect(sources.map((s) => s.Name)).toEqual(['fx-05-default-error-logs', 'fx-05-default-info-logs', 'fx-05-default-trace-logs']);
    for (const source of sources) expect(templateText(source.ResourceArn)).toBe('arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/default');
    expect(resources(template, 'AWS::Logs::DeliveryDestination').map(([, r]) => r.Properties!.Name)).toEqual(['fx-05-default-log-group']);
    expect(resources(template, 'AWS::Logs::Delivery')).toHaveLength(3);
    logicalIdByName(template, 'AWS::Logs::LogGroup', 'LogGroupName', '/aws/vendedlogs/events/event-bus/fx-05-default');
    expect(warnings.some((w) => w.includes('does not set up bus logging yet'))).toBe(false);
    const [warning, ...others] = warnings.filter((w) => w.includes('default bus'));
    expect(others).toEqual([]);
    expect(warning).toContain('CloudFormation cannot create the default bus, only import an existing one into a stack');
    expect(warning).toContain('https://docs.aws.amazon.com/eventbridge/latest/userguide/event-bus-update-default-cfn.html');
    expect(warning).toContain('aws events update-event-bus --name default --log-config Level=INFO,IncludeDetail=NONE');
  });
});

describe('SaaS partners and API destinations', () => {
  it('leaves out a partner bus and its rules, with a warning that says how to deploy them, when no real partner source is given', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'workbook-cdk-unit-'));
    try {
      const { app, stacks } = await buildApp({ code: 'solution', prefix: 'fx', root: FIXTURE_COURSE, stageRoot: staging.stageRoot }, { outdir, ...NO_BUNDLING });
      const template = app.synth().getStackByName(stacks[0]!.stackName).template as Template;
      expect(resources(template, 'AWS::Events::EventBus').map(([, r]) => r.Properties!.Name)).toEqual(['fx-90-orders']);
      expect(resources(template, 'AWS::Events::Rule').map(([, r]) => r.Properties!.Name)).not.toContain('fx-90-deal-closed');
      // The connections and destinations are deployed all the same.
      expect(resources(template, 'AWS::Events::ApiDestination').map(([, r]) => r.Properties!.Name)).toEqual(['fx-90-issue-invoice', 'fx-90-post-ledger', 'fx-90-crm-notes']);
      const warnings = stacks[0]!.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
      expect(warnings).toContainEqual(expect.stringContaining('-c partnerSources=aws.partner/crm.example.com/1234567890/deals=<the real source'));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('never puts a connection’s secret in the template: it names a Secrets Manager secret, the connection’s deployed name unless told otherwise', async () => {
    const template = await synthFixture('solution');
    const text = JSON.stringify(template);
    for (const secret of ['test-key-123', 'test-password', 'test-client-secret']) expect(text).not.toContain(secret);
    expect(template.Parameters).toMatchObject({ ConnectionInvoicingCredential: { Type: 'String', Default: 'fx-90-invoicing' } });
  });
});

describe('permissions from the code', () => {
  it('grants the actions of the commands a handler imports, following its own imports and skipping type imports', () => {
    const files = {
      'handler.ts': "import type { SNSClient } from '@aws-sdk/client-sns';\nimport { PutCommand, GetCommand as Get } from '@aws-sdk/lib-dynamodb';\nimport { x } from './lib/x.ts';",
      'lib/x.ts': "import { PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';\nimport { DeleteRuleCommand } from '@aws-sdk/client-eventbridge';",
    };
    const { actions, unknown } = codeCalls(files, 'handler.ts');
    expect([...actions.get('dynamodb')!].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect([...actions.get('events')!]).toEqual(['events:PutEvents']);
    expect(actions.has('sns')).toBe(false);
    expect(unknown).toEqual(['DeleteRuleCommand (@aws-sdk/client-eventbridge)']);
  });

  it('grants a write transaction each item action it may hold, and a read transaction GetItem, in both SDK packages', () => {
    const dynamodbActions = (handler: string) => [...(codeCalls({ 'handler.ts': handler }, 'handler.ts').actions.get('dynamodb') ?? [])].sort();
    const write = ['dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
    expect(dynamodbActions("import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';")).toEqual(write);
    expect(dynamodbActions("import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';\nimport { marshall } from '@aws-sdk/util-dynamodb';")).toEqual(write);
    expect(dynamodbActions("import { TransactGetItemsCommand } from '@aws-sdk/client-dynamodb';")).toEqual(['dynamodb:GetItem']);
    expect(dynamodbActions("import { TransactGetCommand } from '@aws-sdk/lib-dynamodb';")).toEqual(['dynamodb:GetItem']);
    expect(codeCalls({ 'handler.ts': "import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';\nimport { marshall } from '@aws-sdk/util-dynamodb';" }, 'handler.ts').unknown).toEqual([]);
  });

  it('warns about a package reached without a command it can read, whatever the import looks like', () => {
    const unknownFor = (handler: string) => codeCalls({ 'handler.ts': handler }, 'handler.ts').unknown;
    expect(unknownFor("import * as ses from '@aws-sdk/client-sesv2';")).toEqual(['namespace import (@aws-sdk/client-sesv2) but no …Command by name']);
    expect(unknownFor("import { SESv2 } from '@aws-sdk/client-sesv2';")).toEqual(['SESv2 (@aws-sdk/client-sesv2) but no …Command by name']);
    expect(unknownFor("import Sns, { SNS } from '@aws-sdk/client-sns';")).toEqual(['default import, SNS (@aws-sdk/client-sns) but no …Command by name']);
    expect(unknownFor("const { SQS } = require('@aws-sdk/client-sqs');")).toEqual(['require() (@aws-sdk/client-sqs) but no …Command by name']);
    // A client built in one file and a command imported in another, or a document client's commands with the base
    // package's client and errors, are the usual shapes: nothing to warn about.
    const split = { 'handler.ts': "import { client } from './client.ts';\nimport { SendEmailCommand } from '@aws-sdk/client-sesv2';", 'client.ts': "import { SESv2Client } from '@aws-sdk/client-sesv2';" };
    expect(codeCalls(split, 'handler.ts').unknown).toEqual([]);
    expect(unknownFor("import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { PutCommand } from '@aws-sdk/lib-dynamodb';")).toEqual([]);
  });
});

describe('EventBridge Scheduler', () => {
  const statementsOf = (template: Template, functionName: string) => {
    const [, fn] = resources(template, 'AWS::Lambda::Function').find(([, r]) => r.Properties!.FunctionName === functionName)!;
    const role = referenced(fn.Properties!.Role);
    return resources(template, 'AWS::IAM::Policy')
      .filter(([, r]) => (r.Properties!.Roles as unknown[]).some((ref) => referenced(ref) === role))
      .flatMap(([, r]) => r.Properties!.PolicyDocument.Statement as Record<string, any>[])
      .filter((statement) => ![statement.Action].flat().every((action: string) => action.startsWith('logs:')));
  };

  it('gives a function the ARNs its environment names: the target function, the DLQ, and its group’s scheduler role', async () => {
    const template = await synthFixture('solution');
    const [, fn] = resources(template, 'AWS::Lambda::Function').find(([, r]) => r.Properties!.FunctionName === 'fx-90-open-ticket')!;
    const vars = fn.Properties!.Environment.Variables;
    const text = (value: unknown) => JSON.stringify(value);
    expect(vars.GROUP).toBe('fx-90-ticket-escalations');
    expect(text(vars.ESCALATE_ARN)).toMatch(/":lambda:".*":function:fx-90-escalate-ticket"/);
    expect(text(vars.DLQ_ARN)).toMatch(/":sqs:".*":fx-90-escalations-dlq"/);
    expect(text(vars.SCHEDULER_ROLE_ARN)).toMatch(/":iam::".*":role\/fx-90-ticket-escalations-scheduler"/);
    const [, role] = resources(template, 'AWS::IAM::Role').find(([, r]) => r.Properties!.RoleName === 'fx-90-ticket-escalations-scheduler')!;
    expect(role.Properties!.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
  });

  it('lets a function call Scheduler on its group’s schedules only, and pass that group’s role to Scheduler only', async () => {
    const template = await synthFixture('solution');
    const groupRole = resources(template, 'AWS::IAM::Role').find(([, r]) => r.Properties!.RoleName === 'fx-90-ticket-escalations-scheduler')![0];
    const schedules = (statement: Record<string, any>) => JSON.stringify(statement.Resource).match(/schedule\/[^"]*/)?.[0];
    const shape = (statement: Record<string, any>) => ({
      Action: statement.Action,
      Resource: statement.Resource === '*' ? '*' : (schedules(statement) ?? referenced(statement.Resource)),
      ...(statement.Condition ? { Condition: statement.Condition } : {}),
    });
    const passRole = { Action: 'iam:PassRole', Resource: groupRole, Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } };
    expect(statementsOf(template, 'fx-90-open-ticket').map(shape)).toEqual([{ Action: 'scheduler:CreateSchedule', Resource: 'schedule/fx-90-ticket-escalations/*' }, passRole]);
    expect(statementsOf(template, 'fx-90-answer-ticket').map(shape)).toEqual([
      { Action: ['scheduler:DeleteSchedule', 'scheduler:GetSchedule', 'scheduler:UpdateSchedule'], Resource: 'schedule/fx-90-ticket-escalations/*' },
      { Action: 'scheduler:ListSchedules', Resource: '*' },
      passRole,
    ]);
    // The function Scheduler invokes makes no AWS call, and gets no permission.
    expect(statementsOf(template, 'fx-90-escalate-ticket')).toEqual([]);
  });

  it('maps each Scheduler command to its IAM actions, creating and updating passing the role', () => {
    const handler = "import { CreateScheduleCommand, DeleteScheduleCommand, GetScheduleCommand, ListSchedulesCommand, SchedulerClient, UpdateScheduleCommand } from '@aws-sdk/client-scheduler';";
    const { actions, unknown } = codeCalls({ 'handler.ts': handler }, 'handler.ts');
    expect(unknown).toEqual([]);
    expect([...actions.get('scheduler')!].sort()).toEqual(['iam:PassRole', 'scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule', 'scheduler:ListSchedules', 'scheduler:UpdateSchedule']);
  });

  it('warns that a schedule’s ActionAfterCompletion is simulated only', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'workbook-cdk-unit-'));
    try {
      const { app, stacks } = await buildApp({ code: 'solution', prefix: 'fx', root: FIXTURE_COURSE, stageRoot: staging.stageRoot }, { outdir, ...NO_BUNDLING });
      app.synth();
      const warnings = stacks[0]!.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
      expect(warnings).toContainEqual(expect.stringContaining('schedule reminder deletes itself after its last invocation in the simulator'));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('least privilege, lesson by lesson', () => {
  it('reads every call in every lesson’s starter and solution, so none is denied on AWS unannounced', async () => {
    for (const lesson of await loadLessons()) {
      // A pipe's enrichment answers the pipe with data, and may rightly make no call of its own.
      const enrichments = new Set((lesson.architecture.pipes ?? []).flatMap((pipe) => (pipe.enrichment ? [pipe.enrichment.function] : [])));
      for (const fn of lesson.architecture.functions ?? []) {
        for (const [view, files] of [['starter', lesson.starter], ['solution', solutionFiles(lesson)]] as const) {
          const calls = codeCalls(files, handlerFile(files, fn.handler).file);
          expect(calls.unknown, `${lesson.id} ${fn.name} (${view})`).toEqual([]);
          if (!enrichments.has(fn.name)) expect(calls.actions.size, `${lesson.id} ${fn.name} (${view}) makes AWS calls`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('lets each of lesson 04’s consumers make its one call on its own table only', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'workbook-cdk-unit-'));
    try {
      const { app, stacks } = await buildApp({ code: 'solution', prefix: 'fx', lessons: [4], stageRoot: staging.stageRoot }, { outdir, ...NO_BUNDLING });
      const template = app.synth().getStackByName(stacks[0]!.stackName).template as Template;
      const callsOf = (functionName: string) => {
        const [, fn] = resources(template, 'AWS::Lambda::Function').find(([, r]) => r.Properties!.FunctionName === functionName)!;
        const role = referenced(fn.Properties!.Role);
        return resources(template, 'AWS::IAM::Policy')
          .filter(([, r]) => (r.Properties!.Roles as unknown[]).some((ref) => referenced(ref) === role))
          .flatMap(([, r]) => r.Properties!.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
          .filter((statement) => ![statement.Action].flat().every((action) => action.startsWith('logs:')))
          .map((statement) => ({ Action: statement.Action, Resource: [statement.Resource].flat().map(referenced) }));
      };
      const table = (name: string) => resources(template, 'AWS::DynamoDB::Table').find(([, r]) => r.Properties!.TableName === name)![0];
      expect(callsOf('fx-04-signup-audit')).toEqual([{ Action: 'dynamodb:PutItem', Resource: [table('fx-04-signup-audit')] }]);
      expect(callsOf('fx-04-signup-analytics')).toEqual([{ Action: 'dynamodb:UpdateItem', Resource: [table('fx-04-signup-counts')] }]);
      expect(callsOf('fx-04-welcome-email').map((s) => s.Action)).toEqual(['ses:SendEmail']);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('parity', () => {
  it('reports nothing when both sides agree, and each difference by sample, function and queue', () => {
    const same = { matched: { A: ['r1'] }, invocations: { f: 1 }, payloads: { q: ['{"a":1}'] } };
    expect(differences(same, same)).toEqual([]);
    expect(differences(same, { matched: { A: [] }, invocations: { f: 2 }, payloads: { q: [] } })).toEqual([
      'matched rules for sample "A": AWS ["r1"], simulator []',
      'events handled by f: AWS 1, simulator 2',
      'queue q: AWS delivered, simulator did not: {"a":1}',
    ]);
  });

  it('counts the events a function began handling in the run, a retry once, and an earlier run’s retry not at all', () => {
    const start = (id: string, timestamp: number) => ({ message: `START RequestId: ${id} Version: $LATEST`, timestamp });
    const lines = [start('old', 100), start('a', 1000), start('old', 1100), start('a', 61_000), start('b', 2000), { message: 'END RequestId: b', timestamp: 2100 }];
    expect([...requestsStartedSince(lines, 1000)].sort()).toEqual(['a', 'b']);
  });

  it('sends samples to the recipient it is given, not to the made-up addresses in them', async () => {
    const [lesson] = await loadLessons({ only: [4] });
    const samples = addressedTo(lesson!.architecture.sampleEvents, 'success@simulator.amazonses.com');
    expect(JSON.stringify(lesson!.architecture.sampleEvents)).toMatch(/@example\.com/);
    expect(JSON.stringify(samples)).not.toMatch(/@example\.com/);
    expect(samples.map((s) => s.entry.Detail.email)).toEqual(samples.map(() => 'success@simulator.amazonses.com'));
    expect(samples.map((s) => s.entry.Detail.userId)).toEqual(lesson!.architecture.sampleEvents.map((s) => s.entry.Detail.userId));
  });

  it('compares payloads without the fields AWS fills in per event and account', () => {
    const body = (id: string, account: string) => JSON.stringify({ id, account, region: 'eu-west-1', time: 'x', resources: [`arn:aws:events:eu-west-1:${account}:rule/r`], detail: { a: 1 } });
    expect(normalizePayload(body('1', '111111111111'))).toBe(normalizePayload(body('2', '222222222222')));
  });

  it('observes the simulator side offline: matched rules and queue payloads for lesson 02', async () => {
    const [lesson] = await loadLessons({ only: [2] });
    const observed = await simulate(lesson!.architecture, solutionFiles(lesson!));
    expect(observed.matched).toMatchObject({ UserSignedUp: ['user-signed-up'], UserDeleted: [] });
    expect(observed.payloads.signups).toHaveLength(Object.values(observed.matched).filter((m) => m.length > 0).length);
  });

  it('counts a failing event once in the simulator too, though Lambda tried it three times', async () => {
    const [lesson] = await loadLessons({ only: [5] });
    const observed = await simulate(lesson!.architecture, lesson!.starter); // the starter fails for some signups
    expect(observed.invocations['welcome-email']).toBe(lesson!.architecture.sampleEvents.length);
  });
});
