// CloudWatch Logs in memory: log groups of log streams of timestamped lines. Lambda functions write here
// (`/aws/lambda/NAME`), and so do rules whose target is a log group (one stream per event, named by its id).

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LogStream {
  name: string;
  events: LogEvent[];
}

export class Logs {
  readonly #groups = new Map<string, Map<string, LogStream>>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  createLogGroup(name: string): void {
    if (!this.#groups.has(name)) this.#groups.set(name, new Map());
  }

  hasLogGroup(name: string): boolean {
    return this.#groups.has(name);
  }

  /** Appends a line, creating the stream (and the group) if needed. */
  put(group: string, stream: string, message: string, timestamp = this.#now()): void {
    this.createLogGroup(group);
    const streams = this.#groups.get(group)!;
    let target = streams.get(stream);
    if (!target) streams.set(stream, (target = { name: stream, events: [] }));
    target.events.push({ timestamp, message, ingestionTime: this.#now() });
  }

  groups(): string[] {
    return [...this.#groups.keys()].sort();
  }

  streams(group: string): LogStream[] {
    return [...(this.#groups.get(group)?.values() ?? [])];
  }

  /** Every line of a group, oldest first, optionally only those containing `filter` (case-sensitive). */
  events(group: string, filter?: string): (LogEvent & { stream: string })[] {
    return this.streams(group)
      .flatMap((s) => s.events.map((e) => ({ ...e, stream: s.name })))
      .filter((e) => filter === undefined || e.message.includes(filter))
      .sort((a, b) => a.timestamp - b.timestamp);
  }
}
