// The Metrics panel: every metric the account recorded (AWS/Events from the bus, AWS/Lambda from the functions),
// as CloudWatch graphs them: the Sum per one-minute period, from the first minute of the session to now.

import type { MetricQuery } from '../../services/cloudwatch/metrics.ts';
import { h } from '../dom.ts';
import type { LessonSession } from '../session.ts';

const MINUTE = 60_000;
const SVG = 'http://www.w3.org/2000/svg';

const dimensionsText = (query: MetricQuery) =>
  Object.entries(query.dimensions ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

export function renderMetrics(panel: HTMLElement, session: LessonSession | undefined, startedAt: number | undefined): void {
  const metrics = session?.world.cloud.metrics;
  const queries = (metrics?.list() ?? []).sort((a, b) => `${a.namespace} ${a.name} ${dimensionsText(a)}`.localeCompare(`${b.namespace} ${b.name} ${dimensionsText(b)}`));
  if (!session || !metrics || queries.length === 0) {
    panel.replaceChildren(h('p', {}, 'No metrics yet: send an event, and the bus and your functions record them per minute.'));
    return;
  }
  const first = Math.floor((startedAt ?? session.now) / MINUTE) * MINUTE;
  const last = Math.floor(session.now / MINUTE) * MINUTE;
  const minutes = Array.from({ length: Math.min(60, (last - first) / MINUTE + 1) }, (_, i) => Math.max(first, last - 59 * MINUTE) + i * MINUTE);
  const namespaces = [...new Set(queries.map((q) => q.namespace))];
  panel.replaceChildren(
    h('p', { class: 'panel-note' }, `Sum per minute, ${new Date(minutes[0]!).toISOString().slice(11, 16)} to ${new Date(minutes.at(-1)!).toISOString().slice(11, 16)} UTC (virtual time).`),
    ...namespaces.map((namespace) =>
      h(
        'section',
        { class: 'metric-namespace' },
        h('h4', {}, namespace),
        h(
          'table',
          // Wide tables scroll sideways on a narrow screen: keyboard users must be able to reach and scroll them.
          { class: 'metric-table', tabindex: '0', 'aria-label': `${namespace} metrics` },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Metric'), h('th', { scope: 'col' }, 'Dimensions'), h('th', { scope: 'col' }, 'Per minute'), h('th', { scope: 'col' }, 'Total'))),
          h(
            'tbody',
            {},
            ...queries
              .filter((q) => q.namespace === namespace)
              .map((query) => {
                const byMinute = new Map(metrics.minutes(query, minutes[0]!, last + MINUTE).map((m) => [m.minute, m.sum]));
                const values = minutes.map((m) => byMinute.get(m) ?? 0);
                const total = metrics.sum(query);
                return h('tr', { 'data-metric': `${query.namespace} ${query.name}` }, h('th', { scope: 'row' }, query.name), h('td', {}, dimensionsText(query)), h('td', {}, chart(query.name, minutes, values)), h('td', {}, formatValue(total)));
              }),
          ),
        ),
      ),
    ),
  );
}

const formatValue = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** One bar per minute; the values are also the image's accessible name, so the chart reads as data. */
function chart(name: string, minutes: number[], values: number[]): SVGSVGElement {
  const width = Math.max(60, minutes.length * 8);
  const height = 28;
  const top = Math.max(...values, 1);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${name} per minute: ${minutes.map((m, i) => `${new Date(m).toISOString().slice(11, 16)} ${formatValue(values[i]!)}`).join(', ')}`);
  values.forEach((value, i) => {
    const bar = document.createElementNS(SVG, 'rect');
    const barHeight = value === 0 ? 1 : Math.max(2, (value / top) * (height - 2));
    bar.setAttribute('x', String(i * 8 + 1));
    bar.setAttribute('y', String(height - barHeight));
    bar.setAttribute('width', '6');
    bar.setAttribute('height', String(barHeight));
    bar.setAttribute('class', value === 0 ? 'metric-bar metric-zero' : 'metric-bar');
    svg.append(bar);
  });
  return svg;
}
