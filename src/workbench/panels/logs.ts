// The Logs panel, as CloudWatch Logs shows them: a log group per function (`/aws/lambda/NAME`), its streams (one
// per execution environment), and the log group of each bus that logs (the architecture's busLogs), each line
// with its timestamp; a filter box that takes CloudWatch's filter pattern syntax (`ERROR`, `"exact phrase"`,
// `?a ?b`, `-term`, `%regex%`).

import { FilterPatternError, matchesFilterPattern } from '../../services/cloudwatch/logs.ts';
import { h } from '../dom.ts';
import type { LessonSession } from '../session.ts';

export interface LogsView {
  render(session: LessonSession | undefined): void;
}

export function logsPanel(panel: HTMLElement, functionNames: string[]): LogsView {
  const groups = functionNames.map((name) => `/aws/lambda/${name}`);
  const group = h('select', { 'aria-label': 'Log group' }, new Option('All log groups', ''), ...groups.map((g) => new Option(g, g)));
  const filter = h('input', { type: 'search', 'aria-label': 'Filter events', placeholder: 'Filter events (CloudWatch filter pattern)', spellcheck: 'false' });
  const problem = h('p', { class: 'workbench-problem', role: 'alert' });
  const output = h('div', { class: 'logs-output', 'data-logs': true, tabindex: 0, 'aria-label': 'Logs' }, 'Send an event to see the logs it leaves.');
  panel.replaceChildren(h('div', { class: 'panel-tools' }, group, filter), problem, output);
  let last: LessonSession | undefined;

  const render = (session: LessonSession | undefined) => {
    last = session;
    problem.textContent = '';
    let keep: (message: string) => boolean;
    try {
      keep = matchesFilterPattern(filter.value);
    } catch (error) {
      if (!(error instanceof FilterPatternError)) throw error;
      problem.textContent = error.message;
      return;
    }
    if (!session) return void output.replaceChildren('Send an event to see the logs it leaves.');
    const logs = session.world.cloud.logs;
    // A bus that logs (the architecture's busLogs) writes to a group of its own: one JSON record per step.
    const busGroups = (session.world.architecture.busLogs ?? []).map((l) => l.logGroup).filter((g) => !groups.includes(g));
    for (const g of busGroups) if (![...group.options].some((o) => o.value === g)) group.append(new Option(g, g));
    const shown = (group.value ? [group.value] : [...groups, ...busGroups]).filter((g) => logs.hasLogGroup(g));
    const sections = shown.flatMap((name) => {
      const streams = logs.streams(name).map((stream) => ({ stream, events: stream.events.filter((e) => keep(e.message)) })).filter((s) => s.events.length > 0);
      if (streams.length === 0) return [];
      return [
        h(
          'section',
          { class: 'log-group' },
          h('h4', {}, name),
          ...streams.map(({ stream, events }) =>
            h('div', { class: 'log-stream' }, h('h5', {}, `Log stream ${stream.name}`), h('pre', {}, events.map((e) => `${new Date(e.timestamp).toISOString()}  ${e.message.trimEnd()}`).join('\n'))),
          ),
        ),
      ];
    });
    output.replaceChildren(...(sections.length > 0 ? sections : [filter.value ? 'No log events match the filter.' : 'Nothing has been logged yet.']));
  };
  group.addEventListener('change', () => render(last));
  filter.addEventListener('input', () => render(last));
  return { render };
}
