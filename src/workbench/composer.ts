// The event composer: a PutEvents entry as editable JSON text. `Detail` is written as an object for reading
// ease and sent as the JSON string PutEvents wants; written as a string, it is sent as it is, so a learner can
// see PutEvents' own error for malformed detail.

import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventEnvelope } from '../bus/envelope.ts';
import type { SampleEvent } from '../lessons/architecture.ts';

const ENTRY_FIELDS = ['Source', 'DetailType', 'Detail', 'EventBusName', 'Resources', 'Time', 'TraceHeader'];

export type ComposedEvent = { ok: true; entry: PutEventsRequestEntry; detail: unknown } | { ok: false; message: string };

export const composerText = (sample: SampleEvent): string => JSON.stringify(sample.entry, null, 2);

/** The entry the composer's text describes, or what is wrong with the text in words a learner can act on. */
export function readComposer(text: string): ComposedEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `The event is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'The event must be a JSON object: one PutEvents entry, with Source, DetailType and Detail.' };
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !ENTRY_FIELDS.includes(key));
  if (unknown) return { ok: false, message: `"${unknown}" is not a field of a PutEvents entry; its fields are ${ENTRY_FIELDS.join(', ')}.` };
  const { Detail, Time, ...rest } = fields;
  const entry = {
    ...rest,
    ...(Detail !== undefined ? { Detail: typeof Detail === 'string' ? Detail : JSON.stringify(Detail) } : {}),
    ...(Time !== undefined ? { Time: new Date(String(Time)) } : {}),
  } as PutEventsRequestEntry;
  return { ok: true, entry, detail: typeof Detail === 'string' ? safeParse(Detail) : Detail };
}

const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The event a rule's target would receive for `entry`: what "Run" hands a consumer function directly. */
export function envelopeOf(entry: PutEventsRequestEntry, where: { account: string; region: string; now: number }): EventEnvelope {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': entry.DetailType ?? '',
    source: entry.Source ?? '',
    account: where.account,
    time: new Date(entry.Time ?? where.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: where.region,
    resources: entry.Resources ?? [],
    detail: (safeParse(entry.Detail ?? '{}') ?? {}) as Record<string, unknown>,
  };
}
