// A running pipe with a DynamoDB stream source, on the account's virtual clock: it reads the stream in order,
// builds batches (BatchSize, MaximumBatchingWindowInSeconds), filters them, runs each batch through the
// enrichment and the target (./stages.ts), retries what failed, and gives up on records as
// MaximumRetryAttempts, MaximumRecordAgeInSeconds and the stream's 24 hours say, sending their description to the
// dead-letter queue or topic. One batch at a time: "EventBridge Pipes maintains the order of records from the
// data stream", and a batch that keeps failing holds back the records after it.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html
// https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeSourceDynamoDBStreamParameters.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-error-troubleshooting.html
//
// Time: the pipe does not poll an empty stream; a record written wakes it, and it reads at the next quarter
// second ("EventBridge polls shards in your DynamoDB stream for records at a base rate of four times per
// second"). Every step is a foreground task on the clock, so `clock.runUntilIdle()` (a check's `settle()`) waits
// until the records written so far have gone through, their retries included.
// Left out: ParallelizationFactor (one batch at a time), the 6 MB payload limit, the 5-minute execution limit,
// throttling of the pipe itself, and turning a pipe off after continuous 4xx errors.

import type * as Api from '@aws-sdk/client-pipes';
import type { TimerHandle, VirtualClock } from '../../bus/clock.ts';
import { STREAM_RETENTION_MS, type StreamPosition, type StreamRecord } from '../dynamodb/streams.ts';
import type { StreamReader } from '../dynamodb/tables.ts';
import type { CompiledFilter } from './filter.ts';
import type { DiscardedRecords, PipeAttempt, PipeExecution } from './journal.ts';
import { runAttempt, type PipeSettings, type StageHost } from './stages.ts';

export interface RunnerHost extends StageHost {
  readonly clock: VirtualClock;
  readonly streams: StreamReader;
  /** A UUID from the account's seeded randomness. */
  newId(): string;
  /** Sends a dead-letter message to a queue or topic; false when there is no such resource. */
  deadLetter(arn: string, message: string): boolean;
  /** Counts a metric of the pipe (AWS/EventBridge/Pipes, dimension PipeName). */
  metric(pipeName: string, name: string, value: number, unit: 'Count' | 'Bytes'): void;
  /** Keeps an execution in the journal. */
  journal(execution: PipeExecution): void;
}

/** Everything a runner needs to know about its pipe, taken from the pipe's definition. */
export interface RunnerSettings extends PipeSettings {
  streamArn: string;
  stream: Api.PipeSourceDynamoDBStreamParameters;
  filter: CompiledFilter;
}

/** "at a base rate of four times per second" */
const POLL_INTERVAL_MS = 250;
/** Not documented ("the pipe polling throughput will gradually back off"): 1 s, doubling, at most 5 minutes. */
const FIRST_RETRY_DELAY_MS = 1000;
const MAX_RETRY_DELAY_MS = 300_000;

interface Segment {
  events: StreamRecord[];
  /** Retries used so far (a bisected half keeps its parent's). */
  retries: number;
}

interface Work {
  execution: PipeExecution;
  settings: RunnerSettings;
  generation: number;
  /** The reader moves after this record once the batch is done. */
  lastSequence: string;
  queue: Segment[];
  internalFailures: number;
}

export class PipeRunner {
  readonly #host: RunnerHost;
  #settings: RunnerSettings;
  #position: StreamPosition;
  /** Bumped on every start, stop and change: a task planned for an older generation does nothing. */
  #generation = 0;
  #running = false;
  #work: Work | undefined;
  /** An attempt of the current work is running (awaiting the enrichment or the target). */
  #inAttempt = false;
  #timer: TimerHandle | undefined;
  /** When a batching window that has begun ends. */
  #windowEnd: number | undefined;

  constructor(host: RunnerHost, settings: RunnerSettings, position: StreamPosition) {
    this.#host = host;
    this.#settings = settings;
    this.#position = position;
  }

  /** Where the reader is: after this sequence number (undefined: before the first record). */
  get position(): StreamPosition {
    return this.#position;
  }

  start(): void {
    this.#cancel();
    this.#running = true;
    if (!this.#work) this.#schedulePoll();
  }

  /** Stops reading; a batch in flight is abandoned (when its current attempt returns), to be read again later. */
  stop(): void {
    // At least once: a batch in flight when the pipe stops or is updated is delivered again when it runs on.
    this.#cancel();
    this.#running = false;
  }

  /** New settings from UpdatePipe; the reader keeps its place. */
  configure(settings: RunnerSettings): void {
    this.#settings = settings;
    if (this.#running) this.start();
  }

  /** A record was written to the stream. */
  wake(): void {
    if (!this.#running || this.#work) return;
    if (this.#timer === undefined) return this.#schedulePoll();
    // A full batch ends a batching window early.
    if (this.#windowEnd !== undefined && this.#available(this.#batchSize()) >= this.#batchSize()) {
      this.#cancel();
      this.#schedulePoll();
    }
  }

  #cancel(): void {
    this.#generation++;
    if (this.#timer) this.#host.clock.cancel(this.#timer);
    this.#timer = undefined;
    this.#windowEnd = undefined;
    // Work waiting for a retry is abandoned now; work in an attempt abandons itself when the attempt returns.
    if (this.#work && !this.#inAttempt) this.#abandon(this.#work);
  }

  #batchSize(): number {
    // The API's default for a stream source: "Default: 1" (aws-cdk's DynamoDBSource, pipes-sources-alpha).
    return this.#settings.stream.BatchSize ?? 1;
  }

  #available(limit: number): number {
    return this.#host.streams.count(this.#settings.streamArn, this.#position, limit);
  }

  #schedulePoll(): void {
    if (this.#timer !== undefined || this.#work || this.#available(1) === 0) return;
    const now = this.#host.clock.now();
    const generation = this.#generation;
    this.#timer = this.#host.clock.at((Math.floor(now / POLL_INTERVAL_MS) + 1) * POLL_INTERVAL_MS, () => this.#poll(generation));
  }

  #poll(generation: number): Promise<void> | void {
    if (generation !== this.#generation || !this.#running || this.#work) return;
    this.#timer = undefined;
    const settings = this.#settings;
    const records = this.#host.streams.read(settings.streamArn, this.#position, this.#batchSize());
    if (records.length === 0) return;
    const now = this.#host.clock.now();
    const window = (settings.stream.MaximumBatchingWindowInSeconds ?? 0) * 1000;
    // "EventBridge continues to read records from the source until it has gathered a full batch, the batching
    // window expires, or the batch reaches the payload limit of 6 MB."
    if (window > 0 && records.length < this.#batchSize()) {
      this.#windowEnd ??= now + window;
      if (now < this.#windowEnd) {
        this.#timer = this.#host.clock.at(this.#windowEnd, () => this.#poll(generation));
        return;
      }
    }
    this.#windowEnd = undefined;
    return this.#begin(records, settings, generation);
  }

  #begin(records: StreamRecord[], settings: RunnerSettings, generation: number): Promise<void> | void {
    const events = records.filter((record) => settings.filter.matches(JSON.stringify(record)));
    const passed = new Set(events.map((e) => e.eventID));
    const execution: PipeExecution = {
      executionId: this.#host.newId(),
      pipeName: settings.context.pipeName,
      pipeArn: settings.context.pipeArn,
      startedAt: this.#host.clock.now(),
      records,
      filteredOut: records.filter((r) => !passed.has(r.eventID)).map((r) => r.eventID),
      attempts: [],
      discarded: [],
      outcome: 'in-progress',
    };
    this.#host.journal(execution);
    const lastSequence = records.at(-1)!.dynamodb.SequenceNumber;
    if (events.length === 0) {
      // "After your filter criteria processes a Kinesis or DynamoDB record, the streams iterator advances past
      // this record."
      execution.outcome = 'filtered';
      this.#position = lastSequence;
      this.#schedulePoll();
      return;
    }
    this.#host.metric(settings.context.pipeName, 'EventCount', events.length, 'Count');
    this.#host.metric(settings.context.pipeName, 'EventSize', events.reduce((n, e) => n + JSON.stringify(e).length, 0), 'Bytes');
    this.#work = { execution, settings, generation, lastSequence, queue: [{ events, retries: 0 }], internalFailures: 0 };
    return this.#step(this.#work);
  }

  /** Works through the batch's segments until it is done or must wait for a retry. */
  async #step(work: Work): Promise<void> {
    this.#timer = undefined;
    const { settings, execution } = work;
    const stream = settings.stream;
    for (;;) {
      if (work.generation !== this.#generation) return this.#abandon(work);
      const segment = work.queue[0];
      if (!segment) return this.#finish(work);
      const now = this.#host.clock.now();
      const expired = expiry(settings, segment.events, now);
      if (expired) {
        this.#discard(work, segment, expired);
        work.queue.shift();
        continue;
      }
      const attempt: PipeAttempt = { attemptNumber: segment.retries + 1, at: now, eventIds: segment.events.map((e) => e.eventID), outcome: 'failed' };
      execution.attempts.push(attempt);
      this.#inAttempt = true;
      const result = await runAttempt(this.#host, settings, segment.events, attempt, now).finally(() => (this.#inAttempt = false));
      if (result.outcome === 'succeeded' || result.outcome === 'skipped') {
        work.queue.shift();
        continue;
      }
      const pipeName = settings.context.pipeName;
      if (attempt.error) this.#host.metric(pipeName, attempt.error.stage === 'enrichment' ? 'EnrichmentStageFailed' : 'TargetStageFailed', 1, 'Count');
      if (result.internal) {
        work.internalFailures++;
        return this.#retryLater(work, work.internalFailures);
      }
      if (result.outcome === 'partially-failed') {
        // The records from the first one reported failed are tried again; the ones before it are done (Lambda's
        // reading of batchItemFailures: "uses the record with the lowest sequence number as the checkpoint", and
        // with bisecting, "the batch is bisected at the returned sequence number and Lambda retries only the
        // remaining records", services-ddb-batchfailurereporting).
        const failed = new Set(result.failedEventIds);
        segment.events = segment.events.slice(Math.max(0, segment.events.findIndex((e) => failed.has(e.eventID))));
      }
      // AUTOMATIC_BISECT "halves each batch and retry each half until all the records are processed or there is
      // one failed message left in the batch": the whole batch after a failure, the remainder after a partial one.
      // Splitting uses no retry, as in Lambda's BisectBatchOnFunctionError.
      if (stream.OnPartialBatchItemFailure === 'AUTOMATIC_BISECT' && segment.events.length > 1) {
        const half = Math.ceil(segment.events.length / 2);
        work.queue.splice(0, 1, { events: segment.events.slice(0, half), retries: segment.retries }, { events: segment.events.slice(half), retries: segment.retries });
        continue;
      }
      const maxRetries = stream.MaximumRetryAttempts ?? -1;
      if (maxRetries !== -1 && segment.retries >= maxRetries) {
        this.#discard(work, segment, 'RetryAttemptsExhausted');
        work.queue.shift();
        continue;
      }
      segment.retries++;
      return this.#retryLater(work, segment.retries);
    }
  }

  #retryLater(work: Work, retry: number): void {
    const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** (retry - 1), MAX_RETRY_DELAY_MS);
    this.#timer = this.#host.clock.after(delay, () => this.#step(work));
  }

  #discard(work: Work, segment: Segment, condition: DiscardedRecords['condition']): void {
    const now = this.#host.clock.now();
    this.#host.metric(work.settings.context.pipeName, 'ExecutionFailed', 1, 'Count');
    const discarded: DiscardedRecords = { eventIds: segment.events.map((e) => e.eventID), condition, at: now };
    const arn = work.settings.stream.DeadLetterConfig?.Arn;
    if (arn) {
      const message = JSON.stringify(deadLetterMessage(work, segment, condition, now));
      if (this.#host.deadLetter(arn, message)) Object.assign(discarded, { deadLetterArn: arn, deadLetterMessage: message });
    }
    work.execution.discarded.push(discarded);
  }

  #finish(work: Work): void {
    this.#work = undefined;
    this.#position = work.lastSequence;
    work.execution.outcome = work.execution.discarded.length > 0 ? 'discarded' : 'succeeded';
    if (this.#running && this.#timer === undefined) this.#schedulePoll();
  }

  #abandon(work: Work): void {
    if (this.#work !== work) return;
    this.#work = undefined;
    work.execution.outcome = 'abandoned';
    if (this.#running && this.#timer === undefined) this.#schedulePoll();
  }
}

/**
 * Why records can no longer be tried: older than MaximumRecordAgeInSeconds ("Discard records older than the
 * specified age"), or gone from the stream after 24 hours ("EventBridge retries failed records until the record
 * expires in the event source").
 */
function expiry(settings: RunnerSettings, events: StreamRecord[], now: number): DiscardedRecords['condition'] | undefined {
  const oldest = Math.min(...events.map((e) => e.dynamodb.ApproximateCreationDateTime * 1000));
  if (now - oldest >= STREAM_RETENTION_MS) return 'RecordExpired';
  const maxAge = settings.stream.MaximumRecordAgeInSeconds ?? -1;
  if (maxAge !== -1 && now - oldest > maxAge * 1000) return 'RecordAgeExceeded';
  return undefined;
}

/**
 * What goes to the dead-letter queue: a description of the records, not the records. Pipes documents no format
 * for it; this is the record Lambda documents for a DynamoDB event source mapping's on-failure destination, with
 * the pipe's ARN where Lambda names its function.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
 */
function deadLetterMessage(work: Work, segment: Segment, condition: DiscardedRecords['condition'], now: number): object {
  const first = segment.events[0]!;
  const last = segment.events.at(-1)!;
  const arrival = (record: StreamRecord) => new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const label = work.settings.streamArn.slice(work.settings.streamArn.lastIndexOf('/') + 1);
  const lastAttempt = work.execution.attempts.at(-1);
  return {
    requestContext: {
      requestId: work.execution.executionId,
      pipeArn: work.settings.context.pipeArn,
      condition: condition === 'RecordExpired' ? 'RecordAgeExceeded' : condition,
      approximateInvokeCount: segment.retries + 1,
    },
    ...(lastAttempt?.error ? { responseContext: { errorCode: lastAttempt.error.code, errorMessage: lastAttempt.error.message } } : {}),
    version: '1.0',
    timestamp: new Date(now).toISOString(),
    DDBStreamBatchInfo: {
      // The simulated stream has one shard, named after the stream.
      shardId: `shardId-${String(Date.parse(`${label}Z`) || 0).padStart(20, '0')}-00000001`,
      startSequenceNumber: first.dynamodb.SequenceNumber,
      endSequenceNumber: last.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: segment.events.length,
      streamArn: work.settings.streamArn,
    },
  };
}
