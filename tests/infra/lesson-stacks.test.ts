// The instructors' CDK app, synthesized for real: every lesson stack (and a fixture lesson that uses every
// feature of architecture.ts) with AWS's template validation on, cdk-nag's AwsSolutions checks on, and the
// handlers bundled by esbuild. Then each template is held against the simulator: the same rules, patterns,
// schedules, input transformers, retry policies and DLQs, and handlers bundled from the lesson's own files.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFileRef, type AlarmSpec, type PipeDeadLetterRef, type PipeTargetRef, type TargetRef } from '../../src/lessons/architecture.ts';
import { loadLessons, solutionFiles, type LessonSource } from '../../src/lessons/node-loader.ts';
import { buildApp } from '../../infra/lib/app.ts';
import { handlerFile } from '../../infra/lib/lesson-source.ts';
import { FIXTURE_COURSE, inPartitionAws, logicalIdByName, stagingRoot, plain, referenced, resources, simulatorBusLogs, simulatorBusPolicies, simulatorPipes, simulatorRules, simulatorSchedules, templateText, type Template } from './support.ts';

delete process.env.CDK_VALIDATION; // validation on: this is the one test that pays for it

/** Every acknowledged cdk-nag finding, with the reason a reviewer reads; a new one must be added here on purpose. */
const ACKNOWLEDGED = [
  'AwsSolutions-SQS3',
  'AwsSolutions-DDB3',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]',
  'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:replay/*]',
  // A function that creates schedules at run time: the schedules of one of its lesson's groups, and ListSchedules.
  /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/class1-\d\d-[a-z0-9-]+\/\*\]$/,
  'AwsSolutions-IAM5[Resource::*]',
];

/** The fixture's partner source, deployed as if the partner had offered this real one. */
const PARTNER_SOURCES = { 'aws.partner/crm.example.com/1234567890/deals': 'aws.partner/crm.example.com/9876543210/deals-live' };

const course = await loadLessons();
/** The course's partner sources (lesson 10's SaaS CRM), deployed as if the partner had offered each one for real. */
const COURSE_PARTNER_SOURCES = Object.fromEntries(
  course.flatMap((lesson) => lesson.architecture.partnerSources ?? []).map(({ name }) => [name, `${name}-live`]),
);

const courses = [
  { name: 'the course', root: undefined, lessons: course, partnerSources: COURSE_PARTNER_SOURCES as Record<string, string> },
  { name: 'the fixture lesson that uses every feature', root: FIXTURE_COURSE, lessons: await loadLessons({ root: FIXTURE_COURSE }), partnerSources: PARTNER_SOURCES as Record<string, string> },
];

describe.each(courses)('the CDK app for $name', ({ root, lessons, partnerSources }) => {
  const prefix = 'class1';
  let outdir: string;
  let templates: Map<string, Template>;
  let warnings: Map<string, string[]>;
  let acknowledged: { id: string; reason: string }[];
  const staging = stagingRoot('synth');

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), 'workbook-cdk-'));
    const { app, stacks } = await buildApp({ code: 'solution', prefix, stageRoot: staging.stageRoot, ...(root ? { root } : {}), ...(partnerSources ? { partnerSources } : {}) }, { outdir });
    // Throws when CloudFormation validation or cdk-nag finds anything not acknowledged.
    const assembly = app.synth();
    templates = new Map(stacks.map((stack) => [stack.lesson.id, assembly.getStackByName(stack.stackName).template as Template]));
    warnings = new Map(stacks.map((stack) => [stack.lesson.id, stack.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data))]));
    acknowledged = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
  }, 120_000);
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    staging.cleanup();
  });

  it('synthesizes one stack per lesson, with template validation and no unacknowledged cdk-nag finding', () => {
    expect([...templates.keys()]).toEqual(lessons.map((l) => l.id));
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
    expect(report.pluginReports.flatMap((p) => p.violations ?? [])).toEqual([]);
  });

  it('acknowledges only the reviewed cdk-nag findings, each with a written reason', () => {
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      const finding = id.replace(/^[A-Za-z]+::/, '');
      expect(ACKNOWLEDGED.some((known) => (typeof known === 'string' ? known === finding : known.test(finding))), finding).toBe(true);
      expect(reason.length).toBeGreaterThan(120);
    }
  });

  describe.each(lessons)('lesson $id', (lesson: LessonSource) => {
    const nn = String(lesson.number).padStart(2, '0');
    const physical = (name: string) => `${prefix}-${nn}-${name}`;
    const files = solutionFiles(lesson);
    const template = () => templates.get(lesson.id)!;

    /** The logical id of the resource a target (or destination) refers to, found by its name in the account. */
    const partnerBuses = new Set(lesson.architecture.partnerBuses ?? []);
    /** A rule's pattern as deployed: the lesson's partner sources named by their real names. */
    const deployedPattern = (text: string) => JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? (partnerSources?.[value] ?? value) : value));
    const resourceFor = (ref: TargetRef): string => {
      if ('apiDestination' in ref) return logicalIdByName(template(), 'AWS::Events::ApiDestination', 'Name', physical(ref.apiDestination));
      if ('bus' in ref && partnerBuses.has(ref.bus)) return logicalIdByName(template(), 'AWS::Events::EventBus', 'EventSourceName', partnerSources![ref.bus]!);
      if ('function' in ref) return logicalIdByName(template(), 'AWS::Lambda::Function', 'FunctionName', physical(ref.function));
      if ('queue' in ref) return logicalIdByName(template(), 'AWS::SQS::Queue', 'QueueName', physical(ref.queue));
      if ('topic' in ref) return logicalIdByName(template(), 'AWS::SNS::Topic', 'TopicName', physical(ref.topic));
      if ('bus' in ref) return logicalIdByName(template(), 'AWS::Events::EventBus', 'Name', physical(ref.bus));
      const slash = ref.logGroup.lastIndexOf('/');
      return logicalIdByName(template(), 'AWS::Logs::LogGroup', 'LogGroupName', `${ref.logGroup.slice(0, slash + 1)}${physical(ref.logGroup.slice(slash + 1))}`);
    };

    it('gives each rule the pattern, schedule, state and bus the simulator uses', () => {
      for (const simulated of simulatorRules(lesson, files)) {
        const [, rule] = resources(template(), 'AWS::Events::Rule').find(([, r]) => r.Properties!.Name === physical(simulated.name))!;
        const p = rule.Properties!;
        expect(p.EventPattern, `rule ${simulated.name}: pattern`).toEqual(simulated.EventPattern === undefined ? undefined : deployedPattern(simulated.EventPattern));
        expect(p.ScheduleExpression, `rule ${simulated.name}: schedule`).toBe(simulated.ScheduleExpression);
        expect(p.State ?? 'ENABLED').toBe(simulated.State ?? 'ENABLED');
        if (simulated.bus === 'default') expect(p.EventBusName).toBeUndefined();
        else expect(referenced(p.EventBusName)).toBe(resourceFor({ bus: simulated.bus }));
      }
    });

    it('gives each target its id, input, input path or input transformer, retry policy and DLQ as the simulator has them', () => {
      for (const simulated of simulatorRules(lesson, files)) {
        const spec = lesson.architecture.rules!.find((r) => r.name === simulated.name)!;
        const [, rule] = resources(template(), 'AWS::Events::Rule').find(([, r]) => r.Properties!.Name === physical(simulated.name))!;
        const deployed = rule.Properties!.Targets as Record<string, any>[];
        expect(deployed.map((t) => t.Id)).toEqual(simulated.Targets.map((t) => t.Id));
        for (const target of simulated.Targets) {
          const t = deployed.find((d) => d.Id === target.Id)!;
          const declared = spec.targets.find((d) => d.id === target.Id)!;
          expect(referenced(t.Arn), `target ${target.Id}`).toBe(resourceFor(declared.to));
          expect(t.Input).toBe(target.Input);
          expect(t.InputPath).toBe(target.InputPath);
          expect(t.InputTransformer).toEqual(plain(target.InputTransformer));
          expect(t.RetryPolicy).toEqual(plain(target.RetryPolicy));
          expect(t.HttpParameters).toEqual(plain(target.HttpParameters));
          expect(referenced(t.DeadLetterConfig?.Arn)).toBe(declared.deadLetterQueue ? resourceFor({ queue: declared.deadLetterQueue }) : undefined);
        }
      }
    });

    it('lets EventBridge invoke each function target and write to each queue target and DLQ', () => {
      const rules = lesson.architecture.rules ?? [];
      for (const rule of rules) {
        const ruleId = logicalIdByName(template(), 'AWS::Events::Rule', 'Name', physical(rule.name));
        for (const target of rule.targets) {
          if ('function' in target.to) {
            const fn = resourceFor(target.to);
            const permission = resources(template(), 'AWS::Lambda::Permission').find(
              ([, r]) => referenced(r.Properties!.FunctionName) === fn && referenced(r.Properties!.SourceArn) === ruleId,
            );
            expect(permission?.[1].Properties!.Principal, `rule ${rule.name} → ${target.to.function}`).toBe('events.amazonaws.com');
          }
          for (const queue of ['queue' in target.to ? target.to.queue : undefined, target.deadLetterQueue].filter((q): q is string => q !== undefined)) {
            const queueId = resourceFor({ queue });
            const statements = resources(template(), 'AWS::SQS::QueuePolicy')
              .filter(([, r]) => r.Properties!.Queues.some((q: unknown) => referenced(q) === queueId))
              .flatMap(([, r]) => r.Properties!.PolicyDocument.Statement as Record<string, any>[]);
            const allowed = statements.find((s) => s.Effect === 'Allow' && s.Principal?.Service === 'events.amazonaws.com' && referenced(s.Condition?.ArnEquals?.['aws:SourceArn']) === ruleId);
            expect(allowed, `rule ${rule.name} may send to queue ${queue}`).toBeDefined();
          }
        }
      }
    });

    it("bundles each function from the lesson's own file, on Node.js 24, with its log group, retries and destinations", () => {
      for (const fn of lesson.architecture.functions ?? []) {
        const id = logicalIdByName(template(), 'AWS::Lambda::Function', 'FunctionName', physical(fn.name));
        const p = template().Resources[id]!.Properties!;
        const { file, exportName } = handlerFile(files, fn.handler);
        expect(p.Handler).toBe(`index.${exportName}`);
        expect(p.Runtime).toBe('nodejs24.x');
        expect(p.Timeout).toBe(fn.timeout ?? 3);
        expect(p.MemorySize).toBe(fn.memorySize ?? 128);
        // The bundle's source map names the staged lesson file, and the staged file is the solution view's text.
        const bundle = join(outdir, `asset.${(p.Code.S3Key as string).replace(/\.zip$/, '')}`);
        const sources = (JSON.parse(readFileSync(join(bundle, 'index.js.map'), 'utf8')) as { sources: string[] }).sources;
        const staged = sources.find((s) => s.endsWith(`lesson-src/solution/${lesson.id}/${file}`));
        expect(staged, `${fn.name}: bundled from ${file}`).toBeDefined();
        expect(readFileSync(join(bundle, staged!), 'utf8')).toBe(files[file]);

        const logGroup = template().Resources[referenced(p.LoggingConfig.LogGroup)!]!;
        expect(logGroup.Properties!.LogGroupName).toBe(`/aws/lambda/${physical(fn.name)}`);
        expect(logGroup.Properties!.RetentionInDays).toBe(7);

        const invokeConfig = resources(template(), 'AWS::Lambda::EventInvokeConfig').find(([, r]) => referenced(r.Properties!.FunctionName) === id)?.[1].Properties;
        expect(invokeConfig?.MaximumRetryAttempts).toBe(fn.maximumRetryAttempts);
        expect(referenced(invokeConfig?.DestinationConfig?.OnFailure?.Destination)).toBe(fn.onFailure ? resourceFor(fn.onFailure) : undefined);
        expect(referenced(invokeConfig?.DestinationConfig?.OnSuccess?.Destination)).toBe(fn.onSuccess ? resourceFor(fn.onSuccess) : undefined);
      }
    });

    it("creates the lesson's alarms, notifying its topics, and a dashboard", () => {
      const declared = lesson.architecture.alarms;
      const alarms = declared === undefined ? [] : isFileRef(declared) ? (JSON.parse(files[declared.file]!) as AlarmSpec[]) : declared;
      const a = lesson.architecture;
      const lessonNames = new Set([a.functions, a.rules, a.buses, a.queues, a.topics, a.tables].flatMap((list) => (list ?? []).map((r) => (typeof r === 'string' ? r : r.name))));
      expect(resources(template(), 'AWS::CloudWatch::Alarm')).toHaveLength(alarms.length);
      for (const alarm of alarms) {
        const id = logicalIdByName(template(), 'AWS::CloudWatch::Alarm', 'AlarmName', physical(alarm.name));
        const p = template().Resources[id]!.Properties!;
        expect({ ...p, AlarmActions: (p.AlarmActions ?? []).map(referenced) }).toMatchObject({
          Namespace: alarm.namespace,
          MetricName: alarm.metricName,
          Statistic: alarm.statistic,
          Period: alarm.period,
          EvaluationPeriods: alarm.evaluationPeriods,
          Threshold: alarm.threshold,
          ComparisonOperator: alarm.comparisonOperator,
          AlarmActions: (alarm.alarmActions ?? []).map((action) => resourceFor(action)),
        });
        const dimensions = Object.entries(alarm.dimensions ?? {}).map(([Name, value]) => ({ Name, Value: lessonNames.has(value) ? physical(value) : value }));
        expect(p.Dimensions ?? []).toEqual(expect.arrayContaining(dimensions));
        expect(p.Dimensions ?? []).toHaveLength(dimensions.length);
        // CloudWatch may publish to each topic the alarm notifies, and only for this alarm.
        for (const action of alarm.alarmActions ?? []) {
          const topic = resourceFor(action);
          const statements = resources(template(), 'AWS::SNS::TopicPolicy')
            .filter(([, r]) => (r.Properties!.Topics as unknown[]).some((t) => referenced(t) === topic))
            .flatMap(([, r]) => r.Properties!.PolicyDocument.Statement as Record<string, any>[]);
          expect(statements, `topic ${action.topic}`).toContainEqual(
            expect.objectContaining({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: expect.objectContaining({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [id, 'Arn'] } } }),
            }),
          );
        }
      }
      expect(resources(template(), 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
    });

    it('creates each connection with its secret from Secrets Manager, never from the template, and each API destination', () => {
      for (const spec of lesson.architecture.connections ?? []) {
        const id = logicalIdByName(template(), 'AWS::Events::Connection', 'Name', physical(spec.name));
        const text = JSON.stringify(template().Resources[id]!.Properties);
        const auth = spec.authorization;
        const secret = 'apiKey' in auth ? auth.apiKey.value : 'basic' in auth ? auth.basic.password : auth.oauthClientCredentials.clientSecret;
        expect(text, `connection ${spec.name}`).not.toContain(secret);
        expect(text).toContain('{{resolve:secretsmanager:');
        const parameter = `Connection${spec.name.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}Credential`;
        expect(text).toContain(`{"Ref":"${parameter}"}`);
        expect((template().Parameters![parameter] as { Default: string }).Default).toBe(physical(spec.name));
      }
      for (const spec of lesson.architecture.apiDestinations ?? []) {
        const p = template().Resources[resourceFor({ apiDestination: spec.name })]!.Properties!;
        expect(p.HttpMethod).toBe(spec.method);
        expect(p.InvocationRateLimitPerSecond).toBe(spec.rateLimitPerSecond);
        expect(referenced(p.ConnectionArn)).toBe(logicalIdByName(template(), 'AWS::Events::Connection', 'Name', physical(spec.connection)));
        // The endpoint is the instructor's, defaulting to the lesson's.
        expect((template().Parameters![p.InvocationEndpoint.Ref] as { Default: string }).Default).toBe(spec.endpoint);
      }
      for (const bus of lesson.architecture.partnerBuses ?? []) {
        expect(template().Resources[resourceFor({ bus })]!.Properties).toMatchObject({ Name: partnerSources![bus], EventSourceName: partnerSources![bus] });
      }
    });

    it('gives each bus the policy statements the simulator puts on it, each its own EventBusPolicy on that bus', () => {
      const simulated = simulatorBusPolicies(lesson, files);
      const deployed = resources(template(), 'AWS::Events::EventBusPolicy').map(([, r]) => r.Properties!);
      expect(deployed).toHaveLength(simulated.flatMap((p) => p.Statement).length);
      for (const { bus, Statement } of simulated) {
        for (const statement of Statement) {
          const p = deployed.find((d) => d.StatementId === physical(statement.Sid))!;
          expect(p, `statement ${statement.Sid} on ${bus}`).toBeDefined();
          if (bus === 'default') expect(p.EventBusName).toBe('default');
          else expect(referenced(p.EventBusName)).toBe(resourceFor({ bus }));
          // The same statement, under the deployed sid and on the deployed bus's ARN.
          const { Sid: sid, Resource: _resource, ...rest } = inPartitionAws(p.Statement);
          const { Sid: _simulatedSid, Resource: _simulatedResource, ...expected } = statement;
          expect(sid).toBe(physical(statement.Sid));
          expect(rest).toEqual(expected);
          if (bus === 'default') expect(JSON.stringify(p.Statement.Resource)).toContain(':event-bus/default');
          else expect(referenced(p.Statement.Resource)).toBe(resourceFor({ bus }));
        }
      }
    });

    it('gives each logging bus the LogConfig the simulator sets, and delivers each of its log types to the log group the simulator delivers it to', () => {
      const simulated = simulatorBusLogs(lesson, files);
      expect(resources(template(), 'AWS::Logs::DeliverySource')).toHaveLength(simulated.length * 3);
      for (const { bus, LogConfig, delivered } of simulated) {
        const where = `bus logs of ${bus}`;
        if (bus === 'default') {
          // CloudFormation cannot set the default bus's LogConfig (it cannot create that bus), so the stack warns
          // with the command that sets it, which must set the simulator's.
          const warning = warnings.get(lesson.id)!.find((w) => w.includes('aws events update-event-bus --name default'));
          expect(warning, where).toContain(`--log-config Level=${String(LogConfig.Level)},IncludeDetail=${String(LogConfig.IncludeDetail)} `);
        } else {
          expect(template().Resources[resourceFor({ bus })]!.Properties!.LogConfig, where).toEqual(LogConfig);
        }
        const isThisBus = (arn: unknown) => (bus === 'default' ? templateText(arn).endsWith(':event-bus/default') : referenced(arn) === resourceFor({ bus }));
        for (const [logType, groups] of Object.entries(delivered)) {
          const sources = resources(template(), 'AWS::Logs::DeliverySource').filter(([, r]) => r.Properties!.LogType === logType && isThisBus(r.Properties!.ResourceArn));
          expect(sources, `${where}: one ${logType} source`).toHaveLength(1);
          const deliveredTo = resources(template(), 'AWS::Logs::Delivery')
            .filter(([, r]) => r.Properties!.DeliverySourceName === sources[0]![1].Properties!.Name)
            .map(([, r]) => referenced(template().Resources[referenced(r.Properties!.DeliveryDestinationArn)!]!.Properties!.DestinationResourceArn));
          expect(deliveredTo, `${where}: ${logType}`).toEqual(groups.map((logGroup) => resourceFor({ logGroup })));
        }
      }
    });

    it('archives the events of the bus each archive names, with its pattern and retention', () => {
      for (const spec of lesson.architecture.archives ?? []) {
        const id = logicalIdByName(template(), 'AWS::Events::Archive', 'ArchiveName', physical(spec.name));
        const p = template().Resources[id]!.Properties!;
        expect(p.EventPattern, `archive ${spec.name}: pattern`).toEqual(spec.eventPattern);
        expect(p.RetentionDays, `archive ${spec.name}: retention`).toBe(spec.retentionDays);
        const bus = spec.bus ?? 'default';
        if (bus === 'default') expect(JSON.stringify(p.SourceArn)).toContain(':event-bus/default');
        else expect(referenced(p.SourceArn)).toBe(resourceFor({ bus }));
      }
    });

    it('deploys each schedule with the expression, time zone, window, dates, input, retry policy, DLQ and target the simulator has, in its group', () => {
      for (const simulated of simulatorSchedules(lesson, files)) {
        const spec = lesson.architecture.schedules!.find((s) => s.name === simulated.Name && (s.group ?? 'default') === simulated.group)!;
        const [id, schedule] = resources(template(), 'AWS::Scheduler::Schedule').find(
          ([, r]) => r.Properties!.Name === physical(spec.name) && (simulated.group === 'default' ? r.Properties!.GroupName === undefined : referenced(r.Properties!.GroupName) === logicalIdByName(template(), 'AWS::Scheduler::ScheduleGroup', 'Name', physical(simulated.group))),
        )!;
        const p = schedule.Properties!;
        const where = `schedule ${simulated.group}/${simulated.Name} (${id})`;
        expect(p.ScheduleExpression, where).toBe(simulated.ScheduleExpression);
        expect(p.ScheduleExpressionTimezone ?? 'UTC', where).toBe(simulated.ScheduleExpressionTimezone);
        expect(p.FlexibleTimeWindow, where).toEqual(plain(simulated.FlexibleTimeWindow));
        expect(p.State ?? 'ENABLED', where).toBe(simulated.State);
        expect(p.Description, where).toBe(simulated.Description);
        expect(p.StartDate === undefined ? undefined : Date.parse(p.StartDate), where).toBe(simulated.StartDate?.getTime());
        expect(p.EndDate === undefined ? undefined : Date.parse(p.EndDate), where).toBe(simulated.EndDate?.getTime());
        const t = p.Target as Record<string, any>;
        expect(referenced(t.Arn), where).toBe(resourceFor(spec.target.to));
        expect(t.Input, where).toBe(simulated.Target!.Input);
        // GetSchedule shows the defaults in force (185 attempts, a day); the template carries only what was set.
        expect({ MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185, ...t.RetryPolicy }, where).toEqual(simulated.Target!.RetryPolicy);
        expect(t.EventBridgeParameters, where).toEqual(plain(simulated.Target!.EventBridgeParameters));
        expect(referenced(t.DeadLetterConfig?.Arn), where).toBe(spec.target.deadLetterQueue ? resourceFor({ queue: spec.target.deadLetterQueue }) : undefined);

        // Its role: Scheduler may assume it for this group's schedules only, and it may send to the target and DLQ only.
        const role = template().Resources[referenced(t.RoleArn)!]!;
        expect(role.Type).toBe('AWS::IAM::Role');
        expect(role.Properties!.RoleName, where).toMatch(new RegExp(`^${physical('')}[a-z0-9-]+-schedule$`));
        const [trust] = role.Properties!.AssumeRolePolicyDocument.Statement as Record<string, any>[];
        expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'scheduler.amazonaws.com' } });
        expect(Object.keys(trust!.Condition.StringEquals).sort()).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
        const statements = resources(template(), 'AWS::IAM::Policy')
          .filter(([, r]) => (r.Properties!.Roles as unknown[]).some((ref) => referenced(ref) === referenced(t.RoleArn)))
          .flatMap(([, r]) => r.Properties!.PolicyDocument.Statement as Record<string, any>[])
          .map((s) => ({ Action: s.Action, Resource: referenced(s.Resource) }));
        const action = 'function' in spec.target.to ? 'lambda:InvokeFunction' : 'queue' in spec.target.to ? 'sqs:SendMessage' : 'topic' in spec.target.to ? 'sns:Publish' : 'events:PutEvents';
        const expected = [{ Action: action, Resource: resourceFor(spec.target.to) }];
        if (spec.target.deadLetterQueue) expected.push({ Action: 'sqs:SendMessage', Resource: resourceFor({ queue: spec.target.deadLetterQueue }) });
        expect(statements, where).toEqual(expected);
      }
      for (const group of lesson.architecture.scheduleGroups ?? []) {
        const id = logicalIdByName(template(), 'AWS::Scheduler::ScheduleGroup', 'Name', physical(group.name));
        expect(template().Resources[id]!.DeletionPolicy).toBeUndefined();
      }
    });

    it('deploys each pipe with the stream, filter, enrichment, target and parameters the simulator has, and a role that may do only what that pipe does', () => {
      /** The logical id a pipe's ARN refers to; the default bus, which the stack does not create, by its ARN's tail. */
      const arnOf = (value: unknown) => (value === undefined ? undefined : (referenced(value) ?? (JSON.stringify(value).includes(':event-bus/default"') ? 'the default bus' : JSON.stringify(value))));
      const expectedArn = (ref: PipeTargetRef | PipeDeadLetterRef) => ('bus' in ref && ref.bus === 'default' ? 'the default bus' : resourceFor(ref));
      for (const simulated of simulatorPipes(lesson, files)) {
        const spec = lesson.architecture.pipes!.find((p) => p.name === simulated.Name)!;
        const where = `pipe ${spec.name}`;
        const p = template().Resources[logicalIdByName(template(), 'AWS::Pipes::Pipe', 'Name', physical(spec.name))]!.Properties!;
        const table = logicalIdByName(template(), 'AWS::DynamoDB::Table', 'TableName', physical(spec.source.table));
        const declaredTable = lesson.architecture.tables!.find((t) => t.name === spec.source.table)!;
        expect(template().Resources[table]!.Properties!.StreamSpecification, where).toEqual({ StreamViewType: declaredTable.stream });
        expect(p.Source, where).toEqual({ 'Fn::GetAtt': [table, 'StreamArn'] });
        expect(p.Description, where).toBe(simulated.Description);
        const { DeadLetterConfig, ...stream } = p.SourceParameters.DynamoDBStreamParameters as Record<string, any>;
        const { DeadLetterConfig: simulatedDeadLetter, ...simulatedStream } = simulated.SourceParameters!.DynamoDBStreamParameters!;
        expect(stream, where).toEqual(plain(simulatedStream));
        expect(arnOf(DeadLetterConfig?.Arn), where).toBe(spec.source.deadLetter ? expectedArn(spec.source.deadLetter) : undefined);
        expect(simulatedDeadLetter === undefined, where).toBe(spec.source.deadLetter === undefined);
        expect(p.SourceParameters.FilterCriteria, where).toEqual(plain(simulated.SourceParameters!.FilterCriteria));
        expect(arnOf(p.Enrichment), where).toBe(spec.enrichment ? resourceFor(spec.enrichment) : undefined);
        expect(arnOf(p.Target), where).toBe(expectedArn(spec.target));
        expect(p.TargetParameters, where).toEqual(plain(simulated.TargetParameters));

        // Its role: Pipes may assume it for this pipe only, and it may read this table's stream, invoke the enrichment,
        // and send to the target and the dead-letter queue, and nothing else.
        const roleId = referenced(p.RoleArn)!;
        const role = template().Resources[roleId]!;
        expect(role.Type).toBe('AWS::IAM::Role');
        expect(role.Properties!.RoleName, where).toBe(physical(`${spec.name}-pipe`));
        const [trust, ...others] = role.Properties!.AssumeRolePolicyDocument.Statement as Record<string, any>[];
        expect(others).toEqual([]);
        expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'pipes.amazonaws.com' } });
        expect(Object.keys(trust!.Condition.StringEquals).sort()).toEqual(['aws:SourceAccount', 'aws:SourceArn']);
        expect(JSON.stringify(trust!.Condition.StringEquals['aws:SourceArn'])).toContain(`:pipe/${physical(spec.name)}"`);
        const statements = resources(template(), 'AWS::IAM::Policy')
          .filter(([, r]) => (r.Properties!.Roles as unknown[]).some((ref) => referenced(ref) === roleId))
          .flatMap(([, r]) => r.Properties!.PolicyDocument.Statement as Record<string, any>[])
          .map((s) => ({ Effect: s.Effect, Action: s.Action, Resource: arnOf(s.Resource) }));
        const action = (ref: PipeTargetRef | PipeDeadLetterRef) => ('function' in ref ? 'lambda:InvokeFunction' : 'queue' in ref ? 'sqs:SendMessage' : 'topic' in ref ? 'sns:Publish' : 'events:PutEvents');
        expect(statements, where).toEqual([
          { Effect: 'Allow', Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'], Resource: table },
          ...[...(spec.enrichment ? [spec.enrichment] : []), spec.target, ...(spec.source.deadLetter ? [spec.source.deadLetter] : [])].map((ref) => ({ Effect: 'Allow', Action: action(ref), Resource: expectedArn(ref) })),
        ]);
      }
    });

    it('leaves nothing behind on cdk destroy', () => {
      for (const [id, resource] of Object.entries(template().Resources)) {
        expect([undefined, 'Delete'], `${id} (${resource.Type})`).toContain(resource.DeletionPolicy);
      }
    });
  });
});
