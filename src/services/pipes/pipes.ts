// Amazon EventBridge Pipes in the simulated account: the API (CreatePipe, DescribePipe, ListPipes, UpdatePipe,
// DeletePipe, StartPipe, StopPipe and tags), taking and answering @aws-sdk/client-pipes' own shapes, and running
// each pipe on the account's virtual clock (./runner.ts): a DynamoDB stream as the source, FilterCriteria, a
// Lambda function as the enrichment, and an event bus, Lambda function, SQS queue or SNS topic as the target.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes.html
// https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/Welcome.html
//
// States: CreatePipe answers CREATING, StartPipe STARTING, StopPipe STOPPING, UpdatePipe UPDATING, DeletePipe
// DELETING, as AWS does; the simulator settles each in a task at the same instant on the clock (AWS takes seconds
// to a minute), so DescribePipe shows RUNNING or STOPPED once the clock has run (`clock.advance(0)`,
// `runUntilIdle()`). A pipe whose stream does not exist ends CREATE_FAILED, with a StateReason.
// A pipe's settings are checked in ./validation.ts (the API model, then what the simulator can run); this file
// holds the API and the pipes' states. Error texts: the validation style is AWS's; the other messages are the
// simulator's own, marked "wording not confirmed against AWS".
// Left out: sources other than DynamoDB streams, enrichments other than Lambda functions, targets other than an
// event bus, a Lambda function, an SQS queue or an SNS topic (refused at CreatePipe, saying so), execution roles
// (RoleArn must only be well formed: the simulator has no IAM), KMS keys (stored, unused), LogConfiguration
// (stored; no log records are written), EndpointId, and the quota of 1,000 pipes.

import type * as Api from '@aws-sdk/client-pipes';
import { parseArn } from '../../bus/arn.ts';
import type { VirtualClock } from '../../bus/clock.ts';
import { AwsServiceError } from '../../bus/errors.ts';
import type { EventBridge } from '../../bus/event-bridge.ts';
import { paginate } from '../../bus/paginate.ts';
import type { Metrics } from '../cloudwatch/metrics.ts';
import { STREAM_RETENTION_MS } from '../dynamodb/streams.ts';
import type { DynamoDbTables } from '../dynamodb/tables.ts';
import type { LambdaInvoker } from '../lambda-port.ts';
import type { SnsTopics } from '../sns/topics.ts';
import type { SqsQueues } from '../sqs/queues.ts';
import { compileFilter } from './filter.ts';
import type { PipeExecution } from './journal.ts';
import { PipeRunner, type RunnerHost, type RunnerSettings } from './runner.ts';
import { checkDefinition, checkTags, PIPE_NAME, SchemaCheck, stripUndefined, type Definition } from './validation.ts';

export type { PipeExecution } from './journal.ts';

/** What Pipes needs of the account around it. The Cloud is one; it is read lazily, so the Cloud may pass itself while being built. */
export interface PipesHost {
  readonly account: string;
  readonly region: string;
  readonly clock: VirtualClock;
  readonly sqs: SqsQueues;
  readonly sns: SnsTopics;
  readonly dynamodb: DynamoDbTables;
  readonly events: EventBridge;
  readonly metrics: Metrics;
  readonly lambda: LambdaInvoker | undefined;
  newId(): string;
}

export class ConflictException extends AwsServiceError {
  constructor(message: string) {
    super('ConflictException', message, 409);
  }
}

export class NotFoundException extends AwsServiceError {
  constructor(message: string) {
    super('NotFoundException', message, 404);
  }
}


interface PipeRecord {
  name: string;
  arn: string;
  definition: Definition;
  desiredState: 'RUNNING' | 'STOPPED' | 'DELETED';
  currentState: Api.PipeState;
  stateReason?: string;
  creationTime: number;
  lastModifiedTime: number;
  tags: Map<string, string>;
  /** Absent until the pipe first runs (its StartingPosition is taken then), and when its stream does not exist. */
  runner?: PipeRunner;
  /** Bumped on every change of state: a transition planned for an older version is dropped. */
  version: number;
}

const TRANSITIONAL: readonly Api.PipeState[] = ['CREATING', 'UPDATING', 'DELETING', 'STARTING', 'STOPPING'];
const PIPES_METRICS_NAMESPACE = 'AWS/EventBridge/Pipes';

export class Pipes {
  readonly #host: PipesHost;
  readonly #pipes = new Map<string, PipeRecord>();
  readonly #executions: PipeExecution[] = [];
  readonly #runnerHost: RunnerHost;
  #listening = false;

  constructor(host: PipesHost) {
    this.#host = host;
    this.#runnerHost = {
      // Getters: the account is read when a pipe runs (its Lambda port may be set after Pipes is built).
      get clock() {
        return host.clock;
      },
      get streams() {
        return host.dynamodb.streams;
      },
      get events() {
        return host.events;
      },
      get sqs() {
        return host.sqs;
      },
      get sns() {
        return host.sns;
      },
      get lambda() {
        return host.lambda;
      },
      newId: () => host.newId(),
      deadLetter: (arn, message) => {
        try {
          return parseArn(arn)?.service === 'sns' ? host.sns.publishToArn(arn, message) !== undefined : host.sqs.sendToArn(arn, message);
        } catch {
          return false;
        }
      },
      metric: (pipeName, name, value, unit) => host.metrics.record(PIPES_METRICS_NAMESPACE, name, { PipeName: pipeName }, value, unit, host.clock.now()),
      journal: (execution) => {
        this.#trimExecutions();
        this.#executions.push(execution);
      },
    };
  }

  // ---- The API ----

  createPipe(request: Api.CreatePipeRequest): Api.CreatePipeResponse {
    checkMembers(request, ['Name', 'Source', 'Target', 'RoleArn']);
    const definition = checkDefinition(request);
    if (this.#pipes.has(request.Name!)) throw new ConflictException(`Pipe ${request.Name} already exists.`); // wording not confirmed against AWS
    const now = this.#clock.now();
    const record: PipeRecord = {
      name: request.Name!,
      arn: `arn:aws:pipes:${this.#host.region}:${this.#host.account}:pipe/${request.Name}`,
      definition,
      desiredState: request.DesiredState === 'STOPPED' ? 'STOPPED' : 'RUNNING',
      currentState: 'CREATING',
      creationTime: now,
      lastModifiedTime: now,
      tags: new Map(Object.entries(request.Tags ?? {})),
      version: 0,
    };
    this.#pipes.set(record.name, record);
    this.#listen();
    // The stream is read from where StartingPosition says at the moment the pipe is created running, not when it
    // has settled: AWS takes a while to create a pipe, the simulator none, so no write after this call is missed.
    if (record.desiredState === 'RUNNING') this.#prepareRunner(record);
    this.#settle(record, () => this.#enter(record, record.desiredState === 'RUNNING' ? 'RUNNING' : 'STOPPED', 'CREATE_FAILED'));
    return summary(record) as Api.CreatePipeResponse;
  }

  describePipe(request: Api.DescribePipeRequest): Api.DescribePipeResponse {
    checkMembers(request, ['Name']);
    const record = this.#pipe(request.Name);
    const d = record.definition;
    return stripUndefined({
      Arn: record.arn,
      Name: record.name,
      Description: d.Description,
      DesiredState: record.desiredState,
      CurrentState: record.currentState,
      StateReason: record.stateReason,
      Source: d.Source,
      SourceParameters: d.SourceParameters,
      Enrichment: d.Enrichment,
      EnrichmentParameters: d.EnrichmentParameters,
      Target: d.Target,
      TargetParameters: d.TargetParameters,
      RoleArn: d.RoleArn,
      Tags: Object.fromEntries(record.tags),
      CreationTime: new Date(record.creationTime),
      LastModifiedTime: new Date(record.lastModifiedTime),
      LogConfiguration: d.LogConfiguration as Api.PipeLogConfiguration | undefined,
      KmsKeyIdentifier: d.KmsKeyIdentifier,
    }) as Api.DescribePipeResponse;
  }

  listPipes(request: Api.ListPipesRequest = {}): Api.ListPipesResponse {
    new SchemaCheck()
      .length(request.NamePrefix, 1, 64)
      .pattern(request.NamePrefix, PIPE_NAME)
      .oneOf(request.DesiredState, ['RUNNING', 'STOPPED'])
      .oneOf(request.CurrentState, PIPE_STATES)
      .length(request.SourcePrefix, 1, 1600)
      .length(request.TargetPrefix, 1, 1600)
      .length(request.NextToken, 1, 2048)
      .range(request.Limit, 1, 100)
      .check();
    const matching = [...this.#pipes.values()]
      .filter(
        (p) =>
          (request.NamePrefix === undefined || p.name.startsWith(request.NamePrefix)) &&
          (request.DesiredState === undefined || p.desiredState === request.DesiredState) &&
          (request.CurrentState === undefined || p.currentState === request.CurrentState) &&
          (request.SourcePrefix === undefined || p.definition.Source.startsWith(request.SourcePrefix)) &&
          (request.TargetPrefix === undefined || p.definition.Target.startsWith(request.TargetPrefix)),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const { page, next } = paginate(matching, request.NextToken, request.Limit);
    return stripUndefined({
      Pipes: page.map((p) =>
        stripUndefined({
          ...summary(p),
          StateReason: p.stateReason,
          Source: p.definition.Source,
          Target: p.definition.Target,
          Enrichment: p.definition.Enrichment || undefined,
        }),
      ),
      NextToken: next,
    }) as Api.ListPipesResponse;
  }

  /**
   * "EventBridge only updates the fields you have specified in the request; the rest remain unchanged", except
   * that a service's parameter object given (DynamoDBStreamParameters, EventBridgeEventBusParameters, ...) replaces
   * the old one whole, its members left out going back to their defaults. The source cannot change.
   * https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_UpdatePipe.html
   */
  updatePipe(request: Api.UpdatePipeRequest): Api.UpdatePipeResponse {
    checkMembers(request, ['Name', 'RoleArn']);
    const record = this.#pipe(request.Name);
    this.#notInTransition(record);
    const old = record.definition;
    const stream = request.SourceParameters?.DynamoDBStreamParameters;
    const merged: Api.CreatePipeRequest = stripUndefined({
      ...old,
      Name: record.name,
      // Checked with the rest (RUNNING or STOPPED), not kept: the record holds the desired state.
      DesiredState: request.DesiredState,
      Description: request.Description ?? old.Description,
      SourceParameters: request.SourceParameters
        ? stripUndefined({
            ...old.SourceParameters,
            ...(request.SourceParameters as Api.PipeSourceParameters),
            // StartingPosition is not in UpdatePipe's parameters: it stays as created.
            DynamoDBStreamParameters: stream ? { ...stream, StartingPosition: old.SourceParameters?.DynamoDBStreamParameters?.StartingPosition } : old.SourceParameters?.DynamoDBStreamParameters,
          })
        : old.SourceParameters,
      Enrichment: request.Enrichment === undefined ? old.Enrichment : request.Enrichment || undefined,
      EnrichmentParameters: request.EnrichmentParameters ? { ...old.EnrichmentParameters, ...request.EnrichmentParameters } : old.EnrichmentParameters,
      Target: request.Target ?? old.Target,
      TargetParameters: request.TargetParameters ? { ...old.TargetParameters, ...request.TargetParameters } : old.TargetParameters,
      RoleArn: request.RoleArn!,
      LogConfiguration: request.LogConfiguration ?? old.LogConfiguration,
      KmsKeyIdentifier: request.KmsKeyIdentifier === undefined ? old.KmsKeyIdentifier : request.KmsKeyIdentifier || undefined,
    });
    record.definition = checkDefinition(merged);
    const desired = request.DesiredState === undefined ? record.desiredState : request.DesiredState === 'STOPPED' ? 'STOPPED' : 'RUNNING';
    record.desiredState = desired;
    record.lastModifiedTime = this.#clock.now();
    record.currentState = 'UPDATING';
    delete record.stateReason;
    if (desired === 'RUNNING') this.#prepareRunner(record);
    record.runner?.configure(this.#runnerSettings(record));
    if (desired === 'STOPPED') record.runner?.stop();
    this.#settle(record, () => this.#enter(record, desired === 'RUNNING' ? 'RUNNING' : 'STOPPED', 'UPDATE_FAILED'));
    return summary(record) as Api.UpdatePipeResponse;
  }

  deletePipe(request: Api.DeletePipeRequest): Api.DeletePipeResponse {
    checkMembers(request, ['Name']);
    const record = this.#pipe(request.Name);
    if (record.currentState === 'DELETING') throw new ConflictException(`Pipe ${record.name} is being deleted.`); // wording not confirmed against AWS
    record.runner?.stop();
    record.desiredState = 'DELETED';
    record.currentState = 'DELETING';
    record.lastModifiedTime = this.#clock.now();
    const answer = summary(record) as Api.DeletePipeResponse;
    this.#settle(record, () => this.#pipes.delete(record.name));
    return answer;
  }

  startPipe(request: Api.StartPipeRequest): Api.StartPipeResponse {
    checkMembers(request, ['Name']);
    const record = this.#pipe(request.Name);
    this.#notInTransition(record);
    record.desiredState = 'RUNNING';
    if (record.currentState !== 'RUNNING') {
      record.currentState = 'STARTING';
      record.lastModifiedTime = this.#clock.now();
      delete record.stateReason;
      this.#prepareRunner(record);
      this.#settle(record, () => this.#enter(record, 'RUNNING', 'START_FAILED'));
    }
    return summary(record) as Api.StartPipeResponse;
  }

  stopPipe(request: Api.StopPipeRequest): Api.StopPipeResponse {
    checkMembers(request, ['Name']);
    const record = this.#pipe(request.Name);
    this.#notInTransition(record);
    record.desiredState = 'STOPPED';
    if (record.currentState !== 'STOPPED') {
      record.currentState = 'STOPPING';
      record.lastModifiedTime = this.#clock.now();
      record.runner?.stop();
      this.#settle(record, () => this.#enter(record, 'STOPPED', 'STOP_FAILED'));
    }
    return summary(record) as Api.StopPipeResponse;
  }

  tagResource(request: Api.TagResourceRequest): Api.TagResourceResponse {
    checkMembers(request, ['resourceArn', 'tags']);
    checkTags(request.tags);
    const record = this.#byArn(request.resourceArn);
    for (const [key, value] of Object.entries(request.tags!)) record.tags.set(key, value);
    return {};
  }

  untagResource(request: Api.UntagResourceRequest): Api.UntagResourceResponse {
    checkMembers(request, ['resourceArn', 'tagKeys']);
    new SchemaCheck().items(request.tagKeys, 0, 50).check();
    const record = this.#byArn(request.resourceArn);
    for (const key of request.tagKeys ?? []) record.tags.delete(key);
    return {};
  }

  listTagsForResource(request: Api.ListTagsForResourceRequest): Api.ListTagsForResourceResponse {
    checkMembers(request, ['resourceArn']);
    return { tags: Object.fromEntries(this.#byArn(request.resourceArn).tags) };
  }

  // ---- For the rest of the simulation ----

  /** What the pipes did in the last 24 hours, batch by batch, oldest first; only one pipe's when `pipeName` is given. */
  executions(pipeName?: string): readonly PipeExecution[] {
    this.#trimExecutions();
    return pipeName === undefined ? this.#executions : this.#executions.filter((e) => e.pipeName === pipeName);
  }

  // ---- Internals ----

  get #clock(): VirtualClock {
    return this.#host.clock;
  }

  /**
   * The journal keeps 24 hours of executions on the virtual clock, the stream's retention (a batch older than that
   * names records the stream no longer holds), rather than a number per pipe. Oldest first, so the old ones are at
   * the front; one still in progress stays until it ends, and holds back the ones after it.
   */
  #trimExecutions(): void {
    const cutoff = this.#clock.now() - STREAM_RETENTION_MS;
    let drop = 0;
    while (drop < this.#executions.length && this.#executions[drop]!.startedAt <= cutoff && this.#executions[drop]!.outcome !== 'in-progress') drop++;
    if (drop > 0) this.#executions.splice(0, drop);
  }

  #pipe(name: string | undefined): PipeRecord {
    const record = this.#pipes.get(name ?? '');
    if (!record) throw new NotFoundException(`Pipe ${name} does not exist.`); // wording not confirmed against AWS
    return record;
  }

  #byArn(arn: string | undefined): PipeRecord {
    const record = [...this.#pipes.values()].find((p) => p.arn === arn);
    if (!record) throw new NotFoundException(`Resource ${arn} does not exist.`); // wording not confirmed against AWS
    return record;
  }

  #notInTransition(record: PipeRecord): void {
    if (TRANSITIONAL.includes(record.currentState)) {
      throw new ConflictException(`Pipe ${record.name} is ${record.currentState}; try again when it has settled.`); // wording not confirmed against AWS
    }
  }

  /** Moves the pipe through a transitional state to where `done` puts it, in a task at this instant. */
  #settle(record: PipeRecord, done: () => void): void {
    const version = ++record.version;
    this.#clock.at(this.#clock.now(), () => {
      if (record.version === version) done();
    });
  }

  /**
   * Settles a pipe RUNNING or STOPPED. "You cannot stop, start, or update a pipe whose source is disabled": a pipe
   * whose stream is gone ends in the failed state of what was asked (`failed`), with the reason.
   */
  #enter(record: PipeRecord, state: 'RUNNING' | 'STOPPED', failed: Api.PipeState): void {
    if (!this.#host.dynamodb.streams.describe(record.definition.Source)?.enabled) {
      record.currentState = failed;
      // The StateReason AWS documents for a pipe whose stream is gone (eb-pipes-error-troubleshooting).
      record.stateReason = 'Stream not found. To resume processing please delete the pipe and create a new one.';
      return;
    }
    record.currentState = state;
    if (state === 'RUNNING') record.runner?.start();
  }

  /** Gives a pipe that is about to run its reader, placed where StartingPosition says the first time. */
  #prepareRunner(record: PipeRecord): void {
    if (record.runner) return;
    const streams = this.#host.dynamodb.streams;
    const source = record.definition.Source;
    if (!streams.describe(source)) return;
    const start = record.definition.SourceParameters?.DynamoDBStreamParameters?.StartingPosition === 'TRIM_HORIZON' ? 'TRIM_HORIZON' : 'LATEST';
    record.runner = new PipeRunner(this.#runnerHost, this.#runnerSettings(record), streams.startingPosition(source, start));
  }

  #runnerSettings(record: PipeRecord): RunnerSettings {
    const d = record.definition;
    return {
      streamArn: d.Source,
      stream: d.SourceParameters?.DynamoDBStreamParameters ?? { StartingPosition: 'LATEST' },
      filter: compileFilter((d.SourceParameters?.FilterCriteria?.Filters ?? []).flatMap((f) => (f.Pattern ? [f.Pattern] : []))),
      context: { pipeArn: record.arn, pipeName: record.name, sourceArn: d.Source, enrichmentArn: d.Enrichment || undefined, targetArn: d.Target },
      enrichmentTemplate: d.EnrichmentParameters?.InputTemplate,
      targetParameters: d.TargetParameters ?? {},
    };
  }

  /** Wakes the pipes reading a stream when a record is written to it. */
  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    this.#host.dynamodb.streams.onRecord((streamArn) => {
      for (const record of this.#pipes.values()) if (record.definition.Source === streamArn) record.runner?.wake();
    });
  }
}

const PIPE_STATES: readonly Api.PipeState[] = [
  'RUNNING', 'STOPPED', 'CREATING', 'UPDATING', 'DELETING', 'STARTING', 'STOPPING', 'CREATE_FAILED', 'UPDATE_FAILED', 'START_FAILED', 'STOP_FAILED',
  'DELETE_FAILED', 'CREATE_ROLLBACK_FAILED', 'DELETE_ROLLBACK_FAILED', 'UPDATE_ROLLBACK_FAILED',
];

function summary(record: PipeRecord) {
  return {
    Arn: record.arn,
    Name: record.name,
    DesiredState: record.desiredState,
    CurrentState: record.currentState,
    CreationTime: new Date(record.creationTime),
    LastModifiedTime: new Date(record.lastModifiedTime),
  };
}

function checkMembers(request: object, required: readonly string[]): void {
  const members = request as Record<string, unknown>;
  new SchemaCheck().required(members, required).length(members.Name as string | undefined, 1, 64).pattern(members.Name as string | undefined, PIPE_NAME).check();
}
