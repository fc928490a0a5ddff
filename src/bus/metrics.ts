// The AWS/Events metrics EventBridge publishes to CloudWatch, with AWS's names and dimensions.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
//
// Rule-level metrics carry RuleName (and EventBusName for a custom bus, as AWS reports them); account-level
// totals carry no dimension. The simulator counts in virtual time; CloudWatch sums them per minute.

import type { MetricSink } from './ports.ts';

export type EventsMetric =
  | 'MatchedEvents'
  | 'TriggeredRules'
  | 'Invocations'
  | 'FailedInvocations'
  | 'InvocationAttempts'
  | 'SuccessfulInvocationAttempts'
  | 'RetryInvocationAttempts'
  | 'InvocationsSentToDlq'
  | 'InvocationsFailedToBeSentToDlq'
  | 'DeadLetterInvocations'
  | 'PutEventsRequestSize'
  | 'PutEventsEntriesCount'
  | 'PutEventsFailedEntriesCount';

export class EventsMetrics {
  readonly #sink: MetricSink;
  readonly #now: () => number;
  /** Dimension objects are reused, so a sink can cache what it derives from them. */
  readonly #dimensions = new Map<string, Map<string | undefined, Record<string, string>>>();
  static readonly #none: Record<string, string> = Object.freeze({}) as Record<string, string>;

  constructor(sink: MetricSink, now: () => number) {
    this.#sink = sink;
    this.#now = now;
  }

  /** A count for one rule, reported per rule and as the account total. */
  rule(name: EventsMetric, bus: string, rule: string, value = 1): void {
    this.#emit(name, this.#of(bus, rule), value);
    this.#emit(name, EventsMetrics.#none, value);
  }

  /** A count for the account. */
  account(name: EventsMetric, value = 1, unit: 'Count' | 'Bytes' = 'Count'): void {
    this.#emit(name, EventsMetrics.#none, value, unit);
  }

  /** A count for one bus, and the account total. */
  bus(name: EventsMetric, bus: string, value = 1): void {
    this.#emit(name, this.#of(bus, undefined), value);
    this.#emit(name, EventsMetrics.#none, value);
  }

  #of(bus: string, rule: string | undefined): Record<string, string> {
    let byRule = this.#dimensions.get(bus);
    if (!byRule) this.#dimensions.set(bus, (byRule = new Map()));
    let dimensions = byRule.get(rule);
    if (!dimensions) {
      if (rule === undefined) dimensions = { EventBusName: bus };
      else dimensions = bus === 'default' ? { RuleName: rule } : { EventBusName: bus, RuleName: rule };
      byRule.set(rule, Object.freeze(dimensions));
    }
    return dimensions;
  }

  #emit(name: EventsMetric, dimensions: Record<string, string>, value: number, unit: 'Count' | 'Bytes' = 'Count'): void {
    this.#sink.record('AWS/Events', name, dimensions, value, unit, this.#now());
  }
}
