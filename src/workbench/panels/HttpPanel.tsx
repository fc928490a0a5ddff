// The HTTP panel: every request that left the account, and its answer (the rows, and why secrets are masked:
// ./http.ts). Each request is keyed by its number in the journal, so one more, or the secrets shown, changes only the
// text that differs: a selection, the scroll and the checkbox's focus stay.

import { useMemo, useState } from 'preact/hooks';
import { connectionSecrets, httpRows } from './http.ts';
import type { PanelProps } from './panel.ts';
import './cards.css';
import './http.css';

export function HttpPanel({ context }: PanelProps) {
  const secrets = useMemo(() => connectionSecrets(context.lesson.architecture), [context.lesson]);
  const [reveal, setReveal] = useState(false);
  const entries = context.view.value.session?.world.cloud.http.requests() ?? [];
  return (
    <>
      <p class="panel-note">
        Every request the account sent out of AWS, oldest first: API destination calls and OAuth token requests, retries included.
        {secrets.length > 0 && ' The connection’s secret values are masked here, as the console masks them; they were sent in full.'}
      </p>
      {secrets.length > 0 && (
        <div class="panel-tools">
          <label>
            <input type="checkbox" checked={reveal} onChange={(event) => setReveal(event.currentTarget.checked)} />
            {' Show secret values'}
          </label>
        </div>
      )}
      {entries.length === 0 ? (
        <p>No request has left the account yet: send an event that a rule routes to an API destination.</p>
      ) : (
        <ol class="card-log">
          {httpRows(entries, { secrets, reveal }).map((row) => (
            <li key={row.seq} class="card http-exchange" data-ok={String(row.ok)} data-purpose={row.purpose}>
              <h4>
                {`#${row.seq} ${row.sentAt} ${row.purpose}: `}
                <span class="http-outcome">{row.outcome}</span>
              </h4>
              <p class="http-request-line">
                <code>{`${row.method} ${row.url}`}</code>
              </p>
              <h5>Request headers</h5>
              <pre>{row.requestHeaders}</pre>
              {row.requestBody && (
                <>
                  <h5>Request body</h5>
                  <pre>{row.requestBody}</pre>
                </>
              )}
              {row.response ? (
                <>
                  <h5>{`Response: ${row.response.status}`}</h5>
                  {row.response.headers && <pre>{row.response.headers}</pre>}
                  {row.response.body && <pre>{row.response.body}</pre>}
                </>
              ) : (
                <>
                  <h5>No response</h5>
                  <p class="http-failure">{row.failure ?? ''}</p>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
