// CloudWatch metrics in memory: data points recorded by the simulated services, read back as per-minute
// statistics the way CloudWatch graphs them (period 60 s). Dimensions match exactly, as in CloudWatch: a
// query for {RuleName: "x"} does not see points recorded with {EventBusName, RuleName}.

import type { MetricSink, MetricUnit } from '../../bus/ports.ts';

export interface MetricQuery {
  namespace: string;
  name: string;
  dimensions?: Record<string, string>;
}

export interface MinuteStatistic {
  /** Start of the minute, epoch milliseconds. */
  minute: number;
  sum: number;
  sampleCount: number;
  minimum: number;
  maximum: number;
}

const MINUTES_KEPT = 7 * 24 * 60;

interface Series {
  query: Required<MetricQuery>;
  byMinute: Map<number, MinuteStatistic>;
  /** The minute written last: deliveries come in time order, so most points land in it. */
  last: MinuteStatistic | undefined;
}

export class Metrics implements MetricSink {
  /** dimensions key → namespace → metric name → series. Nested so recording a point builds no strings. */
  readonly #series = new Map<string, Map<string, Map<string, Series>>>();
  /** The same, by the identity of a dimensions object that recorders reuse. */
  readonly #byObject = new WeakMap<object, Map<string, Map<string, Series>>>();

  record(namespace: string, name: string, dimensions: Readonly<Record<string, string>>, value: number, _unit: MetricUnit, epochMs: number): void {
    let byNamespace = this.#byObject.get(dimensions);
    if (!byNamespace) this.#byObject.set(dimensions, (byNamespace = this.#namespaces(dimensions, true)!));
    const series = this.#inNamespace(byNamespace, namespace, name, dimensions, true)!;
    const minute = Math.floor(epochMs / 60_000) * 60_000;
    let stat = series.last?.minute === minute ? series.last : series.byMinute.get(minute);
    if (!stat) {
      stat = { minute, sum: value, sampleCount: 1, minimum: value, maximum: value };
      series.byMinute.set(minute, stat);
      // A long-running simulation keeps a week of minutes per series; minutes arrive in time order.
      if (series.byMinute.size > MINUTES_KEPT) series.byMinute.delete(series.byMinute.keys().next().value!);
    } else {
      stat.sum += value;
      stat.sampleCount++;
      if (value < stat.minimum) stat.minimum = value;
      if (value > stat.maximum) stat.maximum = value;
    }
    series.last = stat;
  }

  /** Per-minute statistics, oldest first; minutes with no data are absent, as in CloudWatch. */
  minutes(query: MetricQuery, fromMs = -Infinity, toMs = Infinity): MinuteStatistic[] {
    const series = this.#find(query, false);
    if (!series) return [];
    return [...series.byMinute.values()].filter((s) => s.minute >= fromMs && s.minute < toMs).sort((a, b) => a.minute - b.minute).map((s) => ({ ...s }));
  }

  /** The sum over a time range (all time by default). */
  sum(query: MetricQuery, fromMs?: number, toMs?: number): number {
    return this.minutes(query, fromMs, toMs).reduce((total, s) => total + s.sum, 0);
  }

  /** Every metric with data: namespace, name and dimensions. */
  list(): MetricQuery[] {
    return [...this.#series.values()].flatMap((byNamespace) => [...byNamespace.values()].flatMap((byName) => [...byName.values()].map((s) => ({ ...s.query }))));
  }

  #find(query: MetricQuery, create: boolean): Series | undefined {
    const byNamespace = this.#namespaces(query.dimensions ?? {}, create);
    return byNamespace && this.#inNamespace(byNamespace, query.namespace, query.name, query.dimensions ?? {}, create);
  }

  #namespaces(dimensions: Readonly<Record<string, string>>, create: boolean): Map<string, Map<string, Series>> | undefined {
    const key = dimensionsKey(dimensions);
    let byNamespace = this.#series.get(key);
    if (!byNamespace && create) this.#series.set(key, (byNamespace = new Map()));
    return byNamespace;
  }

  #inNamespace(
    byNamespace: Map<string, Map<string, Series>>,
    namespace: string,
    name: string,
    dimensions: Readonly<Record<string, string>>,
    create: boolean,
  ): Series | undefined {
    let byName = byNamespace.get(namespace);
    if (!byName) {
      if (!create) return undefined;
      byNamespace.set(namespace, (byName = new Map()));
    }
    let series = byName.get(name);
    if (!series && create) {
      series = { query: { namespace, name, dimensions: { ...dimensions } }, byMinute: new Map(), last: undefined };
      byName.set(name, series);
    }
    return series;
  }
}

/** Dimensions compare by content, whatever the order of their keys. */
function dimensionsKey(dimensions: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
}
