// The AWS/Events metrics EventBridge publishes to CloudWatch, each with the dimension sets AWS lists for it.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
//
// "Metrics that specify only the RuleName dimension refer to the default event bus. Metrics that specify both the
// EventBusName and RuleName dimensions refer to a custom event bus." So a rule's series is {RuleName} on the
// default bus and {EventBusName, RuleName} elsewhere. Whether a metric also has a bus series ({EventBusName}) and
// an account total (no dimension) is the metric's own: FailedInvocations, DeadLetterInvocations and the DLQ
// counts are per rule only, MatchedEvents has no account total, Invocations has no bus series. The metrics AWS
// "only sends if it isn't zero" are never zero here either: the simulator records only what happened. The
// simulator counts in virtual time; CloudWatch sums them per minute.

import type { MetricSink, MetricUnit } from './ports.ts';

/** Which series a metric is published in: the rule's, the bus's ({EventBusName}), the account total (none). */
interface Scopes {
  bus: boolean;
  none: boolean;
}

// The Dimensions column of the monitoring page, metric by metric (RuleName is in every row used here).
const SCOPES = {
  DeadLetterInvocations: { bus: false, none: false },
  FailedInvocations: { bus: false, none: false },
  InvocationsSentToDlq: { bus: false, none: false },
  InvocationsFailedToBeSentToDlq: { bus: false, none: false },
  Invocations: { bus: false, none: true },
  InvocationAttempts: { bus: true, none: true },
  SuccessfulInvocationAttempts: { bus: true, none: true },
  RetryInvocationAttempts: { bus: true, none: true },
  TriggeredRules: { bus: true, none: true },
  // Its bus series counts events that matched any rule, once per event: matched() records it, not each rule.
  MatchedEvents: { bus: false, none: false },
  IngestiontoInvocationStartLatency: { bus: true, none: true },
  IngestiontoInvocationCompleteLatency: { bus: true, none: true },
  IngestionToInvocationSuccessLatency: { bus: true, none: true },
} as const satisfies Record<string, Scopes>;

export type RuleMetric = keyof typeof SCOPES;
/** Published without dimensions only. */
export type AccountMetric = 'InvocationsCreated' | 'PutEventsRequestSize' | 'PutEventsEntriesCount' | 'PutEventsFailedEntriesCount';
export type EventsMetric = RuleMetric | AccountMetric | 'Events';

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

  /** A value for one rule, in each series AWS publishes the metric in. */
  rule(name: RuleMetric, bus: string, rule: string, value = 1, unit: MetricUnit = 'Count'): void {
    const scopes: Scopes = SCOPES[name];
    this.#emit(name, this.#of(bus, rule), value, unit);
    if (scopes.bus) this.#emit(name, this.#of(bus, undefined), value, unit);
    if (scopes.none) this.#emit(name, EventsMetrics.#none, value, unit);
  }

  /** A count for the account, published without dimensions. */
  account(name: AccountMetric, value = 1, unit: 'Count' | 'Bytes' = 'Count'): void {
    this.#emit(name, EventsMetrics.#none, value, unit);
  }

  /** MatchedEvents for a bus: "If EventBusName or EventSourceName is specified, the number of events that matched with any rule." */
  matched(bus: string, partnerSource: string | undefined): void {
    this.#emit('MatchedEvents', this.#of(bus, undefined), 1, 'Count');
    if (partnerSource !== undefined) this.#emit('MatchedEvents', { EventSourceName: partnerSource }, 1, 'Count');
  }

  /** Events: "The number of partner events ingested by EventBridge", by EventSourceName. */
  partnerEvent(source: string): void {
    this.#emit('Events', { EventSourceName: source }, 1, 'Count');
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

  #emit(name: EventsMetric, dimensions: Record<string, string>, value: number, unit: MetricUnit): void {
    this.#sink.record('AWS/Events', name, dimensions, value, unit, this.#now());
  }
}
