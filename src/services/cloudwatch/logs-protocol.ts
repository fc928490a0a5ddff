// The CloudWatch Logs API on the wire (AWS JSON 1.1, `X-Amz-Target: Logs_20140328.<Operation>`), over the
// in-memory store in logs.ts: creating and describing log groups and streams, PutLogEvents, GetLogEvents
// and FilterLogEvents, with CloudWatch's errors and messages, and the vended-log delivery operations
// (PutDeliverySource, PutDeliveryDestination, CreateDelivery and their Get, Describe and Delete) that wire an event
// bus's log records to a log group (log-deliveries.ts).
//
// Left out: every other operation (retention, tags, metric and subscription filters, Insights queries,
// DeleteLogStream), logGroupIdentifier given as an ARN (the name works), unmasking, and the JSON and
// space-delimited filter patterns (see matchesFilterPattern). Sequence tokens are accepted and ignored, as
// CloudWatch has done since 2023.

import type * as Api from '@aws-sdk/client-cloudwatch-logs';
import { list, map, struct } from '../../bus/api/shapes.ts';
import { asServiceError, errorResponse, invokeOperation, jsonResponse, type JsonOperation, type WireRequest, type WireResponse } from '../../bus/api/wire.ts';
import { AwsServiceError } from '../../bus/errors.ts';
import type { LogDeliveries } from './log-deliveries.ts';
import { FilterPatternError, matchesFilterPattern, type LogGroup, type Logs, type LogStream } from './logs.ts';

export const LOGS_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

const error = (name: string, message: string) => new AwsServiceError(name, message);
const invalidParameter = (message: string) => error('InvalidParameterException', message);
const groupNotFound = () => error('ResourceNotFoundException', 'The specified log group does not exist.');
const streamNotFound = () => error('ResourceNotFoundException', 'The specified log stream does not exist.');

const DAY = 86_400_000;

/** The Logs API over one store. Methods take and return the SDK's shapes. */
export class LogsApi {
  readonly #logs: Logs;

  constructor(logs: Logs) {
    this.#logs = logs;
  }

  createLogGroup(request: Api.CreateLogGroupRequest): void {
    const name = checkName(request.logGroupName, 'logGroupName', GROUP_NAME, 512);
    if (this.#logs.hasLogGroup(name)) throw error('ResourceAlreadyExistsException', 'The specified log group already exists');
    this.#logs.createLogGroup(name);
  }

  deleteLogGroup(request: Api.DeleteLogGroupRequest): void {
    if (!this.#logs.deleteLogGroup(checkName(request.logGroupName, 'logGroupName', GROUP_NAME, 512))) throw groupNotFound();
  }

  createLogStream(request: Api.CreateLogStreamRequest): void {
    const group = this.#group(request.logGroupName);
    const name = checkName(request.logStreamName, 'logStreamName', STREAM_NAME, 512);
    if (group.streams.has(name)) throw error('ResourceAlreadyExistsException', 'The specified log stream already exists');
    this.#logs.createLogStream(group.name, name);
  }

  describeLogGroups(request: Api.DescribeLogGroupsRequest = {}): Api.DescribeLogGroupsResponse {
    const limit = checkLimit(request.limit, 50);
    const prefix = request.logGroupNamePrefix;
    const pattern = request.logGroupNamePattern;
    if (prefix !== undefined && pattern !== undefined) throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    const names = this.#logs.groups().filter((n) => (prefix === undefined || n.startsWith(prefix)) && (pattern === undefined || n.toLowerCase().includes(pattern.toLowerCase())));
    const { items, nextToken } = page(names, request.nextToken, limit);
    return {
      logGroups: items.map((name) => {
        const group = this.#logs.group(name)!;
        const arn = this.#logs.arnOf(name);
        return { logGroupName: name, creationTime: group.creationTime, metricFilterCount: 0, arn: `${arn}:*`, storedBytes: storedBytes(group), logGroupClass: 'STANDARD', logGroupArn: arn };
      }),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  describeLogStreams(request: Api.DescribeLogStreamsRequest): Api.DescribeLogStreamsResponse {
    const group = this.#group(request.logGroupName ?? request.logGroupIdentifier);
    const limit = checkLimit(request.limit, 50);
    const byTime = request.orderBy === 'LastEventTime';
    if (request.orderBy !== undefined && !byTime && request.orderBy !== 'LogStreamName') {
      throw invalidParameter(`1 validation error detected: Value '${request.orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`);
    }
    if (byTime && request.logStreamNamePrefix !== undefined) throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    let streams = [...group.streams.values()].filter((s) => request.logStreamNamePrefix === undefined || s.name.startsWith(request.logStreamNamePrefix));
    streams.sort(byTime ? (a, b) => (a.events.at(-1)?.timestamp ?? a.creationTime) - (b.events.at(-1)?.timestamp ?? b.creationTime) : (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (request.descending) streams = streams.reverse();
    const { items, nextToken } = page(streams, request.nextToken, limit);
    return { logStreams: items.map((s) => this.#describeStream(group, s)), ...(nextToken ? { nextToken } : {}) };
  }

  putLogEvents(request: Api.PutLogEventsRequest): Api.PutLogEventsResponse {
    const group = this.#group(request.logGroupName);
    const stream = group.streams.get(request.logStreamName ?? '');
    if (!stream) throw streamNotFound();
    const events = request.logEvents ?? [];
    if (events.length === 0) throw invalidParameter("1 validation error detected: Value '[]' at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (events.length > 10_000) throw invalidParameter(`1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000`);
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.timestamp! < events[i - 1]!.timestamp!) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    }
    if (events.at(-1)!.timestamp! - events[0]!.timestamp! > DAY) throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');

    // Events more than 14 days old or more than 2 hours ahead are rejected, and reported, not stored.
    const now = this.#logs.now();
    const rejected: Api.RejectedLogEventsInfo = {};
    events.forEach((event, index) => {
      if (event.timestamp === undefined || event.message === undefined) throw invalidParameter('1 validation error detected: Value null at \'logEvents.' + (index + 1) + '.member.timestamp\' failed to satisfy constraint: Member must not be null');
      if (event.timestamp < now - 14 * DAY) rejected.tooOldLogEventEndIndex = index + 1;
      else if (event.timestamp > now + 2 * 3_600_000) rejected.tooNewLogEventStartIndex ??= index;
      else this.#logs.put(group.name, stream.name, event.message, event.timestamp);
    });
    return { nextSequenceToken: sequenceToken(stream.events.length), ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}) };
  }

  getLogEvents(request: Api.GetLogEventsRequest): Api.GetLogEventsResponse {
    const group = this.#group(request.logGroupName ?? request.logGroupIdentifier);
    const stream = group.streams.get(request.logStreamName ?? '');
    if (!stream) throw streamNotFound();
    const limit = checkLimit(request.limit, 10_000);
    const events = stream.events.filter((e) => inRange(e.timestamp, request.startTime, request.endTime));
    // Tokens are positions: `f/N` reads forward from N, `b/N` backward to N. Without one, GetLogEvents
    // starts at the newest events unless startFromHead is true.
    let start: number;
    let end: number;
    const token = request.nextToken;
    if (token !== undefined) {
      const match = /^([fb])\/(\d{56})$/.exec(token);
      if (!match) throw invalidParameter('The specified nextToken is invalid.');
      const position = Math.min(Number(match[2]), events.length);
      [start, end] = match[1] === 'f' ? [position, Math.min(events.length, position + limit)] : [Math.max(0, position - limit), position];
    } else if (request.startFromHead) {
      [start, end] = [0, Math.min(events.length, limit)];
    } else {
      [start, end] = [Math.max(0, events.length - limit), events.length];
    }
    return {
      events: events.slice(start, end).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
      nextForwardToken: `f/${String(end).padStart(56, '0')}`,
      nextBackwardToken: `b/${String(start).padStart(56, '0')}`,
    };
  }

  filterLogEvents(request: Api.FilterLogEventsRequest): Api.FilterLogEventsResponse {
    const group = this.#group(request.logGroupName ?? request.logGroupIdentifier);
    if (request.logStreamNames !== undefined && request.logStreamNamePrefix !== undefined) {
      throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const limit = checkLimit(request.limit, 10_000);
    let matches: (message: string) => boolean;
    try {
      matches = matchesFilterPattern(request.filterPattern ?? '');
    } catch (e) {
      if (e instanceof FilterPatternError) throw invalidParameter(e.message);
      throw e;
    }
    const streams = [...group.streams.values()].filter(
      (s) => (request.logStreamNames === undefined || request.logStreamNames.includes(s.name)) && (request.logStreamNamePrefix === undefined || s.name.startsWith(request.logStreamNamePrefix)),
    );
    const found = streams
      .flatMap((s) => s.events.map((e, index) => ({ stream: s, event: e, index })))
      .filter(({ event }) => inRange(event.timestamp, request.startTime, request.endTime) && matches(event.message))
      .sort((a, b) => a.event.timestamp - b.event.timestamp || a.event.ingestionTime - b.event.ingestionTime);
    const { items, nextToken } = page(found, request.nextToken, limit);
    return {
      events: items.map(({ stream, event, index }) => ({
        logStreamName: stream.name,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: eventId(streams.indexOf(stream), index, event.timestamp),
      })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: true })),
      ...(nextToken ? { nextToken } : {}),
    };
  }

  #group(name: string | undefined): LogGroup {
    const group = name ? this.#logs.group(name) : undefined;
    if (!group) throw groupNotFound();
    return group;
  }

  #describeStream(group: LogGroup, s: LogStream): Api.LogStream {
    const first = s.events[0];
    const last = s.events.at(-1);
    return {
      logStreamName: s.name,
      creationTime: s.creationTime,
      ...(first ? { firstEventTimestamp: first.timestamp } : {}),
      ...(last ? { lastEventTimestamp: last.timestamp, lastIngestionTime: Math.max(...s.events.map((e) => e.ingestionTime)) } : {}),
      uploadSequenceToken: sequenceToken(s.events.length),
      arn: `${this.#logs.arnOf(group.name)}:log-stream:${s.name}`,
      storedBytes: 0,
    };
  }
}

const operations = {
  CreateLogGroup: 'createLogGroup',
  DeleteLogGroup: 'deleteLogGroup',
  CreateLogStream: 'createLogStream',
  DescribeLogGroups: 'describeLogGroups',
  DescribeLogStreams: 'describeLogStreams',
  PutLogEvents: 'putLogEvents',
  GetLogEvents: 'getLogEvents',
  FilterLogEvents: 'filterLogEvents',
} as const satisfies Record<string, keyof LogsApi>;

/** Vended-log delivery (log-deliveries.ts): how a bus's records are wired to a log group. Members of the wrong JSON type are refused before the operation runs. */
const named = { input: struct({ name: 'string' }) };
const byId = { input: struct({ id: 'string' }) };
const tags = map('string');
const deliveryOperations = {
  PutDeliverySource: { method: 'putDeliverySource', input: struct({ name: 'string', resourceArn: 'string', logType: 'string', tags, deliverySourceConfiguration: map('string') }) },
  GetDeliverySource: { method: 'getDeliverySource', ...named },
  DescribeDeliverySources: 'describeDeliverySources',
  DeleteDeliverySource: { method: 'deleteDeliverySource', ...named },
  PutDeliveryDestination: {
    method: 'putDeliveryDestination',
    input: struct({ name: 'string', outputFormat: 'string', deliveryDestinationConfiguration: struct({ destinationResourceArn: 'string' }), deliveryDestinationType: 'string', roleArn: 'string', tags }),
  },
  GetDeliveryDestination: { method: 'getDeliveryDestination', ...named },
  DescribeDeliveryDestinations: 'describeDeliveryDestinations',
  DeleteDeliveryDestination: { method: 'deleteDeliveryDestination', ...named },
  CreateDelivery: { method: 'createDelivery', input: struct({ deliverySourceName: 'string', deliveryDestinationArn: 'string', recordFields: list('string'), fieldDelimiter: 'string', s3DeliveryConfiguration: 'any', tags }) },
  GetDelivery: { method: 'getDelivery', ...byId },
  DescribeDeliveries: 'describeDeliveries',
  DeleteDelivery: { method: 'deleteDelivery', ...byId },
} as const satisfies Record<string, JsonOperation<LogDeliveries>>;

export function handleLogsRequest(logs: Logs, request: WireRequest, requestId: string): WireResponse {
  try {
    const operation = request.target?.slice(LOGS_TARGET_PREFIX.length) ?? '';
    const result = Object.hasOwn(deliveryOperations, operation)
      ? invokeOperation(logs.deliveries, deliveryOperations, LOGS_TARGET_PREFIX, request)
      : invokeOperation(new LogsApi(logs), operations, LOGS_TARGET_PREFIX, request);
    return jsonResponse(LOGS_CONTENT_TYPE, result, requestId);
  } catch (e) {
    return errorResponse(LOGS_CONTENT_TYPE, asServiceError(e), requestId);
  }
}

/** Name rules, with the pattern as CloudWatch's validation message prints it. */
const GROUP_NAME = { regex: /^[.\-_/#A-Za-z0-9]+$/, shown: '[\\.\\-_/#A-Za-z0-9]+' };
const STREAM_NAME = { regex: /^[^:*]*$/, shown: '[^:*]*' };

function checkName(value: string | undefined, member: string, pattern: { regex: RegExp; shown: string }, max: number): string {
  if (value === undefined || value === '') {
    throw invalidParameter(`1 validation error detected: Value ${value === undefined ? 'null' : "''"} at '${member}' failed to satisfy constraint: Member must ${value === undefined ? 'not be null' : 'have length greater than or equal to 1'}`);
  }
  if (value.length > max) throw invalidParameter(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  if (!pattern.regex.test(value)) {
    throw invalidParameter(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.shown}`);
  }
  return value;
}

function checkLimit(limit: number | undefined, max: number): number {
  if (limit === undefined) return max;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalidParameter(`1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`);
  }
  return limit;
}

function page<T>(items: T[], token: string | undefined, limit: number): { items: T[]; nextToken?: string } {
  const start = token === undefined ? 0 : Number(/^n\/(\d+)$/.exec(token)?.[1] ?? NaN);
  if (!Number.isInteger(start) || start > items.length) throw invalidParameter('The specified nextToken is invalid.');
  const end = Math.min(items.length, start + limit);
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: `n/${end}` } : {}) };
}

function inRange(timestamp: number, start: number | undefined, end: number | undefined): boolean {
  return (start === undefined || timestamp >= start) && (end === undefined || timestamp < end);
}

function storedBytes(group: LogGroup): number {
  let bytes = 0;
  for (const stream of group.streams.values()) for (const event of stream.events) bytes += event.message.length + 26;
  return bytes;
}

/** CloudWatch's tokens and event ids are long digit strings; these encode a position. */
function sequenceToken(count: number): string {
  return String(count).padStart(56, '0');
}

function eventId(stream: number, index: number, timestamp: number): string {
  return `${String(timestamp).padStart(16, '0')}${String(stream).padStart(20, '0')}${String(index).padStart(20, '0')}`;
}
