// The Metrics panel: every metric the account recorded (AWS/Events from the bus, AWS/Lambda from the functions),
// as CloudWatch graphs them: the Sum per one-minute period, from the first minute of the session to now. Namespaces,
// metrics and minutes are keyed, so a new value changes a bar and a total, and a table the learner is on keeps focus.

import type { MetricQuery } from '../../services/cloudwatch/metrics.ts';
import type { PanelProps } from './panel.ts';
import './metrics.css';

const MINUTE = 60_000;

const dimensionsText = (query: MetricQuery) =>
  Object.entries(query.dimensions ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
const formatValue = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
const hourMinute = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export function MetricsPanel({ context }: PanelProps) {
  const { session, state } = context.view.value;
  const metrics = session?.world.cloud.metrics;
  const queries = (metrics?.list() ?? []).map((query) => ({ query, id: `${query.namespace} ${query.name} ${dimensionsText(query)}` })).sort((a, b) => a.id.localeCompare(b.id));
  if (!session || !metrics || queries.length === 0) return <p>No metrics yet: send an event, and the bus and your functions record them per minute.</p>;
  const first = Math.floor((state.startedAt ?? session.now) / MINUTE) * MINUTE;
  const last = Math.floor(session.now / MINUTE) * MINUTE;
  const minutes = Array.from({ length: Math.min(60, (last - first) / MINUTE + 1) }, (_, i) => Math.max(first, last - 59 * MINUTE) + i * MINUTE);
  const namespaces = [...new Set(queries.map(({ query }) => query.namespace))];
  return (
    <>
      <p class="panel-note">{`Sum per minute, ${hourMinute(minutes[0]!)} to ${hourMinute(minutes.at(-1)!)} UTC (virtual time).`}</p>
      {namespaces.map((namespace) => (
        <section key={namespace} class="metric-namespace">
          <h4>{namespace}</h4>
          {/* Wide tables scroll sideways on a narrow screen: keyboard users must be able to reach and scroll them. */}
          <table class="metric-table" tabIndex={0} aria-label={`${namespace} metrics`}>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Dimensions</th>
                <th scope="col">Per minute</th>
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {queries
                .filter(({ query }) => query.namespace === namespace)
                .map(({ query, id }) => {
                  const byMinute = new Map(metrics.minutes(query, minutes[0]!, last + MINUTE).map((m) => [m.minute, m.sum]));
                  return (
                    <tr key={id} data-metric={`${query.namespace} ${query.name}`}>
                      <th scope="row">{query.name}</th>
                      <td>{dimensionsText(query)}</td>
                      <td>
                        <MinuteChart name={query.name} minutes={minutes} values={minutes.map((m) => byMinute.get(m) ?? 0)} />
                      </td>
                      <td>{formatValue(metrics.sum(query))}</td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

/** One bar per minute; the values are also the image's accessible name, so the chart reads as data. */
function MinuteChart({ name, minutes, values }: { name: string; minutes: number[]; values: number[] }) {
  const width = Math.max(60, minutes.length * 8);
  const height = 28;
  const top = Math.max(...values, 1);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`${name} per minute: ${minutes.map((m, i) => `${hourMinute(m)} ${formatValue(values[i]!)}`).join(', ')}`}>
      {values.map((value, i) => {
        const barHeight = value === 0 ? 1 : Math.max(2, (value / top) * (height - 2));
        return <rect key={minutes[i]} x={i * 8 + 1} y={height - barHeight} width={6} height={barHeight} class={value === 0 ? 'metric-bar metric-zero' : 'metric-bar'} />;
      })}
    </svg>
  );
}
