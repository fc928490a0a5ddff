// The SNS panel: every message published in the account and what SNS did with it (the rows: ./sns.ts). Each message
// is keyed by its id, so a new one leaves those shown before untouched: a selection or the scroll stays where it was.
// A message's attributes and deliveries only ever grow, so their places are their keys.

import type { PanelProps } from './panel.ts';
import { snsRows } from './sns.ts';
import './cards.css';
import './sns.css';

export function SnsPanel({ context }: PanelProps) {
  const sns = context.view.value.session?.world.cloud.sns;
  const rows = snsRows(sns?.publishes() ?? [], sns?.deliveries() ?? []);
  if (rows.length === 0) return <p>Nothing published yet: messages to the lesson’s topics, and SMS sent straight to a number, show here.</p>;
  return (
    <ol class="card-log">
      {rows.map((row) => (
        <li key={row.id} class="card sns-message">
          <h4>{`${row.at} ${row.to}`}</h4>
          {row.subject !== undefined && <p>{`Subject: ${row.subject}`}</p>}
          <pre>{row.message}</pre>
          {row.attributes.length > 0 && (
            <ul class="sns-attributes" aria-label="Message attributes">
              {row.attributes.map((attribute, i) => (
                <li key={i}>{attribute}</li>
              ))}
            </ul>
          )}
          {row.deliveries.length > 0 ? (
            <ul class="sns-deliveries" aria-label="Deliveries">
              {row.deliveries.map((delivery, i) => (
                <li key={i} data-ok={String(delivery.ok)}>
                  <span aria-hidden="true">{delivery.ok ? '✔ ' : '✘ '}</span>
                  {delivery.text}
                </li>
              ))}
            </ul>
          ) : (
            row.to.startsWith('topic') && <p class="panel-note">The topic had no confirmed subscription: nobody received it.</p>
          )}
        </li>
      ))}
    </ol>
  );
}
