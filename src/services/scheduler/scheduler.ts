// Amazon EventBridge Scheduler in the simulated account: schedules and schedule groups (the API), and running
// them on the account's virtual clock: one-time at(), recurring rate() and cron() in the schedule's time zone,
// flexible time windows drawn from the account's seeded randomness, ActionAfterCompletion DELETE, templated
// targets (Lambda Invoke, SQS SendMessage, SNS Publish, EventBridge PutEvents), universal targets for the
// services the simulator has, context attributes, the retry policy and the SQS dead-letter queue.
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/what-is-scheduler.html
// https://docs.aws.amazon.com/scheduler/latest/APIReference/Welcome.html
//
// Error texts: AWS's where recorded (in each message's comment, with its source); a few are the simulator's
// own, marked "wording not confirmed against AWS".
// Left out: execution roles are not checked (no IAM in the simulator: RoleArn must only be well formed), KmsKeyArn is
// stored and ignored, ECS/Kinesis/SageMaker/Step Functions targets are accepted but fail when they run (the
// simulator has none of them), CloudWatch metrics of Scheduler (AWS/Scheduler) are not published, and the
// service quotas except the 500 schedule groups.

import type * as Api from '@aws-sdk/client-scheduler';
import { parseArn } from '../../bus/arn.ts';
import type { VirtualClock } from '../../bus/clock.ts';
import { Constraints } from '../../bus/constraints.ts';
import { decideRetry, effectiveRetryPolicy } from '../../bus/delivery/retry.ts';
import { AwsServiceError, ValidationException } from '../../bus/errors.ts';
import type { EventBridge } from '../../bus/event-bridge.ts';
import { paginate } from '../../bus/paginate.ts';
import type { DynamoDbTables } from '../dynamodb/tables.ts';
import type { LambdaInvoker } from '../lambda-port.ts';
import type { SesOutbox } from '../ses/outbox.ts';
import type { SnsTopics } from '../sns/topics.ts';
import type { SqsQueues } from '../sqs/queues.ts';
import { atInstant, nextRecurringFireTime, parseSchedulerExpression, type SchedulerExpression } from './expression.ts';
import { isTimeZone } from './time-zone.ts';

/** What the scheduler needs of the account around it. The Cloud is one; it is read lazily, so the Cloud may pass itself while still being built. */
export interface SchedulerHost {
  readonly account: string;
  readonly region: string;
  readonly clock: VirtualClock;
  readonly sqs: SqsQueues;
  readonly sns: SnsTopics;
  readonly ses: SesOutbox;
  readonly dynamodb: DynamoDbTables;
  readonly events: EventBridge;
  readonly lambda: LambdaInvoker | undefined;
  /** A UUID from the account's seeded randomness. */
  newId(): string;
}

export class ConflictException extends AwsServiceError {
  constructor(message: string) {
    super('ConflictException', message, 409);
  }
}

export class ServiceQuotaExceededException extends AwsServiceError {
  constructor(message: string) {
    super('ServiceQuotaExceededException', message, 402);
  }
}

/** A missing resource answers 404 in this REST API. */
const notFound = (message: string) => new AwsServiceError('ResourceNotFoundException', message, 404);

// Constraints from the API reference's shapes.
// https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
const NAME = /[0-9a-zA-Z-_.]+/;
const NAME_TEXT = '^[0-9a-zA-Z-_.]+$';
const CLIENT_TOKEN = /[a-zA-Z0-9-_]+/;
const CLIENT_TOKEN_TEXT = '^[a-zA-Z0-9-_]+$';
const ROLE_ARN = /arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@\/-]+/;
const ROLE_ARN_TEXT = '^arn:aws(-[a-z]+)?:iam::\\d{12}:role\\/[\\w+=,.@\\/-]+$';
const DLQ_ARN = /arn:aws(-[a-z]+)?:sqs:[a-z0-9\-]+:\d{12}:[a-zA-Z0-9\-_]+/;
const DLQ_ARN_TEXT = '^arn:aws(-[a-z]+)?:sqs:[a-z0-9\\-]+:\\d{12}:[a-zA-Z0-9\\-_]+$';
const EVENT_SOURCE = /(?=[/\.\-_A-Za-z0-9]+)((?!aws\.).*)|(\$(\.[\w_-]+(\[(\d+|\*)\])*)*)/;
const EVENT_SOURCE_TEXT = '^(?=[/\\.\\-_A-Za-z0-9]+)((?!aws\\.).*)|(\\$(\\.[\\w_-]+(\\[(\\d+|\\*)\\])*)*)$';

/** "You can create up to 500 schedule groups in your AWS account." https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-group.html */
export const MAX_SCHEDULE_GROUPS = 500;

/**
 * Prefixes of the read-only API actions a universal target may not call.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html#unsupported-api-actions
 */
const READ_ONLY_PREFIXES = [
  'get', 'describe', 'list', 'poll', 'receive', 'search', 'scan', 'query', 'select', 'read', 'lookup', 'discover', 'validate', 'batchGet', 'batchDescribe',
  'batchRead', 'transactGet', 'adminGet', 'adminList', 'testMigration', 'retrieve', 'testConnection', 'translateDocument', 'isAuthorized', 'invokeModel',
];

/** The keywords Scheduler replaces in a target's Input. https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html */
const CONTEXT_ATTRIBUTES = /<aws\.scheduler\.(schedule-arn|scheduled-time|execution-id|attempt-number)>/g;

type TargetKind = 'lambda' | 'sqs' | 'sns' | 'events' | 'universal' | 'other';

interface ScheduleGroupRecord {
  name: string;
  arn: string;
  state: 'ACTIVE' | 'DELETING';
  creationDate: number;
  lastModificationDate: number;
  tags: Map<string, string>;
}

interface ScheduleRecord {
  name: string;
  groupName: string;
  arn: string;
  request: Api.CreateScheduleInput;
  expression: SchedulerExpression;
  zone: string;
  state: 'ENABLED' | 'DISABLED';
  creationDate: number;
  lastModificationDate: number;
  /** Bumped on every change: a firing planned for an older version is dropped. */
  version: number;
  /** Where a rate counts from: StartDate, or when the schedule was last written. */
  rateAnchor: number;
}

/** One attempt to call a schedule's target. */
export interface ScheduleAttempt {
  attemptNumber: number;
  at: number;
  ok: boolean;
  errorCode?: string;
  errorMessage?: string;
}

/** One invocation of a schedule's target, with its retries: what checks and the workbench read. */
export interface ScheduleRun {
  scheduleArn: string;
  scheduleName: string;
  groupName: string;
  /** `<aws.scheduler.execution-id>`: shared by the invocation's attempts. */
  executionId: string;
  /** The time the expression named (`<aws.scheduler.scheduled-time>`), epoch ms. */
  scheduledTime: number;
  /** When the first attempt was made: later than `scheduledTime` within a flexible time window. */
  invokedAt: number;
  targetArn: string;
  /** What the first attempt delivered, context attributes filled in. */
  payload: string;
  attempts: ScheduleAttempt[];
  outcome: 'in-progress' | 'delivered' | 'dead-lettered' | 'dropped';
  /** Where the failed invocation went, when it went to a dead-letter queue. */
  deadLetterQueueArn?: string;
}

type AttemptResult = { ok: true } | { ok: false; errorCode: string; errorMessage: string; retryable: boolean };

export class Scheduler {
  readonly #host: SchedulerHost;
  #groupsById: Map<string, ScheduleGroupRecord> | undefined;
  readonly #schedules = new Map<string, ScheduleRecord>();
  readonly #runs: ScheduleRun[] = [];
  /** ClientToken → the answer it got, so a retried call is answered the same. */
  readonly #tokens = new Map<string, { request: string; answer: unknown }>();

  constructor(host: SchedulerHost) {
    this.#host = host;
  }

  // ---- Schedules ----

  createSchedule(request: Api.CreateScheduleInput): Api.CreateScheduleOutput {
    return this.#idempotent('CreateSchedule', request, () => {
      const checked = this.#checkSchedule(request);
      const groupName = request.GroupName ?? 'default';
      const group = this.#activeGroup(groupName);
      const key = scheduleKey(group.name, request.Name!);
      // Recorded: "Schedule <name> already exists." (moto's models; the sdk-js issue 5720 shows the not-found twin verbatim).
      if (this.#schedules.has(key)) throw new ConflictException(`Schedule ${request.Name} already exists.`);
      const now = this.#clock.now();
      const record: ScheduleRecord = {
        name: request.Name!,
        groupName: group.name,
        arn: `arn:aws:scheduler:${this.#host.region}:${this.#host.account}:schedule/${group.name}/${request.Name}`,
        request: structuredClone(request),
        ...checked,
        creationDate: now,
        lastModificationDate: now,
        version: 0,
        rateAnchor: dateMs(request.StartDate) ?? now,
      };
      this.#schedules.set(key, record);
      this.#plan(record, this.#clock.now(), true);
      return { ScheduleArn: record.arn };
    });
  }

  /** Replaces the whole schedule: members left out go back to their defaults, as in AWS. */
  updateSchedule(request: Api.UpdateScheduleInput): Api.UpdateScheduleOutput {
    return this.#idempotent('UpdateSchedule', request, () => {
      const checked = this.#checkSchedule(request);
      const record = this.#schedule(request.Name, request.GroupName);
      const now = this.#clock.now();
      Object.assign(record, checked, {
        request: structuredClone({ ...request, GroupName: record.groupName }),
        lastModificationDate: now,
        version: record.version + 1,
        rateAnchor: dateMs(request.StartDate) ?? now,
      });
      this.#plan(record, this.#clock.now(), true);
      return { ScheduleArn: record.arn };
    });
  }

  getSchedule(request: Api.GetScheduleInput): Api.GetScheduleOutput {
    this.#checkNames(request.Name, request.GroupName);
    const record = this.#schedule(request.Name, request.GroupName);
    const r = record.request;
    return stripUndefined({
      ActionAfterCompletion: r.ActionAfterCompletion ?? 'NONE',
      Arn: record.arn,
      CreationDate: new Date(record.creationDate),
      Description: r.Description,
      EndDate: r.EndDate === undefined ? undefined : new Date(dateMs(r.EndDate)!),
      FlexibleTimeWindow: r.FlexibleTimeWindow,
      GroupName: record.groupName,
      KmsKeyArn: r.KmsKeyArn,
      LastModificationDate: new Date(record.lastModificationDate),
      Name: record.name,
      ScheduleExpression: r.ScheduleExpression,
      ScheduleExpressionTimezone: record.zone,
      StartDate: r.StartDate === undefined ? undefined : new Date(dateMs(r.StartDate)!),
      State: record.state,
      // GetSchedule shows the retry policy in force, the defaults included (recorded from AWS in localstack's snapshots).
      Target: { ...r.Target!, RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185, ...r.Target!.RetryPolicy } },
    }) as Api.GetScheduleOutput;
  }

  deleteSchedule(request: Api.DeleteScheduleInput): Api.DeleteScheduleOutput {
    return this.#idempotent('DeleteSchedule', request, () => {
      this.#checkNames(request.Name, request.GroupName);
      const record = this.#schedule(request.Name, request.GroupName);
      this.#remove(record);
      return {};
    });
  }

  listSchedules(request: Api.ListSchedulesInput = {}): Api.ListSchedulesOutput {
    new Constraints()
      .length('groupName', request.GroupName, 1, 64)
      .pattern('groupName', request.GroupName, NAME, NAME_TEXT)
      .length('namePrefix', request.NamePrefix, 1, 64)
      .pattern('namePrefix', request.NamePrefix, NAME, NAME_TEXT)
      .oneOf('state', request.State, ['ENABLED', 'DISABLED'])
      .range('maxResults', request.MaxResults, 1, 100)
      .length('nextToken', request.NextToken, 1, 2048)
      .check();
    if (request.GroupName !== undefined) this.#group(request.GroupName);
    const matching = [...this.#schedules.values()]
      .filter((s) => (request.GroupName === undefined || s.groupName === request.GroupName) && (request.NamePrefix === undefined || s.name.startsWith(request.NamePrefix)) && (request.State === undefined || s.state === request.State))
      .sort((a, b) => a.groupName.localeCompare(b.groupName) || a.name.localeCompare(b.name));
    const { page, next } = paginate(matching, request.NextToken, request.MaxResults);
    return stripUndefined({
      Schedules: page.map((s) => ({
        Arn: s.arn,
        CreationDate: new Date(s.creationDate),
        GroupName: s.groupName,
        LastModificationDate: new Date(s.lastModificationDate),
        Name: s.name,
        State: s.state,
        Target: { Arn: s.request.Target!.Arn! },
      })),
      NextToken: next,
    }) as Api.ListSchedulesOutput;
  }

  // ---- Schedule groups ----

  createScheduleGroup(request: Api.CreateScheduleGroupInput): Api.CreateScheduleGroupOutput {
    return this.#idempotent('CreateScheduleGroup', request, () => {
      const tags = request.Tags ?? [];
      const constraints = new Constraints().required('name', request.Name).length('name', request.Name, 1, 64).pattern('name', request.Name, NAME, NAME_TEXT);
      if (tags.length > 200) constraints.add([`Value '[${tags.length} tags]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200`]);
      tags.forEach((tag, i) => constraints.required(`tags.${i + 1}.member.key`, tag.Key).length(`tags.${i + 1}.member.key`, tag.Key, 1, 128).required(`tags.${i + 1}.member.value`, tag.Value).length(`tags.${i + 1}.member.value`, tag.Value, 0, 256));
      constraints.check();
      const name = request.Name!;
      // Recorded from AWS (CreateScheduleGroup with Name default): "This operation cannot be performed on schedule group default."
      if (name === 'default') throw new ValidationException('This operation cannot be performed on schedule group default.');
      const groups = this.#groups;
      if (groups.has(name)) throw new ConflictException(`Schedule group ${name} already exists.`); // wording not confirmed against AWS
      if (groups.size >= MAX_SCHEDULE_GROUPS) throw new ServiceQuotaExceededException(`You have reached the quota of ${MAX_SCHEDULE_GROUPS} schedule groups in this account.`); // wording not confirmed against AWS
      const now = this.#clock.now();
      const group: ScheduleGroupRecord = {
        name,
        arn: `arn:aws:scheduler:${this.#host.region}:${this.#host.account}:schedule-group/${name}`,
        state: 'ACTIVE',
        creationDate: now,
        lastModificationDate: now,
        tags: new Map(tags.map((t) => [t.Key!, t.Value!])),
      };
      groups.set(name, group);
      return { ScheduleGroupArn: group.arn };
    });
  }

  getScheduleGroup(request: Api.GetScheduleGroupInput): Api.GetScheduleGroupOutput {
    this.#checkGroupName(request.Name);
    const group = this.#group(request.Name);
    return describeGroup(group);
  }

  /**
   * "When you delete a group, the state changes to DELETING until EventBridge Scheduler finishes the deletion of the
   * associated schedules." The simulator finishes at the same instant, in a task on the clock.
   * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-group.html
   */
  deleteScheduleGroup(request: Api.DeleteScheduleGroupInput): Api.DeleteScheduleGroupOutput {
    return this.#idempotent('DeleteScheduleGroup', request, () => {
      this.#checkGroupName(request.Name);
      if (request.Name === 'default') throw new ValidationException('This operation cannot be performed on schedule group default.');
      const group = this.#group(request.Name);
      if (group.state === 'DELETING') return {};
      group.state = 'DELETING';
      group.lastModificationDate = this.#clock.now();
      this.#clock.at(this.#clock.now(), () => {
        for (const schedule of [...this.#schedules.values()]) if (schedule.groupName === group.name) this.#remove(schedule);
        this.#groups.delete(group.name);
      });
      return {};
    });
  }

  listScheduleGroups(request: Api.ListScheduleGroupsInput = {}): Api.ListScheduleGroupsOutput {
    new Constraints()
      .length('namePrefix', request.NamePrefix, 1, 64)
      .pattern('namePrefix', request.NamePrefix, NAME, NAME_TEXT)
      .range('maxResults', request.MaxResults, 1, 100)
      .length('nextToken', request.NextToken, 1, 2048)
      .check();
    const matching = [...this.#groups.values()].filter((g) => request.NamePrefix === undefined || g.name.startsWith(request.NamePrefix)).sort((a, b) => a.name.localeCompare(b.name));
    const { page, next } = paginate(matching, request.NextToken, request.MaxResults);
    return stripUndefined({ ScheduleGroups: page.map(describeGroup), NextToken: next }) as Api.ListScheduleGroupsOutput;
  }

  // ---- Tags: "you organize schedule groups, instead of individual schedules, by applying tags" ----

  listTagsForResource(request: Api.ListTagsForResourceInput): Api.ListTagsForResourceOutput {
    const group = this.#taggable(request.ResourceArn);
    return { Tags: [...group.tags].map(([Key, Value]) => ({ Key, Value })) };
  }

  tagResource(request: Api.TagResourceInput): Api.TagResourceOutput {
    const group = this.#taggable(request.ResourceArn);
    for (const tag of request.Tags ?? []) group.tags.set(tag.Key!, tag.Value ?? '');
    return {};
  }

  untagResource(request: Api.UntagResourceInput): Api.UntagResourceOutput {
    const group = this.#taggable(request.ResourceArn);
    for (const key of request.TagKeys ?? []) group.tags.delete(key);
    return {};
  }

  // ---- For checks and the workbench ----

  /**
   * Every invocation so far, oldest first; of one schedule when `name` is given (in `group`, else in `default`), of
   * one group's schedules when only `group` is.
   */
  runs(filter: { name?: string; group?: string } = {}): ScheduleRun[] {
    const group = filter.group ?? (filter.name === undefined ? undefined : 'default');
    return this.#runs.filter((run) => (filter.name === undefined || run.scheduleName === filter.name) && (group === undefined || run.groupName === group));
  }

  /** When each enabled schedule fires next, as planned now (flexible windows not yet drawn). */
  nextFireTime(name: string, group = 'default'): number | undefined {
    const record = this.#schedules.get(scheduleKey(group, name));
    return record ? this.#nextFire(record, this.#clock.now(), false) : undefined;
  }

  // ---- Validation ----

  #checkSchedule(request: Api.CreateScheduleInput): Pick<ScheduleRecord, 'expression' | 'zone' | 'state'> {
    const target = request.Target;
    const window = request.FlexibleTimeWindow;
    const constraints = new Constraints()
      .required('name', request.Name)
      .length('name', request.Name, 1, 64)
      .pattern('name', request.Name, NAME, NAME_TEXT)
      .length('groupName', request.GroupName, 1, 64)
      .pattern('groupName', request.GroupName, NAME, NAME_TEXT)
      .required('scheduleExpression', request.ScheduleExpression)
      .length('scheduleExpression', request.ScheduleExpression, 1, 256)
      .length('scheduleExpressionTimezone', request.ScheduleExpressionTimezone, 1, 50)
      .length('description', request.Description, 0, 512)
      .oneOf('state', request.State, ['ENABLED', 'DISABLED'])
      .oneOf('actionAfterCompletion', request.ActionAfterCompletion, ['NONE', 'DELETE'])
      .length('kmsKeyArn', request.KmsKeyArn, 1, 2048)
      .length('clientToken', request.ClientToken, 1, 64)
      .pattern('clientToken', request.ClientToken, CLIENT_TOKEN, CLIENT_TOKEN_TEXT)
      .required('flexibleTimeWindow', window)
      .required('target', target);
    if (window) {
      constraints.required('flexibleTimeWindow.mode', window.Mode).oneOf('flexibleTimeWindow.mode', window.Mode, ['OFF', 'FLEXIBLE']).range('flexibleTimeWindow.maximumWindowInMinutes', window.MaximumWindowInMinutes, 1, 1440);
    }
    if (target) {
      constraints
        .required('target.arn', target.Arn)
        .length('target.arn', target.Arn, 1, 1600)
        .required('target.roleArn', target.RoleArn)
        .length('target.roleArn', target.RoleArn, 1, 1600)
        .pattern('target.roleArn', target.RoleArn, ROLE_ARN, ROLE_ARN_TEXT)
        .length('target.input', target.Input, 1, Number.MAX_SAFE_INTEGER)
        .range('target.retryPolicy.maximumEventAgeInSeconds', target.RetryPolicy?.MaximumEventAgeInSeconds, 60, 86_400)
        .range('target.retryPolicy.maximumRetryAttempts', target.RetryPolicy?.MaximumRetryAttempts, 0, 185)
        .length('target.deadLetterConfig.arn', target.DeadLetterConfig?.Arn, 1, 1600)
        .pattern('target.deadLetterConfig.arn', target.DeadLetterConfig?.Arn, DLQ_ARN, DLQ_ARN_TEXT)
        .length('target.sqsParameters.messageGroupId', target.SqsParameters?.MessageGroupId, 1, 128);
      const eb = target.EventBridgeParameters;
      if (eb) {
        constraints
          .required('target.eventBridgeParameters.detailType', eb.DetailType)
          .length('target.eventBridgeParameters.detailType', eb.DetailType, 1, 128)
          .required('target.eventBridgeParameters.source', eb.Source)
          .length('target.eventBridgeParameters.source', eb.Source, 1, 256)
          .pattern('target.eventBridgeParameters.source', eb.Source, EVENT_SOURCE, EVENT_SOURCE_TEXT);
      }
    }
    constraints.check();

    const expression = parseSchedulerExpression(request.ScheduleExpression!);
    const zone = request.ScheduleExpressionTimezone ?? 'UTC';
    if (!isTimeZone(zone)) throw new ValidationException(`Invalid time zone ${zone}.`); // wording not confirmed against AWS

    // Recorded from AWS (cdk-preflight's rules, measured against CreateSchedule in us-east-1).
    if (window!.Mode === 'FLEXIBLE' && window!.MaximumWindowInMinutes === undefined) throw new ValidationException('MaximumWindowInMinutes must be provided when FlexibleTimeWindowMode is set to FLEXIBLE.');
    if (window!.Mode === 'OFF' && window!.MaximumWindowInMinutes !== undefined) throw new ValidationException('MaximumWindowInMinutes must not be provided when FlexibleTimeWindowMode is set to OFF.');

    const start = dateMs(request.StartDate);
    const end = dateMs(request.EndDate);
    if (start !== undefined && end !== undefined && start >= end) throw new ValidationException('The StartDate you specify must come before the EndDate.'); // recorded (cdk-preflight)
    // As moto answers; "EventBridge Scheduler ignores StartDate for one-time schedules".
    if (expression.kind !== 'at' && start !== undefined && start < this.#clock.now() - 5 * 60_000) throw new ValidationException('The StartDate you specify cannot be earlier than 5 minutes ago.');

    this.#checkTarget(target!);
    return { expression, zone, state: request.State ?? 'ENABLED' };
  }

  /** What a target's ARN and parameters must agree on. https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets.html */
  #checkTarget(target: Api.Target): void {
    const arn = target.Arn!;
    const kind = targetKind(arn);
    if (kind === 'universal') {
      // Recorded (cdk-preflight, measured): a Region or account in the ARN, a missing Input, a read-only action.
      if (!arn.startsWith('arn:aws:scheduler:::aws-sdk:')) throw new ValidationException('scheduler is not a supported service for a target');
      if (target.Input === undefined) throw new ValidationException('You must provide an input to set this target for your schedule');
      const action = arn.split(':')[7] ?? '';
      if (!/^[a-z][A-Za-z0-9]*$/.test(action) || arn.split(':').length !== 8) throw new ValidationException(`Invalid target ARN ${arn}.`); // wording not confirmed against AWS
      if (READ_ONLY_PREFIXES.some((prefix) => action.startsWith(prefix))) throw new ValidationException(`${action} API is not supported`);
    } else {
      const parsed = parseArn(arn);
      if (!parsed) throw new ValidationException(`Invalid target ARN ${arn}.`); // wording not confirmed against AWS
      // Recorded (cdk-preflight, measured for a function and an event bus).
      if (parsed.region !== this.#host.region) throw new ValidationException(`The target ARN provided does not match the current region ${this.#host.region}.`);
    }
    // A parameter block must belong to the target's service (recorded, cdk-preflight).
    const owners: [keyof Api.Target, string][] = [['EcsParameters', 'ecs'], ['EventBridgeParameters', 'events'], ['KinesisParameters', 'kinesis'], ['SageMakerPipelineParameters', 'sagemaker'], ['SqsParameters', 'sqs']];
    const service = kind === 'universal' ? 'scheduler' : parseArn(arn)!.service;
    for (const [block, owner] of owners) if (target[block] !== undefined && service !== owner) throw new ValidationException(`Parameters ${block} not supported for the target`);
    if (target.SqsParameters?.MessageGroupId !== undefined && !arn.endsWith('.fifo')) throw new ValidationException('Parameters MessageGroupId not valid for the target');
    // By analogy with the recorded "Parameters SqsParameters must be specified" for a FIFO queue; wording not confirmed against AWS.
    if (kind === 'events' && target.EventBridgeParameters === undefined) throw new ValidationException('Parameters EventBridgeParameters must be specified');
    // "If you are configuring a templated Lambda, AWS Step Functions, or Amazon EventBridge target, the input must be a
    // well-formed JSON." (API_Target); the universal target's Input is the API request. Text recorded (cdk-preflight).
    const mustBeJson = kind === 'lambda' || kind === 'events' || kind === 'universal' || service === 'states';
    if (mustBeJson && target.Input !== undefined && !isJson(target.Input.replace(CONTEXT_ATTRIBUTES, '0'))) throw new ValidationException('JSON syntax error in input for the target');
  }

  /** A schedule's name and its optional group's, as GetSchedule and DeleteSchedule take them. */
  #checkNames(name: string | undefined, groupName: string | undefined): void {
    new Constraints()
      .required('name', name)
      .length('name', name, 1, 64)
      .pattern('name', name, NAME, NAME_TEXT)
      .length('groupName', groupName, 1, 64)
      .pattern('groupName', groupName, NAME, NAME_TEXT)
      .check();
  }

  /** A schedule group's name, as the group operations take it. */
  #checkGroupName(name: string | undefined): void {
    new Constraints().required('name', name).length('name', name, 1, 64).pattern('name', name, NAME, NAME_TEXT).check();
  }

  // ---- Lookups ----

  get #clock(): VirtualClock {
    return this.#host.clock;
  }

  get #groups(): Map<string, ScheduleGroupRecord> {
    if (!this.#groupsById) {
      // "Your AWS account comes with a default scheduler group."
      const now = this.#clock.now();
      this.#groupsById = new Map([
        ['default', { name: 'default', arn: `arn:aws:scheduler:${this.#host.region}:${this.#host.account}:schedule-group/default`, state: 'ACTIVE', creationDate: now, lastModificationDate: now, tags: new Map() }],
      ]);
    }
    return this.#groupsById;
  }

  #group(name: string | undefined): ScheduleGroupRecord {
    const group = this.#groups.get(name ?? 'default');
    if (!group) throw notFound(`Schedule group ${name} does not exist.`); // wording not confirmed against AWS
    return group;
  }

  #activeGroup(name: string): ScheduleGroupRecord {
    const group = this.#group(name);
    if (group.state === 'DELETING') throw new ConflictException(`Schedule group ${name} is being deleted.`); // wording not confirmed against AWS
    return group;
  }

  #schedule(name: string | undefined, groupName: string | undefined): ScheduleRecord {
    this.#group(groupName);
    const record = this.#schedules.get(scheduleKey(groupName ?? 'default', name ?? ''));
    // Recorded from AWS in aws-sdk-js-v3 issue 5720: "Schedule sASxfxLbe0CAUJYTIBjUHO1 does not exist."
    if (!record) throw notFound(`Schedule ${name} does not exist.`);
    return record;
  }

  #taggable(arn: string | undefined): ScheduleGroupRecord {
    new Constraints().required('resourceArn', arn).length('resourceArn', arn, 1, 1011).check();
    const name = /^arn:aws(-[a-z]+)?:scheduler:[a-z0-9-]+:\d{12}:schedule-group\/([0-9a-zA-Z-_.]+)$/.exec(arn!)?.[2];
    // Only schedule groups carry tags; wording not confirmed against AWS.
    if (name === undefined) throw new ValidationException(`Tags apply to schedule groups only; ${arn} is not a schedule group ARN.`);
    return this.#group(name);
  }

  /** Answers a call made again with a ClientToken it already answered as it was answered, instead of doing it twice. */
  /**
   * Makes the next `times` calls of an operation fail as a call to a struggling service does (for lessons on not
   * swallowing errors): InternalServerException (500) or ThrottlingException (429), which the SDK retries before
   * it gives up, so a failure a handler sees takes as many injected failures as the SDK makes attempts.
   */
  injectFailure(operation: 'CreateSchedule' | 'UpdateSchedule' | 'DeleteSchedule', failure: { code: 'InternalServerException' | 'ThrottlingException'; times: number }): void {
    this.#failures.set(operation, { ...failure });
  }

  readonly #failures = new Map<string, { code: 'InternalServerException' | 'ThrottlingException'; times: number }>();

  #idempotent<T>(operation: string, request: { ClientToken?: string | undefined }, run: () => T): T {
    const failure = this.#failures.get(operation);
    if (failure && failure.times > 0) {
      failure.times--;
      // Wording not confirmed against AWS for Scheduler; "Rate exceeded" is AWS's usual throttling text.
      throw failure.code === 'ThrottlingException'
        ? new AwsServiceError('ThrottlingException', 'Rate exceeded', 429)
        : new AwsServiceError('InternalServerException', 'Unexpected error occurred while processing the request.', 500);
    }
    const token = request.ClientToken;
    if (token === undefined) return run();
    const key = `${operation}\n${token}`;
    const text = JSON.stringify(request);
    const seen = this.#tokens.get(key);
    if (seen && seen.request === text) return seen.answer as T;
    const answer = run();
    this.#tokens.set(key, { request: text, answer });
    return answer;
  }

  #remove(record: ScheduleRecord): void {
    record.version++;
    this.#schedules.delete(scheduleKey(record.groupName, record.name));
  }

  // ---- Running ----

  /** The seeded randomness of the account, as a float in [0, 1): flexible windows and retry jitter. */
  #random(): number {
    return Number.parseInt(this.#host.newId().slice(0, 8), 16) / 2 ** 32;
  }

  #nextFire(record: ScheduleRecord, after: number, inclusive: boolean): number | undefined {
    if (record.state === 'DISABLED') return undefined;
    if (record.expression.kind === 'at') {
      const at = atInstant(record.expression, record.zone);
      return at > after || (inclusive && at === after) ? at : undefined;
    }
    const window = { zone: record.zone, rateAnchor: record.rateAnchor, startDate: dateMs(record.request.StartDate), endDate: dateMs(record.request.EndDate) };
    return nextRecurringFireTime(record.expression, after, window, inclusive);
  }

  /**
   * Plans the next invocation on the clock. A one-time schedule whose time has passed does not run (AWS accepts one;
   * whether it then runs is not documented). Schedules are background work: the clock's runUntilIdle does not wait
   * for them; advance the clock to reach them.
   */
  #plan(record: ScheduleRecord, after: number, inclusive: boolean): void {
    const scheduledTime = this.#nextFire(record, after, inclusive);
    if (scheduledTime === undefined) return;
    const version = record.version;
    const window = record.request.FlexibleTimeWindow;
    // "it invokes the target within 15 minutes after the scheduled time": a whole second drawn within the window.
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-flexible-time-windows.html
    const delay = window?.Mode === 'FLEXIBLE' ? Math.floor(this.#random() * (window.MaximumWindowInMinutes ?? 0) * 60) * 1000 : 0;
    this.#clock.at(scheduledTime + delay, () => this.#fire(record, version, scheduledTime), { background: true });
  }

  #fire(record: ScheduleRecord, version: number, scheduledTime: number): void | Promise<void> {
    if (record.version !== version || this.#schedules.get(scheduleKey(record.groupName, record.name)) !== record) return; // changed or deleted since
    const target = structuredClone(record.request.Target!);
    const run: ScheduleRun = {
      scheduleArn: record.arn,
      scheduleName: record.name,
      groupName: record.groupName,
      executionId: this.#host.newId().replace(/-/g, '').slice(0, 16),
      scheduledTime,
      invokedAt: this.#clock.now(),
      targetArn: target.Arn!,
      payload: '',
      attempts: [],
      outcome: 'in-progress',
    };
    this.#runs.push(run);
    // Plan the next one before delivering: a slow target does not hold the schedule back.
    const next = this.#nextFire(record, scheduledTime, false);
    if (next !== undefined) this.#plan(record, scheduledTime, false);
    // "EventBridge Scheduler deletes the schedule after its last target invocation. For one-time schedules, this occurs
    // after the schedule has invoked its target once. ... If you configure a schedule with automatic deletion but do
    // not specify a value for EndDate, EventBridge Scheduler does not automatically delete the schedule."
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-delete.html
    const last = record.expression.kind === 'at' || (record.request.EndDate !== undefined && next === undefined);
    if (last && record.request.ActionAfterCompletion === 'DELETE') this.#remove(record);
    return this.#attempt(run, target, 1);
  }

  async #attempt(run: ScheduleRun, target: Api.Target, attemptNumber: number): Promise<void> {
    const at = this.#clock.now();
    const payload = (target.Input ?? '{}').replace(CONTEXT_ATTRIBUTES, (_, name: string) => {
      switch (name) {
        case 'schedule-arn':
          return run.scheduleArn;
        case 'scheduled-time':
          return new Date(run.scheduledTime).toISOString().replace(/\.\d{3}Z$/, 'Z');
        case 'execution-id':
          return run.executionId;
        default:
          return String(attemptNumber);
      }
    });
    if (attemptNumber === 1) run.payload = payload;
    let result: AttemptResult;
    try {
      result = await this.#deliver(target, payload);
    } catch (error) {
      result = failure(error);
    }
    run.attempts.push({ attemptNumber, at, ...(result.ok ? { ok: true } : { ok: false, errorCode: result.errorCode, errorMessage: result.errorMessage }) });
    if (result.ok) {
      run.outcome = 'delivered';
      return;
    }
    // The retry policy, with EventBridge's backoff (../../bus/delivery/retry.ts); defaults 185 attempts over 24 hours.
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-retry-policy.html
    const policy = effectiveRetryPolicy(target.RetryPolicy);
    const decision = decideRetry(policy, attemptNumber, result.retryable, (delay) => at + delay - run.invokedAt, () => this.#random());
    if (decision.retry) {
      this.#clock.after(decision.delayMs, () => this.#attempt(run, target, attemptNumber + 1));
      return;
    }
    const dlq = target.DeadLetterConfig?.Arn;
    if (!dlq) {
      run.outcome = 'dropped';
      return;
    }
    // The dead-letter event: the payload, with the invocation's details as message attributes.
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
    const attributes: Record<string, string> = {
      ERROR_CODE: result.errorCode,
      ERROR_MESSAGE: result.errorMessage,
      EXECUTION_ID: run.executionId,
      ...(decision.exhausted ? { EXHAUSTED_RETRY_CONDITION: decision.exhausted } : {}),
      IS_PAYLOAD_TRUNCATED: 'false',
      RETRY_ATTEMPTS: String(attemptNumber - 1),
      SCHEDULED_TIME: new Date(run.scheduledTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      SCHEDULE_ARN: run.scheduleArn,
      TARGET_ARN: run.targetArn,
    };
    const sent = (() => {
      try {
        return this.#host.sqs.sendToArn(dlq, payload, attributes);
      } catch {
        return false;
      }
    })();
    run.outcome = sent ? 'dead-lettered' : 'dropped';
    if (sent) run.deadLetterQueueArn = dlq;
  }

  /** One call of the target's API. A failure says whether Scheduler would retry it: not when something is missing. */
  async #deliver(target: Api.Target, payload: string): Promise<AttemptResult> {
    const arn = target.Arn!;
    const parsed = parseArn(arn);
    switch (targetKind(arn)) {
      case 'lambda': {
        // "EventBridge Scheduler invokes your Lambda function asynchronously."
        // https://docs.aws.amazon.com/lambda/latest/dg/with-eventbridge-scheduler.html
        const name = parsed!.resource.split(':')[1] ?? '';
        if (!this.#host.lambda) return missing('ResourceNotFoundException', `Function not found: ${arn}`);
        const answer = await this.#host.lambda.invokeAsync(name, payload);
        if (answer.accepted) return { ok: true };
        if (answer.errorCode === 'RESOURCE_NOT_FOUND') return missing('ResourceNotFoundException', `Function not found: ${arn}`);
        if (answer.errorCode === 'THROTTLING') return { ok: false, errorCode: 'TooManyRequestsException', errorMessage: answer.errorMessage, retryable: true };
        return missing('AccessDeniedException', answer.errorMessage);
      }
      case 'sqs':
        return this.#host.sqs.sendToArn(arn, payload) ? { ok: true } : missing('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
      case 'sns':
        return this.#host.sns.publishToArn(arn, payload) ? { ok: true } : missing('NotFound', 'Topic does not exist');
      case 'events': {
        const params = target.EventBridgeParameters!;
        const answer = this.#host.events.putEvents({ Entries: [{ EventBusName: arn, Source: params.Source, DetailType: params.DetailType, Detail: payload }] });
        const entry = answer.Entries?.[0];
        if (!answer.FailedEntryCount) return { ok: true };
        return { ok: false, errorCode: entry?.ErrorCode ?? 'InternalFailure', errorMessage: entry?.ErrorMessage ?? 'PutEvents failed.', retryable: entry?.ErrorCode === 'ThrottlingException' };
      }
      case 'universal':
        return this.#universal(arn, payload);
      default:
        return missing('ValidationException', `The simulator cannot invoke ${arn}: it has no ${parsed?.service ?? 'such'} service.`);
    }
  }

  /**
   * Universal targets the simulator can call, named as the SDKs name the service and the action: the Input is the
   * API's request, as its JSON protocol carries it. https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
   */
  #universal(arn: string, payload: string): AttemptResult {
    const [, , , , , , service = '', action = ''] = arn.split(':');
    const call = UNIVERSAL_ACTIONS[`${service}:${action}`];
    if (!call) return missing('ValidationException', `The simulator cannot call ${service}:${action}; its universal targets are ${Object.keys(UNIVERSAL_ACTIONS).join(', ')}.`);
    call(this.#host, JSON.parse(payload) as Record<string, unknown>);
    return { ok: true };
  }
}

/** The universal target actions the simulator answers, by `<service>:<apiAction>` as in the target ARN. */
export const UNIVERSAL_ACTIONS: Readonly<Record<string, (host: SchedulerHost, input: Record<string, unknown>) => unknown>> = {
  'sqs:sendMessage': (host, input) => host.sqs.sendMessage(input as never),
  'sns:publish': (host, input) => host.sns.publish(input as never),
  'dynamodb:putItem': (host, input) => host.dynamodb.putItem(input as never),
  'dynamodb:updateItem': (host, input) => host.dynamodb.updateItem(input as never),
  'dynamodb:deleteItem': (host, input) => host.dynamodb.deleteItem(input as never),
  'eventbridge:putEvents': (host, input) => host.events.putEvents(input as never),
  'sesv2:sendEmail': (host, input) => host.ses.sendEmail(input as never),
};

function targetKind(arn: string): TargetKind {
  if (arn.startsWith('arn:aws:scheduler:') && arn.includes(':aws-sdk:')) return 'universal';
  const parsed = parseArn(arn);
  if (!parsed) return 'other';
  if (parsed.service === 'lambda' && parsed.resource.startsWith('function:')) return 'lambda';
  if (parsed.service === 'sqs') return 'sqs';
  if (parsed.service === 'sns') return 'sns';
  if (parsed.service === 'events' && parsed.resource.startsWith('event-bus/')) return 'events';
  return 'other';
}

/** A failure no retry can mend: the target or its service is missing. */
const missing = (errorCode: string, errorMessage: string): AttemptResult => ({ ok: false, errorCode, errorMessage, retryable: false });

/** An error a service threw: throttling and server errors are retried, a refused request is not. */
function failure(error: unknown): AttemptResult {
  if (error instanceof AwsServiceError) return { ok: false, errorCode: error.name, errorMessage: error.message, retryable: error.httpStatus >= 500 || /Throttl|TooManyRequests/.test(error.name) };
  return { ok: false, errorCode: 'InternalServerException', errorMessage: error instanceof Error ? error.message : String(error), retryable: true };
}

function describeGroup(group: ScheduleGroupRecord): Api.ScheduleGroupSummary {
  return { Arn: group.arn, CreationDate: new Date(group.creationDate), LastModificationDate: new Date(group.lastModificationDate), Name: group.name, State: group.state };
}

const scheduleKey = (group: string, name: string) => `${group}/${name}`;

/** A request's timestamp (a Date from the SDK in process, epoch seconds or a date string off the wire) as epoch ms. */
function dateMs(value: Date | number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value * 1000;
  return Number.isNaN(Number(value)) ? Date.parse(value) : Number(value) * 1000;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
