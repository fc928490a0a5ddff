// The SNS panel: every message published in the account, oldest first, to a topic (an EventBridge target or a
// function's Publish) or straight to a phone number: its subject, message and attributes, then what SNS did with it
// per subscription. An SMS to a number the SMS sandbox does not allow is held back, as SNS does (Publish succeeds;
// nothing reaches the phone). Confirmation and verification texts SNS sends on its own are listed too.

import type { SnsDelivery, SnsPublish } from '../../services/sns/topics.ts';
import { clockTime, h } from '../dom.ts';
import type { LessonSession } from '../session.ts';

/** One message as the panel shows it. */
export interface SnsRow {
  at: string;
  /** `topic oncall-pager` or `SMS to +15555550199`; for SNS's own messages, what it was. */
  to: string;
  subject?: string;
  message: string;
  /** `AWS.SNS.SMS.SMSType (String): Transactional`, one per attribute. */
  attributes: string[];
  /** What became of it, per endpoint: `✔ sms +15555550199: delivered as "ONCALL> …"`. */
  deliveries: { ok: boolean; text: string }[];
}

const nameOf = (topicArn: string) => topicArn.slice(topicArn.lastIndexOf(':') + 1);

function outcome(delivery: SnsDelivery, message: string): { ok: boolean; text: string } {
  const where = `${delivery.protocol} ${delivery.endpoint}`;
  if (delivery.protocol === 'sms') {
    const as = delivery.body === message ? '' : ` as “${delivery.body}”`;
    const type = delivery.smsType ? ` (${delivery.smsType}${delivery.senderId ? `, sender ID ${delivery.senderId}` : ''})` : '';
    return delivery.delivered
      ? { ok: true, text: `${where}: delivered${as}${type}` }
      : { ok: false, text: `${where}: held back by the SMS sandbox: the account may text only its verified destination numbers` };
  }
  if (delivery.protocol === 'sqs') return delivery.delivered ? { ok: true, text: `${where}: delivered` } : { ok: false, text: `${where}: not delivered (the queue did not take it)` };
  return { ok: delivery.delivered, text: `${where}: ${delivery.delivered ? 'delivered' : 'not delivered'}${delivery.subject ? `, subject “${delivery.subject}”` : ''}` };
}

/** The account's publishes joined with what SNS delivered for each, and SNS's own confirmation and verification texts, in time order. */
export function snsRows(publishes: SnsPublish[], deliveries: SnsDelivery[]): SnsRow[] {
  const published: (SnsRow & { time: number })[] = publishes.map((p) => ({
    time: p.timestamp,
    at: clockTime(p.timestamp),
    to: p.topicArn !== undefined ? `topic ${nameOf(p.topicArn)}` : `SMS to ${p.phoneNumber}`,
    ...(p.subject !== undefined ? { subject: p.subject } : {}),
    message: p.message,
    attributes: Object.entries(p.attributes).map(([name, value]) => `${name} (${value.DataType}): ${value.StringValue ?? '(binary)'}`),
    deliveries: deliveries.filter((d) => d.kind === 'notification' && d.messageId === p.messageId).map((d) => outcome(d, p.message)),
  }));
  const own: (SnsRow & { time: number })[] = deliveries
    .filter((d) => d.kind !== 'notification')
    .map((d) => ({
      time: d.timestamp,
      at: clockTime(d.timestamp),
      to: d.kind === 'confirmation' ? `subscription confirmation to ${d.protocol} ${d.endpoint}` : `verification code to ${d.endpoint}`,
      ...(d.subject !== undefined ? { subject: d.subject } : {}),
      message: d.body,
      attributes: [],
      deliveries: [],
    }));
  // A stable sort: publishes keep their order among themselves, and SNS's own messages fall in by time.
  return [...published, ...own].sort((a, b) => a.time - b.time).map(({ time: _time, ...row }) => row);
}

export interface SnsView {
  render(session: LessonSession | undefined): void;
}

export function snsPanel(panel: HTMLElement): SnsView {
  const output = h('div', { 'data-sns': true });
  panel.replaceChildren(output);
  let shown: { session: LessonSession | undefined; key: string } | undefined;
  return {
    render(session) {
      const sns = session?.world.cloud.sns;
      const publishes = sns?.publishes() ?? [];
      const deliveries = sns?.deliveries() ?? [];
      // Redrawn only when something changed, so scroll and focus survive the redraws while a function runs.
      const key = `${publishes.length} ${deliveries.length}`;
      if (shown && shown.session === session && shown.key === key) return;
      shown = { session, key };
      const rows = snsRows(publishes, deliveries);
      if (rows.length === 0) return void output.replaceChildren(h('p', {}, 'Nothing published yet: messages to the lesson’s topics, and SMS sent straight to a number, show here.'));
      output.replaceChildren(
        h(
          'ol',
          { class: 'sns-log' },
          ...rows.map((row) =>
            h(
              'li',
              { class: 'sns-message' },
              h('h4', {}, `${row.at} ${row.to}`),
              row.subject !== undefined ? h('p', {}, `Subject: ${row.subject}`) : null,
              h('pre', {}, row.message),
              row.attributes.length > 0 ? h('ul', { class: 'sns-attributes', 'aria-label': 'Message attributes' }, ...row.attributes.map((a) => h('li', {}, a))) : null,
              row.deliveries.length > 0
                ? h(
                    'ul',
                    { class: 'sns-deliveries', 'aria-label': 'Deliveries' },
                    ...row.deliveries.map((d) =>
                      h('li', { 'data-ok': String(d.ok) }, h('span', { 'aria-hidden': 'true' }, d.ok ? '✔ ' : '✘ '), d.text),
                    ),
                  )
                : row.to.startsWith('topic')
                  ? h('p', { class: 'panel-note' }, 'The topic had no confirmed subscription: nobody received it.')
                  : null,
            ),
          ),
        ),
      );
    },
  };
}
