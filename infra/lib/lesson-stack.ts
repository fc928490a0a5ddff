// One lesson's real resources, built from its architecture.ts: the CDK backend of "one lesson, three backends".
// Every resource gets a physical name `<prefix>-<NN>-<name>`, so a class can deploy one copy per learner (and
// several lessons) into one account, and every resource is removed by `cdk destroy`, log groups included.
// Rules carry the pattern, schedule and input transformer text the simulator holds (lesson-source.ts), so the
// deployed rule and the one the learner practised on are the same rule.

import { join } from 'node:path';
import { Annotations, ArnFormat, CfnCondition, CfnOutput, CfnParameter, Duration, Fn, RemovalPolicy, SecretValue, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type {
  ApiDestinationSpec,
  ArchiveSpec,
  ArnRef,
  BusLogSpec,
  BusPolicySpec,
  ConnectionHttpParameters,
  ConnectionSpec,
  EnvironmentValue,
  FunctionSpec,
  PipeDeadLetterRef,
  PipeSpec,
  PipeTargetRef,
  ResourceRef,
  RuleSpec,
  ScheduleGroupSpec,
  ScheduleSpec,
  ScheduleTargetRef,
  TargetRef,
  TargetSpec,
} from '../../src/lessons/architecture.ts';
import { pipeInput, pipeRoleName, scheduleInput, schedulerRoleName } from '../../src/lessons/build.ts';
import { REPO_ROOT } from '../../src/lessons/node-loader.ts';
import { EVENT_BUS_LOG_TYPES } from '../../src/services/cloudwatch/log-deliveries.ts';
import { bundledCode } from './bundled-code.ts';
import { handlerFile, type ResolvedLesson, type SimulatedRule } from './lesson-source.ts';
import { codeCalls, type Service } from './permissions.ts';

export interface LessonStackProps extends StackProps {
  lesson: ResolvedLesson;
  /** Starts every physical name; one per learner when a class shares an account. */
  prefix: string;
  /**
   * The real partner event source in the account for each of the lesson's partner sources (lesson name → real
   * name), from `-c partnerSources=<lesson source>=<real source>`. A partner bus (and the rules on it) is created
   * only for a source given here: AWS creates a partner bus only for a partner source that exists in the account.
   */
  partnerSources?: Record<string, string>;
}

/** How long function and target log groups keep their events: long enough for a course week, short enough to cost nothing. */
export const LOG_RETENTION = logs.RetentionDays.ONE_WEEK;

/** Prefixes: lower-case letters, digits and hyphens, starting with a letter, so every resource kind accepts them. */
export const PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;

/** `workbook-03-welcome-email` for lesson 03 of prefix `workbook`. */
export const stackName = (prefix: string, lessonId: string) => `${prefix}-${lessonId}`;

/** The architecture's name for each resource, and the name it has in the account. Also a stack output, for parity. */
export interface DeployedNames {
  stack: string;
  functions: Record<string, string>;
  rules: Record<string, string>;
  buses: Record<string, string>;
  archives: Record<string, string>;
  connections: Record<string, string>;
  apiDestinations: Record<string, string>;
  queues: Record<string, string>;
  topics: Record<string, string>;
  tables: Record<string, string>;
  logGroups: Record<string, string>;
  alarms: Record<string, string>;
  scheduleGroups: Record<string, string>;
  /** `<group>/<schedule>` (`default/<schedule>` in the default group) → the schedule's name. */
  schedules: Record<string, string>;
  /** Scheduler execution roles: a group's by its name, a declared schedule's by `<group>/<schedule>`. */
  schedulerRoles: Record<string, string>;
  pipes: Record<string, string>;
  dashboard: string;
}

const pascal = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');

export class LessonStack extends Stack {
  readonly lesson: ResolvedLesson;
  readonly names: DeployedNames;
  /** The CloudFormation parameter standing in for each of the lesson's SES identities. */
  readonly senderParameters = new Map<string, CfnParameter>();

  readonly #functions = new Map<string, lambda.IFunction>();
  /** Each function's role and entry file, for the grants that wait for the resources declared after functions. */
  readonly #functionRoles = new Map<string, { role: iam.Role; entry: string }>();
  readonly #scheduleGroups = new Map<string, scheduler.CfnScheduleGroup>();
  /** The execution role of each schedule group that has one (`role` in scheduleGroups). */
  readonly #groupRoles = new Map<string, iam.Role>();
  readonly #queues = new Map<string, sqs.Queue>();
  readonly #topics = new Map<string, sns.Topic>();
  readonly #tables = new Map<string, dynamodb.Table>();
  readonly #buses = new Map<string, events.IEventBus>();
  readonly #apiDestinations = new Map<string, events.ApiDestination>();
  /** The CloudFormation parameter naming each connection's secret in Secrets Manager. */
  readonly connectionSecretParameters = new Map<string, CfnParameter>();
  #defaultBus: events.IEventBus | undefined;
  readonly #logGroups = new Map<string, logs.LogGroup>();
  readonly #prefix: string;
  #logsResourcePolicy: logs.ResourcePolicy | undefined;
  /** One delivery destination per log group that buses log to, by the lesson's log group name. */
  readonly #busLogDestinations = new Map<string, logs.CfnDeliveryDestination>();
  /** The last delivery created: each waits for the one before, since CloudWatch Logs refuses concurrent CreateDelivery calls. */
  #lastDelivery: logs.CfnDelivery | undefined;

  constructor(scope: Construct, id: string, props: LessonStackProps) {
    super(scope, id, {
      description: `EventBridge workbook, lesson ${props.lesson.id} (${props.lesson.title}), ${props.lesson.code} code, prefix ${props.prefix}.`,
      ...props,
    });
    if (!PREFIX_PATTERN.test(props.prefix)) {
      throw new Error(`-c prefix=${props.prefix}: use 1 to 20 lower-case letters, digits or hyphens, starting with a letter (say, -c prefix=alice).`);
    }
    this.lesson = props.lesson;
    this.#prefix = `${props.prefix}-${String(props.lesson.number).padStart(2, '0')}`;
    const a = props.lesson.architecture;
    this.names = { stack: this.stackName, functions: {}, rules: {}, buses: {}, archives: {}, connections: {}, apiDestinations: {}, queues: {}, topics: {}, tables: {}, logGroups: {}, alarms: {}, scheduleGroups: {}, schedules: {}, schedulerRoles: {}, pipes: {}, dashboard: this.physical('dashboard', 255) };
    Tags.of(this).add('workbook:lesson', props.lesson.id);
    Tags.of(this).add('workbook:prefix', props.prefix);
    Tags.of(this).add('workbook:code', props.lesson.code);
    if (props.lesson.notStarted) {
      Annotations.of(this).addWarningV2('workbook:not-started', `-c code=workspace, but workspace/${props.lesson.id} does not exist: deploying the starter files.`);
    }

    this.#emailIdentities(a.emailIdentities ?? []);
    for (const bus of a.buses ?? []) this.#bus(bus);
    for (const bus of a.partnerBuses ?? []) this.#partnerBus(bus, props.partnerSources?.[bus]);
    for (const policy of a.busPolicies ?? []) this.#busPolicy(policy);
    for (const spec of a.busLogs ?? []) this.#busLogs(spec);
    for (const archive of a.archives ?? []) this.#archive(archive);
    for (const connection of a.connections ?? []) this.#connection(connection);
    for (const destination of a.apiDestinations ?? []) this.#apiDestination(destination);
    for (const queue of a.queues ?? []) this.#queue(queue.name, queue.visibilityTimeout);
    for (const table of a.tables ?? []) this.#table(table);
    for (const topic of a.topics ?? []) this.#topic(topic);
    for (const fn of a.functions ?? []) this.#function(fn);
    for (const fn of a.functions ?? []) this.#asyncConfig(fn);
    for (const group of a.scheduleGroups ?? []) this.#scheduleGroup(group);
    for (const schedule of a.schedules ?? []) this.#schedule(schedule);
    for (const fn of a.functions ?? []) this.#grantSchedulerCalls(fn);
    for (const pipe of a.pipes ?? []) this.#pipe(pipe);
    for (const rule of a.rules ?? []) {
      // A rule on a partner bus that is not deployed (no real partner source given) is left out with its bus.
      if (rule.bus && (a.partnerBuses ?? []).includes(rule.bus) && !this.#buses.has(rule.bus)) continue;
      this.#rule(rule, props.lesson.rules.find((r) => r.name === rule.name)!);
    }
    const alarms = this.#alarms();
    this.#dashboard(alarms);
    new CfnOutput(this, 'ResourceNames', { description: 'The architecture name of each resource and its name in this account.', value: JSON.stringify(this.names) });
  }

  /** `<prefix>-<NN>-<name>`, refused at synth when AWS would refuse it at deploy. */
  physical(name: string, max: number): string {
    const full = `${this.#prefix}-${name}`;
    if (full.length > max) throw new Error(`lessons/${this.lesson.id}: "${full}" is longer than the ${max} characters AWS allows for this name: choose a shorter -c prefix.`);
    return full;
  }

  // SES: the lesson's sender identities are the instructor's, verified beforehand in the account (the guide says how),
  // and passed in as parameters. The stack does not create identities: deleting the stack would then delete an
  // identity the instructor verified by hand, and a new one waits for a click on a verification email.
  #emailIdentities(identities: string[]) {
    identities.forEach((identity, i) => {
      const parameter = new CfnParameter(this, i === 0 ? 'SenderEmail' : `SenderEmail${i + 1}`, {
        type: 'String',
        description: `An SES identity verified in this account and region, used where the lesson uses ${identity} (an ${identity.includes('@') ? 'email address' : 'domain'}).`,
        allowedPattern: identity.includes('@') ? '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' : '^[^@\\s]+\\.[^@\\s]+$',
        constraintDescription: identity.includes('@') ? 'an email address, such as you@example.com' : 'a domain, such as example.com',
      });
      this.senderParameters.set(identity, parameter);
    });
  }

  #bus(name: string) {
    const busName = this.physical(name, 256);
    const bus = new events.EventBus(this, `Bus${pascal(name)}`, { eventBusName: busName, ...this.#logConfigOf(name) });
    bus.applyRemovalPolicy(RemovalPolicy.DESTROY);
    this.#buses.set(name, bus);
    this.names.buses[name] = busName;
  }

  // A bus's resource-based policy: one AWS::Events::EventBusPolicy per statement, each the statement the simulator
  // holds (src/lessons/build.ts busPolicyDocument). The StatementId is the resource's physical id and must be unique
  // in the account, not only on its bus (aws/aws-cdk#29627), so it is prefixed as every name is; EventBusName is
  // always given, since without it the policy goes to the default bus and AWS refuses a statement naming another
  // bus (aws/aws-cdk#14371).
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-events-eventbuspolicy.html
  #busPolicy({ bus, statements }: BusPolicySpec) {
    const eventBus = this.#busRef(bus);
    for (const spec of statements) {
      const sid = this.physical(spec.sid, 64);
      const statement = new iam.PolicyStatement({
        sid,
        principals: [new iam.AccountPrincipal(spec.account)],
        actions: spec.actions ?? ['events:PutEvents'],
        resources: [eventBus.eventBusArn],
        ...(spec.sources ? { conditions: { 'ForAllValues:StringEquals': { 'events:source': spec.sources } } } : {}),
      });
      new events.EventBusPolicy(this, `BusPolicy${pascal(bus)}${pascal(spec.sid)}`, { eventBus, statementId: sid, statement: statement.toJSON() });
    }
  }

  // Event bus logging as AWS documents it: the bus's LogConfig (Level, IncludeDetail) decides which steps are
  // logged; CloudWatch Logs' vended-log delivery carries the records to the log group. The bus is a delivery source
  // once per log type (ERROR_LOGS, INFO_LOGS, TRACE_LOGS: the records of each level travel through their own source),
  // the log group is one delivery destination, and a delivery joins each source to it, as the simulator does
  // (src/services/cloudwatch/log-deliveries.ts).
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-logs.html
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-events-eventbus-logconfig.html
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-deliverysource.html
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-deliverydestination.html
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-delivery.html
  #busLogs({ bus, logConfig, logGroup }: BusLogSpec) {
    // A partner bus that is not deployed (no real partner source given) has its own warning.
    if (bus !== 'default' && !this.#buses.has(bus)) return;
    if (bus === 'default') {
      // The default bus exists before any stack, and CloudFormation cannot create it: it can only be imported into a
      // stack (a resource import, with DeletionPolicy Retain), which `cdk deploy` does not do.
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/event-bus-update-default-cfn.html
      const level = `Level=${logConfig.level},IncludeDetail=${logConfig.includeDetail ?? 'NONE'}`;
      Annotations.of(this).addWarningV2(
        'workbook:bus-logs:default',
        `The lesson's default bus logs at ${logConfig.level} to ${logGroup}. This stack delivers the default bus's logs to ${this.#logGroupName(logGroup)} but cannot set its LogConfig: CloudFormation cannot create the default bus, only import an existing one into a stack, which cdk deploy does not do (https://docs.aws.amazon.com/eventbridge/latest/userguide/event-bus-update-default-cfn.html). Set it once after deploying: aws events update-event-bus --name default --log-config ${level} (and --log-config Level=OFF after cdk destroy). The default bus is shared by every stack in the account and region, so its level is too.`,
      );
    }
    const group = this.#logGroup(logGroup);
    // The log group's ARN without the `:*` that its Fn::GetAtt Arn ends in.
    const groupArn = this.formatArn({ service: 'logs', resource: 'log-group', resourceName: group.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const destination = this.#busLogDestination(logGroup, groupArn);
    const policy = this.#logsPolicy();
    const busArn = this.#busRef(bus).eventBusArn;
    const short = deliveryName(bus.slice(bus.lastIndexOf('/') + 1));
    for (const logType of EVENT_BUS_LOG_TYPES) {
      const id = `${pascal(short)}${pascal(logType.toLowerCase())}`;
      const source = new logs.CfnDeliverySource(this, `BusLogSource${id}`, {
        name: this.physical(`${short}-${logType.toLowerCase().replace('_', '-')}`, DELIVERY_NAME_MAX),
        resourceArn: busArn,
        logType,
      });
      const delivery = new logs.CfnDelivery(this, `BusLogDelivery${id}`, { deliverySourceName: source.name, deliveryDestinationArn: destination.attrArn });
      delivery.addResourceDependency(source);
      delivery.node.addDependency(policy);
      // CreateDelivery answers ConflictException ("Requested resource is currently being updated") to calls made at
      // once on one source or destination (hashicorp/terraform-provider-aws#42194), so the deliveries go one by one.
      if (this.#lastDelivery) delivery.addResourceDependency(this.#lastDelivery);
      this.#lastDelivery = delivery;
    }
  }

  /** The delivery destination of a log group buses log to, one per group, named after the group's last segment, and the group's permission. */
  #busLogDestination(logGroup: string, groupArn: string): logs.CfnDeliveryDestination {
    const existing = this.#busLogDestinations.get(logGroup);
    if (existing) return existing;
    const name = this.physical(`${deliveryName(logGroup.slice(logGroup.lastIndexOf('/') + 1))}-log-group`, DELIVERY_NAME_MAX);
    const clash = [...this.#busLogDestinations.entries()].find(([, d]) => d.name === name);
    if (clash) throw new Error(`lessons/${this.lesson.id}/architecture.ts: the busLogs log groups ${clash[0]} and ${logGroup} end in the same name; give them different last segments.`);
    const destination = new logs.CfnDeliveryDestination(this, `BusLogDestination${pascal(logGroup)}`, { name, destinationResourceArn: groupArn });
    // The log group's resource policy lets the log delivery service write to it, as AWS would write it on first
    // delivery ("Log group resource policy"); here it is the stack's, so cdk destroy removes it.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-CloudWatchLogs.html
    this.#logsPolicy().document.addStatements(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${groupArn}:log-stream:*`],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': this.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
        },
      }),
    );
    this.#busLogDestinations.set(logGroup, destination);
    return destination;
  }

  /** The LogConfig the lesson gives a bus, as the simulator sets it (IncludeDetail NONE unless given). */
  #logConfigOf(bus: string): Pick<events.EventBusProps, 'logConfig'> {
    const spec = this.lesson.architecture.busLogs?.find((l) => l.bus === bus);
    if (!spec) return {};
    return { logConfig: { level: spec.logConfig.level as events.Level, includeDetail: (spec.logConfig.includeDetail ?? 'NONE') as events.IncludeDetail } };
  }

  // An archive keeps the bus's events its pattern matches (all of them without one) for a replay.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-archive.html
  #archive(spec: ArchiveSpec) {
    const archiveName = this.physical(spec.name, 48);
    new events.CfnArchive(this, `Archive${pascal(spec.name)}`, {
      archiveName,
      sourceArn: this.#busRef(spec.bus ?? 'default').eventBusArn,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.eventPattern !== undefined ? { eventPattern: spec.eventPattern } : {}),
      ...(spec.retentionDays !== undefined ? { retentionDays: spec.retentionDays } : {}),
    });
    this.names.archives[spec.name] = archiveName;
  }

  // A partner event bus is named after its partner event source, which a SaaS partner creates in the account
  // (the account cannot). So it takes the real source's name, not `<prefix>-NN-…`, and the rules on it match that
  // name wherever their pattern names the lesson's source.
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-saas.html
  #partnerBus(name: string, real: string | undefined) {
    if (!real) {
      Annotations.of(this).addWarningV2(
        `workbook:partner-source:${name}`,
        `The lesson's partner bus ${name} and the rules on it are not deployed: a partner bus needs a partner event source that exists in the account. Set one up with the partner (the source shows in the EventBridge console under Partner event sources, as pending), then deploy with -c partnerSources=${name}=<the real source's name>.`,
      );
      return;
    }
    if (!/^aws\.partner(\/[.\-_A-Za-z0-9]+){2,}$/.test(real)) throw new Error(`-c partnerSources=${name}=${real}: a partner event source's name looks like aws.partner/<partner>/<…>.`);
    const bus = new events.EventBus(this, `PartnerBus${pascal(name)}`, { eventSourceName: real, ...this.#logConfigOf(name) });
    bus.applyRemovalPolicy(RemovalPolicy.DESTROY);
    this.#buses.set(name, bus);
    this.#partnerSourceNames.set(name, real);
    this.names.buses[name] = real;
  }

  readonly #partnerSourceNames = new Map<string, string>();

  // A connection's secret (API key value, password or OAuth client secret) is the instructor's, kept in AWS Secrets
  // Manager and read by CloudFormation through a dynamic reference, so it is in no template or parameter value;
  // the lesson's own value is a test value for the simulator. The parameter names the secret; by default the
  // connection's deployed name. EventBridge copies it into a secret of its own that goes with the connection.
  #connection(spec: ConnectionSpec) {
    const connectionName = this.physical(spec.name, 64);
    const auth = spec.authorization;
    const what = 'apiKey' in auth ? `the API key value (header ${auth.apiKey.name})` : 'basic' in auth ? `the password of ${auth.basic.username}` : `the OAuth client secret of client ${auth.oauthClientCredentials.clientId}`;
    const secretParameter = new CfnParameter(this, `Connection${pascal(spec.name)}Credential`, {
      type: 'String',
      default: connectionName,
      description: `The name or ARN of a Secrets Manager secret (in this account and region) whose value is ${what} for connection ${spec.name}.`,
    });
    this.connectionSecretParameters.set(spec.name, secretParameter);
    const secret = SecretValue.secretsManager(secretParameter.valueAsString);
    let authorization: events.Authorization;
    if ('apiKey' in auth) authorization = events.Authorization.apiKey(auth.apiKey.name, secret);
    else if ('basic' in auth) authorization = events.Authorization.basic(auth.basic.username, secret);
    else {
      const o = auth.oauthClientCredentials;
      // The lesson's token endpoint is the simulation's; the instructor passes the real one.
      const endpoint = new CfnParameter(this, `Connection${pascal(spec.name)}AuthorizationEndpoint`, {
        type: 'String',
        default: o.authorizationEndpoint,
        allowedPattern: '^https://.+',
        description: `The OAuth token endpoint connection ${spec.name} asks for tokens (the lesson uses ${o.authorizationEndpoint}, which exists only in the simulator).`,
      });
      authorization = events.Authorization.oauth({
        authorizationEndpoint: endpoint.valueAsString,
        httpMethod: o.httpMethod as events.HttpMethod,
        clientId: o.clientId,
        clientSecret: secret,
        ...httpParameters(o.httpParameters),
      });
    }
    const connection = new events.Connection(this, `Connection${pascal(spec.name)}`, {
      connectionName,
      ...(spec.description ? { description: spec.description } : {}),
      authorization,
      ...httpParameters(spec.invocationHttpParameters),
    });
    this.#connections.set(spec.name, connection);
    this.names.connections[spec.name] = connectionName;
  }

  readonly #connections = new Map<string, events.Connection>();

  #apiDestination(spec: ApiDestinationSpec) {
    const apiDestinationName = this.physical(spec.name, 64);
    // The lesson's endpoint is the simulation's invoicing service; the instructor passes a real HTTPS endpoint.
    const endpoint = new CfnParameter(this, `ApiDestination${pascal(spec.name)}Endpoint`, {
      type: 'String',
      default: spec.endpoint,
      allowedPattern: '^https://.+',
      description: `The HTTPS endpoint API destination ${spec.name} calls with ${spec.method} (the lesson uses ${spec.endpoint}, which exists only in the simulator; keep its * wildcards).`,
    });
    const destination = new events.ApiDestination(this, `ApiDestination${pascal(spec.name)}`, {
      apiDestinationName,
      ...(spec.description ? { description: spec.description } : {}),
      connection: this.#need(this.#connections, spec.connection, 'connection'),
      endpoint: endpoint.valueAsString,
      httpMethod: spec.method as events.HttpMethod,
      ...(spec.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: spec.rateLimitPerSecond } : {}),
    });
    this.#apiDestinations.set(spec.name, destination);
    this.names.apiDestinations[spec.name] = apiDestinationName;
  }

  #queue(name: string, visibilityTimeout?: number) {
    const queueName = this.physical(name, 80);
    const queue = new sqs.Queue(this, `Queue${pascal(name)}`, {
      queueName,
      // SSE-SQS rather than KMS: EventBridge, SNS and Lambda destinations can all write to it without a key policy,
      // and there is no key to pay for or to outlive the stack.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
      ...(visibilityTimeout !== undefined ? { visibilityTimeout: Duration.seconds(visibilityTimeout) } : {}),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        'A lesson queue is an inbox that people and checks read (events a rule let through, records of failed events, alarm notifications): nothing consumes it automatically, so no message can fail processing repeatedly, and a redrive queue behind it would never receive anything. Messages expire after the SQS default of 4 days.',
    });
    this.#queues.set(name, queue);
    this.names.queues[name] = queueName;
  }

  #table(spec: NonNullable<ResolvedLesson['architecture']['tables']>[number]) {
    const tableName = this.physical(spec.name, 255);
    const type = (t: 'S' | 'N') => (t === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER);
    const table = new dynamodb.Table(this, `Table${pascal(spec.name)}`, {
      tableName,
      partitionKey: { name: spec.partitionKey.name, type: type(spec.partitionKey.type) },
      ...(spec.sortKey ? { sortKey: { name: spec.sortKey.name, type: type(spec.sortKey.type) } } : {}),
      ...(spec.stream ? { stream: dynamodb.StreamViewType[spec.stream] } : {}),
      // As the simulator creates it (build.ts): on demand, so an idle lesson costs only its few stored items.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(table).acknowledge({
      id: 'AwsSolutions::AwsSolutions-DDB3',
      reason:
        "The table holds demonstration records that sending the lesson's sample events again recreates; nothing in it needs restoring. With point-in-time recovery on, deleting the table makes DynamoDB keep a system backup of it for 35 days, so `cdk destroy` would leave data behind, against this app's rule that destroy removes everything.",
    });
    this.#tables.set(spec.name, table);
    this.names.tables[spec.name] = tableName;
  }

  #topic(spec: NonNullable<ResolvedLesson['architecture']['topics']>[number]) {
    const topicName = this.physical(spec.name, 256);
    // No KMS key: CloudWatch alarms cannot publish to a topic encrypted with the AWS managed key aws/sns, and a
    // customer managed key waits 7 to 30 days before it can be deleted, so `cdk destroy` would leave it behind.
    // The topic carries alarm notifications, no user data; the policy from enforceSSL refuses requests without TLS.
    const topic = new sns.Topic(this, `Topic${pascal(spec.name)}`, { topicName, enforceSSL: true });
    topic.applyRemovalPolicy(RemovalPolicy.DESTROY);
    this.#topics.set(spec.name, topic);
    this.names.topics[spec.name] = topicName;
    const counts: Record<string, number> = {};
    for (const { protocol, endpoint } of spec.subscriptions ?? []) {
      if (protocol === 'sqs') {
        const queue = this.#queues.get(endpoint);
        if (!queue) throw new Error(`lessons/${this.lesson.id}/architecture.ts: topic ${spec.name} subscribes queue ${endpoint}, which the lesson does not declare.`);
        // Raw delivery off, as in the simulator: the queue receives SNS's JSON envelope around the alarm message.
        new sns.Subscription(this, `Topic${pascal(spec.name)}To${pascal(endpoint)}`, { topic, protocol: sns.SubscriptionProtocol.SQS, endpoint: queue.queueArn });
        queue.addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
            actions: ['sqs:SendMessage'],
            resources: [queue.queueArn],
            conditions: { ArnEquals: { 'aws:SourceArn': topic.topicArn } },
          }),
        );
        continue;
      }
      // Email and SMS endpoints in a lesson are made up (oncall@myapp.example); the instructor passes a real one,
      // or leaves the parameter empty and gets no subscription (and no confirmation email to an address nobody reads).
      counts[protocol] = (counts[protocol] ?? 0) + 1;
      const label = `${pascal(spec.name)}${protocol === 'email' ? 'Email' : 'Sms'}${counts[protocol]! > 1 ? counts[protocol] : ''}`;
      const parameter = new CfnParameter(this, label, {
        type: 'String',
        default: '',
        description: `Where topic ${spec.name} sends ${protocol === 'email' ? 'email' : 'text messages'} (the lesson uses ${endpoint}). Empty: no ${protocol} subscription.`,
      });
      const given = new CfnCondition(this, `${label}Given`, { expression: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, '')) });
      const subscription = new sns.CfnSubscription(this, `${label}Subscription`, { topicArn: topic.topicArn, protocol, endpoint: parameter.valueAsString });
      subscription.cfnOptions.condition = given;
    }
  }

  #function(spec: FunctionSpec) {
    const functionName = this.physical(spec.name, 64);
    const { file, exportName } = handlerFile(this.lesson.files, spec.handler);
    const id = `Function${pascal(spec.name)}`;
    // Created by the stack rather than by Lambda on first use, so it has a retention and goes with the stack.
    const logGroup = new logs.LogGroup(this, `${id}Logs`, { logGroupName: `/aws/lambda/${functionName}`, retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    // A role of its own instead of AWSLambdaBasicExecutionRole (AwsSolutions-IAM4): that managed policy may create
    // any log group and write to every one in the account; this role writes to its own log group only.
    const role = new iam.Role(this, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `Lambda function ${functionName}: its logs and the AWS calls its code makes.` });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    const fn = new lambda.Function(this, id, {
      functionName,
      ...(spec.description ? { description: spec.description } : {}),
      code: bundledCode(join(this.lesson.codeDir, file), REPO_ROOT),
      handler: `index.${exportName}`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(spec.timeout ?? 3),
      memorySize: spec.memorySize ?? 128,
      // The bundle carries a source map (./bundled-code.ts), so errors in the logs point at the lesson file's own lines.
      environment: { ...this.#environment(spec.environment ?? {}), NODE_OPTIONS: '--enable-source-maps' },
      role,
      logGroup,
    });
    this.#grantCalls(spec, role, file);
    this.#functionRoles.set(spec.name, { role, entry: file });
    this.#functions.set(spec.name, fn);
    this.names.functions[spec.name] = functionName;
    this.names.logGroups[`/aws/lambda/${spec.name}`] = logGroup.logGroupName;
  }

  /**
   * Environment values that name a lesson resource or SES identity become that resource's name in the account;
   * `{ arn: … }` values become the resource's ARN in the account.
   */
  #environment(environment: Record<string, EnvironmentValue>): Record<string, string> {
    const a = this.lesson.architecture;
    const names = new Map<string, string>();
    for (const name of [
      ...(a.tables ?? []).map((t) => t.name),
      ...(a.queues ?? []).map((q) => q.name),
      ...(a.topics ?? []).map((t) => t.name),
      ...(a.buses ?? []),
      ...(a.scheduleGroups ?? []).map((g) => g.name),
    ]) {
      names.set(name, `${this.#prefix}-${name}`);
    }
    for (const fn of a.functions ?? []) names.set(fn.name, `${this.#prefix}-${fn.name}`);
    return Object.fromEntries(
      Object.entries(environment).map(([key, value]) => {
        if (typeof value !== 'string') return [key, this.#arnOf(value.arn)];
        const sender = this.senderParameters.get(value);
        if (sender) return [key, sender.valueAsString];
        // An address at a domain identity: keep the local part, take the instructor's domain.
        for (const [identity, parameter] of this.senderParameters) {
          if (!identity.includes('@') && value.endsWith(`@${identity}`)) return [key, `${value.slice(0, -identity.length)}${parameter.valueAsString}`];
        }
        return [key, names.get(value) ?? value];
      }),
    );
  }

  /**
   * The ARN of a lesson resource, spelt out rather than referenced: a function's environment may name a resource
   * created after it, or a function whose own environment names the first (a reference would be a cycle).
   */
  #arnOf(ref: ArnRef): string {
    const arn = (service: string, resource: string, resourceName: string | undefined, arnFormat: ArnFormat, region?: string) =>
      this.formatArn({ service, resource, ...(resourceName !== undefined ? { resourceName } : {}), arnFormat, ...(region !== undefined ? { region } : {}) });
    if ('function' in ref) return arn('lambda', 'function', this.physical(ref.function, 64), ArnFormat.COLON_RESOURCE_NAME);
    if ('queue' in ref) return arn('sqs', this.physical(ref.queue, 80), undefined, ArnFormat.NO_RESOURCE_NAME);
    if ('topic' in ref) return arn('sns', this.physical(ref.topic, 256), undefined, ArnFormat.NO_RESOURCE_NAME);
    if ('bus' in ref) return arn('events', 'event-bus', ref.bus === 'default' ? 'default' : this.physical(ref.bus, 256), ArnFormat.SLASH_RESOURCE_NAME);
    const roleName = this.physical(schedulerRoleName(this.lesson.architecture, { group: ref.schedulerRole }), 64);
    return arn('iam', 'role', roleName, ArnFormat.SLASH_RESOURCE_NAME, '');
  }

  #grantCalls(spec: FunctionSpec, role: iam.Role, entry: string) {
    const { actions, unknown } = codeCalls(this.lesson.files, entry);
    if (unknown.length > 0) {
      Annotations.of(this).addWarningV2(
        `workbook:no-permission:${spec.name}`,
        `Function ${spec.name} imports ${unknown.join(', ')}: infra/lib/permissions.ts grants nothing for it, so the call will be denied on AWS. Import each command by name (import { SendEmailCommand } from '@aws-sdk/client-sesv2') and add any new one there.`,
      );
    }
    const env = environmentNames(spec);
    // The resources a function's environment names, else every one of that kind in the lesson.
    const pick = <T>(all: Map<string, T>) => {
      const named = [...all.keys()].filter((name) => env.has(name));
      return (named.length > 0 ? named : [...all.keys()]).map((name) => all.get(name)!);
    };
    const grant = (service: Service, resources: string[], conditions?: Record<string, unknown>) => {
      const granted = actions.get(service);
      if (!granted || resources.length === 0) return;
      role.addToPolicy(new iam.PolicyStatement({ actions: [...granted].sort(), resources, ...(conditions ? { conditions } : {}) }));
    };
    grant('dynamodb', pick(this.#tables).map((t) => t.tableArn));
    grant('sqs', pick(this.#queues).map((q) => q.queueArn));
    grant('sns', pick(this.#topics).map((t) => t.topicArn));
    const events = `arn:${this.partition}:events:${this.region}:${this.account}`;
    grant('events', [
      `${events}:event-bus/default`,
      ...pick(this.#buses).map((b) => b.eventBusArn),
      // What a function that replays (lesson 12) names: the lesson's archives and rules, and the replays it starts.
      ...Object.values(this.names.archives).map((name) => `${events}:archive/${name}`),
      ...((this.lesson.architecture.archives ?? []).length > 0 ? this.#ruleArns(events) : []),
    ]);
    if (actions.get('events')?.has('events:StartReplay') && (this.lesson.architecture.archives ?? []).length > 0) {
      grant('events', [`${events}:replay/*`]);
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:replay/*]`,
        reason:
          'StartReplay is authorized against the ARN of the replay it creates, and a replay name can be used only once, so the function names each replay afresh at run time and no fixed ARN can be granted. The events it can replay are still limited to the archives of this lesson, granted by ARN in the statement beside this one.',
      });
    }
    if (actions.has('ses') && this.senderParameters.size > 0) {
      const senders = [...this.senderParameters.values()].flatMap((p) => [p.valueAsString, `*@${p.valueAsString}`]);
      grant('ses', [`arn:${this.partition}:ses:${this.region}:${this.account}:identity/*`], { StringLike: { 'ses:FromAddress': senders } });
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]`,
        reason:
          'SES authorizes ses:SendEmail against every identity involved in a message: the sender, and in an account still in the SES sandbox each recipient too, and recipients come from events (any verified address). The wildcard is limited to identities of this account and region, and the ses:FromAddress condition allows only the verified sender passed as the SenderEmail parameter.',
      });
    }
  }

  // EventBridge Scheduler, as L1 resources: the L2 targets (aws-scheduler-targets) grant lambda:InvokeFunction on
  // the function's versions too (`<arn>:*`, a wildcard cdk-nag flags), and the resource and the simulator's
  // CreateSchedule then take the same values, field for field.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-scheduler-schedule.html
  #scheduleGroup(spec: ScheduleGroupSpec) {
    const name = this.physical(spec.name, 64);
    const group = new scheduler.CfnScheduleGroup(this, `ScheduleGroup${pascal(spec.name)}`, { name });
    this.#scheduleGroups.set(spec.name, group);
    this.names.scheduleGroups[spec.name] = name;
    if (spec.role) {
      const role = this.#schedulerRole(`ScheduleGroup${pascal(spec.name)}Role`, { group: spec.name }, spec.name, spec.role.targets, `The role schedules that the functions of lesson ${this.lesson.id} create in schedule group ${name} pass to EventBridge Scheduler.`);
      this.#groupRoles.set(spec.name, role);
      this.names.schedulerRoles[spec.name] = role.roleName;
    }
  }

  #schedule(spec: ScheduleSpec) {
    const groupName = spec.group ?? 'default';
    const name = this.physical(spec.name, 64);
    const group = groupName === 'default' ? undefined : this.#need(this.#scheduleGroups, groupName, 'schedule group');
    const targets: ScheduleTargetRef[] = [spec.target.to, ...(spec.target.deadLetterQueue ? [{ queue: spec.target.deadLetterQueue }] : [])];
    const id = `Schedule${pascal(groupName === 'default' ? '' : groupName)}${pascal(spec.name)}`;
    const role = this.#schedulerRole(`${id}Role`, { schedule: spec }, groupName, targets, `EventBridge Scheduler's role for schedule ${name}: it may send to the schedule's target${spec.target.deadLetterQueue ? ' and dead-letter queue' : ''} only.`);
    // The simulator's CreateSchedule request, with this account's ARNs: the same input text, window and retry policy.
    const api = scheduleInput(spec, (ref) => this.#targetArn(ref as ScheduleTargetRef), role.roleArn);
    const t = api.Target!;
    const schedule = new scheduler.CfnSchedule(this, id, {
      name,
      ...(group ? { groupName: group.ref } : {}),
      ...(api.Description !== undefined ? { description: api.Description } : {}),
      scheduleExpression: api.ScheduleExpression!,
      ...(api.ScheduleExpressionTimezone !== undefined ? { scheduleExpressionTimezone: api.ScheduleExpressionTimezone } : {}),
      flexibleTimeWindow: { mode: api.FlexibleTimeWindow!.Mode!, ...(api.FlexibleTimeWindow!.MaximumWindowInMinutes !== undefined ? { maximumWindowInMinutes: api.FlexibleTimeWindow!.MaximumWindowInMinutes } : {}) },
      ...(api.State !== undefined ? { state: api.State } : {}),
      ...(api.StartDate !== undefined ? { startDate: api.StartDate.toISOString() } : {}),
      ...(api.EndDate !== undefined ? { endDate: api.EndDate.toISOString() } : {}),
      target: {
        arn: t.Arn!,
        roleArn: t.RoleArn!,
        ...(t.Input !== undefined ? { input: t.Input } : {}),
        ...(t.RetryPolicy ? { retryPolicy: { maximumRetryAttempts: t.RetryPolicy.MaximumRetryAttempts, maximumEventAgeInSeconds: t.RetryPolicy.MaximumEventAgeInSeconds } } : {}),
        ...(t.DeadLetterConfig ? { deadLetterConfig: { arn: t.DeadLetterConfig.Arn } } : {}),
        ...(t.EventBridgeParameters ? { eventBridgeParameters: { detailType: t.EventBridgeParameters.DetailType!, source: t.EventBridgeParameters.Source! } } : {}),
      },
    });
    // The role's policy is in place before the schedule can first run.
    schedule.node.addDependency(role);
    if (spec.actionAfterCompletion === 'DELETE') {
      Annotations.of(this).addWarningV2(
        `workbook:schedule-action-after-completion:${groupName}/${spec.name}`,
        `The lesson's schedule ${spec.name} deletes itself after its last invocation in the simulator (ActionAfterCompletion DELETE); CloudFormation has no such property, so the deployed schedule stays until cdk destroy removes it.`,
      );
    }
    this.names.schedules[`${groupName}/${spec.name}`] = name;
    this.names.schedulerRoles[`${groupName}/${spec.name}`] = role.roleName;
  }

  /**
   * An execution role EventBridge Scheduler assumes, for schedules of one group only (the confused-deputy conditions
   * AWS recommends), allowed the one action of each target: Invoke, SendMessage (a queue target or a dead-letter
   * queue), Publish or PutEvents. https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
   */
  #schedulerRole(id: string, of: { group: string } | { schedule: ScheduleSpec }, group: string, targets: ScheduleTargetRef[], description: string): iam.Role {
    const groupArn = group === 'default' ? this.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }) : this.#need(this.#scheduleGroups, group, 'schedule group').attrArn;
    const role = new iam.Role(this, id, {
      roleName: this.physical(schedulerRoleName(this.lesson.architecture, of), 64),
      description,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': groupArn } }),
    });
    const actions: Record<keyof ScheduleTargetRef | string, string> = { function: 'lambda:InvokeFunction', queue: 'sqs:SendMessage', topic: 'sns:Publish', bus: 'events:PutEvents' };
    const seen = new Set<string>();
    for (const target of targets) {
      const [kind, name] = Object.entries(target)[0] as [string, string];
      if (seen.has(`${kind}/${name}`)) continue;
      seen.add(`${kind}/${name}`);
      role.addToPolicy(new iam.PolicyStatement({ actions: [actions[kind]!], resources: [this.#targetArn(target)] }));
    }
    return role;
  }

  /** The ARN of a function, queue, topic or bus that a schedule or a pipe sends to. */
  #targetArn(ref: ScheduleTargetRef | PipeTargetRef | PipeDeadLetterRef): string {
    if ('function' in ref) return this.#need(this.#functions, ref.function, 'function').functionArn;
    if ('queue' in ref) return this.#need(this.#queues, ref.queue, 'queue').queueArn;
    if ('topic' in ref) return this.#need(this.#topics, ref.topic, 'topic').topicArn;
    return this.#busRef(ref.bus).eventBusArn;
  }

  /**
   * A function that imports Scheduler commands (lesson 13 creates a schedule per ticket) may call them on the
   * schedules of the groups its environment names (else of all the lesson's groups; `default` when it has none),
   * and pass those groups' execution roles to Scheduler, and no other role.
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridgescheduler.html
   */
  #grantSchedulerCalls(spec: FunctionSpec) {
    const { role, entry } = this.#functionRoles.get(spec.name)!;
    const granted = codeCalls(this.lesson.files, entry).actions.get('scheduler');
    if (!granted) return;
    const declared = (this.lesson.architecture.scheduleGroups ?? []).map((g) => g.name);
    const env = environmentNames(spec);
    const named = ['default', ...declared].filter((name) => env.has(name));
    const groups = named.length > 0 ? named : declared.length > 0 ? declared : ['default'];
    const onSchedules = [...granted].filter((action) => action.startsWith('scheduler:') && action !== 'scheduler:ListSchedules').sort();
    if (onSchedules.length > 0) {
      for (const group of groups) {
        const physical = group === 'default' ? 'default' : this.names.scheduleGroups[group]!;
        const arn = this.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${physical}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
        role.addToPolicy(new iam.PolicyStatement({ actions: onSchedules, resources: [arn] }));
        Validations.of(role).acknowledge({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${physical}/*]`,
          reason:
            'The function names its schedules at run time (one per support ticket, say), so no fixed schedule ARN can be granted. The wildcard covers the schedules of this one schedule group of this lesson, which the stack creates and deletes, and the roles the function may pass to them are limited to the group\'s own execution role, granted by ARN.',
        });
      }
    }
    if (granted.has('scheduler:ListSchedules')) {
      // ListSchedules has no resource type: it is granted on * or not at all.
      role.addToPolicy(new iam.PolicyStatement({ actions: ['scheduler:ListSchedules'], resources: ['*'] }));
      Validations.of(role).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'scheduler:ListSchedules supports no resource-level permissions (the Service Authorization Reference lists no resource type for it), so it can only be granted on *. It reads the names, states and target ARNs of schedules in this account and region; it cannot read their input, change them or pass a role.',
      });
    }
    const passable = groups.map((group) => this.#groupRoles.get(group)).filter((r): r is iam.Role => r !== undefined);
    if (granted.has('iam:PassRole') && passable.length === 0) {
      Annotations.of(this).addWarningV2(
        `workbook:no-scheduler-role:${spec.name}`,
        `Function ${spec.name} creates or updates schedules, but no schedule group it may use (${groups.join(', ')}) has a role to pass to them, so CreateSchedule will be denied on AWS. Give the group one: { name: "…", role: { targets: [ … ] } }, and the function its ARN: { arn: { schedulerRole: "…" } }.`,
      );
    }
    if (granted.has('iam:PassRole') && passable.length > 0) {
      role.addToPolicy(
        new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: passable.map((r) => r.roleArn), conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } } }),
      );
    }
  }

  // EventBridge Pipes: aws-cdk-lib has the L1 resource only, so the pipe takes the simulator's CreatePipe values
  // (build.ts), field for field, with this account's ARNs.
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-pipes-pipe.html
  #pipe(spec: PipeSpec) {
    const name = this.physical(spec.name, 64);
    const id = `Pipe${pascal(spec.name)}`;
    const table = this.#need(this.#tables, spec.source.table, 'table');
    const role = this.#pipeRole(`${id}Role`, spec, name, table);
    const api = pipeInput(spec, this.lesson.files, (ref) => this.#targetArn(ref), table.tableStreamArn!, role.roleArn);
    const stream = api.SourceParameters!.DynamoDBStreamParameters!;
    const filters = api.SourceParameters!.FilterCriteria?.Filters;
    const target = api.TargetParameters;
    const bus = target?.EventBridgeEventBusParameters;
    const pipe = new pipes.CfnPipe(this, id, {
      name,
      ...(api.Description !== undefined ? { description: api.Description } : {}),
      roleArn: role.roleArn,
      source: api.Source!,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: stream.StartingPosition!,
          ...(stream.BatchSize !== undefined ? { batchSize: stream.BatchSize } : {}),
          ...(stream.MaximumBatchingWindowInSeconds !== undefined ? { maximumBatchingWindowInSeconds: stream.MaximumBatchingWindowInSeconds } : {}),
          ...(stream.MaximumRetryAttempts !== undefined ? { maximumRetryAttempts: stream.MaximumRetryAttempts } : {}),
          ...(stream.DeadLetterConfig ? { deadLetterConfig: { arn: stream.DeadLetterConfig.Arn! } } : {}),
        },
        ...(filters ? { filterCriteria: { filters: filters.map((filter) => ({ pattern: filter.Pattern! })) } } : {}),
      },
      ...(api.Enrichment !== undefined ? { enrichment: api.Enrichment } : {}),
      target: api.Target!,
      ...(target
        ? {
            targetParameters: {
              ...(target.InputTemplate !== undefined ? { inputTemplate: target.InputTemplate } : {}),
              ...(bus ? { eventBridgeEventBusParameters: { ...(bus.Source !== undefined ? { source: bus.Source } : {}), ...(bus.DetailType !== undefined ? { detailType: bus.DetailType } : {}) } } : {}),
            },
          }
        : {}),
    });
    // The role's policy is in place before the pipe first reads the stream.
    pipe.node.addDependency(role);
    this.names.pipes[spec.name] = name;
  }

  /**
   * The execution role EventBridge Pipes assumes for one pipe only (the confused-deputy conditions), allowed to read
   * that table's stream, invoke the enrichment, and the one action of the target and of the dead-letter queue.
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-permissions.html
   */
  #pipeRole(id: string, spec: PipeSpec, pipeName: string, table: dynamodb.Table): iam.Role {
    const pipeArn = this.formatArn({ service: 'pipes', resource: 'pipe', resourceName: pipeName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const role = new iam.Role(this, id, {
      roleName: this.physical(pipeRoleName(spec), 64),
      description: `EventBridge Pipes' role for pipe ${pipeName}: it may read the stream of table ${this.names.tables[spec.source.table]}, invoke its enrichment, and send to its target and dead-letter queue only.`,
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': this.account, 'aws:SourceArn': pipeArn } }),
    });
    role.addToPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'], resources: [table.tableStreamArn!] }),
    );
    const actions: Record<string, string> = { function: 'lambda:InvokeFunction', queue: 'sqs:SendMessage', topic: 'sns:Publish', bus: 'events:PutEvents' };
    for (const ref of [...(spec.enrichment ? [spec.enrichment] : []), spec.target, ...(spec.source.deadLetter ? [spec.source.deadLetter] : [])]) {
      const [kind] = Object.keys(ref) as [string];
      role.addToPolicy(new iam.PolicyStatement({ actions: [actions[kind]!], resources: [this.#targetArn(ref)] }));
    }
    return role;
  }

  #asyncConfig(spec: FunctionSpec) {
    if (spec.maximumRetryAttempts === undefined && !spec.onFailure && !spec.onSuccess) return;
    const fn = this.#functions.get(spec.name) as lambda.Function;
    fn.configureAsyncInvoke({
      ...(spec.maximumRetryAttempts !== undefined ? { retryAttempts: spec.maximumRetryAttempts } : {}),
      ...(spec.onFailure ? { onFailure: this.#destination(spec.onFailure) } : {}),
      ...(spec.onSuccess ? { onSuccess: this.#destination(spec.onSuccess) } : {}),
    });
  }

  #destination(ref: ResourceRef): lambda.IDestination {
    if ('queue' in ref) return new destinations.SqsDestination(this.#need(this.#queues, ref.queue, 'queue'));
    if ('topic' in ref) return new destinations.SnsDestination(this.#need(this.#topics, ref.topic, 'topic'));
    if ('bus' in ref) return new destinations.EventBridgeDestination(this.#busRef(ref.bus));
    if ('function' in ref) return new destinations.LambdaDestination(this.#need(this.#functions, ref.function, 'function'), { responseOnly: false });
    throw new Error(`lessons/${this.lesson.id}/architecture.ts: Lambda cannot send invocation records to a log group (${ref.logGroup}); use a queue, topic, bus or function.`);
  }

  #rule(spec: RuleSpec, simulated: SimulatedRule) {
    const ruleName = this.physical(spec.name, 64);
    const bus = spec.bus && spec.bus !== 'default' ? this.#busRef(spec.bus) : undefined;
    const pattern = simulated.eventPattern !== undefined ? (this.#withRealSources(JSON.parse(simulated.eventPattern)) as Record<string, unknown>) : undefined;
    const rule = new events.Rule(this, `Rule${pascal(spec.name)}`, {
      ruleName,
      ...(spec.description ? { description: spec.description } : {}),
      ...(bus ? { eventBus: bus } : {}),
      // Given to the L2 construct so it validates; the exact JSON is set on the template below.
      ...(pattern ? { eventPattern: pattern as events.EventPattern } : {}),
      ...(simulated.scheduleExpression ? { schedule: events.Schedule.expression(simulated.scheduleExpression) } : {}),
      enabled: simulated.state !== 'DISABLED',
    });
    const cfn = rule.node.defaultChild as events.CfnRule;
    // CDK renames a top-level `detailType` key; the simulator's parsed pattern goes in untouched instead.
    if (pattern) cfn.addPropertyOverride('EventPattern', pattern);
    spec.targets.forEach((target, i) => {
      const api = simulated.targets.find((t) => t.Id === target.id)!;
      const base = {
        ...(target.deadLetterQueue ? { deadLetterQueue: this.#need(this.#queues, target.deadLetterQueue, 'queue') } : {}),
        ...(target.retryPolicy?.maximumRetryAttempts !== undefined ? { retryAttempts: target.retryPolicy.maximumRetryAttempts } : {}),
        ...(target.retryPolicy?.maximumEventAgeInSeconds !== undefined ? { maxEventAge: Duration.seconds(target.retryPolicy.maximumEventAgeInSeconds) } : {}),
      };
      rule.addTarget(this.#target(target.to, base, target));
      // The target's Id, Input, InputPath and InputTransformer as the simulator holds them, verbatim.
      cfn.addPropertyOverride(`Targets.${i}.Id`, api.Id);
      if (api.Input !== undefined) cfn.addPropertyOverride(`Targets.${i}.Input`, api.Input);
      if (api.InputPath !== undefined) cfn.addPropertyOverride(`Targets.${i}.InputPath`, api.InputPath);
      if (api.InputTransformer) {
        cfn.addPropertyOverride(`Targets.${i}.InputTransformer`, {
          InputTemplate: api.InputTransformer.InputTemplate,
          ...(api.InputTransformer.InputPathsMap ? { InputPathsMap: api.InputTransformer.InputPathsMap } : {}),
        });
      }
      if (api.RetryPolicy && 'bus' in target.to) {
        // The EventBus target has no retry properties in CDK; EventBridge accepts a retry policy on it all the same.
        cfn.addPropertyOverride(`Targets.${i}.RetryPolicy`, api.RetryPolicy);
      }
    });
    this.names.rules[spec.name] = ruleName;
  }

  /** A pattern with each string that names a lesson partner source replaced by the real source's name. */
  #withRealSources(value: unknown): unknown {
    if (typeof value === 'string') return this.#partnerSourceNames.get(value) ?? value;
    if (Array.isArray(value)) return value.map((item) => this.#withRealSources(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.#withRealSources(item)]));
    return value;
  }

  #target(to: TargetRef, base: targets.TargetBaseProps, spec: TargetSpec): events.IRuleTarget {
    if ('apiDestination' in to) {
      const http = spec.httpParameters;
      // CDK gives the rule a role that may call this destination only (events:InvokeApiDestination).
      return new targets.ApiDestination(this.#need(this.#apiDestinations, to.apiDestination, 'API destination'), {
        ...base,
        ...(http?.pathParameterValues ? { pathParameterValues: http.pathParameterValues } : {}),
        ...(http?.headerParameters ? { headerParameters: http.headerParameters } : {}),
        ...(http?.queryStringParameters ? { queryStringParameters: http.queryStringParameters } : {}),
      });
    }
    if ('function' in to) return new targets.LambdaFunction(this.#need(this.#functions, to.function, 'function'), base);
    if ('queue' in to) return new targets.SqsQueue(this.#need(this.#queues, to.queue, 'queue'), base);
    if ('topic' in to) return new targets.SnsTopic(this.#need(this.#topics, to.topic, 'topic'), base);
    if ('bus' in to) return new targets.EventBus(this.#busRef(to.bus), base.deadLetterQueue ? { deadLetterQueue: base.deadLetterQueue } : {});
    return this.#logGroupTarget(this.#logGroup(to.logGroup), base);
  }

  // CDK's CloudWatchLogGroup target writes the log group's resource policy through a custom resource: a Lambda
  // function with the managed basic-execution policy and `Resource: *` (AwsSolutions-IAM4, IAM5). The policy is
  // plain CloudFormation instead: the stack's one resource policy (#logsPolicy).
  #logGroupTarget(group: logs.LogGroup, base: targets.TargetBaseProps): events.IRuleTarget {
    const arn = this.formatArn({ service: 'logs', resource: 'log-group', resourceName: group.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const policy = this.#logsPolicy();
    policy.document.addStatements(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${arn}:*`],
      }),
    );
    return {
      bind: (rule) => {
        if (base.deadLetterQueue) targets.addToDeadLetterQueueResourcePolicy(rule, base.deadLetterQueue);
        rule.node.addDependency(policy);
        return { ...targets.bindBaseTargetConfig(base), arn };
      },
    };
  }

  /**
   * The stack's one CloudWatch Logs resource policy, letting EventBridge (log-group targets) and the log delivery
   * service (bus logs) write to the stack's log groups. CloudWatch Logs allows 10 account-level resource policies per
   * region, so at most 10 stacks with log-group targets or bus logs fit in one account and region.
   * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutResourcePolicy.html
   */
  #logsPolicy(): logs.ResourcePolicy {
    this.#logsResourcePolicy ??= new logs.ResourcePolicy(this, 'EventsToLogGroups', { resourcePolicyName: this.physical('events-to-logs', 255) });
    return this.#logsResourcePolicy;
  }

  /** A log group's name in the account: `/aws/events/signups` becomes `/aws/events/<prefix>-<NN>-signups`. */
  #logGroupName(name: string): string {
    const slash = name.lastIndexOf('/');
    return `${name.slice(0, slash + 1)}${this.physical(name.slice(slash + 1), 512)}`;
  }

  /** A log group a rule writes to or a bus logs to, created by the stack. */
  #logGroup(name: string): logs.LogGroup {
    const existing = this.#logGroups.get(name);
    if (existing) return existing;
    const logGroupName = this.#logGroupName(name);
    const group = new logs.LogGroup(this, `LogGroup${pascal(name)}`, { logGroupName, retention: LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    this.#logGroups.set(name, group);
    this.names.logGroups[name] = logGroupName;
    return group;
  }

  /** The ARNs of the lesson's rules as deployed: `rule/<name>` on the default bus, `rule/<bus>/<name>` on another. */
  #ruleArns(events: string): string[] {
    return (this.lesson.architecture.rules ?? []).map((rule) => {
      const name = this.physical(rule.name, 64);
      return !rule.bus || rule.bus === 'default' ? `${events}:rule/${name}` : `${events}:rule/${this.names.buses[rule.bus] ?? rule.bus}/${name}`;
    });
  }

  #busRef(name: string): events.IEventBus {
    if (name !== 'default') return this.#need(this.#buses, name, 'bus');
    this.#defaultBus ??= events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    return this.#defaultBus;
  }

  #need<T>(map: Map<string, T>, name: string, kind: string): T {
    const found = map.get(name);
    if (!found) throw new Error(`lessons/${this.lesson.id}/architecture.ts refers to ${kind} "${name}", which the lesson does not declare.`);
    return found;
  }

  #alarms(): cloudwatch.Alarm[] {
    // Dimension values that name a lesson resource become its name in the account (FunctionName: welcome-email).
    const byDimension: Record<string, Record<string, string>> = {
      FunctionName: this.names.functions,
      RuleName: this.names.rules,
      EventBusName: this.names.buses,
      QueueName: this.names.queues,
      TopicName: this.names.topics,
      TableName: this.names.tables,
    };
    return this.lesson.alarms.map((spec) => {
      const alarmName = this.physical(spec.name, 255);
      const metric = new cloudwatch.Metric({
        namespace: spec.namespace,
        metricName: spec.metricName,
        dimensionsMap: Object.fromEntries(Object.entries(spec.dimensions ?? {}).map(([key, value]) => [key, byDimension[key]?.[value] ?? value])),
        statistic: spec.statistic,
        period: Duration.seconds(spec.period),
      });
      const alarm = new cloudwatch.Alarm(this, `Alarm${pascal(spec.name)}`, {
        alarmName,
        ...(spec.description ? { alarmDescription: spec.description } : {}),
        metric,
        evaluationPeriods: spec.evaluationPeriods,
        threshold: spec.threshold,
        comparisonOperator: spec.comparisonOperator as cloudwatch.ComparisonOperator,
      });
      for (const action of spec.alarmActions ?? []) {
        const topic = this.#need(this.#topics, action.topic, 'topic');
        alarm.addAlarmAction(new SnsAction(topic));
        // enforceSSL gives the topic a policy of its own, which replaces the default one that let CloudWatch publish:
        // without this allow the alarm fires and its notification is refused ("is not authorized to perform: SNS:Publish").
        topic.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: `Alarm${pascal(spec.name)}Publishes`,
            principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
            actions: ['sns:Publish'],
            resources: [topic.topicArn],
            conditions: { ArnEquals: { 'aws:SourceArn': alarm.alarmArn }, StringEquals: { 'aws:SourceAccount': this.account } },
          }),
        );
      }
      this.names.alarms[spec.name] = alarmName;
      return alarm;
    });
  }

  /** One dashboard per lesson: each rule's matches and deliveries, each function's invocations, errors and logs, the alarms. */
  #dashboard(alarms: cloudwatch.Alarm[]) {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: this.names.dashboard, defaultInterval: Duration.hours(3) });
    const minute = Duration.minutes(1);
    const rules = (this.lesson.architecture.rules ?? []).filter((rule) => this.names.rules[rule.name] !== undefined);
    if (rules.length > 0) {
      const metric = (rule: RuleSpec, metricName: string) =>
        new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName,
          dimensionsMap: { RuleName: this.names.rules[rule.name]!, ...(rule.bus && rule.bus !== 'default' ? { EventBusName: this.names.buses[rule.bus]! } : {}) },
          statistic: 'Sum',
          period: minute,
          label: `${rule.name} ${metricName}`,
        });
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({ title: 'Rules: events matched and targets invoked', width: 12, left: rules.flatMap((r) => [metric(r, 'MatchedEvents'), metric(r, 'Invocations')]) }),
        new cloudwatch.GraphWidget({ title: 'Rules: failed invocations and dead-lettered events', width: 12, left: rules.flatMap((r) => [metric(r, 'FailedInvocations'), metric(r, 'InvocationsSentToDlq')]) }),
      );
    }
    const fns = [...this.#functions.entries()];
    if (fns.length > 0) {
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({ title: 'Functions: invocations and errors', width: 12, left: fns.flatMap(([name, fn]) => [fn.metricInvocations({ period: minute, label: `${name} Invocations` }), fn.metricErrors({ period: minute, label: `${name} Errors` })]) }),
        new cloudwatch.GraphWidget({ title: 'Functions: duration (p99)', width: 12, left: fns.map(([name, fn]) => fn.metricDuration({ period: minute, statistic: 'p99', label: name })) }),
      );
      dashboard.addWidgets(
        new cloudwatch.LogQueryWidget({
          title: 'Function logs (newest first)',
          width: 24,
          logGroupNames: fns.map(([name]) => `/aws/lambda/${this.names.functions[name]}`),
          queryLines: ['fields @timestamp, @log, @message', 'sort @timestamp desc', 'limit 100'],
        }),
      );
    }
    const queues = [...this.#queues.entries()];
    if (queues.length > 0) {
      dashboard.addWidgets(new cloudwatch.GraphWidget({ title: 'Queues: messages waiting', width: 24, left: queues.map(([name, q]) => q.metricApproximateNumberOfMessagesVisible({ period: minute, label: name })) }));
    }
    if (alarms.length > 0) dashboard.addWidgets(...alarms.map((alarm) => new cloudwatch.AlarmWidget({ title: `Alarm ${alarm.node.id.replace(/^Alarm/, '')}`, alarm, width: 12 })));
  }
}

/**
 * Delivery source and destination names: 1 to 60 word characters and hyphens.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetDeliverySource.html
 */
const DELIVERY_NAME_MAX = 60;

/** A delivery source or destination name from a bus or log group name: `.` and the like become `-`. */
const deliveryName = (text: string) => text.replace(/[^\w-]+/g, '-');

/** The lesson names a function's environment values hold: plain values, and the resources `{ arn: … }` values name. */
function environmentNames(spec: FunctionSpec): Set<string> {
  return new Set(Object.values(spec.environment ?? {}).map((value) => (typeof value === 'string' ? value : Object.values(value.arn)[0]!)));
}

/** A connection's extra parameters as CDK takes them; the lesson's values are plain, not secret. */
function httpParameters(parameters: ConnectionHttpParameters | undefined): Pick<events.ConnectionProps, 'headerParameters' | 'queryStringParameters' | 'bodyParameters'> {
  const plain = (values: Record<string, string> | undefined) => (values ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, events.HttpParameter.fromString(v)])) : undefined);
  return {
    ...(parameters?.headerParameters ? { headerParameters: plain(parameters.headerParameters) } : {}),
    ...(parameters?.queryStringParameters ? { queryStringParameters: plain(parameters.queryStringParameters) } : {}),
    ...(parameters?.bodyParameters ? { bodyParameters: plain(parameters.bodyParameters) } : {}),
  };
}
