// Builds a lesson's architecture in a fresh simulated account, with a given set of lesson files (the learner's,
// the starter's or the solution's): the simulator backend of "one lesson, three backends".

import type { CreateTableInput } from '@aws-sdk/client-dynamodb';
import type { CreatePipeRequest } from '@aws-sdk/client-pipes';
import type { CreateScheduleInput } from '@aws-sdk/client-scheduler';
import type { SandboxHost } from '../lambda/host/host.ts';
import { ValidationException } from '../bus/errors.ts';
import { LambdaService } from '../lambda/lambda-service.ts';
import { Cloud } from '../services/cloud.ts';
import { checkFilters } from '../services/pipes/validation.ts';
import type { ConnectionAuthorizationType, CreateConnectionAuthRequestParameters, ConnectionHttpParameters as ApiHttpParameters } from '@aws-sdk/client-eventbridge';
import {
  alarmsFile,
  inputTransformerFile,
  isFileRef,
  pipeFilterFile,
  type AlarmSpec,
  type ArnRef,
  type BusPolicySpec,
  type ConnectionHttpParameters,
  type ConnectionSpec,
  type FileRef,
  type EnvironmentValue,
  type LessonArchitecture,
  type PipeDeadLetterRef,
  type PipeSpec,
  type PipeTargetRef,
  type ScheduleSpec,
  type TargetRef,
  type TargetSpec,
} from './architecture.ts';
import { jsPath, problemWith } from './contract.ts';
import { sandboxedEndpoint, type SandboxedEndpoint } from './http-endpoint.ts';
import { checkArchitecture } from './references.ts';

/** A lesson file the build could not use (a pattern that is not JSON, a missing file): the learner's to fix. */
export class LessonFileError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'LessonFileError';
    this.path = path;
  }
}

export interface LessonWorld {
  cloud: Cloud;
  lambda: LambdaService;
  architecture: LessonArchitecture;
  files: Readonly<Record<string, string>>;
  arn(ref: TargetRef): string;
  /** The ARN of a schedule group's scheduler execution role (`role` in scheduleGroups), or of a declared schedule's own. */
  schedulerRoleArn(of: { group: string } | { schedule: ScheduleSpec }): string;
  /** The lesson's HTTP endpoints, by origin (`https://invoices.example.com`), as the build served them. */
  endpoints: ReadonlyMap<string, SandboxedEndpoint>;
  dispose(): void;
}

/** Files that describe the lesson rather than run in it. */
const NOT_CODE = new Set(['architecture.ts', 'checks.ts']);
const isCode = (path: string) => /\.(ts|js|mjs|cjs|mts|cts)$/.test(path) && !NOT_CODE.has(path);

export function buildLesson(
  architecture: LessonArchitecture,
  files: Readonly<Record<string, string>>,
  host: SandboxHost,
  /** `cloud`: build into this account (the local endpoint's) instead of a fresh one. */
  options: { seed?: number; startTime?: number; cloud?: Cloud; account?: string; region?: string } = {},
): LessonWorld {
  // Loaders check a lesson's architecture as they load it; a check's `arrange`, or a script's own architecture,
  // meets the same check here, before any resource exists.
  checkArchitecture(architecture, 'architecture.ts');
  const { account: inAccount, region: inRegion } = options;
  const cloud =
    options.cloud ??
    new Cloud({ seed: options.seed ?? 1, startTime: options.startTime ?? Date.UTC(2026, 10, 22, 9, 0, 0), ...(inAccount ? { account: inAccount } : {}), ...(inRegion ? { region: inRegion } : {}) });
  const lambda = new LambdaService(cloud, host);
  cloud.lambda = lambda;
  const { region, account } = cloud;
  const destinations = new Map<string, string>();
  const arn = (ref: TargetRef): string => {
    if ('apiDestination' in ref) return destinations.get(ref.apiDestination) ?? `arn:aws:events:${region}:${account}:api-destination/${ref.apiDestination}`;
    if ('queue' in ref) return `arn:aws:sqs:${region}:${account}:${ref.queue}`;
    if ('topic' in ref) return `arn:aws:sns:${region}:${account}:${ref.topic}`;
    if ('bus' in ref) return `arn:aws:events:${region}:${account}:event-bus/${ref.bus}`;
    if ('function' in ref) return `arn:aws:lambda:${region}:${account}:function:${ref.function}`;
    return `arn:aws:logs:${region}:${account}:log-group:${ref.logGroup}`;
  };
  // IAM is not simulated: a role is an ARN Scheduler accepts, named as the CDK app names it (without the prefix).
  const schedulerRoleArn = (of: { group: string } | { schedule: ScheduleSpec }) => `arn:aws:iam::${account}:role/${schedulerRoleName(architecture, of)}`;
  const endpoints = new Map<string, SandboxedEndpoint>();
  const world: LessonWorld = {
    cloud,
    lambda,
    architecture,
    files,
    arn,
    schedulerRoleArn,
    endpoints,
    dispose: () => {
      for (const endpoint of endpoints.values()) endpoint.dispose();
      lambda.dispose();
    },
  };
  try {
    populate(world, host, destinations, endpoints);
  } catch (error) {
    world.dispose();
    throw error;
  }
  return world;
}

function populate({ cloud, lambda, architecture, files, arn, schedulerRoleArn }: LessonWorld, host: SandboxHost, destinations: Map<string, string>, endpoints: Map<string, SandboxedEndpoint>): void {
  for (const bus of architecture.buses ?? []) cloud.events.createEventBus({ Name: bus });
  // The partner offers its sources (CreatePartnerEventSource, on its side); the account creates the partner buses.
  for (const source of architecture.partnerSources ?? []) cloud.events.partnerSources.offer(source.name, source.partnerAccount);
  for (const bus of architecture.partnerBuses ?? []) cloud.events.createEventBus({ Name: bus, EventSourceName: bus });
  // Bus logging: the bus's LogConfig, and the delivery of its records to the log group.
  for (const { bus, logConfig, logGroup } of architecture.busLogs ?? []) {
    const { Arn } = cloud.events.updateEventBus({ Name: bus, LogConfig: { Level: logConfig.level, IncludeDetail: logConfig.includeDetail ?? 'NONE' } });
    cloud.logs.deliverVendedLogs(Arn!, logGroup);
  }
  // Each bus's policy in one PutPermission (the Policy form: a statement with an events:source condition has no
  // legacy form), so a lesson's policy is refused in AWS's words where AWS would refuse it.
  for (const policy of architecture.busPolicies ?? []) cloud.events.putPermission({ EventBusName: policy.bus, Policy: JSON.stringify(busPolicyDocument(policy, arn({ bus: policy.bus }))) });
  for (const archive of architecture.archives ?? []) {
    cloud.events.createArchive({
      ArchiveName: archive.name,
      EventSourceArn: arn({ bus: archive.bus ?? 'default' }),
      ...(archive.description !== undefined ? { Description: archive.description } : {}),
      ...(archive.eventPattern !== undefined ? { EventPattern: JSON.stringify(archive.eventPattern) } : {}),
      ...(archive.retentionDays !== undefined ? { RetentionDays: archive.retentionDays } : {}),
    });
  }
  for (const queue of architecture.queues ?? []) {
    cloud.sqs.createQueue({ QueueName: queue.name, ...(queue.visibilityTimeout !== undefined ? { Attributes: { VisibilityTimeout: String(queue.visibilityTimeout) } } : {}) });
  }
  for (const topic of architecture.topics ?? []) {
    const { TopicArn } = cloud.sns.createTopic({ Name: topic.name });
    for (const { protocol, endpoint } of topic.subscriptions ?? []) {
      cloud.sns.subscribe({ TopicArn, Protocol: protocol, Endpoint: protocol === 'sqs' ? arn({ queue: endpoint }) : endpoint });
      if (protocol === 'email') cloud.sns.confirmPending(endpoint);
    }
  }
  const streams = new Map<string, string>();
  for (const table of architecture.tables ?? []) {
    const { TableDescription } = cloud.dynamodb.createTable(tableInput(table));
    if (TableDescription?.LatestStreamArn) streams.set(table.name, TableDescription.LatestStreamArn);
  }
  // Lessons run with SES production access (any recipient, from a verified sender) and SMS production access
  // (any phone number): the sandboxes are explained in the lessons, not met by surprise.
  cloud.ses.setSandbox(false);
  cloud.sns.setSmsSandbox(false);
  for (const identity of architecture.emailIdentities ?? []) cloud.ses.createEmailIdentity({ EmailIdentity: identity });

  const code = Object.fromEntries(Object.entries(files).filter(([path]) => isCode(path)));
  // The services outside AWS, up before any connection asks one for an OAuth token.
  for (const { origin, handler } of architecture.httpEndpoints ?? []) {
    const module = handler.slice(0, Math.max(0, handler.lastIndexOf('.')));
    if (!['.ts', '.mts', '.js', '.mjs'].some((ext) => `${module}${ext}` in code)) {
      throw new LessonFileError('architecture.ts', `the HTTP endpoint ${origin} is answered by "${handler}", but the lesson has no file ${module}.ts (or .js) to load it from.`);
    }
    const endpoint = sandboxedEndpoint(host, code, handler);
    endpoints.set(new URL(origin).origin, endpoint);
    cloud.http.serve(origin, endpoint.responder);
  }
  const connections = new Map<string, string>();
  for (const connection of architecture.connections ?? []) connections.set(connection.name, cloud.events.createConnection(connectionInput(connection)).ConnectionArn!);
  for (const d of architecture.apiDestinations ?? []) {
    const { ApiDestinationArn } = cloud.events.createApiDestination({
      Name: d.name,
      ...(d.description ? { Description: d.description } : {}),
      ConnectionArn: connections.get(d.connection)!,
      InvocationEndpoint: d.endpoint,
      HttpMethod: d.method,
      ...(d.rateLimitPerSecond !== undefined ? { InvocationRateLimitPerSecond: d.rateLimitPerSecond } : {}),
    });
    destinations.set(d.name, ApiDestinationArn!);
  }

  for (const fn of architecture.functions ?? []) {
    lambda.createFunction({
      name: fn.name,
      handler: fn.handler,
      files: code,
      ...(fn.timeout !== undefined ? { timeout: fn.timeout } : {}),
      ...(fn.memorySize !== undefined ? { memorySize: fn.memorySize } : {}),
      ...(fn.environment ? { environment: environmentValues(fn.environment, (ref) => ('schedulerRole' in ref ? schedulerRoleArn({ group: ref.schedulerRole }) : arn(ref))) } : {}),
      eventInvokeConfig: {
        ...(fn.maximumRetryAttempts !== undefined ? { maximumRetryAttempts: fn.maximumRetryAttempts } : {}),
        ...(fn.onFailure ? { onFailure: arn(fn.onFailure) } : {}),
        ...(fn.onSuccess ? { onSuccess: arn(fn.onSuccess) } : {}),
      },
    });
  }

  const alarms =
    architecture.alarms === undefined ? [] : isFileRef(architecture.alarms) ? alarmList(fileJson(files, architecture.alarms), architecture.alarms.file, architecture) : architecture.alarms;
  for (const alarm of alarms) {
    const put = () =>
      cloud.alarms.putMetricAlarm({
      AlarmName: alarm.name,
      ...(alarm.description ? { AlarmDescription: alarm.description } : {}),
      Namespace: alarm.namespace,
      MetricName: alarm.metricName,
      Dimensions: Object.entries(alarm.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
      Statistic: alarm.statistic,
      Period: alarm.period,
      EvaluationPeriods: alarm.evaluationPeriods,
      Threshold: alarm.threshold,
      ComparisonOperator: alarm.comparisonOperator,
      AlarmActions: (alarm.alarmActions ?? []).map((action) => arn(action)),
    });
    if (!isFileRef(architecture.alarms)) put();
    else {
      try {
        put();
      } catch (error) {
        // The learner's alarms file, refused in CloudWatch's own words.
        throw new LessonFileError(architecture.alarms.file, `${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  }

  for (const rule of architecture.rules ?? []) {
    const pattern = rule.eventPattern === undefined ? undefined : isFileRef(rule.eventPattern) ? fileText(files, rule.eventPattern) : JSON.stringify(rule.eventPattern);
    const putRule = () =>
      cloud.events.putRule({
        Name: rule.name,
        ...(rule.bus ? { EventBusName: rule.bus } : {}),
        ...(rule.description ? { Description: rule.description } : {}),
        ...(pattern !== undefined ? { EventPattern: pattern } : {}),
        ...(rule.schedule ? { ScheduleExpression: rule.schedule } : {}),
        ...(rule.state ? { State: rule.state } : {}),
      });
    if (!isFileRef(rule.eventPattern)) putRule();
    else {
      try {
        putRule();
      } catch (error) {
        // The learner's pattern file, refused in EventBridge's own words.
        throw new LessonFileError(rule.eventPattern.file, `${(error as Error).name}: ${(error as Error).message}`);
      }
    }
    for (const target of rule.targets) {
      if ('logGroup' in target.to) cloud.logs.createLogGroup(target.to.logGroup);
    }
    cloud.events.putTargets({ Rule: rule.name, ...(rule.bus ? { EventBusName: rule.bus } : {}), Targets: rule.targets.map((t) => targetInput(t, files, arn)) });
  }

  // EventBridge Scheduler: the groups, then the schedules, which start running on the clock as they are created.
  for (const group of architecture.scheduleGroups ?? []) cloud.scheduler.createScheduleGroup({ Name: group.name });
  for (const schedule of architecture.schedules ?? []) cloud.scheduler.createSchedule(scheduleInput(schedule, arn, schedulerRoleArn({ schedule })));

  // Pipes last, once their stream, enrichment, target and dead-letter queue exist; each starts reading as it is created.
  for (const pipe of architecture.pipes ?? []) {
    const request = pipeInput(pipe, files, arn, streams.get(pipe.source.table)!, `arn:aws:iam::${cloud.account}:role/${pipeRoleName(pipe)}`);
    if (isFileRef(pipe.filter)) {
      try {
        // The learner's filter file on its own, as CreatePipe checks filters: what it refuses is the file's to fix.
        checkFilters(request.SourceParameters?.FilterCriteria?.Filters);
      } catch (error) {
        if (error instanceof ValidationException) throw new LessonFileError(pipe.filter.file, `${error.name}: ${error.message}`);
        throw error;
      }
    }
    cloud.pipes.createPipe(request);
  }
}

/** The name of a pipe's execution role, before the CDK app's prefix. IAM is not simulated: in the simulator it is only an ARN. */
/**
 * A bus's policy as the lesson declares it, in the IAM policy language: each statement allows one account the
 * actions given (PutEvents when none are), on this bus, for events of the sources given (the `events:source`
 * condition key, as in the example policy for a custom bus in another account).
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-cross-account-custom-bus-source.html
 */
export function busPolicyDocument(policy: BusPolicySpec, busArn: string): { Version: string; Statement: Record<string, unknown>[] } {
  return {
    Version: '2012-10-17',
    Statement: policy.statements.map((statement) => {
      const actions = statement.actions ?? ['events:PutEvents'];
      return {
        Sid: statement.sid,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${statement.account}:root` },
        Action: actions.length === 1 ? actions[0] : actions,
        Resource: busArn,
        ...(statement.sources ? { Condition: { 'ForAllValues:StringEquals': { 'events:source': statement.sources } } } : {}),
      };
    }),
  };
}

export const pipeRoleName = (pipe: PipeSpec) => `${pipe.name}-pipe`;

/** CreatePipe's request for one of the architecture's pipes, its filter patterns read from the learner's file: the values the CDK app deploys as well. */
export function pipeInput(pipe: PipeSpec, files: Readonly<Record<string, string>>, arn: (ref: PipeTargetRef | PipeDeadLetterRef) => string, streamArn: string, roleArn: string): CreatePipeRequest {
  const { source, eventBusParameters: bus } = pipe;
  const filters = pipe.filter === undefined ? [] : isFileRef(pipe.filter) ? filterPatterns(fileJson(files, pipe.filter), pipe.filter.file) : pipe.filter;
  const targetParameters = {
    ...(pipe.inputTemplate !== undefined ? { InputTemplate: pipe.inputTemplate } : {}),
    ...(bus ? { EventBridgeEventBusParameters: { ...(bus.source !== undefined ? { Source: bus.source } : {}), ...(bus.detailType !== undefined ? { DetailType: bus.detailType } : {}) } } : {}),
  };
  return {
    Name: pipe.name,
    ...(pipe.description !== undefined ? { Description: pipe.description } : {}),
    Source: streamArn,
    SourceParameters: {
      DynamoDBStreamParameters: {
        StartingPosition: source.startingPosition ?? 'LATEST',
        ...(source.batchSize !== undefined ? { BatchSize: source.batchSize } : {}),
        ...(source.maximumBatchingWindowInSeconds !== undefined ? { MaximumBatchingWindowInSeconds: source.maximumBatchingWindowInSeconds } : {}),
        ...(source.maximumRetryAttempts !== undefined ? { MaximumRetryAttempts: source.maximumRetryAttempts } : {}),
        ...(source.deadLetter ? { DeadLetterConfig: { Arn: arn(source.deadLetter) } } : {}),
      },
      ...(filters.length > 0 ? { FilterCriteria: { Filters: filters.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) } } : {}),
    },
    ...(pipe.enrichment ? { Enrichment: arn(pipe.enrichment) } : {}),
    Target: arn(pipe.target),
    ...(Object.keys(targetParameters).length > 0 ? { TargetParameters: targetParameters } : {}),
    RoleArn: roleArn,
  };
}

/** A filter file: a JSON list of filter patterns (objects); the patterns themselves are EventBridge Pipes' to judge. */
function filterPatterns(value: unknown, path: string): Record<string, unknown>[] {
  const problem = problemWith(pipeFilterFile, value, { where: (at) => (at.length === 0 ? '' : `pattern ${Number(at[0]) + 1}`) });
  if (problem) throw new LessonFileError(path, `${problem}.`);
  return value as Record<string, unknown>[];
}

/** A function's environment as Lambda takes it: each `{ arn: … }` value resolved to the ARN. */
export function environmentValues(environment: Record<string, EnvironmentValue>, arnOf: (ref: ArnRef) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, typeof value === 'string' ? value : arnOf(value.arn)]));
}

/**
 * The name of a scheduler execution role, before the CDK app's prefix: `<group>-scheduler` for a schedule group's
 * role (the one functions pass to the schedules they create), `<schedule>-schedule` for a declared schedule's own,
 * `<group>-<schedule>-schedule` when two groups have a schedule of that name.
 */
export function schedulerRoleName(architecture: LessonArchitecture, of: { group: string } | { schedule: ScheduleSpec }): string {
  if ('group' in of) return `${of.group}-scheduler`;
  const { name, group = 'default' } = of.schedule;
  const shared = (architecture.schedules ?? []).some((other) => other.name === name && (other.group ?? 'default') !== group);
  return shared ? `${group}-${name}-schedule` : `${name}-schedule`;
}

/** CreateSchedule's request for one of the architecture's schedules: the text the CDK app deploys as well. */
export function scheduleInput(schedule: ScheduleSpec, arn: (ref: TargetRef) => string, roleArn: string): CreateScheduleInput {
  const { target } = schedule;
  const minutes = schedule.flexibleWindowMinutes;
  return {
    Name: schedule.name,
    ...(schedule.group !== undefined ? { GroupName: schedule.group } : {}),
    ...(schedule.description !== undefined ? { Description: schedule.description } : {}),
    ScheduleExpression: schedule.expression,
    ...(schedule.timezone !== undefined ? { ScheduleExpressionTimezone: schedule.timezone } : {}),
    FlexibleTimeWindow: minutes === undefined ? { Mode: 'OFF' } : { Mode: 'FLEXIBLE', MaximumWindowInMinutes: minutes },
    ...(schedule.state !== undefined ? { State: schedule.state } : {}),
    ...(schedule.startDate !== undefined ? { StartDate: new Date(schedule.startDate) } : {}),
    ...(schedule.endDate !== undefined ? { EndDate: new Date(schedule.endDate) } : {}),
    ...(schedule.actionAfterCompletion !== undefined ? { ActionAfterCompletion: schedule.actionAfterCompletion } : {}),
    Target: {
      Arn: arn(target.to),
      RoleArn: roleArn,
      ...(target.input !== undefined ? { Input: typeof target.input === 'string' ? target.input : JSON.stringify(target.input) } : {}),
      ...(target.retryPolicy
        ? {
            RetryPolicy: {
              ...(target.retryPolicy.maximumRetryAttempts !== undefined ? { MaximumRetryAttempts: target.retryPolicy.maximumRetryAttempts } : {}),
              ...(target.retryPolicy.maximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: target.retryPolicy.maximumEventAgeInSeconds } : {}),
            },
          }
        : {}),
      ...(target.deadLetterQueue !== undefined ? { DeadLetterConfig: { Arn: arn({ queue: target.deadLetterQueue }) } } : {}),
      ...(target.detailType !== undefined && target.source !== undefined ? { EventBridgeParameters: { DetailType: target.detailType, Source: target.source } } : {}),
    },
  };
}

/** The PutTargets entry for one of the architecture's targets, its input transformer read from the learner's file (the workbench's transformer tester reads it the same way). */
export function targetInput(target: TargetSpec, files: Readonly<Record<string, string>>, arn: (ref: TargetRef) => string) {
  const transformer = target.inputTransformer && (isFileRef(target.inputTransformer) ? fileJson(files, target.inputTransformer) : target.inputTransformer);
  return {
    Id: target.id,
    Arn: arn(target.to),
    ...(target.input !== undefined ? { Input: target.input } : {}),
    ...(target.inputPath !== undefined ? { InputPath: target.inputPath } : {}),
    ...(transformer ? { InputTransformer: transformerInput(transformer, isFileRef(target.inputTransformer) ? target.inputTransformer.file : undefined) } : {}),
    ...(target.retryPolicy
      ? { RetryPolicy: { MaximumRetryAttempts: target.retryPolicy.maximumRetryAttempts, MaximumEventAgeInSeconds: target.retryPolicy.maximumEventAgeInSeconds } }
      : {}),
    ...(target.deadLetterQueue ? { DeadLetterConfig: { Arn: arn({ queue: target.deadLetterQueue }) } } : {}),
    ...(target.httpParameters
      ? {
          HttpParameters: {
            ...(target.httpParameters.pathParameterValues ? { PathParameterValues: target.httpParameters.pathParameterValues } : {}),
            ...(target.httpParameters.headerParameters ? { HeaderParameters: target.httpParameters.headerParameters } : {}),
            ...(target.httpParameters.queryStringParameters ? { QueryStringParameters: target.httpParameters.queryStringParameters } : {}),
          },
        }
      : {}),
  };
}

/** CreateConnection's request for a connection of the architecture. Its parameters are not marked secret: they are the lesson's test values. */
export function connectionInput(connection: ConnectionSpec) {
  const { authorization: auth } = connection;
  const invocation = connection.invocationHttpParameters ? { InvocationHttpParameters: httpParametersInput(connection.invocationHttpParameters) } : {};
  let type: ConnectionAuthorizationType;
  let parameters: CreateConnectionAuthRequestParameters;
  if ('apiKey' in auth) {
    type = 'API_KEY';
    parameters = { ApiKeyAuthParameters: { ApiKeyName: auth.apiKey.name, ApiKeyValue: auth.apiKey.value }, ...invocation };
  } else if ('basic' in auth) {
    type = 'BASIC';
    parameters = { BasicAuthParameters: { Username: auth.basic.username, Password: auth.basic.password }, ...invocation };
  } else {
    const o = auth.oauthClientCredentials;
    type = 'OAUTH_CLIENT_CREDENTIALS';
    parameters = {
      OAuthParameters: {
        AuthorizationEndpoint: o.authorizationEndpoint,
        HttpMethod: o.httpMethod,
        ClientParameters: { ClientID: o.clientId, ClientSecret: o.clientSecret },
        ...(o.httpParameters ? { OAuthHttpParameters: httpParametersInput(o.httpParameters) } : {}),
      },
      ...invocation,
    };
  }
  return { Name: connection.name, ...(connection.description ? { Description: connection.description } : {}), AuthorizationType: type, AuthParameters: parameters };
}

function httpParametersInput(parameters: ConnectionHttpParameters): ApiHttpParameters {
  const list = (values: Record<string, string> | undefined) => Object.entries(values ?? {}).map(([Key, Value]) => ({ Key, Value, IsValueSecret: false }));
  return {
    ...(parameters.headerParameters ? { HeaderParameters: list(parameters.headerParameters) } : {}),
    ...(parameters.queryStringParameters ? { QueryStringParameters: list(parameters.queryStringParameters) } : {}),
    ...(parameters.bodyParameters ? { BodyParameters: list(parameters.bodyParameters) } : {}),
  };
}

/** A transformer file may use the API's own spelling (InputPathsMap, InputTemplate) or the architecture's. */
function transformerInput(value: unknown, path: string | undefined) {
  if (path !== undefined) {
    const problem = problemWith(inputTransformerFile, value);
    if (problem) throw new LessonFileError(path, `${problem}.`);
  }
  const t = value as Record<string, unknown>;
  const template = (t.InputTemplate ?? t.inputTemplate) as string;
  const map = t.InputPathsMap ?? t.inputPathsMap;
  return { InputTemplate: template, ...(map ? { InputPathsMap: map as Record<string, string> } : {}) };
}

/**
 * An alarms file: a JSON array of alarms in the architecture's own shape, whose actions name the lesson's own
 * topics. A key CloudWatch would not know, or a topic the lesson does not have, is named here rather than
 * silently ignored; the values (a period of 90 seconds) are CloudWatch's to refuse, in its words.
 */
function alarmList(value: unknown, path: string, architecture: LessonArchitecture): AlarmSpec[] {
  const topics = (architecture.topics ?? []).map((topic) => topic.name);
  const problem = problemWith(alarmsFile(topics), value, { where: alarmPlace });
  if (problem) throw new LessonFileError(path, `${problem}.`);
  return value as AlarmSpec[];
}

/** `alarm 2`, `alarm 2, alarmActions[0].topic`: alarms counted from 1, as a reader counts them. */
const alarmPlace = (path: readonly PropertyKey[], value: unknown): string => {
  if (path.length === 0) return '';
  const [index, ...rest] = path;
  const alarm = `alarm ${Number(index) + 1}`;
  return rest.length === 0 ? alarm : `${alarm}, ${jsPath(rest, (value as unknown[])[Number(index)])}`;
};

function tableInput(table: NonNullable<LessonArchitecture['tables']>[number]): CreateTableInput {
  const keys = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
  return {
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keys.map((key, i) => ({ AttributeName: key.name, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
    AttributeDefinitions: keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type })),
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } } : {}),
  };
}

export function fileText(files: Readonly<Record<string, string>>, ref: FileRef): string {
  const text = files[ref.file];
  if (text === undefined) throw new LessonFileError(ref.file, 'the lesson has no such file.');
  return text;
}

export function fileJson(files: Readonly<Record<string, string>>, ref: FileRef): unknown {
  try {
    return JSON.parse(fileText(files, ref));
  } catch (error) {
    if (error instanceof LessonFileError) throw error;
    throw new LessonFileError(ref.file, `is not valid JSON (${(error as Error).message}).`);
  }
}
