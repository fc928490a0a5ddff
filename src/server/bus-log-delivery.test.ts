// Event bus logging over the local endpoint, set up the way AWS documents it, with the real SDK clients: the bus's
// LogConfig picks the level, and CloudWatch Logs' vended-log delivery (a delivery source per log type of the bus, a
// delivery destination for the log group, a delivery joining them) brings the records to the group.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-logs.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliverySource.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliveryDestination.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateDelivery.html

import {
  CloudWatchLogsClient,
  ConflictException,
  CreateDeliveryCommand,
  CreateLogGroupCommand,
  DeleteDeliveryCommand,
  DeleteDeliverySourceCommand,
  DescribeDeliveriesCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetDeliverySourceCommand,
  PutDeliveryDestinationCommand,
  PutDeliverySourceCommand,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateEventBusCommand, EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusServer, type BusServer } from './bus-server.ts';

let bus: BusServer;
let events: EventBridgeClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  bus = await startBusServer({ port: 0, log: () => {} });
  const config = { endpoint: bus.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  events = new EventBridgeClient(config);
  logs = new CloudWatchLogsClient(config);
});

afterAll(async () => {
  events.destroy();
  logs.destroy();
  await bus.close();
});

interface Record {
  event_id: string;
  message_type: string;
  log_level: string;
  details: { [key: string]: unknown };
}

/** A bus with a rule whose only target is a queue that does not exist, so its deliveries fail. */
async function busWithFailingRule(name: string, level: string): Promise<string> {
  const { EventBusArn } = await events.send(new CreateEventBusCommand({ Name: name, LogConfig: { Level: level as never } }));
  await events.send(new PutRuleCommand({ Name: 'orders-placed', EventBusName: name, EventPattern: JSON.stringify({ 'detail-type': ['OrderPlaced'] }) }));
  await events.send(
    new PutTargetsCommand({ Rule: 'orders-placed', EventBusName: name, Targets: [{ Id: 'gone', Arn: `arn:aws:sqs:us-east-1:${bus.cloud.account}:no-such-queue` }] }),
  );
  return EventBusArn!;
}

async function logGroupArn(name: string): Promise<string> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
  const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return logGroups![0]!.logGroupArn!;
}

/** Sends an event that matches the rule and one that matches nothing, and returns their ids. */
async function sendOrderAndRefund(busName: string): Promise<[string, string]> {
  const { Entries } = await events.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: busName, Source: 'shop', DetailType: 'OrderPlaced', Detail: '{"orderId":"o-1"}' },
        { EventBusName: busName, Source: 'shop', DetailType: 'OrderRefunded', Detail: '{"orderId":"o-1"}' },
      ],
    }),
  );
  return [Entries![0]!.EventId!, Entries![1]!.EventId!];
}

async function records(group: string): Promise<Record[]> {
  const { events: found = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: group }));
  expect(new Set(found.map((e) => e.logStreamName))).toEqual(new Set(found.length > 0 ? ['EventBridgeEventBusLogs'] : []));
  return found.map((e) => JSON.parse(e.message!) as Record);
}

const stepsOf = (all: Record[], eventId: string) => all.filter((r) => r.event_id === eventId).map((r) => r.message_type);

describe('event bus logs delivered to a log group through CloudWatch Logs', () => {
  it('follows AWS’s steps: LogConfig on the bus, a delivery source per log type, a destination for the group, a delivery for each', async () => {
    const busArn = await busWithFailingRule('orders', 'INFO');
    const group = '/aws/vendedlogs/events/event-bus/orders';
    const { deliveryDestination } = await logs.send(
      new PutDeliveryDestinationCommand({ name: 'orders-logs', deliveryDestinationConfiguration: { destinationResourceArn: await logGroupArn(group) } }),
    );
    expect(deliveryDestination).toMatchObject({ name: 'orders-logs', deliveryDestinationType: 'CWL', arn: `arn:aws:logs:us-east-1:${bus.cloud.account}:delivery-destination:orders-logs` });
    for (const logType of ['ERROR_LOGS', 'INFO_LOGS']) {
      const { deliverySource } = await logs.send(new PutDeliverySourceCommand({ name: `orders-${logType}`, resourceArn: busArn, logType }));
      expect(deliverySource).toEqual({
        name: `orders-${logType}`,
        arn: `arn:aws:logs:us-east-1:${bus.cloud.account}:delivery-source:orders-${logType}`,
        resourceArns: [busArn],
        service: 'events',
        logType,
      });
      const { delivery } = await logs.send(new CreateDeliveryCommand({ deliverySourceName: `orders-${logType}`, deliveryDestinationArn: deliveryDestination!.arn }));
      expect(delivery).toMatchObject({ deliverySourceName: `orders-${logType}`, deliveryDestinationArn: deliveryDestination!.arn, deliveryDestinationType: 'CWL' });
    }

    const [placed, refunded] = await sendOrderAndRefund('orders');
    await expect.poll(async () => stepsOf(await records(group), placed)).toContain('INVOCATION_FAILURE');
    const all = await records(group);
    // The order matched the rule, and its one attempt failed for good: the queue does not exist.
    expect(stepsOf(all, placed)).toEqual(['EVENT_INGEST_SUCCESS', 'EVENT_RECEIPT', 'RULE_MATCH', 'INVOCATION_ATTEMPT_PERMANENT_FAILURE', 'INVOCATION_FAILURE']);
    // The refund matched nothing: its story ends after the receipt.
    expect(stepsOf(all, refunded)).toEqual(['EVENT_INGEST_SUCCESS', 'EVENT_RECEIPT', 'NO_STANDARD_RULES_MATCHED']);
    expect(all.find((r) => r.event_id === placed && r.message_type === 'RULE_MATCH')!.details).toMatchObject({
      rule_arn: `arn:aws:events:us-east-1:${bus.cloud.account}:rule/orders/orders-placed`,
    });
  });

  it('delivers a record only through the source of its level’s log type: with ERROR_LOGS alone, only the failures arrive', async () => {
    const busArn = await busWithFailingRule('payments', 'TRACE');
    const group = '/aws/vendedlogs/events/event-bus/payments';
    const { deliveryDestination } = await logs.send(
      new PutDeliveryDestinationCommand({ name: 'payments-logs', deliveryDestinationConfiguration: { destinationResourceArn: await logGroupArn(group) } }),
    );
    await logs.send(new PutDeliverySourceCommand({ name: 'payments-errors', resourceArn: busArn, logType: 'ERROR_LOGS' }));
    await logs.send(new CreateDeliveryCommand({ deliverySourceName: 'payments-errors', deliveryDestinationArn: deliveryDestination!.arn }));

    const [placed, refunded] = await sendOrderAndRefund('payments');
    await expect.poll(async () => stepsOf(await records(group), placed)).toContain('INVOCATION_FAILURE');
    const all = await records(group);
    expect(stepsOf(all, placed)).toEqual(['INVOCATION_ATTEMPT_PERMANENT_FAILURE', 'INVOCATION_FAILURE']);
    expect(stepsOf(all, refunded)).toEqual([]);
    expect(all.every((r) => r.log_level === 'ERROR')).toBe(true);
  });

  it('stops delivering once the delivery is deleted, and answers mistakes with CloudWatch Logs’ errors', async () => {
    const busArn = await busWithFailingRule('refunds', 'INFO');
    const group = '/aws/vendedlogs/events/event-bus/refunds';
    const destinationArn = await logGroupArn(group);
    const { deliveryDestination } = await logs.send(new PutDeliveryDestinationCommand({ name: 'refunds-logs', deliveryDestinationConfiguration: { destinationResourceArn: destinationArn } }));
    await logs.send(new PutDeliverySourceCommand({ name: 'refunds-info', resourceArn: busArn, logType: 'INFO_LOGS' }));

    /** What the request was refused with (undefined if it succeeded). */
    const refused = (sending: Promise<unknown>) => sending.then(() => undefined, (error: unknown) => error);
    expect(await refused(logs.send(new CreateDeliveryCommand({ deliverySourceName: 'refunds-nope', deliveryDestinationArn: deliveryDestination!.arn })))).toEqual(
      expect.objectContaining({ name: ResourceNotFoundException.name, message: 'Requested Delivery Source does not exist in this account.' }),
    );
    expect(await refused(logs.send(new CreateDeliveryCommand({ deliverySourceName: 'refunds-info', deliveryDestinationArn: `${deliveryDestination!.arn}-nope` })))).toEqual(
      expect.objectContaining({ name: ResourceNotFoundException.name, message: 'Requested Delivery Destination does not exist in this account.' }),
    );
    expect(await refused(logs.send(new PutDeliverySourceCommand({ name: 'refunds-access', resourceArn: busArn, logType: 'ACCESS_LOGS' })))).toBeInstanceOf(ValidationException);
    expect(await refused(logs.send(new PutDeliverySourceCommand({ name: 'refunds info', resourceArn: busArn, logType: 'INFO_LOGS' })))).toEqual(
      expect.objectContaining({
        name: ValidationException.name,
        message: "1 validation error detected: Value 'refunds info' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]*",
      }),
    );
    expect(await refused(logs.send(new PutDeliverySourceCommand({ name: 'refunds-info', resourceArn: `${busArn}-other`, logType: 'INFO_LOGS' })))).toEqual(
      expect.objectContaining({
        name: ConflictException.name,
        message: 'Update to existing Delivery Source with new ResourceId is not allowed. Please create a new Delivery Source instead.',
      }),
    );

    const { delivery } = await logs.send(new CreateDeliveryCommand({ deliverySourceName: 'refunds-info', deliveryDestinationArn: deliveryDestination!.arn }));
    expect(await refused(logs.send(new CreateDeliveryCommand({ deliverySourceName: 'refunds-info', deliveryDestinationArn: deliveryDestination!.arn })))).toEqual(
      expect.objectContaining({ name: ConflictException.name, message: 'The specified Delivery already exists' }),
    );
    expect(await refused(logs.send(new DeleteDeliverySourceCommand({ name: 'refunds-info' })))).toBeInstanceOf(ConflictException);
    const { deliveries = [] } = await logs.send(new DescribeDeliveriesCommand({}));
    expect(deliveries.filter((d) => d.deliverySourceName === 'refunds-info')).toEqual([delivery]);

    // Only INFO_LOGS is delivered here, so the order's failures (ERROR records) stay out of the group.
    const [first] = await sendOrderAndRefund('refunds');
    await expect.poll(async () => stepsOf(await records(group), first)).toEqual(['EVENT_INGEST_SUCCESS', 'EVENT_RECEIPT', 'RULE_MATCH']);
    await logs.send(new DeleteDeliveryCommand({ id: delivery!.id }));
    await logs.send(new DeleteDeliverySourceCommand({ name: 'refunds-info' }));
    expect(await refused(logs.send(new GetDeliverySourceCommand({ name: 'refunds-info' })))).toBeInstanceOf(ResourceNotFoundException);
    const [second] = await sendOrderAndRefund('refunds');
    // The event is delivered (and fails) as before; only its records no longer reach the group.
    await expect.poll(() => bus.cloud.events.trace?.journey(second)?.steps.some((s) => s.type === 'attempt')).toBe(true);
    expect(stepsOf(await records(group), second)).toEqual([]);
  });
});
