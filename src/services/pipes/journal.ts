// What each pipe did with each batch it read, for lesson checks and the workbench: the records read, the ones
// the filter let through, every attempt with what went into and came out of the enrichment and the target, and
// how the batch ended. AWS shows this only as log records and metrics; the shape is the simulator's own. The
// account keeps 24 hours of them, the stream's retention (./pipes.ts).

import type { StreamRecord } from '../dynamodb/streams.ts';

/** What one attempt handed the enrichment and got back. */
export interface EnrichmentCall {
  functionArn: string;
  /** The payload sent: the batch's events (each through EnrichmentParameters.InputTemplate), as a JSON array. */
  input: unknown[];
  /** What the function returned, parsed, when it ran without an error. */
  output?: unknown;
}

/** What one attempt handed the target. */
export interface TargetCall {
  targetArn: string;
  /** The items the target was given, after TargetParameters.InputTemplate: one per event, as each went out. */
  input: unknown[];
  /** For an event bus: the PutEvents entries sent, and the ids of the events the bus accepted (in order). */
  entries?: { Source?: string; DetailType?: string; Detail?: string; Resources?: string[]; Time?: string; EventBusName?: string }[];
  eventIds?: string[];
}

export type AttemptOutcome =
  /** The target took every event. */
  | 'succeeded'
  /** The enrichment returned nothing to send ("", {}, [] or null), so the target was not invoked. */
  | 'skipped'
  /** The target reported some events as failed; the others are done. */
  | 'partially-failed'
  | 'failed';

export interface PipeAttempt {
  /** 1 for the first try of these records, counting up with each retry (a bisected half keeps its parent's count). */
  attemptNumber: number;
  at: number;
  /** The eventIDs of the records this attempt carried. */
  eventIds: string[];
  enrichment?: EnrichmentCall;
  target?: TargetCall;
  outcome: AttemptOutcome;
  /** For a failure: where, and what was answered. */
  error?: { stage: 'enrichment' | 'target'; code: string; message: string };
  /** The records the target reported as failed (partial failure), by eventID. */
  failedEventIds?: string[];
}

/** Records the pipe gave up on: sent to the dead-letter queue, or dropped when there is none. */
export interface DiscardedRecords {
  eventIds: string[];
  /** RetryAttemptsExhausted, RecordAgeExceeded (MaximumRecordAgeInSeconds passed), or RecordExpired (the stream trimmed it). */
  condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded' | 'RecordExpired';
  at: number;
  deadLetterArn?: string;
  /** The message sent to the dead-letter queue or topic. */
  deadLetterMessage?: string;
}

export interface PipeExecution {
  executionId: string;
  pipeName: string;
  pipeArn: string;
  startedAt: number;
  /** The records read from the stream for this batch, oldest first. */
  records: StreamRecord[];
  /** The eventIDs of the records FilterCriteria dropped. */
  filteredOut: string[];
  attempts: PipeAttempt[];
  discarded: DiscardedRecords[];
  /**
   * `filtered`: no record got through the filter; `succeeded`: every event reached the target (or the enrichment
   * chose to send nothing); `discarded`: the pipe gave up on some records (see `discarded`); `abandoned`: the pipe
   * was stopped, updated or deleted before the batch finished (it is read again when the pipe runs on).
   */
  outcome: 'in-progress' | 'filtered' | 'succeeded' | 'discarded' | 'abandoned';
}
