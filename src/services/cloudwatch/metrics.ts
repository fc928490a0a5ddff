// CloudWatch metrics in memory: data points recorded by the simulated services, read back as per-minute
// statistics the way CloudWatch graphs them (period 60 s). Dimensions match exactly, as in CloudWatch: a
// query for {RuleName: "x"} does not see points recorded with {EventBusName, RuleName}.

import type { MetricDatum, MetricSink } from '../../bus/ports.ts';

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

  record(datum: MetricDatum): void {
    const series = this.#find(datum, true)!;
    const minute = Math.floor(datum.epochMs / 60_000) * 60_000;
    let stat = series.last?.minute === minute ? series.last : series.byMinute.get(minute);
    if (!stat) {
      stat = { minute, sum: datum.value, sampleCount: 1, minimum: datum.value, maximum: datum.value };
      series.byMinute.set(minute, stat);
      // A long-running simulation keeps a week of minutes per series; minutes arrive in time order.
      if (series.byMinute.size > MINUTES_KEPT) series.byMinute.delete(series.byMinute.keys().next().value!);
    } else {
      stat.sum += datum.value;
      stat.sampleCount++;
      if (datum.value < stat.minimum) stat.minimum = datum.value;
      if (datum.value > stat.maximum) stat.maximum = datum.value;
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
    const dimensions = query.dimensions ?? {};
    const key = dimensionsKey(dimensions);
    let byNamespace = this.#series.get(key);
    if (!byNamespace) {
      if (!create) return undefined;
      this.#series.set(key, (byNamespace = new Map()));
    }
    let byName = byNamespace.get(query.namespace);
    if (!byName) {
      if (!create) return undefined;
      byNamespace.set(query.namespace, (byName = new Map()));
    }
    let series = byName.get(query.name);
    if (!series && create) {
      series = { query: { namespace: query.namespace, name: query.name, dimensions: { ...dimensions } }, byMinute: new Map(), last: undefined };
      byName.set(query.name, series);
    }
    return series;
  }
}

const dimensionKeys = new WeakMap<Record<string, string>, string>();

/** Dimensions compare by content; the key of a reused dimensions object is computed once. */
function dimensionsKey(dimensions: Record<string, string>): string {
  let key = dimensionKeys.get(dimensions);
  if (key === undefined) {
    key = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)));
    dimensionKeys.set(dimensions, key);
  }
  return key;
}
