// The SNS panel's rows (drawn by ./SnsPanel.tsx): every message published in the account, oldest first, to a topic
// (an EventBridge target or a function's Publish) or straight to a phone number: its subject, message and attributes,
// then what SNS did with it per subscription. An SMS to a number the SMS sandbox does not allow is held back, as SNS
// does (Publish succeeds; nothing reaches the phone). Confirmation and verification texts SNS sends on its own are
// listed too.

import type { SnsDelivery, SnsPublish } from '../../services/sns/topics.ts';
import { clockTime } from '../dom.ts';

/** One message as the panel shows it. */
export interface SnsRow {
  /** The message's id: what the panel keys its entry by. */
  id: string;
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
    id: p.messageId,
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
      id: d.messageId,
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
