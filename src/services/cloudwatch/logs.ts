// CloudWatch Logs in memory: log groups of log streams of timestamped lines. Lambda functions write here
// (`/aws/lambda/NAME`), and so do rules whose target is a log group (one stream per event, named by its id).
// The CloudWatch Logs API (logs-protocol.ts) reads and writes the same store, and `matchesFilterPattern`
// gives FilterLogEvents' filter patterns to checks as well.
//
// Left out: retention (nothing expires), log classes, KMS keys, metric and subscription filters, Logs
// Insights queries, and the JSON (`{ $.x = 1 }`) and space-delimited (`[a, b]`) filter patterns.

import { EVENT_BUS_LOG_TYPES, LogDeliveries } from './log-deliveries.ts';

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LogStream {
  name: string;
  events: LogEvent[];
  creationTime: number;
}

export interface LogGroup {
  name: string;
  creationTime: number;
  streams: Map<string, LogStream>;
}

export class Logs {
  readonly #groups = new Map<string, LogGroup>();
  readonly #now: () => number;
  readonly account: string;
  readonly region: string;

  constructor(now: () => number, where: { account?: string; region?: string } = {}) {
    this.#now = now;
    this.account = where.account ?? '123456789012';
    this.region = where.region ?? 'us-east-1';
    this.deliveries = new LogDeliveries({ account: this.account, region: this.region });
  }

  /** Creates the group if it does not exist (the API's CreateLogGroup refuses an existing one instead). */
  createLogGroup(name: string): void {
    if (!this.#groups.has(name)) this.#groups.set(name, { name, creationTime: this.#now(), streams: new Map() });
  }

  hasLogGroup(name: string): boolean {
    return this.#groups.has(name);
  }

  deleteLogGroup(name: string): boolean {
    return this.#groups.delete(name);
  }

  group(name: string): LogGroup | undefined {
    return this.#groups.get(name);
  }

  /** Creates the stream (and the group) if it does not exist, and returns it. */
  createLogStream(group: string, stream: string): LogStream {
    this.createLogGroup(group);
    const streams = this.#groups.get(group)!.streams;
    let target = streams.get(stream);
    if (!target) streams.set(stream, (target = { name: stream, events: [], creationTime: this.#now() }));
    return target;
  }

  /** Appends a line, creating the stream (and the group) if needed. */
  put(group: string, stream: string, message: string, timestamp = this.#now()): void {
    insertByTime(this.createLogStream(group, stream).events, { timestamp, message, ingestionTime: this.#now() });
  }

  groups(): string[] {
    return [...this.#groups.keys()].sort();
  }

  streams(group: string): LogStream[] {
    return [...(this.#groups.get(group)?.streams.values() ?? [])];
  }

  /** Every line of a group, oldest first, optionally only those containing `filter` (case-sensitive). */
  events(group: string, filter?: string): (LogEvent & { stream: string })[] {
    return this.streams(group)
      .flatMap((s) => s.events.map((e) => ({ ...e, stream: s.name })))
      .filter((e) => filter === undefined || e.message.includes(filter))
      .sort((a, b) => a.timestamp - b.timestamp);
  }

  /** The store's clock (the simulation's virtual time). */
  now(): number {
    return this.#now();
  }

  arnOf(group: string): string {
    return `arn:aws:logs:${this.region}:${this.account}:log-group:${group}`;
  }

  /**
   * Vended logs: how AWS services (EventBridge buses among them) deliver their own logs to log groups, through the
   * delivery sources, destinations and deliveries of log-deliveries.ts, which the API's delivery operations manage.
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
   */
  readonly deliveries: LogDeliveries;

  /**
   * Delivers every log type of the event bus `resourceArn` to `group`, creating the group, the delivery sources, the
   * destination and the deliveries as a user following AWS's steps would (the lesson builder's shortcut).
   */
  deliverVendedLogs(resourceArn: string, group: string): void {
    this.createLogGroup(group);
    const busName = resourceArn.slice(resourceArn.indexOf(':event-bus/') + ':event-bus/'.length);
    const destinationName = deliveryName(`EventBusLogs-${group}`);
    const destinationArn = this.arnOf(group);
    const existing = this.deliveries.describeDeliveryDestinations().deliveryDestinations?.find((d) => d.name === destinationName);
    const { deliveryDestination } = existing
      ? { deliveryDestination: existing }
      : this.deliveries.putDeliveryDestination({ name: destinationName, deliveryDestinationConfiguration: { destinationResourceArn: destinationArn } });
    for (const logType of EVENT_BUS_LOG_TYPES) {
      // The log type before the bus's name, which may be long enough to be cut: each type keeps a source of its own.
      const { deliverySource } = this.deliveries.putDeliverySource({ name: deliveryName(`EventBusSource-${logType}-${busName}`), resourceArn, logType });
      const delivered = this.deliveries.describeDeliveries().deliveries?.some((d) => d.deliverySourceName === deliverySource!.name);
      if (!delivered) this.deliveries.createDelivery({ deliverySourceName: deliverySource!.name, deliveryDestinationArn: deliveryDestination!.arn });
    }
  }

  /** The log groups (that exist) receiving the resource's vended logs of `logType`, or of any type. */
  vendedLogGroups(resourceArn: string, logType?: string): string[] {
    const groups = new Set((logType === undefined ? EVENT_BUS_LOG_TYPES : [logType]).flatMap((type) => this.deliveries.logGroupsFor(resourceArn, type)));
    // A delivery to a log group that has since been deleted delivers nothing.
    return [...groups].filter((group) => this.#groups.has(group));
  }
}

/** A delivery source or destination name from any text: word characters and hyphens, at most 60 (the API's limit). */
function deliveryName(text: string): string {
  return text.replace(/[^\w-]+/g, '-').slice(0, 60);
}

/** Keeps a stream in timestamp order, as CloudWatch returns it; equal timestamps keep their arrival order. */
function insertByTime(events: LogEvent[], event: LogEvent): void {
  let i = events.length;
  while (i > 0 && events[i - 1]!.timestamp > event.timestamp) i--;
  events.splice(i, 0, event);
}

/** A filter pattern that cannot be read, with CloudWatch's reason. */
export class FilterPatternError extends Error {}

/**
 * Compiles a CloudWatch Logs filter pattern for unstructured log events into a predicate.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * - `""` matches every event; `ERROR Exception` matches events containing both terms (case-sensitive).
 * - `"exact phrase"` quotes a term with spaces or punctuation; `?ERROR ?WARN` matches either;
 *   `-DEBUG` excludes events containing the term; `%regex%` matches a regular expression.
 * JSON patterns (`{ $.level = "ERROR" }`) and space-delimited ones (`[ip, user, ...]`) are not simulated
 * and throw a FilterPatternError saying so.
 */
export function matchesFilterPattern(pattern: string): (message: string) => boolean {
  const text = pattern.trim();
  if (text === '') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new FilterPatternError(`The simulator does not evaluate JSON or space-delimited filter patterns: ${pattern}`);
  }
  if (text.length > 1 && text.startsWith('%') && text.endsWith('%')) {
    const source = text.slice(1, -1);
    if (/[()]/.test(source)) throw new FilterPatternError(`Invalid regex in filter pattern: ${pattern} (CloudWatch does not support the () operator)`);
    let regex: RegExp;
    try {
      regex = new RegExp(source);
    } catch {
      throw new FilterPatternError(`Invalid regex in filter pattern: ${pattern}`);
    }
    return (message) => regex.test(message);
  }
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const token of text.match(/[?-]?"(?:[^"\\]|\\.)*"|\S+/g) ?? []) {
    const operator = token[0] === '?' || token[0] === '-' ? token[0] : '';
    let term = token.slice(operator.length);
    if (term.startsWith('"') && term.endsWith('"') && term.length >= 2) term = term.slice(1, -1).replace(/\\(.)/g, '$1');
    if (term === '') continue;
    (operator === '?' ? any : operator === '-' ? none : all).push(term);
  }
  return (message) => all.every((t) => message.includes(t)) && (any.length === 0 || any.some((t) => message.includes(t))) && !none.some((t) => message.includes(t));
}
