// The AWS/Events metrics in the dimension sets the monitoring page lists for each, and only those.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html

import { describe, expect, it } from 'vitest';
import { Metrics } from '../services/cloudwatch/metrics.ts';
import { EventBridge } from './event-bridge.ts';

const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:orders';
const DLQ = 'arn:aws:sqs:us-east-1:123456789012:orders-dlq';

/** A bus with one rule to a queue target; the queue answers as `ok` says. */
async function run(options: { bus?: string; ok?: boolean; dlq?: boolean; retries?: number }) {
  const metrics = new Metrics();
  const events = new EventBridge({
    metrics,
    dispatcher: { deliver: () => (options.ok === false ? { ok: false, errorCode: 'ERROR', errorMessage: 'no', retryable: true } : { ok: true }) },
    deadLetters: { send: () => true },
  });
  const bus = options.bus ?? 'default';
  if (bus !== 'default') events.createEventBus({ Name: bus });
  events.putRule({ Name: 'r', EventBusName: bus, EventPattern: JSON.stringify({ source: ['shop'] }) });
  events.putTargets({
    Rule: 'r',
    EventBusName: bus,
    Targets: [{ Id: 'q', Arn: QUEUE, RetryPolicy: { MaximumRetryAttempts: options.retries ?? 0 }, ...(options.dlq ? { DeadLetterConfig: { Arn: DLQ } } : {}) }],
  });
  events.putEvents({ Entries: [{ Source: 'shop', DetailType: 'Order', Detail: '{}', EventBusName: bus }] });
  await events.clock.runUntilIdle();
  const series = (name: string) =>
    metrics
      .list()
      .filter((m) => m.namespace === 'AWS/Events' && m.name === name)
      .map((m) => Object.keys(m.dimensions ?? {}).sort().join('+') || 'none')
      .sort();
  return { metrics, series };
}

describe('AWS/Events metrics as EventBridge publishes them', () => {
  it('publishes a default-bus rule’s metrics by RuleName alone, with the bus and account series the page lists', async () => {
    const { series } = await run({});
    expect(series('Invocations')).toEqual(['RuleName', 'none']);
    expect(series('InvocationAttempts')).toEqual(['EventBusName', 'RuleName', 'none']);
    expect(series('SuccessfulInvocationAttempts')).toEqual(['EventBusName', 'RuleName', 'none']);
    expect(series('TriggeredRules')).toEqual(['EventBusName', 'RuleName', 'none']);
    // MatchedEvents: by EventBusName (events that matched any rule) and by RuleName; no account total.
    expect(series('MatchedEvents')).toEqual(['EventBusName', 'RuleName']);
    expect(series('InvocationsCreated')).toEqual(['none']);
    expect(series('IngestiontoInvocationStartLatency')).toEqual(['EventBusName', 'RuleName', 'none']);
    expect(series('IngestionToInvocationSuccessLatency')).toEqual(['EventBusName', 'RuleName', 'none']);
    expect(series('PutEventsEntriesCount')).toEqual(['none']);
  });

  it('names a custom bus’s rule by EventBusName and RuleName together', async () => {
    const { metrics } = await run({ bus: 'orders' });
    expect(metrics.sum({ namespace: 'AWS/Events', name: 'Invocations', dimensions: { EventBusName: 'orders', RuleName: 'r' } })).toBe(1);
    expect(metrics.sum({ namespace: 'AWS/Events', name: 'Invocations', dimensions: { RuleName: 'r' } })).toBe(0);
    expect(metrics.sum({ namespace: 'AWS/Events', name: 'MatchedEvents', dimensions: { EventBusName: 'orders' } })).toBe(1);
  });

  it('publishes FailedInvocations per rule only, and nothing at all while it would be zero', async () => {
    const ok = await run({});
    expect(ok.series('FailedInvocations')).toEqual([]);
    expect(ok.series('RetryInvocationAttempts')).toEqual([]);
    const failed = await run({ ok: false, retries: 1 });
    expect(failed.series('FailedInvocations')).toEqual(['RuleName']);
    expect(failed.metrics.sum({ namespace: 'AWS/Events', name: 'FailedInvocations', dimensions: { RuleName: 'r' } })).toBe(1);
    expect(failed.series('RetryInvocationAttempts')).toEqual(['EventBusName', 'RuleName', 'none']);
    expect(failed.series('Invocations')).toEqual(['RuleName', 'none']);
  });

  it('counts dead-lettered invocations per rule only, and not as FailedInvocations', async () => {
    const { series } = await run({ ok: false, dlq: true });
    expect(series('InvocationsSentToDlq')).toEqual(['RuleName']);
    expect(series('FailedInvocations')).toEqual([]);
  });
});
