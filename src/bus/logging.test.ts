// Event bus logging: LogConfig through the API, and the records each level writes, in AWS's schema.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-logs.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-logs-schema.html

import { describe, expect, it } from 'vitest';
import { Cloud, EVENT_BUS_LOG_STREAM } from '../services/cloud.ts';
import { LogsApi } from '../services/cloudwatch/logs-protocol.ts';
import { EventBridge } from './event-bridge.ts';
import type { BusLogRecord } from './logging.ts';

const QUEUE = 'arn:aws:sqs:us-east-1:123456789012:orders';

async function run(logConfig: { Level: string; IncludeDetail?: string }, options: { ok?: boolean; source?: string } = {}) {
  const records: BusLogRecord[] = [];
  const events = new EventBridge({
    busLogs: { write: (record) => records.push(record) },
    dispatcher: { deliver: () => (options.ok === false ? { ok: false, errorCode: 'ERROR_FROM_TARGET', errorMessage: 'The queue said no.', retryable: true } : { ok: true }) },
  });
  events.updateEventBus({ Name: 'default', LogConfig: logConfig as never });
  events.putRule({ Name: 'orders', EventPattern: JSON.stringify({ source: ['shop'] }) });
  events.putTargets({ Rule: 'orders', Targets: [{ Id: 'q', Arn: QUEUE, RetryPolicy: { MaximumRetryAttempts: 1 } }] });
  events.putEvents({ Entries: [{ Source: options.source ?? 'shop', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-1"}' }] });
  await events.clock.runUntilIdle();
  return records;
}

describe('event bus logging', () => {
  it('keeps a bus’s LogConfig, returns it from DescribeEventBus and UpdateEventBus, and refuses an unknown level', () => {
    const events = new EventBridge();
    const created = events.createEventBus({ Name: 'orders', LogConfig: { Level: 'INFO', IncludeDetail: 'FULL' } });
    expect(created.LogConfig).toEqual({ Level: 'INFO', IncludeDetail: 'FULL' });
    expect(events.describeEventBus({ Name: 'orders' }).LogConfig).toEqual({ Level: 'INFO', IncludeDetail: 'FULL' });
    expect(events.updateEventBus({ Name: 'orders', LogConfig: { Level: 'ERROR' } })).toMatchObject({ Name: 'orders', LogConfig: { Level: 'ERROR', IncludeDetail: 'FULL' } });
    expect(events.describeEventBus({}).LogConfig).toBeUndefined();
    expect(() => events.updateEventBus({ LogConfig: { Level: 'DEBUG' as never } })).toThrow(
      "1 validation error detected: Value 'DEBUG' at 'logConfig.level' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ERROR, INFO, TRACE]",
    );
  });

  it('writes the major steps at INFO, one request and invocation id threading them, without detail data under NONE', async () => {
    const records = await run({ Level: 'INFO', IncludeDetail: 'NONE' });
    expect(records.map((r) => r.message_type)).toEqual(['EVENT_INGEST_SUCCESS', 'EVENT_RECEIPT', 'RULE_MATCH', 'INVOCATION_SUCCESS']);
    expect(new Set(records.map((r) => r.request_id)).size).toBe(1);
    const [ingest, , match, success] = records;
    expect(ingest).toMatchObject({ resource_arn: 'arn:aws:events:us-east-1:123456789012:event-bus/default', event_bus_name: 'default', log_level: 'INFO' });
    expect(ingest!.details).toEqual({ caller_account_id: '123456789012', source_time_ms: expect.any(Number), source: 'shop', detail_type: 'OrderPlaced', resources: [] });
    expect(match!.details).toEqual({ rule_arn: 'arn:aws:events:us-east-1:123456789012:rule/orders', target_arns: [QUEUE], invocation_ids: [success!.invocation_id] });
    expect(success!.details).toMatchObject({ target_arn: QUEUE, total_attempts: 1, final_invocation_status: 'SUCCESS', ingestion_to_success_latency_ms: 0 });
    expect(success!.details).not.toHaveProperty('target_input');
  });

  it('writes only the failures at ERROR: each failed attempt, then the invocation’s failure with the target’s error', async () => {
    const records = await run({ Level: 'ERROR' }, { ok: false });
    expect(records.map((r) => r.message_type)).toEqual(['INVOCATION_ATTEMPT_RETRYABLE_FAILURE', 'INVOCATION_ATTEMPT_RETRYABLE_FAILURE', 'INVOCATION_FAILURE']);
    expect(records.every((r) => r.log_level === 'ERROR')).toBe(true);
    expect(records[1]!.details).toMatchObject({ attempt_type: 'RETRY', attempt_count: 2 });
    expect(records[2]!.error).toEqual({ error_message: 'The queue said no.', aws_service: 'sqs' });
    expect(records[2]!.details).toMatchObject({ total_attempts: 2, final_invocation_status: 'FAILED' });
  });

  it('writes every step at TRACE, with the event’s detail and the target’s input under FULL', async () => {
    const records = await run({ Level: 'TRACE', IncludeDetail: 'FULL' });
    expect(records.map((r) => r.message_type)).toEqual([
      'EVENT_INGEST_SUCCESS',
      'EVENT_RECEIPT',
      'RULE_MATCH_START',
      'RULE_MATCH',
      'INVOCATION_START',
      'INVOCATION_ATTEMPT_START',
      'INVOCATION_ATTEMPT_SUCCESS',
      'INVOCATION_SUCCESS',
    ]);
    expect(records[1]!.details).toMatchObject({ event_detail: '{"orderId":"o-1"}' });
    expect(JSON.parse(records[4]!.details.target_input as string)).toMatchObject({ source: 'shop' });
  });

  it('says when an event matched no rule, and writes nothing when the level is OFF', async () => {
    expect((await run({ Level: 'INFO' }, { source: 'elsewhere' })).map((r) => r.message_type)).toEqual(['EVENT_INGEST_SUCCESS', 'EVENT_RECEIPT', 'NO_STANDARD_RULES_MATCHED']);
    expect(await run({ Level: 'OFF' })).toEqual([]);
  });

  it('delivers the records to the log group of the bus’s log delivery, readable with FilterLogEvents', async () => {
    const cloud = new Cloud();
    const { Arn } = cloud.events.updateEventBus({ LogConfig: { Level: 'INFO' } });
    cloud.logs.deliverVendedLogs(Arn!, '/aws/vendedlogs/events/event-bus/default');
    cloud.events.putEvents({ Entries: [{ Source: 'shop', DetailType: 'OrderPlaced', Detail: '{}' }] });
    await cloud.clock.runUntilIdle();
    const { events = [] } = new LogsApi(cloud.logs).filterLogEvents({ logGroupName: '/aws/vendedlogs/events/event-bus/default', filterPattern: 'NO_STANDARD_RULES_MATCHED' });
    expect(events).toHaveLength(1);
    expect(events[0]!.logStreamName).toBe(EVENT_BUS_LOG_STREAM);
    expect(JSON.parse(events[0]!.message!)).toMatchObject({ message_type: 'NO_STANDARD_RULES_MATCHED', log_level: 'INFO' });
  });

  it('wires a bus’s logs as AWS does, so DescribeDeliveries shows them: a delivery source per log type, each delivered to the group', () => {
    const cloud = new Cloud();
    const { Arn } = cloud.events.updateEventBus({ LogConfig: { Level: 'TRACE' } });
    cloud.logs.deliverVendedLogs(Arn!, '/aws/vendedlogs/events/event-bus/default');
    const { deliverySources = [] } = cloud.logs.deliveries.describeDeliverySources();
    expect(deliverySources.map((s) => [s.logType, s.resourceArns])).toEqual([
      ['ERROR_LOGS', [Arn]],
      ['INFO_LOGS', [Arn]],
      ['TRACE_LOGS', [Arn]],
    ]);
    const { deliveryDestinations: [destination] = [] } = cloud.logs.deliveries.describeDeliveryDestinations();
    expect(destination!.deliveryDestinationConfiguration).toEqual({ destinationResourceArn: cloud.logs.arnOf('/aws/vendedlogs/events/event-bus/default') });
    const { deliveries = [] } = cloud.logs.deliveries.describeDeliveries();
    expect(deliveries.map((d) => [d.deliverySourceName, d.deliveryDestinationArn])).toEqual(deliverySources.map((s) => [s.name, destination!.arn]));
  });
});
