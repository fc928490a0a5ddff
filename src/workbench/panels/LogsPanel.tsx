// The Logs panel, as CloudWatch Logs shows them: a log group per function (`/aws/lambda/NAME`), its streams (one
// per execution environment), and the log group of each bus that logs (the architecture's busLogs), each line
// with its timestamp; a filter box that takes CloudWatch's filter pattern syntax (`ERROR`, `"exact phrase"`,
// `?a ?b`, `-term`, `%regex%`).
//
// Groups, streams and lines are keyed by name and by a line's place in its stream, so a line logged adds one
// element and touches none shown: a selection in a line the learner is reading, or the place they scrolled to, stays.

import { useState } from 'preact/hooks';
import { FilterPatternError, matchesFilterPattern, type Logs } from '../../services/cloudwatch/logs.ts';
import type { PanelProps } from './panel.ts';

export function LogsPanel({ context }: PanelProps) {
  const { session } = context.view.value;
  const { architecture } = context.lesson;
  const functionGroups = (architecture.functions ?? []).map((fn) => `/aws/lambda/${fn.name}`);
  // A bus that logs writes to a group of its own: one JSON record per step.
  const busGroups = (architecture.busLogs ?? []).map((log) => log.logGroup).filter((group) => !functionGroups.includes(group));
  const [group, setGroup] = useState('');
  // The last pattern that could be read: while the box holds one that cannot, the lines stay filtered by it.
  const [pattern, setPattern] = useState('');
  const [problem, setProblem] = useState('');

  const onFilter = (text: string) => {
    try {
      matchesFilterPattern(text);
    } catch (error) {
      if (!(error instanceof FilterPatternError)) throw error;
      return setProblem(error.message);
    }
    setProblem('');
    setPattern(text);
  };

  return (
    <>
      <div class="panel-tools">
        <select aria-label="Log group" value={group} onChange={(event) => setGroup(event.currentTarget.value)}>
          <option value="">All log groups</option>
          {[...functionGroups, ...busGroups].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <input
          type="search"
          aria-label="Filter events"
          placeholder="Filter events (CloudWatch filter pattern)"
          spellcheck={false}
          onInput={(event) => onFilter(event.currentTarget.value)}
        />
      </div>
      <p class="workbench-problem" role="alert">
        {problem}
      </p>
      <div class="logs-output" data-logs tabIndex={0} aria-label="Logs">
        {session ? <LogGroups logs={session.world.cloud.logs} groups={group ? [group] : [...functionGroups, ...busGroups]} pattern={pattern} /> : 'Send an event to see the logs it leaves.'}
      </div>
    </>
  );
}

function LogGroups({ logs, groups, pattern }: { logs: Logs; groups: string[]; pattern: string }) {
  const keep = matchesFilterPattern(pattern);
  const shown = groups
    .filter((name) => logs.hasLogGroup(name))
    .map((name) => ({
      name,
      streams: logs
        .streams(name)
        .map((stream) => ({ name: stream.name, lines: stream.events.map((event, place) => ({ event, place })).filter(({ event }) => keep(event.message)) }))
        .filter((stream) => stream.lines.length > 0),
    }))
    .filter((group) => group.streams.length > 0);
  if (shown.length === 0) return <>{pattern ? 'No log events match the filter.' : 'Nothing has been logged yet.'}</>;
  return (
    <>
      {shown.map(({ name, streams }) => (
        <section key={name} class="log-group">
          <h4>{name}</h4>
          {streams.map((stream) => (
            <div key={stream.name} class="log-stream">
              <h5>{`Log stream ${stream.name}`}</h5>
              <pre>
                {stream.lines.map(({ event, place }, i) => (
                  <span key={place}>{`${i > 0 ? '\n' : ''}${new Date(event.timestamp).toISOString()}  ${event.message.trimEnd()}`}</span>
                ))}
              </pre>
            </div>
          ))}
        </section>
      ))}
    </>
  );
}
