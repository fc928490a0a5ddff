// Runs every case of put-events-validation.json (answers recorded from real AWS;
// ../shared/conformance/README.md) against src/bus/put-events: one named test per case. Request-level
// errors are compared as whole messages, per-entry results as the whole response body.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { preparePutEvents, type PutEventsRequestEntry } from '../../src/bus/put-events/index.ts';
import { deviations, type PutEventsOutcomeSummary } from './put-events-validation.deviations.ts';

interface Case {
  name: string;
  entries: PutEventsRequestEntry[];
  response?: { Entries: Array<Record<string, string>>; FailedEntryCount: number };
  deliveredBodies?: Array<Record<string, unknown>>;
  errorCode?: string;
  error?: string;
}

const corpus = new URL('../../../shared/conformance/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('put-events-validation.json', corpus), 'utf8')) as Case[];

const ACCOUNT = '111111111111';
const REGION = '<region>';

function run(c: Case): PutEventsOutcomeSummary & { events?: unknown[] } {
  // Ids as the recording's placeholders name them for this case (`<uuid:N>` or `<event-id:N>`), in order.
  const ids = recordedIds(c);
  let next = 0;
  try {
    const outcome = preparePutEvents(
      { Entries: c.entries },
      { account: ACCOUNT, region: REGION, now: new Date('2025-01-08T15:24:11Z'), newId: () => ids[next++] ?? `id-${next}` },
    );
    return { response: outcome.response, events: outcome.accepted.map((a) => a.event) };
  } catch (error) {
    const e = error as Error & { code?: string };
    if (!e.code) throw error;
    return { error: { code: e.code, message: e.message } };
  }
}

function recordedIds(c: Case): string[] {
  if (c.deliveredBodies) return c.deliveredBodies.map((b) => String(b.id));
  return (c.response?.Entries ?? []).map((e) => e.EventId).filter((id): id is string => id !== undefined);
}

const deviated = new Map(deviations.map((d) => [d.name, d]));

test('the corpus has its 13 cases', () => {
  expect(cases).toHaveLength(13);
});

describe('put-events-validation.json (recorded from AWS)', () => {
  test.each(cases.filter((c) => !deviated.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = run(c);
    if (c.error) {
      // `<bus-name>` replaced the bus name by value in the recording, "default" included (see the case's notes).
      const bus = c.entries[0]?.EventBusName ?? 'default';
      expect(result).toEqual({ error: { code: c.errorCode, message: c.error.replaceAll('<bus-name>', bus) } });
      return;
    }
    if (c.response) expect('response' in result && result.response).toEqual(c.response);
    if (c.deliveredBodies) {
      // The test asserted time == "2022-01-01T00:00:00Z" for every body; the snapshot masked it as "date".
      expect(result.events).toEqual(c.deliveredBodies.map((b) => ({ ...b, time: '2022-01-01T00:00:00Z' })));
    }
  });
});

describe('what the other layers decide', () => {
  test('nonexistent_event_bus: the entry is accepted here; dropping it is the bus layer\'s job', () => {
    const c = cases.find((x) => x.name === 'nonexistent_event_bus')!;
    const outcome = preparePutEvents({ Entries: c.entries }, { account: ACCOUNT, region: REGION, now: new Date(), newId: () => 'x' });
    expect(outcome.accepted.map((a) => a.eventBusName)).toEqual(['default', '<custom-event-bus>']);
  });
  test('target_delivery_failure_not_reported: delivery is not part of the response this module builds', () => {
    const c = cases.find((x) => x.name === 'target_delivery_failure_not_reported')!;
    const result = run(c);
    expect('response' in result && result.response).toEqual({ Entries: [{ EventId: '<event-id:1>' }], FailedEntryCount: 0 });
  });
});

test('known deviations still behave as documented', () => {
  for (const d of deviations) {
    const c = cases.find((x) => x.name === d.name);
    expect(c, d.name).toBeDefined();
    const { events: _events, ...summary } = run(c!);
    expect(summary, d.name).toEqual(d.actual);
  }
});
