// Event bus logging (AWS, since 2025-07-15): a bus whose LogConfig has a Level other than OFF writes one record
// per step of processing each event, in AWS's schema, to the log destinations delivered from it.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-logs.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-logs-schema.html (fields and message types)
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_LogConfig.html (Level OFF|ERROR|INFO|TRACE, IncludeDetail NONE|FULL)
//
// Modelled: the sixteen documented message types with the `details` fields the schema page lists for each, the
// `error` object on failures, IncludeDetail (FULL adds the event's detail and the target's input and response),
// and a bus's Level choosing which records are written. Where the records go is the sink's business: the Cloud
// (src/services/cloud.ts) sends each record through the bus's delivery source of its level's log type (ERROR_LOGS,
// INFO_LOGS, TRACE_LOGS) to the log groups delivered from it (src/services/cloudwatch/log-deliveries.ts).
//
// Left out: Firehose and S3 destinations, truncation to 1 MB (`dropped_fields`), `target_properties`, best-effort
// loss and delay (the simulator delivers every record at once), and role_arn (the simulator's targets need no role).
//
// Which level each step has: the user guide's level table was not readable to us; the levels below follow the
// Level enum's wording ("ERROR: ... logs related to errors generated during event processing and target
// delivery"; "INFO: ... errors, as well as major steps"; "TRACE: ... all steps",
// https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_events.Level.html): failures are ERROR, receipt,
// matching and the final success are INFO, the starts and each attempt's success are TRACE. A record of AWS's own
// (EVENT_INGEST_SUCCESS written at INFO) agrees.

import type * as Api from '@aws-sdk/client-eventbridge';
import type { EventEnvelope } from './envelope.ts';

export type LogLevel = 'OFF' | 'ERROR' | 'INFO' | 'TRACE';
export type IncludeDetail = 'NONE' | 'FULL';

export const LOG_LEVELS: readonly LogLevel[] = ['OFF', 'ERROR', 'INFO', 'TRACE'];
export const INCLUDE_DETAILS: readonly IncludeDetail[] = ['NONE', 'FULL'];

/** The `message_type`s of the schema page, each with the level it is written at. */
export const MESSAGE_LEVELS = {
  EVENT_INGEST_FAILURE: 'ERROR',
  EVENT_INGEST_SUCCESS: 'INFO',
  EVENT_RECEIPT: 'INFO',
  INVOCATION_ATTEMPT_PERMANENT_FAILURE: 'ERROR',
  INVOCATION_ATTEMPT_RETRYABLE_FAILURE: 'ERROR',
  INVOCATION_ATTEMPT_START: 'TRACE',
  INVOCATION_ATTEMPT_SUCCESS: 'TRACE',
  INVOCATION_ATTEMPT_THROTTLE: 'ERROR',
  INVOCATION_DLQ: 'ERROR',
  INVOCATION_FAILURE: 'ERROR',
  INVOCATION_START: 'TRACE',
  INVOCATION_SUCCESS: 'INFO',
  INVOCATION_THROTTLE_START: 'TRACE',
  NO_STANDARD_RULES_MATCHED: 'INFO',
  RULE_MATCH: 'INFO',
  RULE_MATCH_START: 'TRACE',
} as const satisfies Record<string, Exclude<LogLevel, 'OFF'>>;

export type MessageType = keyof typeof MESSAGE_LEVELS;

const RANK: Record<LogLevel, number> = { OFF: 0, ERROR: 1, INFO: 2, TRACE: 3 };

/** One log record, as the schema page gives it. */
export interface BusLogRecord {
  resource_arn: string;
  /** Not on the schema page; present in the records AWS writes. */
  event_bus_name: string;
  request_id?: string;
  event_id: string;
  invocation_id?: string;
  message_timestamp_ms: number;
  message_type: MessageType;
  log_level: Exclude<LogLevel, 'OFF'>;
  details: Record<string, unknown>;
  error?: { error_message: string; aws_service: string; http_status_code?: number; request_id?: string };
}

/** Where a bus's records go: the simulated account's log delivery (a CloudWatch Logs log group). */
export interface BusLogSink {
  write(record: BusLogRecord): void;
}

export const noBusLogs: BusLogSink = { write: () => {} };

/** Whether a bus with this configuration writes records of this type. */
export function logs(config: Api.LogConfig | undefined, type: MessageType): boolean {
  return RANK[(config?.Level as LogLevel | undefined) ?? 'OFF'] >= RANK[MESSAGE_LEVELS[type]];
}

/** The details of EVENT_INGEST_*, EVENT_RECEIPT and RULE_MATCH_START: the event, its detail only with FULL. */
export function eventDetails(event: EventEnvelope, full: boolean): Record<string, unknown> {
  return {
    caller_account_id: event.account,
    source_time_ms: Date.parse(event.time),
    source: event.source,
    detail_type: event['detail-type'],
    resources: event.resources,
    ...(full ? { event_detail: JSON.stringify(event.detail) } : {}),
  };
}

/** The service a target belongs to, for a record's `error.aws_service`. */
export function serviceOf(targetArn: string): string {
  const service = targetArn.split(':')[2] ?? '';
  return service === 'events' ? 'events' : service;
}
