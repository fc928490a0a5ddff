// The Pipes panel: each batch a pipe read, what became of it (the rows: ./pipes.ts). Each batch is keyed by its
// execution, so a retry or a new batch changes only its own entry: a selection or the scroll stays where it was. A
// batch's records never change and its attempts only grow, so their places are their keys.

import type { PanelProps } from './panel.ts';
import { pipeBatchRows } from './pipes.ts';
import './cards.css';
import './pipes.css';

export function PipesPanel({ context }: PanelProps) {
  const rows = pipeBatchRows(context.view.value.session?.world.cloud.pipes.executions() ?? []);
  if (rows.length === 0) return <p>No batch yet: write to the table (Send event or Run), then Fast-forward so the pipe polls its stream.</p>;
  return (
    <ol class="card-log">
      {rows.map((row) => (
        <li key={row.id} class="card pipe-batch" data-ok={String(row.outcome.ok)}>
          <h4>{row.title}</h4>
          <ul class="pipe-records" aria-label="Records read">
            {row.records.map((record, i) => (
              <li key={i}>{record}</li>
            ))}
          </ul>
          {row.attempts.length > 0 && (
            <ul class="pipe-attempts" aria-label="Attempts">
              {row.attempts.map((attempt, i) => (
                <li key={i} data-ok={String(attempt.ok)}>
                  <span aria-hidden="true">{attempt.ok ? '✔ ' : '✘ '}</span>
                  {attempt.text}
                  {attempt.output !== undefined && <pre>{attempt.output}</pre>}
                </li>
              ))}
            </ul>
          )}
          <p class="panel-note">{row.outcome.text}</p>
        </li>
      ))}
    </ol>
  );
}
