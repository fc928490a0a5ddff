// EventBridge Scheduler over real HTTP on the local endpoint (`npm run bus`), as `new SchedulerClient({ endpoint })`
// reaches it: paths, query strings and URL-encoded names as the SDK sends them, errors as it parses them.

import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UntagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBusServer, type BusServer } from './bus-server.ts';

let bus: BusServer;
let scheduler: SchedulerClient;
let sqs: SQSClient;

beforeAll(async () => {
  bus = await startBusServer({ port: 0, log: () => {} });
  const config = { endpoint: bus.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  scheduler = new SchedulerClient(config);
  sqs = new SQSClient(config);
});

afterAll(async () => {
  scheduler.destroy();
  sqs.destroy();
  await bus.close();
});

it('creates a rate schedule to a queue, which runs at once on the wall clock, and answers Get, List and Delete', async () => {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'heartbeat' }));
  const { ScheduleGroupArn } = await scheduler.send(new CreateScheduleGroupCommand({ Name: 'ops.team_1', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
  const { ScheduleArn } = await scheduler.send(
    new CreateScheduleCommand({
      Name: 'heart.beat_1',
      GroupName: 'ops.team_1',
      ScheduleExpression: 'rate(1 hour)',
      Description: 'Once an hour',
      StartDate: undefined,
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: `arn:aws:sqs:us-east-1:${bus.cloud.account}:heartbeat`, RoleArn: `arn:aws:iam::${bus.cloud.account}:role/scheduler`, Input: 'beat <aws.scheduler.attempt-number>' },
    }),
  );
  expect(ScheduleArn).toBe(`arn:aws:scheduler:us-east-1:${bus.cloud.account}:schedule/ops.team_1/heart.beat_1`);

  const got = await scheduler.send(new GetScheduleCommand({ Name: 'heart.beat_1', GroupName: 'ops.team_1' }));
  expect(got).toMatchObject({ Arn: ScheduleArn, Description: 'Once an hour', ScheduleExpressionTimezone: 'UTC', State: 'ENABLED' });
  expect(got.CreationDate).toBeInstanceOf(Date);
  expect(Math.abs(got.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);

  // A rate schedule without a StartDate invokes its target at once.
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  expect(Messages?.map((m) => m.Body)).toEqual(['beat 1']);

  expect((await scheduler.send(new ListSchedulesCommand({ GroupName: 'ops.team_1', NamePrefix: 'heart' }))).Schedules?.map((s) => s.Name)).toEqual(['heart.beat_1']);
  await scheduler.send(new UntagResourceCommand({ ResourceArn: ScheduleGroupArn, TagKeys: ['a', 'b'] }));
  expect((await scheduler.send(new ListTagsForResourceCommand({ ResourceArn: ScheduleGroupArn }))).Tags).toEqual([]);

  await scheduler.send(new DeleteScheduleCommand({ Name: 'heart.beat_1', GroupName: 'ops.team_1', ClientToken: 'delete-1' }));
  const error = await scheduler.send(new GetScheduleCommand({ Name: 'heart.beat_1', GroupName: 'ops.team_1' })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ResourceNotFoundException);
  expect((error as Error).message).toBe('Schedule heart.beat_1 does not exist.');
});

it('answers a bad expression with the ValidationException the SDK raises', async () => {
  const error = await scheduler
    .send(new CreateScheduleCommand({ Name: 'bad', ScheduleExpression: 'cron(0 1 * * * *)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: 'arn:aws:sqs:us-east-1:123456789012:q', RoleArn: 'arn:aws:iam::123456789012:role/r' } }))
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationException);
  expect((error as ValidationException).message).toBe('Invalid Schedule Expression cron(0 1 * * * *).');
  expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
});
