// Which panels a lesson shows, and the rows of those for what its functions and rules leave behind (drawn by
// ./ResourcePanels.tsx): the SES outbox (every email sent), the SQS queues (messages waiting, read without taking
// them), and the DynamoDB tables (every item); and the policies of the lesson's buses that other accounts may use.

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LessonArchitecture, TableSpec } from '../../lessons/architecture.ts';
import type { Item } from '../../services/dynamodb/values.ts';
import type { SentEmail } from '../../services/ses/outbox.ts';
import { clockTime } from '../dom.ts';

export type ResourcePanel = 'Outbox' | 'Queues' | 'Tables' | 'Buses';
/** Every panel a lesson may add after those every lesson shows (EVERY_LESSON): the resource panels (./ResourcePanels.tsx), SNS, HTTP and Pipes. */
export type LessonPanel = ResourcePanel | 'SNS' | 'HTTP' | 'Pipes';

/**
 * The panels this lesson needs: an outbox where functions may send email, SNS where it has topics, the queues and
 * tables it declares, the buses it gives a policy, its pipes' batches, and HTTP where requests leave the account (API
 * destinations, or endpoints it serves).
 */
export function resourcePanels(architecture: LessonArchitecture): LessonPanel[] {
  return [
    ...((architecture.emailIdentities ?? []).length > 0 ? (['Outbox'] as const) : []),
    ...((architecture.topics ?? []).length > 0 ? (['SNS'] as const) : []),
    ...((architecture.queues ?? []).length > 0 ? (['Queues'] as const) : []),
    ...((architecture.tables ?? []).length > 0 ? (['Tables'] as const) : []),
    ...((architecture.busPolicies ?? []).length > 0 ? (['Buses'] as const) : []),
    ...((architecture.pipes ?? []).length > 0 ? (['Pipes'] as const) : []),
    ...((architecture.apiDestinations ?? []).length > 0 || (architecture.httpEndpoints ?? []).length > 0 ? (['HTTP'] as const) : []),
  ];
}

/** JSON text indented for reading; anything else as it is. */
export function indentJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** One email as the Outbox shows it. */
export interface OutboxRow {
  /** SES's message id: what the panel keys the email by. */
  id: string;
  sent: string;
  from: string;
  to: string;
  subject: string;
  /** The text part, else the HTML, else the raw MIME message, else the template and its data. */
  body: string;
}

export function outboxRows(emails: readonly SentEmail[]): OutboxRow[] {
  return emails.map((email) => ({
    id: email.messageId,
    sent: clockTime(email.timestamp),
    from: email.from,
    to: email.to.join(', '),
    subject: email.subject ?? '(none)',
    body: email.text ?? email.html ?? email.raw ?? (email.template ? `Template ${email.template.name ?? ''} with ${email.template.data}` : ''),
  }));
}

/** A message in a queue or an item in a table as its panel shows it: its text, and the key the panel keeps its entry by. */
export interface ResourceEntry {
  key: string;
  text: string;
}

/**
 * A queue's messages, oldest first. The simulator's peek gives no message id, so a message is keyed by its body and
 * how many identical bodies wait before it: the key stays with the message as others arrive or are taken.
 */
export function queueEntries(messages: readonly { body: string }[]): ResourceEntry[] {
  const seen = new Map<string, number>();
  return messages.map(({ body }) => {
    const earlier = seen.get(body) ?? 0;
    seen.set(body, earlier + 1);
    return { key: `${earlier} ${body}`, text: indentJson(body) };
  });
}

/** A table's items, each keyed by its primary key's values (unique in the table). */
export function tableEntries(table: Pick<TableSpec, 'partitionKey' | 'sortKey'>, items: readonly Item[]): ResourceEntry[] {
  const keyNames = [table.partitionKey.name, ...(table.sortKey ? [table.sortKey.name] : [])];
  return items.map((item) => ({ key: JSON.stringify(keyNames.map((name) => item[name])), text: JSON.stringify(unmarshall(item as never), null, 2) }));
}
