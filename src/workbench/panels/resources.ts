// The panels for what the lesson's functions and rules leave behind: the SES outbox (every email sent), the SQS
// queues (messages waiting, read without taking them), and the DynamoDB tables (every item); and the policies of
// the lesson's buses that other accounts may use.

import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { clockTime, h } from '../dom.ts';
import type { LessonSession } from '../session.ts';

export type ResourcePanel = 'Outbox' | 'Queues' | 'Tables' | 'Buses';
/** Every panel a lesson may add after Flow, Logs, Metrics and Checks: the resource panels, SNS (./sns.ts), HTTP (./http.ts) and Pipes (./pipes.ts). */
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

const pretty = (text: string) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

export function renderResource(panel: HTMLElement, kind: ResourcePanel, architecture: LessonArchitecture, session: LessonSession | undefined): void {
  const cloud = session?.world.cloud;
  if (kind === 'Outbox') {
    const emails = cloud?.ses.outbox() ?? [];
    panel.replaceChildren(
      emails.length === 0
        ? h('p', {}, 'No email sent yet.')
        : h(
            'ol',
            { class: 'outbox', 'data-outbox': true },
            ...emails.map((email) =>
              h(
                'li',
                {},
                h('dl', {}, h('dt', {}, 'Sent'), h('dd', {}, clockTime(email.timestamp)), h('dt', {}, 'From'), h('dd', {}, email.from), h('dt', {}, 'To'), h('dd', {}, email.to.join(', ')), h('dt', {}, 'Subject'), h('dd', {}, email.subject ?? '(none)')),
                h('pre', {}, email.text ?? email.html ?? email.raw ?? (email.template ? `Template ${email.template.name ?? ''} with ${email.template.data}` : '')),
              ),
            ),
          ),
    );
    return;
  }
  if (kind === 'Queues') {
    panel.replaceChildren(
      ...(architecture.queues ?? []).map(({ name }) => {
        const messages = cloud?.sqs.peek(name) ?? [];
        return h(
          'section',
          { class: 'queue', 'data-queue': name },
          h('h4', {}, `${name}: ${messages.length} message${messages.length === 1 ? '' : 's'}`),
          messages.length > 0 ? h('ol', {}, ...messages.map((m) => h('li', {}, h('pre', {}, pretty(m.body))))) : null,
        );
      }),
    );
    return;
  }
  if (kind === 'Buses') {
    panel.replaceChildren(
      // The one line that says where the simulator simplifies: it has no other account to refuse.
      h('p', {}, 'The workbench is one AWS account: it shows each bus’s policy (DescribeEventBus) but refuses no event because of it.'),
      ...(architecture.busPolicies ?? []).map(({ bus }) => {
        const policy = cloud?.events.describeEventBus({ Name: bus }).Policy;
        return h('section', { class: 'bus', 'data-bus': bus }, h('h4', {}, `${bus}: ${policy ? 'policy' : 'no policy'}`), policy ? h('pre', {}, pretty(policy)) : null);
      }),
    );
    return;
  }
  panel.replaceChildren(
    ...(architecture.tables ?? []).map(({ name }) => {
      const items = cloud ? cloud.dynamodb.items(name).map((item) => unmarshall(item as never)) : [];
      return h(
        'section',
        { class: 'table', 'data-table': name },
        h('h4', {}, `${name}: ${items.length} item${items.length === 1 ? '' : 's'}`),
        items.length > 0 ? h('ol', {}, ...items.map((item) => h('li', {}, h('pre', {}, JSON.stringify(item, null, 2))))) : null,
      );
    }),
  );
}
