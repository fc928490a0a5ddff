// The EventBridge service of one simulated account and Region: event buses, rules, targets, PutEvents,
// archives and replays, answering the API operations with AWS's request and response shapes and errors.
// The protocol adapter (api/) puts it on the wire; lessons and checks call it directly.
//
// Everything happens on the virtual clock: PutEvents accepts entries at once, and matching and delivery run
// as tasks, as they do asynchronously in AWS. Call `clock.runUntilIdle()` to let them finish.

import type * as Api from '@aws-sdk/client-eventbridge';
import { ApiDestinations } from './api-destinations/api-destinations.ts';
import { Connections } from './api-destinations/connections.ts';
import { invokeApiDestination } from './api-destinations/invoke.ts';
import { archiveArn, eventBusArn, parseArn, replayArn, ruleArn, targetOf, type Scope } from './arn.ts';
import { checkPutPermission, checkRemovePermission, policyText, putPermission, removePermission, type BusPolicy } from './bus-policy.ts';
import { BUS_NAME_OR_ARN_PATTERN, BUS_NAME_OR_ARN_PATTERN_TEXT, Constraints, NAME_PATTERN, NAME_PATTERN_TEXT } from './constraints.ts';
import { VirtualClock } from './clock.ts';
import { Deliverer, type InjectedFailure } from './delivery/deliver.ts';
import { RETRY_LIMITS } from './delivery/retry.ts';
import type { EventEnvelope } from './envelope.ts';
import { LimitExceededException, ResourceAlreadyExistsException, ResourceNotFoundException, ValidationException } from './errors.ts';
import { eventDetails, INCLUDE_DETAILS, LOG_LEVELS, logs, MESSAGE_LEVELS as MESSAGE_LEVEL, noBusLogs, serviceOf, type BusLogRecord, type BusLogSink, type MessageType } from './logging.ts';
import { EventsMetrics } from './metrics.ts';
import { compilePattern, explain, RuleMatcher, testEventPattern, type FieldReason } from './pattern/index.ts';
import { paginate } from './paginate.ts';
import { PartnerEventSources } from './partner/event-sources.ts';
import { noDeadLetters, noMetrics, noNetwork, noTargets, type DeadLetterSink, type HttpPort, type MetricSink, type TargetAnswer, type TargetDispatcher, type TargetRequest } from './ports.ts';
import { preparePutEvents } from './put-events/index.ts';
import { seededRandom, uuidV4 } from './random.ts';
import { inSequence } from './sequence.ts';
import { nextFireTime, parseScheduleExpression, type Schedule } from './schedule/index.ts';
import { Trace } from './trace.ts';
import { utf8Length } from './utf8.ts';
import { renderTargetInput, targetInputViolations, validateTargetInput } from './transform/index.ts';

export interface EventBridgeOptions {
  account?: string;
  region?: string;
  partition?: string;
  clock?: VirtualClock;
  /** Seed for event ids and retry jitter: the same seed and inputs give the same run. */
  seed?: number;
  dispatcher?: TargetDispatcher;
  deadLetters?: DeadLetterSink;
  metrics?: MetricSink;
  /** Record each event's journey, with explain reasons for every rule (default true). */
  trace?: boolean;
  /** The network API destinations and OAuth connections call (default: none, every host unreachable). */
  http?: HttpPort;
  /** Where the records of buses with logging on go (logging.ts); default: nowhere. */
  busLogs?: BusLogSink;
}

interface Rule {
  name: string;
  arn: string;
  bus: string;
  eventPattern?: string;
  scheduleExpression?: string;
  schedule?: Schedule;
  /** Where a rate() schedule counts from: when the rule was created, or last enabled. */
  scheduleAnchor: number;
  state: Api.RuleState;
  description?: string;
  roleArn?: string;
  targets: Map<string, Api.Target>;
  /** Bumped on every change so a stale scheduled firing can tell it was superseded. */
  version: number;
}

interface Bus {
  name: string;
  arn: string;
  description?: string;
  creationTime: Date;
  lastModifiedTime: Date;
  rules: Map<string, Rule>;
  matcher: RuleMatcher;
  /** A partner event bus's event source (its own name): the EventSourceName of its metrics. */
  partnerSource?: string;
  /** Bus logging (logging.ts); absent is Level OFF. */
  logConfig?: Api.LogConfig;
  /** Its resource-based policy (bus-policy.ts): stored and returned, not enforced. */
  policy?: BusPolicy;
}

interface ArchivedEvent {
  ingestedAt: number;
  text: string;
  event: EventEnvelope;
}

interface Archive {
  name: string;
  arn: string;
  bus: string;
  sourceArn: string;
  description?: string;
  eventPattern?: string;
  retentionDays: number;
  creationTime: Date;
  events: ArchivedEvent[];
  sizeBytes: number;
}

interface Replay {
  name: string;
  arn: string;
  description?: string;
  archive: string;
  sourceArn: string;
  destination: Api.ReplayDestination;
  eventStartTime: Date;
  eventEndTime: Date;
  state: Api.ReplayState;
  stateReason?: string;
  replayStartTime: Date;
  replayEndTime?: Date;
  eventLastReplayedTime?: Date;
}

/** How an event reached a bus, when not through PutEvents or a schedule. */
interface Via {
  /** Re-sent by a replay: only these rules (all, if undefined) see it, and it is not archived again. */
  replay?: { name: string; rules: ReadonlySet<string> | undefined };
  /** Delivered by another bus's rule. */
  forwarded?: boolean;
  /** The PutEvents request it came in, for the bus's log records. */
  requestId?: string;
}

/** What a rule's deliveries carry into the bus's log records: the request and one invocation id per target. */
interface LogContext {
  requestId?: string;
  invocationIds: Map<string, string>;
}

const MAX_RULES_PER_BUS = 300;
const MAX_TARGETS_PER_RULE = 5;
const MAX_EVENT_PATTERN_LENGTH = 4096;
/** Archive matching shares the bus's matcher under names no rule can have (rule names cannot contain "/"). */
const ARCHIVE_KEY = 'archive/';

export class EventBridge {
  readonly clock: VirtualClock;
  readonly trace: Trace | undefined;
  readonly scope: Scope;
  readonly #random: () => number;
  readonly #metrics: EventsMetrics;
  readonly #deliverer: Deliverer;
  readonly #buses = new Map<string, Bus>();
  readonly #archives = new Map<string, Archive>();
  readonly #replays = new Map<string, Replay>();
  readonly #http: HttpPort;
  readonly #busLogs: BusLogSink;
  /** Ids of log records (requests, invocations) come from their own stream, so logging changes no event's id. */
  readonly #logRandom: () => number;
  /** Connections and API destinations (api-destinations/), partner event sources (partner/). */
  readonly connections: Connections;
  readonly apiDestinations: ApiDestinations;
  readonly partnerSources: PartnerEventSources;

  constructor(options: EventBridgeOptions = {}) {
    this.scope = { partition: options.partition ?? 'aws', region: options.region ?? 'us-east-1', account: options.account ?? '123456789012' };
    this.clock = options.clock ?? new VirtualClock();
    this.#random = seededRandom(options.seed ?? 1);
    this.#logRandom = seededRandom((options.seed ?? 1) ^ 0x10c5eed);
    this.#busLogs = options.busLogs ?? noBusLogs;
    this.trace = options.trace === false ? undefined : new Trace();
    this.#metrics = new EventsMetrics(options.metrics ?? noMetrics, () => this.clock.now());
    const outside = options.dispatcher ?? noTargets;
    this.#deliverer = new Deliverer({
      clock: this.clock,
      random: this.#random,
      dispatcher: { deliver: (request) => this.#dispatch(request, outside) },
      deadLetters: options.deadLetters ?? noDeadLetters,
      metrics: this.#metrics,
      trace: this.trace,
      log: (delivery, type, details, error) => this.#log(delivery.eventBusName, type, delivery.event, details, { requestId: delivery.requestId, invocationId: delivery.invocationId, error }),
    });
    this.#http = options.http ?? noNetwork;
    const resources = { scope: this.scope, clock: this.clock, random: this.#random };
    this.connections = new Connections({ ...resources, http: () => this.#http });
    this.apiDestinations = new ApiDestinations({ ...resources, connections: this.connections });
    this.partnerSources = new PartnerEventSources({ ...resources, newId: () => uuidV4(this.#random), hasBus: (name) => this.#buses.has(name) });
    this.#createBus('default');
  }

  /** Makes a target's next deliveries fail, for lessons on retries and dead-letter queues; undefined heals it. */
  injectTargetFailure(targetArn: string, failure: InjectedFailure | undefined): void {
    this.#deliverer.injectFailure(targetArn, failure);
  }

  // ---- Event buses ----

  createEventBus(request: Api.CreateEventBusRequest): Api.CreateEventBusResponse {
    new Constraints().required('name', request.Name).length('name', request.Name, 1, 256).pattern('name', request.Name, /[\/\.\-_A-Za-z0-9]+/, '[/\\.\\-_A-Za-z0-9]+').check();
    const name = request.Name!;
    if (this.#buses.has(name)) throw new ResourceAlreadyExistsException(`Event bus ${name} already exists.`);
    if (request.EventSourceName !== undefined) {
      // A partner event bus takes the name of the partner event source it receives from. Simulator wording for
      // both errors; AWS's is not recorded.
      if (!this.partnerSources.has(request.EventSourceName)) throw new ResourceNotFoundException(`Event source ${request.EventSourceName} does not exist.`);
      if (name !== request.EventSourceName) throw new ValidationException(`Event bus name ${name} must match event source name ${request.EventSourceName}.`);
    } else {
      // AWS's answer to a partner-like name without EventSourceName (https://github.com/hashicorp/terraform-provider-aws/issues/35065).
      if (name.startsWith('aws.')) throw new ValidationException("EventBus name starting with 'aws.' is not valid.");
      if (name === 'default' || name.includes('/')) throw new ValidationException(`Event bus name ${name} is not valid.`);
    }
    checkLogConfig(request.LogConfig);
    const bus = this.#createBus(name, request.Description);
    if (request.EventSourceName !== undefined) bus.partnerSource = request.EventSourceName;
    if (request.LogConfig) bus.logConfig = { ...request.LogConfig };
    return { EventBusArn: bus.arn, ...(bus.description ? { Description: bus.description } : {}), ...(bus.logConfig ? { LogConfig: { ...bus.logConfig } } : {}) };
  }

  /**
   * Changes a bus's description or logging (the default bus's too). A field left out stays as it was.
   * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateEventBus.html
   */
  updateEventBus(request: Api.UpdateEventBusRequest = {}): Api.UpdateEventBusResponse {
    new Constraints().length('name', request.Name, 1, 256).length('description', request.Description, 0, 512).check();
    checkLogConfig(request.LogConfig);
    const bus = this.#bus(request.Name);
    if (request.Description !== undefined) bus.description = request.Description;
    if (request.LogConfig !== undefined) bus.logConfig = { ...bus.logConfig, ...request.LogConfig };
    bus.lastModifiedTime = new Date(this.clock.now());
    return { Arn: bus.arn, Name: bus.name, ...(bus.description ? { Description: bus.description } : {}), ...(bus.logConfig ? { LogConfig: { ...bus.logConfig } } : {}) };
  }

  describeEventBus(request: Api.DescribeEventBusRequest = {}): Api.DescribeEventBusResponse {
    const bus = this.#bus(request.Name);
    return {
      Name: bus.name,
      Arn: bus.arn,
      Description: bus.description,
      ...(bus.policy ? { Policy: policyText(bus.policy) } : {}),
      ...(bus.logConfig ? { LogConfig: { ...bus.logConfig } } : {}),
      CreationTime: bus.creationTime,
      LastModifiedTime: bus.lastModifiedTime,
    };
  }

  listEventBuses(request: Api.ListEventBusesRequest = {}): Api.ListEventBusesResponse {
    const buses = [...this.#buses.values()]
      .filter((bus) => !request.NamePrefix || bus.name.startsWith(request.NamePrefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((bus) => ({
        Name: bus.name,
        Arn: bus.arn,
        Description: bus.description,
        ...(bus.policy ? { Policy: policyText(bus.policy) } : {}),
        CreationTime: bus.creationTime,
        LastModifiedTime: bus.lastModifiedTime,
      }));
    const { page, next } = paginate(buses, request.NextToken, request.Limit);
    return { EventBuses: page, ...(next ? { NextToken: next } : {}) };
  }

  /**
   * Grants another account (or any, or an organization) permission on a bus, as one statement or a whole policy.
   * Stored and returned by DescribeEventBus; the simulator has no other account, so nothing is enforced (bus-policy.ts).
   * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
   */
  putPermission(request: Api.PutPermissionRequest = {}): void {
    checkPutPermission(request);
    const bus = this.#bus(request.EventBusName);
    bus.policy = putPermission(bus.policy, request, { arn: bus.arn, name: bus.name, partition: this.scope.partition });
    bus.lastModifiedTime = new Date(this.clock.now());
  }

  /** https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemovePermission.html */
  removePermission(request: Api.RemovePermissionRequest = {}): void {
    checkRemovePermission(request);
    const bus = this.#bus(request.EventBusName);
    bus.policy = removePermission(bus.policy, request, bus.name);
    bus.lastModifiedTime = new Date(this.clock.now());
  }

  deleteEventBus(request: Api.DeleteEventBusRequest): void {
    new Constraints().required('name', request.Name).check();
    if (request.Name === 'default') throw new ValidationException('Cannot delete event bus default.');
    // Deleting a bus that does not exist succeeds, as in AWS. Its rules go with it, and so (a simulator
    // choice) do its archives, so a new bus of the same name starts clean.
    if (!this.#buses.delete(request.Name!)) return;
    for (const archive of this.#archives.values()) if (archive.bus === request.Name) this.#archives.delete(archive.name);
  }

  // ---- Rules ----

  putRule(request: Api.PutRuleRequest): Api.PutRuleResponse {
    new Constraints()
      .required('name', request.Name)
      .length('name', request.Name, 1, 64)
      .pattern('name', request.Name, NAME_PATTERN, NAME_PATTERN_TEXT)
      .length('eventPattern', request.EventPattern, 0, MAX_EVENT_PATTERN_LENGTH)
      .length('scheduleExpression', request.ScheduleExpression, 0, 256)
      .length('description', request.Description, 0, 512)
      .oneOf('state', request.State, ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'])
      .pattern('eventBusName', request.EventBusName, BUS_NAME_OR_ARN_PATTERN, BUS_NAME_OR_ARN_PATTERN_TEXT)
      .check();
    const bus = this.#bus(request.EventBusName);
    if (request.EventPattern === undefined && request.ScheduleExpression === undefined) {
      throw new ValidationException('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    const schedule = request.ScheduleExpression === undefined ? undefined : parseScheduleExpression(request.ScheduleExpression);
    if (schedule && bus.name !== 'default') throw new ValidationException('ScheduleExpression is supported only on the default event bus.');
    const compiled = request.EventPattern === undefined ? undefined : compilePattern(request.EventPattern);

    const existing = bus.rules.get(request.Name!);
    if (!existing && bus.rules.size >= MAX_RULES_PER_BUS) {
      throw new LimitExceededException('The requested resource exceeds the maximum number allowed.');
    }
    const rule: Rule = existing ?? {
      name: request.Name!,
      arn: ruleArn(this.scope, bus.name, request.Name!),
      bus: bus.name,
      state: 'ENABLED',
      targets: new Map(),
      version: 0,
      scheduleAnchor: this.clock.now(),
    };
    if (existing && existing.scheduleExpression !== request.ScheduleExpression) rule.scheduleAnchor = this.clock.now();
    rule.eventPattern = request.EventPattern;
    rule.scheduleExpression = request.ScheduleExpression;
    rule.schedule = schedule;
    rule.state = request.State ?? 'ENABLED';
    rule.description = request.Description;
    rule.roleArn = request.RoleArn;
    rule.version++;
    bus.rules.set(rule.name, rule);

    bus.matcher.remove(rule.name);
    if (compiled && rule.state !== 'DISABLED') bus.matcher.add(rule.name, compiled);
    this.#scheduleNextFiring(rule);
    return { RuleArn: rule.arn };
  }

  describeRule(request: Api.DescribeRuleRequest): Api.DescribeRuleResponse {
    const rule = this.#rule(request.Name, request.EventBusName);
    return this.#ruleShape(rule);
  }

  listRules(request: Api.ListRulesRequest = {}): Api.ListRulesResponse {
    const bus = this.#bus(request.EventBusName);
    const rules = [...bus.rules.values()]
      .filter((rule) => !request.NamePrefix || rule.name.startsWith(request.NamePrefix))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((rule) => this.#ruleShape(rule));
    const { page, next } = paginate(rules, request.NextToken, request.Limit);
    return { Rules: page, ...(next ? { NextToken: next } : {}) };
  }

  deleteRule(request: Api.DeleteRuleRequest): void {
    new Constraints().required('name', request.Name).check();
    const bus = this.#bus(request.EventBusName);
    const rule = bus.rules.get(request.Name!);
    if (!rule) return; // AWS answers success for a rule that does not exist.
    if (rule.targets.size > 0) throw new ValidationException("Rule can't be deleted since it has targets.");
    rule.version++;
    bus.rules.delete(rule.name);
    bus.matcher.remove(rule.name);
  }

  enableRule(request: Api.EnableRuleRequest): void {
    this.#setState(request.Name, request.EventBusName, 'ENABLED');
  }

  disableRule(request: Api.DisableRuleRequest): void {
    this.#setState(request.Name, request.EventBusName, 'DISABLED');
  }

  // ---- Targets ----

  putTargets(request: Api.PutTargetsRequest): Api.PutTargetsResponse {
    const targets = request.Targets ?? [];
    const constraints = new Constraints().required('rule', request.Rule).required('targets', request.Targets);
    targets.forEach((target, i) => {
      const at = `targets.${i + 1}.member`;
      constraints
        .required(`${at}.id`, target.Id)
        .pattern(`${at}.id`, target.Id, NAME_PATTERN, NAME_PATTERN_TEXT)
        .length(`${at}.id`, target.Id, 1, 64)
        .required(`${at}.arn`, target.Arn)
        .length(`${at}.arn`, target.Arn, 1, 1600)
        .range(`${at}.retryPolicy.maximumRetryAttempts`, target.RetryPolicy?.MaximumRetryAttempts, RETRY_LIMITS.MaximumRetryAttempts.min, RETRY_LIMITS.MaximumRetryAttempts.max)
        .range(
          `${at}.retryPolicy.maximumEventAgeInSeconds`,
          target.RetryPolicy?.MaximumEventAgeInSeconds,
          RETRY_LIMITS.MaximumEventAgeInSeconds.min,
          RETRY_LIMITS.MaximumEventAgeInSeconds.max,
        )
        .add(targetInputViolations(target, at));
    });
    constraints.check();
    const rule = this.#rule(request.Rule, request.EventBusName);
    const ids = new Set([...rule.targets.keys(), ...targets.map((t) => t.Id!)]);
    if (ids.size > MAX_TARGETS_PER_RULE) throw new LimitExceededException('The requested resource exceeds the maximum number allowed.');
    targets.forEach((target, i) => validateTargetInput(target.Id!, target, i + 1));
    // A target with an Id the rule already has replaces it.
    for (const target of targets) rule.targets.set(target.Id!, structuredClone(target));
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  removeTargets(request: Api.RemoveTargetsRequest): Api.RemoveTargetsResponse {
    new Constraints().required('rule', request.Rule).required('ids', request.Ids).check();
    const rule = this.#rule(request.Rule, request.EventBusName);
    for (const id of request.Ids!) rule.targets.delete(id);
    return { FailedEntryCount: 0, FailedEntries: [] };
  }

  listTargetsByRule(request: Api.ListTargetsByRuleRequest): Api.ListTargetsByRuleResponse {
    new Constraints().required('rule', request.Rule).check();
    const rule = this.#rule(request.Rule, request.EventBusName);
    const { page, next } = paginate([...rule.targets.values()].map((t) => structuredClone(t)), request.NextToken, request.Limit);
    return { Targets: page, ...(next ? { NextToken: next } : {}) };
  }

  listRuleNamesByTarget(request: Api.ListRuleNamesByTargetRequest): Api.ListRuleNamesByTargetResponse {
    new Constraints().required('targetArn', request.TargetArn).check();
    const bus = this.#bus(request.EventBusName);
    const names = [...bus.rules.values()]
      .filter((rule) => [...rule.targets.values()].some((t) => t.Arn === request.TargetArn))
      .map((rule) => rule.name)
      .sort();
    const { page, next } = paginate(names, request.NextToken, request.Limit);
    return { RuleNames: page, ...(next ? { NextToken: next } : {}) };
  }

  testEventPattern(request: Api.TestEventPatternRequest): Api.TestEventPatternResponse {
    new Constraints().required('eventPattern', request.EventPattern).required('event', request.Event).check();
    return { Result: testEventPattern(request.EventPattern!, request.Event!) };
  }

  // ---- Events ----

  /**
   * Makes the next `times` PutEvents entries fail with an error AWS can return for a single entry (for lessons
   * on handling FailedEntryCount), e.g. `{ errorCode: 'InternalFailure', errorMessage: 'Internal service error.' }`;
   * with `detailType`, only entries of that detail-type, wherever they sit in a request.
   */
  injectPutEventsFailure(failure: { errorCode: string; errorMessage: string; times?: number; detailType?: string } | undefined): void {
    this.#entryFailure = failure && { ...failure, times: failure.times ?? 1 };
  }

  #entryFailure: { errorCode: string; errorMessage: string; times: number; detailType?: string } | undefined;

  putEvents(request: Api.PutEventsRequest): Api.PutEventsResponse {
    const now = this.clock.now();
    const { size, response, accepted: built } = preparePutEvents(request, {
      account: this.scope.account,
      region: this.scope.region,
      now: new Date(now),
      newId: () => uuidV4(this.#random),
    });
    // The bus logs each entry's ingestion, with one request id for the call, when any of its buses logs.
    const requestId = built.some(({ eventBusName }) => this.#buses.get(busNameOf(eventBusName))?.logConfig) ? uuidV4(this.#logRandom) : undefined;
    const accepted = built.filter(({ index, eventBusName, event }) => {
      const failure = this.#entryFailure;
      if (!failure || failure.times <= 0 || (failure.detailType !== undefined && event['detail-type'] !== failure.detailType)) {
        this.#log(busNameOf(eventBusName), 'EVENT_INGEST_SUCCESS', event, (full) => eventDetails(event, full), { requestId });
        return true;
      }
      failure.times--;
      response.Entries[index] = { ErrorCode: failure.errorCode, ErrorMessage: failure.errorMessage };
      response.FailedEntryCount++;
      this.#log(busNameOf(eventBusName), 'EVENT_INGEST_FAILURE', event, (full) => eventDetails(event, full), {
        requestId,
        error: { error_message: failure.errorMessage, aws_service: 'events' },
      });
      return false;
    });
    if (accepted.length > 0) {
      this.clock.at(now, () => {
        // An entry for a bus that does not exist is accepted and goes nowhere, as AWS does.
        return inSequence(accepted, ({ eventBusName, event }) => this.#ingest(busNameOf(eventBusName), event, now, { requestId }));
      });
    }
    this.#metrics.account('PutEventsRequestSize', size, 'Bytes');
    this.#metrics.account('PutEventsEntriesCount', response.Entries.length);
    if (response.FailedEntryCount > 0) this.#metrics.account('PutEventsFailedEntriesCount', response.FailedEntryCount);
    return response;
  }

  /** Sends one event into a bus's rules: used by PutEvents, schedules, replays and bus-to-bus targets. */
  #ingest(busName: string, event: EventEnvelope, ingestedAt: number, via: Via = {}): void | Promise<void> {
    const only = via.replay;
    const bus = this.#buses.get(busName);
    if (!bus) return;
    const text = JSON.stringify(event);
    this.trace?.record(event.id, {
      type: 'received',
      time: this.clock.now(),
      bus: bus.name,
      source: event.source,
      detailType: event['detail-type'],
      ...(only ? { replayName: only.name } : {}),
    });

    const requestId = via.requestId;
    this.#log(bus.name, 'EVENT_RECEIPT', event, (full) => eventDetails(event, full), { requestId });
    this.#log(bus.name, 'RULE_MATCH_START', event, (full) => eventDetails(event, full), { requestId });
    const matchedNames = bus.matcher.matches(text);
    if (!only && this.#archives.size > 0) this.#archiveIfMatched(bus, matchedNames, event, text, ingestedAt);

    const matched: Rule[] = [];
    for (const name of matchedNames) {
      const rule = bus.rules.get(name); // undefined for an archive's pattern
      if (rule && rule.state !== 'DISABLED' && (!only?.rules || only.rules.has(rule.arn))) matched.push(rule);
    }
    if (this.trace) this.#traceRules(bus, event, text, matched, only?.rules);
    if (matched.length === 0) {
      this.#log(bus.name, 'NO_STANDARD_RULES_MATCHED', event, () => ({}), { requestId });
      return;
    }
    this.#metrics.matched(bus.name, bus.partnerSource);
    return inSequence(matched, (rule) => {
      this.#metrics.rule('MatchedEvents', bus.name, rule.name);
      this.#metrics.rule('TriggeredRules', bus.name, rule.name);
      return this.#deliverToTargets(rule, event, text, ingestedAt, via.forwarded ?? false, this.#ruleMatch(bus, rule, event, requestId));
    });
  }

  /** Every rule the event was checked against, in the bus's order; a rule that did not match says why. */
  #traceRules(bus: Bus, event: EventEnvelope, text: string, matched: readonly Rule[], onlyRules: ReadonlySet<string> | undefined): void {
    for (const rule of bus.rules.values()) {
      if (rule.eventPattern === undefined || rule.state === 'DISABLED' || (onlyRules && !onlyRules.has(rule.arn))) continue;
      const isMatch = matched.includes(rule);
      const reasons = isMatch ? undefined : closestBranch(explain(rule.eventPattern, text).branches);
      this.trace!.record(event.id, { type: 'rule', time: this.clock.now(), rule: rule.name, matched: isMatch, ...(reasons ? { reasons } : {}) });
    }
  }

  /** RULE_MATCH, naming the invocation each target's delivery will log under; undefined when the bus does not log. */
  #ruleMatch(bus: Bus, rule: Rule, event: EventEnvelope, requestId: string | undefined): LogContext | undefined {
    if (!bus.logConfig || bus.logConfig.Level === 'OFF') return undefined;
    const invocationIds = new Map([...rule.targets.keys()].map((id) => [id, uuidV4(this.#logRandom)]));
    const targets = [...rule.targets.values()];
    this.#log(bus.name, 'RULE_MATCH', event, () => ({ rule_arn: rule.arn, target_arns: targets.map((t) => t.Arn ?? ''), invocation_ids: targets.map((t) => invocationIds.get(t.Id ?? '')!) }), {
      requestId,
    });
    return { ...(requestId ? { requestId } : {}), invocationIds };
  }

  /** Writes one record to the bus's log, if its level includes the step; `details` is told whether to include detail data. */
  #log(
    busName: string,
    type: MessageType,
    event: EventEnvelope,
    details: (full: boolean) => Record<string, unknown>,
    context: { requestId?: string | undefined; invocationId?: string | undefined; error?: BusLogRecord['error'] } = {},
  ): void {
    const bus = this.#buses.get(busName);
    if (!bus?.logConfig || !logs(bus.logConfig, type)) return;
    const record: BusLogRecord = {
      resource_arn: bus.arn,
      event_bus_name: bus.name,
      ...(context.requestId ? { request_id: context.requestId } : {}),
      event_id: event.id,
      ...(context.invocationId ? { invocation_id: context.invocationId } : {}),
      message_timestamp_ms: this.clock.now(),
      message_type: type,
      log_level: MESSAGE_LEVEL[type],
      details: details(bus.logConfig.IncludeDetail === 'FULL'),
      ...(context.error ? { error: context.error } : {}),
    };
    this.#busLogs.write(record);
  }

  #deliverToTargets(rule: Rule, event: EventEnvelope, text: string, ingestedAt: number, forwarded: boolean, log?: LogContext): void | Promise<void> {
    return inSequence(rule.targets.values(), (target) => {
      const invocationId = log?.invocationIds.get(target.Id ?? '');
      const failed = (reason: string) =>
        this.#log(rule.bus, 'INVOCATION_FAILURE', event, () => ({ rule_arn: rule.arn, target_arn: target.Arn ?? '', total_attempts: 0, final_invocation_status: 'FAILED' }), {
          requestId: log?.requestId,
          invocationId,
          error: { error_message: reason, aws_service: serviceOf(target.Arn ?? '') },
        });
      if (forwarded && targetOf(target.Arn ?? '').kind === 'event-bus') {
        // AWS: "EventBridge can't route events received from a sender event bus to a third event bus." This is
        // also what stops a rule that sends its bus's events back to that bus from looping forever.
        this.#metrics.rule('DeadLetterInvocations', rule.bus, rule.name);
        failed("EventBridge can't route events received from a sender event bus to a third event bus.");
        this.trace?.record(event.id, {
          type: 'dropped',
          time: this.clock.now(),
          rule: rule.name,
          targetId: target.Id ?? '',
          reason: 'an event that came from another event bus is not sent on to a further bus',
        });
        return;
      }
      const plain = target.Input === undefined && target.InputPath === undefined && target.InputTransformer === undefined;
      const payload = plain
        ? text
        : renderTargetInput(target, event, { ruleArn: rule.arn, ruleName: rule.name, ingestionTime: new Date(ingestedAt).toISOString() });
      if (payload === undefined) {
        failed('The input transformer produced no valid input.');
        this.trace?.record(event.id, { type: 'dropped', time: this.clock.now(), rule: rule.name, targetId: target.Id ?? '', reason: 'the input transformer produced no valid input' });
        return;
      }
      this.#metrics.account('InvocationsCreated');
      return this.#deliverer.attempt({
        target,
        payload,
        event,
        eventText: text,
        ingestedAt,
        ruleArn: rule.arn,
        ruleName: rule.name,
        eventBusName: rule.bus,
        ...(invocationId ? { invocationId } : {}),
        ...(log?.requestId ? { requestId: log.requestId } : {}),
      });
    });
  }

  /**
   * Targets that are event buses or API destinations of this account are delivered here; every other target goes
   * out through the port.
   */
  #dispatch(request: TargetRequest, outside: TargetDispatcher): TargetAnswer {
    if (request.kind === 'api-destination' && parseArn(request.target.Arn ?? '')?.account === this.scope.account) {
      return invokeApiDestination({ clock: this.clock, destinations: this.apiDestinations, connections: this.connections, http: () => this.#http }, request);
    }
    if (request.kind !== 'event-bus' || parseArn(request.target.Arn ?? '')?.account !== this.scope.account) return outside.deliver(request);
    const bus = this.#buses.get(request.resourceName);
    if (!bus) return { ok: false, errorCode: 'RESOURCE_NOT_FOUND', errorMessage: `Event bus ${request.resourceName} does not exist.`, retryable: false };
    // The event enters the other bus as it is, after this delivery, as a separate step.
    this.clock.at(this.clock.now(), () => this.#ingest(bus.name, request.event, this.clock.now(), { forwarded: true }));
    return { ok: true };
  }

  // ---- Connections and API destinations (api-destinations/) ----

  createConnection = (request: Api.CreateConnectionRequest) => this.connections.create(request);
  describeConnection = (request: Api.DescribeConnectionRequest) => this.connections.describe(request);
  listConnections = (request: Api.ListConnectionsRequest = {}) => this.connections.list(request);
  updateConnection = (request: Api.UpdateConnectionRequest) => this.connections.update(request);
  deleteConnection = (request: Api.DeleteConnectionRequest) => this.connections.delete(request);
  deauthorizeConnection = (request: Api.DeauthorizeConnectionRequest) => this.connections.deauthorize(request);
  createApiDestination = (request: Api.CreateApiDestinationRequest) => this.apiDestinations.create(request);
  describeApiDestination = (request: Api.DescribeApiDestinationRequest) => this.apiDestinations.describe(request);
  listApiDestinations = (request: Api.ListApiDestinationsRequest = {}) => this.apiDestinations.list(request);
  updateApiDestination = (request: Api.UpdateApiDestinationRequest) => this.apiDestinations.update(request);
  deleteApiDestination = (request: Api.DeleteApiDestinationRequest): Api.DeleteApiDestinationResponse => (this.apiDestinations.delete(request), {});

  // ---- Partner event sources (partner/) ----

  listEventSources = (request: Api.ListEventSourcesRequest = {}) => this.partnerSources.list(request);
  describeEventSource = (request: Api.DescribeEventSourceRequest) => this.partnerSources.describe(request);
  activateEventSource = (request: Api.ActivateEventSourceRequest) => this.partnerSources.activate(request);
  deactivateEventSource = (request: Api.DeactivateEventSourceRequest) => this.partnerSources.deactivate(request);

  /** The partner's API: its events reach the partner event bus of their source, if that source is ACTIVE. */
  putPartnerEvents(request: Api.PutPartnerEventsRequest): Api.PutPartnerEventsResponse {
    const now = this.clock.now();
    return this.partnerSources.putPartnerEvents(request, (busName, event) => {
      this.#metrics.partnerEvent(busName);
      this.clock.at(now, () => this.#ingest(busName, event, now));
    });
  }

  // ---- Schedules ----

  #scheduleNextFiring(rule: Rule): void {
    if (!rule.schedule || rule.state === 'DISABLED') return;
    const version = rule.version;
    const at = nextFireTime(rule.schedule, this.clock.now(), { anchorEpochMs: rule.scheduleAnchor });
    if (at === undefined) return;
    this.clock.at(
      at,
      () => {
        const bus = this.#buses.get(rule.bus);
        if (rule.version !== version || bus?.rules.get(rule.name) !== rule) return; // changed or deleted since
        const event: EventEnvelope = {
          version: '0',
          id: uuidV4(this.#random),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: this.scope.account,
          time: isoSeconds(at),
          region: this.scope.region,
          resources: [rule.arn],
          detail: {},
        };
        this.trace?.record(event.id, { type: 'received', time: at, bus: rule.bus, source: event.source, detailType: event['detail-type'] });
        this.#metrics.rule('TriggeredRules', rule.bus, rule.name);
        this.#scheduleNextFiring(rule);
        // An AWS event that matched a rule is logged from the match on (there is no PutEvents to receive it).
        return this.#deliverToTargets(rule, event, JSON.stringify(event), at, false, this.#ruleMatch(bus, rule, event, undefined));
      },
      { background: true },
    );
  }

  // ---- Archives and replays ----

  createArchive(request: Api.CreateArchiveRequest): Api.CreateArchiveResponse {
    new Constraints()
      .required('archiveName', request.ArchiveName)
      .length('archiveName', request.ArchiveName, 1, 48)
      .pattern('archiveName', request.ArchiveName, NAME_PATTERN, NAME_PATTERN_TEXT)
      .required('eventSourceArn', request.EventSourceArn)
      .range('retentionDays', request.RetentionDays, 0, Number.MAX_SAFE_INTEGER)
      .check();
    const name = request.ArchiveName!;
    if (this.#archives.has(name)) throw new ResourceAlreadyExistsException(`Archive ${name} already exists.`);
    const bus = this.#busByArn(request.EventSourceArn!, 'EventSourceArn');
    if (request.EventPattern !== undefined) compilePattern(request.EventPattern);
    const archive: Archive = {
      name,
      arn: archiveArn(this.scope, name),
      bus: bus.name,
      sourceArn: bus.arn,
      description: request.Description,
      eventPattern: request.EventPattern,
      retentionDays: request.RetentionDays ?? 0,
      creationTime: new Date(this.clock.now()),
      events: [],
      sizeBytes: 0,
    };
    this.#archives.set(name, archive);
    if (archive.eventPattern !== undefined) bus.matcher.add(ARCHIVE_KEY + name, archive.eventPattern);
    return { ArchiveArn: archive.arn, State: 'ENABLED', CreationTime: archive.creationTime };
  }

  describeArchive(request: Api.DescribeArchiveRequest): Api.DescribeArchiveResponse {
    const archive = this.#archive(request.ArchiveName);
    this.#expire(archive);
    return {
      ArchiveArn: archive.arn,
      ArchiveName: archive.name,
      EventSourceArn: archive.sourceArn,
      Description: archive.description,
      EventPattern: archive.eventPattern,
      State: 'ENABLED',
      RetentionDays: archive.retentionDays,
      SizeBytes: archive.sizeBytes,
      EventCount: archive.events.length,
      CreationTime: archive.creationTime,
    };
  }

  listArchives(request: Api.ListArchivesRequest = {}): Api.ListArchivesResponse {
    const archives = [...this.#archives.values()]
      .filter((a) => (!request.NamePrefix || a.name.startsWith(request.NamePrefix)) && (!request.EventSourceArn || a.sourceArn === request.EventSourceArn))
      .filter((a) => !request.State || request.State === 'ENABLED')
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((a) => {
        this.#expire(a);
        return { ArchiveName: a.name, EventSourceArn: a.sourceArn, State: 'ENABLED' as const, RetentionDays: a.retentionDays, SizeBytes: a.sizeBytes, EventCount: a.events.length, CreationTime: a.creationTime };
      });
    const { page, next } = paginate(archives, request.NextToken, request.Limit);
    return { Archives: page, ...(next ? { NextToken: next } : {}) };
  }

  deleteArchive(request: Api.DeleteArchiveRequest): void {
    const archive = this.#archive(request.ArchiveName);
    this.#archives.delete(archive.name);
    this.#buses.get(archive.bus)?.matcher.remove(ARCHIVE_KEY + archive.name);
  }

  startReplay(request: Api.StartReplayRequest): Api.StartReplayResponse {
    new Constraints()
      .required('replayName', request.ReplayName)
      .length('replayName', request.ReplayName, 1, 64)
      .pattern('replayName', request.ReplayName, NAME_PATTERN, NAME_PATTERN_TEXT)
      .required('eventSourceArn', request.EventSourceArn)
      .required('eventStartTime', request.EventStartTime)
      .required('eventEndTime', request.EventEndTime)
      .required('destination', request.Destination)
      .check();
    const name = request.ReplayName!;
    if (this.#replays.has(name)) throw new ResourceAlreadyExistsException(`Replay ${name} already exists.`);
    const archiveName = parseArn(request.EventSourceArn!)?.resource.replace(/^archive\//, '') ?? '';
    const archive = this.#archive(archiveName);
    const destination = this.#busByArn(request.Destination!.Arn ?? '', 'Destination.Arn');
    if (destination.name !== archive.bus) {
      throw new ValidationException('Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.');
    }
    const start = request.EventStartTime!;
    const end = request.EventEndTime!;
    if (start.getTime() >= end.getTime()) {
      throw new ValidationException('Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.');
    }
    if (end.getTime() > this.clock.now()) {
      throw new ValidationException('Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.');
    }
    const replay: Replay = {
      name,
      arn: replayArn(this.scope, name),
      description: request.Description,
      archive: archive.name,
      sourceArn: archive.arn,
      destination: structuredClone(request.Destination!),
      eventStartTime: start,
      eventEndTime: end,
      state: 'STARTING',
      replayStartTime: new Date(this.clock.now()),
    };
    this.#replays.set(name, replay);
    this.clock.after(0, () => this.#runReplay(replay, archive, destination));
    return { ReplayArn: replay.arn, State: replay.state, ReplayStartTime: replay.replayStartTime };
  }

  describeReplay(request: Api.DescribeReplayRequest): Api.DescribeReplayResponse {
    const replay = this.#replay(request.ReplayName);
    return {
      ReplayName: replay.name,
      ReplayArn: replay.arn,
      Description: replay.description,
      State: replay.state,
      StateReason: replay.stateReason,
      EventSourceArn: replay.sourceArn,
      Destination: structuredClone(replay.destination),
      EventStartTime: replay.eventStartTime,
      EventEndTime: replay.eventEndTime,
      EventLastReplayedTime: replay.eventLastReplayedTime,
      ReplayStartTime: replay.replayStartTime,
      ReplayEndTime: replay.replayEndTime,
    };
  }

  listReplays(request: Api.ListReplaysRequest = {}): Api.ListReplaysResponse {
    const replays = [...this.#replays.values()]
      .filter((r) => (!request.NamePrefix || r.name.startsWith(request.NamePrefix)) && (!request.State || r.state === request.State))
      .filter((r) => !request.EventSourceArn || r.sourceArn === request.EventSourceArn)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => ({
        ReplayName: r.name,
        EventSourceArn: r.sourceArn,
        State: r.state,
        StateReason: r.stateReason,
        EventStartTime: r.eventStartTime,
        EventEndTime: r.eventEndTime,
        EventLastReplayedTime: r.eventLastReplayedTime,
        ReplayStartTime: r.replayStartTime,
        ReplayEndTime: r.replayEndTime,
      }));
    const { page, next } = paginate(replays, request.NextToken, request.Limit);
    return { Replays: page, ...(next ? { NextToken: next } : {}) };
  }

  #archiveIfMatched(bus: Bus, matchedNames: readonly string[], event: EventEnvelope, text: string, ingestedAt: number): void {
    for (const archive of this.#archives.values()) {
      if (archive.bus !== bus.name) continue;
      if (archive.eventPattern !== undefined && !matchedNames.includes(ARCHIVE_KEY + archive.name)) continue;
      archive.events.push({ ingestedAt, text, event });
      archive.sizeBytes += utf8Length(text);
      this.#expire(archive);
    }
  }

  /** Drops events past the archive's retention (0 keeps them forever). Events are kept in time order. */
  #expire(archive: Archive): void {
    if (archive.retentionDays === 0) return;
    const cutoff = this.clock.now() - archive.retentionDays * 86_400_000;
    let expired = 0;
    while (expired < archive.events.length && archive.events[expired]!.ingestedAt < cutoff) {
      archive.sizeBytes -= utf8Length(archive.events[expired]!.text);
      expired++;
    }
    if (expired > 0) archive.events.splice(0, expired);
  }

  /**
   * Re-sends the archived events received in [EventStartTime, EventEndTime) to the destination bus's rules (only
   * those in FilterArns, when given), each with `replay-name` added. Replayed events are not archived again.
   */
  async #runReplay(replay: Replay, archive: Archive, bus: Bus): Promise<void> {
    this.#expire(archive);
    replay.state = 'RUNNING';
    const from = replay.eventStartTime.getTime();
    const to = replay.eventEndTime.getTime();
    const filter = replay.destination.FilterArns?.length ? new Set(replay.destination.FilterArns) : undefined;
    for (const archived of archive.events) {
      if (archived.ingestedAt < from || archived.ingestedAt >= to) continue;
      const event: EventEnvelope = { ...archived.event, 'replay-name': replay.name };
      await this.#ingest(bus.name, event, this.clock.now(), { replay: { name: replay.name, rules: filter } });
      replay.eventLastReplayedTime = new Date(archived.ingestedAt);
    }
    replay.state = 'COMPLETED';
    replay.replayEndTime = new Date(this.clock.now());
  }

  // ---- Lookups ----

  #createBus(name: string, description?: string): Bus {
    const now = new Date(this.clock.now());
    const bus: Bus = { name, arn: eventBusArn(this.scope, name), description, creationTime: now, lastModifiedTime: now, rules: new Map(), matcher: new RuleMatcher() };
    this.#buses.set(name, bus);
    return bus;
  }

  #bus(nameOrArn: string | undefined): Bus {
    const name = busNameOf(nameOrArn);
    const bus = this.#buses.get(name);
    if (!bus) throw new ResourceNotFoundException(`Event bus ${name} does not exist.`);
    return bus;
  }

  /** The bus an event-bus ARN names; `parameter` is the request member, for the error. */
  #busByArn(arn: string, parameter: string): Bus {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'events' || !parsed.resource.startsWith('event-bus/')) {
      throw new ValidationException(`Parameter ${parameter} is not valid. Reason: Provided Arn is not in correct format.`);
    }
    return this.#bus(parsed.resource.slice('event-bus/'.length));
  }

  #rule(name: string | undefined, busNameOrArn: string | undefined): Rule {
    new Constraints().required('name', name).check();
    const bus = this.#bus(busNameOrArn);
    const rule = bus.rules.get(name!);
    if (!rule) throw new ResourceNotFoundException(`Rule ${name} does not exist on EventBus ${bus.name}.`);
    return rule;
  }

  #archive(name: string | undefined): Archive {
    new Constraints().required('archiveName', name).check();
    const archive = this.#archives.get(name!);
    if (!archive) throw new ResourceNotFoundException(`Archive ${name} does not exist.`);
    return archive;
  }

  #replay(name: string | undefined): Replay {
    new Constraints().required('replayName', name).check();
    const replay = this.#replays.get(name!);
    if (!replay) throw new ResourceNotFoundException(`Replay ${name} does not exist.`);
    return replay;
  }

  #setState(name: string | undefined, busName: string | undefined, state: 'ENABLED' | 'DISABLED'): void {
    const rule = this.#rule(name, busName);
    const bus = this.#bus(busName);
    if (rule.state === 'DISABLED' && state === 'ENABLED') rule.scheduleAnchor = this.clock.now();
    rule.state = state;
    rule.version++;
    bus.matcher.remove(rule.name);
    if (state === 'ENABLED' && rule.eventPattern !== undefined) bus.matcher.add(rule.name, rule.eventPattern);
    this.#scheduleNextFiring(rule);
  }

  #ruleShape(rule: Rule): Api.DescribeRuleResponse {
    return {
      Name: rule.name,
      Arn: rule.arn,
      ...(rule.eventPattern !== undefined ? { EventPattern: rule.eventPattern } : {}),
      ...(rule.scheduleExpression !== undefined ? { ScheduleExpression: rule.scheduleExpression } : {}),
      State: rule.state,
      ...(rule.description !== undefined ? { Description: rule.description } : {}),
      ...(rule.roleArn !== undefined ? { RoleArn: rule.roleArn } : {}),
      EventBusName: rule.bus,
      CreatedBy: this.scope.account,
    };
  }
}

/** `orders` or `arn:aws:events:us-east-1:123456789012:event-bus/orders` → `orders`; absent → `default`. */
function busNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const resource = parseArn(nameOrArn)?.resource ?? '';
  return resource.startsWith('event-bus/') ? resource.slice('event-bus/'.length) : resource;
}

/** Of a pattern's `$or` branches, the one that came closest to matching: its reasons say what to change. */
function closestBranch(branches: readonly (readonly FieldReason[])[]): readonly FieldReason[] | undefined {
  const failures = (branch: readonly FieldReason[]) => branch.filter((reason) => !reason.ok).length;
  return branches.reduce<readonly FieldReason[] | undefined>((best, branch) => (best === undefined || failures(branch) < failures(best) ? branch : best), undefined);
}

/** RFC 3339 to the second, as event `time` is written. */
const isoSeconds = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');


/** LogConfig's enums, checked as AWS checks enum members. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_LogConfig.html */
function checkLogConfig(config: Api.LogConfig | undefined): void {
  if (!config) return;
  new Constraints()
    .oneOf('logConfig.level', config.Level, LOG_LEVELS as string[])
    .oneOf('logConfig.includeDetail', config.IncludeDetail, INCLUDE_DETAILS as string[])
    .check();
}
