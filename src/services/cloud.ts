// One simulated AWS account in one Region: EventBridge wired to the services its targets name (SQS, SNS,
// CloudWatch Logs, Lambda through a port, the simulated internet that API destinations call) and to CloudWatch metrics,
// plus the SES and DynamoDB that handlers call, EventBridge Scheduler and EventBridge Pipes, all on one virtual clock. The local endpoint, the lesson checks and the workbench each build one of these.

import { parseArn } from '../bus/arn.ts';
import { VirtualClock } from '../bus/clock.ts';
import { EventBridge } from '../bus/event-bridge.ts';
import type { TargetDispatcher, TargetRequest, TargetResult } from '../bus/ports.ts';
import { seededRandom, uuidV4 } from '../bus/random.ts';
import { Alarms } from './cloudwatch/alarms.ts';
import { Logs } from './cloudwatch/logs.ts';
import { Metrics } from './cloudwatch/metrics.ts';
import type { LambdaInvoker } from './lambda-port.ts';
import { DynamoDbTables } from './dynamodb/tables.ts';
import { SimulatedInternet } from './http/internet.ts';
import { SesOutbox } from './ses/outbox.ts';
import { SnsTopics } from './sns/topics.ts';
import { Pipes } from './pipes/pipes.ts';
import { Scheduler } from './scheduler/scheduler.ts';
import { SqsQueues } from './sqs/queues.ts';

/** The log stream EventBridge writes a bus's records to in a CloudWatch Logs log group. */
export const EVENT_BUS_LOG_STREAM = 'EventBridgeEventBusLogs';

export interface CloudOptions {
  account?: string;
  region?: string;
  /** Seed for every id and every jitter: the same seed and inputs give the same run. */
  seed?: number;
  /** Virtual time at the start, epoch milliseconds. */
  startTime?: number;
  /** Where SQS queue URLs point (the local endpoint passes its own address). */
  sqsBaseUrl?: string;
  /** Runs Lambda targets; without one, a Lambda target fails as a missing function would. */
  lambda?: LambdaInvoker;
  /** Record each event's journey (default true). */
  trace?: boolean;
}

export class Cloud {
  readonly account: string;
  readonly region: string;
  readonly clock: VirtualClock;
  readonly metrics = new Metrics();
  readonly logs: Logs;
  readonly sqs: SqsQueues;
  readonly sns: SnsTopics;
  readonly ses: SesOutbox;
  readonly dynamodb: DynamoDbTables;
  readonly alarms: Alarms;
  readonly events: EventBridge;
  /** HTTPS endpoints outside AWS (SaaS APIs, OAuth token servers) and the journal of requests sent to them. */
  readonly http: SimulatedInternet;
  lambda: LambdaInvoker | undefined;
  /** EventBridge Scheduler: schedules and groups, run on this account's clock (reads the account lazily, so it is built first). */
  readonly scheduler: Scheduler = new Scheduler(this);
  /** EventBridge Pipes: pipes from a DynamoDB stream, run on this account's clock (reads the account lazily, like the scheduler). */
  readonly pipes: Pipes = new Pipes(this);
  readonly #random: () => number;

  constructor(options: CloudOptions = {}) {
    this.account = options.account ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.clock = new VirtualClock(options.startTime);
    this.lambda = options.lambda;
    const seed = options.seed ?? 1;
    this.#random = seededRandom(seed ^ 0x5bd1e995);
    const now = () => this.clock.now();
    const where = { account: this.account, region: this.region };
    this.logs = new Logs(now, where);
    this.sqs = new SqsQueues({ now, random: this.#random, ...where, ...(options.sqsBaseUrl ? { baseUrl: options.sqsBaseUrl } : {}) });
    this.sns = new SnsTopics({ now, newId: () => uuidV4(this.#random), ...where, deliverToQueue: (arn, body, attributes) => this.sqs.sendToArn(arn, body, attributes) });
    this.ses = new SesOutbox({ now, random: this.#random, ...where });
    this.dynamodb = new DynamoDbTables({ now, ...where, newId: () => uuidV4(this.#random) });
    this.http = new SimulatedInternet(this.clock);
    this.alarms = new Alarms({ metrics: this.metrics, clock: this.clock, ...where, notify: (topicArn, message, subject) => void this.sns.publishToArn(topicArn, message, subject) });
    this.events = new EventBridge({
      account: this.account,
      region: this.region,
      clock: this.clock,
      seed,
      dispatcher: this.#dispatcher,
      deadLetters: { send: (queueArn, body, attributes) => this.sqs.sendToArn(queueArn, body, attributes) },
      metrics: this.metrics,
      trace: options.trace ?? true,
      http: this.http,
      // A bus's log records reach the log groups its log deliveries name, one JSON record per line, in the stream
      // AWS writes them to (seen in AWS's own records; the user guide does not name it). Each record travels through
      // the bus's delivery source of its level's log type (an ERROR record through ERROR_LOGS).
      busLogs: {
        write: (record) => {
          for (const group of this.logs.vendedLogGroups(record.resource_arn, `${record.log_level}_LOGS`)) this.logs.put(group, EVENT_BUS_LOG_STREAM, JSON.stringify(record), record.message_timestamp_ms);
        },
      },
    });
  }

  /** A fresh version 4 UUID from the account's seeded randomness: request ids, message ids. */
  newId(): string {
    return uuidV4(this.#random);
  }

  readonly #dispatcher: TargetDispatcher = {
    deliver: (request) => this.#deliver(request),
  };

  #deliver(request: TargetRequest): TargetResult | Promise<TargetResult> {
    const arn = request.target.Arn ?? '';
    switch (request.kind) {
      case 'sqs':
        try {
          return this.sqs.sendToArn(arn, request.payload) ? { ok: true } : notFound(arn);
        } catch (error) {
          // The queue refused the message (too large for it): retrying cannot help.
          return { ok: false, errorCode: 'SDK_CLIENT_ERROR', errorMessage: (error as Error).message, retryable: false };
        }
      case 'sns':
        return this.sns.publishToArn(arn, request.payload) ? { ok: true } : notFound(arn);
      case 'logs':
        // EventBridge writes each event to a stream named after the event id.
        if (!this.logs.hasLogGroup(request.resourceName)) return notFound(arn);
        this.logs.put(request.resourceName, request.event.id, request.payload);
        return { ok: true };
      case 'lambda':
        return this.#invokeLambda(request);
      case 'event-bus':
        return {
          ok: false,
          errorCode: 'CROSS_ACCOUNT_INGESTION_FAILED',
          errorMessage: `The simulator has only account ${this.account}; cannot deliver to ${arn}.`,
          retryable: false,
        };
      default:
        return { ok: false, errorCode: 'INVALID_PARAMETER', errorMessage: `The simulator cannot deliver to targets like ${arn}.`, retryable: false };
    }
  }

  async #invokeLambda(request: TargetRequest): Promise<TargetResult> {
    if (!this.lambda) return notFound(request.target.Arn ?? '');
    // EventBridge invokes Lambda asynchronously: delivery succeeds once Lambda accepts the event;
    // what the function then does is Lambda's retry policy, not EventBridge's.
    const result = await this.lambda.invokeAsync(request.resourceName, request.payload);
    return result.accepted ? { ok: true } : { ok: false, errorCode: result.errorCode, errorMessage: result.errorMessage, retryable: result.errorCode === 'THROTTLING' };
  }
}

/** A target that does not exist: AWS does not retry this; the event goes straight to the DLQ, if any. */
function notFound(arn: string): TargetResult {
  const name = parseArn(arn)?.resource ?? arn;
  return { ok: false, errorCode: 'RESOURCE_NOT_FOUND', errorMessage: `Target resource ${name} does not exist.`, retryable: false };
}
