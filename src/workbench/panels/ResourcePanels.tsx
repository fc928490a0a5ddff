// The panels for what the lesson's functions and rules leave behind: the Outbox (every email SES sent), the Queues
// (messages waiting, read without taking them), the Tables (every item) and the Buses (their policies). The rows are
// ./resources.ts's. Every email, message and item is keyed by what identifies it, so news leaves the entries shown
// before untouched: a selection or the scroll stays where it was.

import type { PanelProps } from './panel.ts';
import { indentJson, outboxRows, queueEntries, tableEntries, type ResourceEntry } from './resources.ts';

export function OutboxPanel({ context }: PanelProps) {
  const emails = outboxRows(context.view.value.session?.world.cloud.ses.outbox() ?? []);
  if (emails.length === 0) return <p>No email sent yet.</p>;
  return (
    <ol class="outbox" data-outbox>
      {emails.map((email) => (
        <li key={email.id}>
          <dl>
            <dt>Sent</dt>
            <dd>{email.sent}</dd>
            <dt>From</dt>
            <dd>{email.from}</dd>
            <dt>To</dt>
            <dd>{email.to}</dd>
            <dt>Subject</dt>
            <dd>{email.subject}</dd>
          </dl>
          <pre>{email.body}</pre>
        </li>
      ))}
    </ol>
  );
}

/** A queue or a table: its name and how many it holds, then each. */
function Holding({ name, entries, noun }: { name: string; entries: ResourceEntry[]; noun: string }) {
  return (
    <>
      <h4>{`${name}: ${entries.length} ${noun}${entries.length === 1 ? '' : 's'}`}</h4>
      {entries.length > 0 && (
        <ol>
          {entries.map((entry) => (
            <li key={entry.key}>
              <pre>{entry.text}</pre>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export function QueuesPanel({ context }: PanelProps) {
  const cloud = context.view.value.session?.world.cloud;
  return (
    <>
      {(context.lesson.architecture.queues ?? []).map(({ name }) => (
        <section key={name} class="queue" data-queue={name}>
          <Holding name={name} noun="message" entries={queueEntries(cloud?.sqs.peek(name) ?? [])} />
        </section>
      ))}
    </>
  );
}

export function TablesPanel({ context }: PanelProps) {
  const cloud = context.view.value.session?.world.cloud;
  return (
    <>
      {(context.lesson.architecture.tables ?? []).map((table) => (
        <section key={table.name} class="table" data-table={table.name}>
          <Holding name={table.name} noun="item" entries={tableEntries(table, cloud?.dynamodb.items(table.name) ?? [])} />
        </section>
      ))}
    </>
  );
}

export function BusesPanel({ context }: PanelProps) {
  const cloud = context.view.value.session?.world.cloud;
  return (
    <>
      {/* The one line that says where the simulator simplifies: it has no other account to refuse. */}
      <p>The workbench is one AWS account: it shows each bus’s policy (DescribeEventBus) but refuses no event because of it.</p>
      {(context.lesson.architecture.busPolicies ?? []).map(({ bus }) => {
        const policy = cloud?.events.describeEventBus({ Name: bus }).Policy;
        return (
          <section key={bus} class="bus" data-bus={bus}>
            <h4>{`${bus}: ${policy ? 'policy' : 'no policy'}`}</h4>
            {policy && <pre>{indentJson(policy)}</pre>}
          </section>
        );
      })}
    </>
  );
}
