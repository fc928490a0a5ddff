// The local endpoint over real HTTP on a free loopback port, driven by the real AWS SDK v3 clients.

import {
  DescribeRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  EmptyBatchRequest,
  SendMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startBusServer, type BusServer } from './bus-server.ts';

let bus: BusServer;
let eventBridge: EventBridgeClient;
let sqs: SQSClient;
let sns: SNSClient;
let ses: SESv2Client;

beforeAll(async () => {
  bus = await startBusServer({ port: 0, log: () => {} });
  const config = { endpoint: bus.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  eventBridge = new EventBridgeClient(config);
  sqs = new SQSClient(config);
  sns = new SNSClient(config);
  ses = new SESv2Client(config);
});

afterAll(async () => {
  for (const client of [eventBridge, sqs, sns, ses]) client.destroy();
  await bus.close();
});

async function queueArn(queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}

describe('the signup story through the AWS SDK', () => {
  it('routes UserSignedUp from PutEvents through a rule to an SQS queue', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'welcome-email' }));
    await eventBridge.send(
      new PutRuleCommand({ Name: 'user-signed-up', EventPattern: JSON.stringify({ source: ['myapp.users'], 'detail-type': ['UserSignedUp'] }) }),
    );
    await eventBridge.send(new PutTargetsCommand({ Rule: 'user-signed-up', Targets: [{ Id: 'welcome', Arn: await queueArn(QueueUrl!) }] }));

    const put = await eventBridge.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: JSON.stringify({ userId: '12345', email: 'user@example.com', signupMethod: 'email' }) },
          { Source: 'myapp.users', DetailType: 'UserDeleted', Detail: JSON.stringify({ userId: '12345' }) },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(1);
    const event = JSON.parse(Messages![0]!.Body!);
    expect(event).toMatchObject({
      id: put.Entries![0]!.EventId,
      source: 'myapp.users',
      'detail-type': 'UserSignedUp',
      account: bus.cloud.account,
      detail: { userId: '12345', email: 'user@example.com', signupMethod: 'email' },
    });
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages![0]!.ReceiptHandle }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
  });

  it('puts an undeliverable event on the dead-letter queue with the attributes AWS adds', async () => {
    const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'signup-dlq' }));
    await eventBridge.send(new PutRuleCommand({ Name: 'to-missing-queue', EventPattern: JSON.stringify({ source: ['myapp.users'] }) }));
    const missing = `arn:aws:sqs:us-east-1:${bus.cloud.account}:no-such-queue`;
    await eventBridge.send(
      new PutTargetsCommand({ Rule: 'to-missing-queue', Targets: [{ Id: 'gone', Arn: missing, DeadLetterConfig: { Arn: await queueArn(dlqUrl!) } }] }),
    );
    await eventBridge.send(new PutEventsCommand({ Entries: [{ Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: '{}' }] }));

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageAttributeNames: ['All'] }));
    expect(Messages).toHaveLength(1);
    const attributes = Object.fromEntries(Object.entries(Messages![0]!.MessageAttributes!).map(([k, v]) => [k, v.StringValue]));
    expect(attributes).toMatchObject({
      RULE_ARN: `arn:aws:events:us-east-1:${bus.cloud.account}:rule/to-missing-queue`,
      TARGET_ARN: missing,
      ERROR_CODE: 'RESOURCE_NOT_FOUND',
      RETRY_ATTEMPTS: '0',
    });
  });
});

describe('the other services handlers call, over the same endpoint', () => {
  it('fans an SNS publish out to a subscribed SQS queue, in SNS’s notification envelope', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'shipping-updates' }));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'package-shipped' }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: await queueArn(QueueUrl!) }));
    const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Subject: 'Shipped', Message: 'Your package left the warehouse' }));

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(JSON.parse(Messages![0]!.Body!)).toMatchObject({ Type: 'Notification', MessageId, TopicArn, Subject: 'Shipped', Message: 'Your package left the warehouse' });
  });

  it('rejects email from an unverified sender as the SES sandbox does', async () => {
    const error = await ses
      .send(
        new SendEmailCommand({
          FromEmailAddress: 'welcome@myapp.example',
          Destination: { ToAddresses: ['user@example.com'] },
          Content: { Simple: { Subject: { Data: 'Welcome!' }, Body: { Text: { Data: 'Hello' } } } },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageRejected);
    expect((error as Error).message).toMatch(/^Email address is not verified\. The following identities failed the check in region US-EAST-1: /);
  });
});

describe('errors reach the SDK as its typed exceptions', () => {
  it('raises ResourceNotFoundException with AWS’s message', async () => {
    const error = await eventBridge.send(new DescribeRuleCommand({ Name: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as Error).message).toBe('Rule nope does not exist on EventBus default.');
  });

  it('raises InvalidEventPatternException from TestEventPattern', async () => {
    const error = await eventBridge
      .send(new TestEventPatternCommand({ EventPattern: '{"source": "myapp.users"}', Event: '{}' }))
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: 'InvalidEventPatternException' });
    expect((error as Error).message).toMatch(/^Event pattern is not valid\. Reason: "source" must be an object or an array/);
  });

  it('deletes a batch of messages entry by entry, and makes a message visible again on request', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'batch-deletes' }));
    for (const body of ['a', 'b', 'c']) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }));
    expect(Messages.map((m) => m.Body)).toEqual(['a', 'b', 'c']);
    // Each entry answers for itself, and the call is a 200 either way.
    const result = await sqs.send(
      new DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'a', ReceiptHandle: Messages[0]!.ReceiptHandle }, { Id: 'bogus', ReceiptHandle: 'not-a-handle' }] }),
    );
    expect(result.Successful).toEqual([{ Id: 'a' }]);
    expect(result.Failed).toEqual([{ Id: 'bogus', Code: 'ReceiptHandleIsInvalid', Message: 'The input receipt handle "not-a-handle" is not a valid receipt handle.', SenderFault: true }]);
    await expect(sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: [] }))).rejects.toBeInstanceOf(EmptyBatchRequest);
    // 'b' becomes visible again at once; 'c' stays hidden.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: Messages[1]!.ReceiptHandle, VisibilityTimeout: 0 }));
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(again.Messages?.map((m) => m.Body)).toEqual(['b']);
  });

  it('raises SQS’s QueueDoesNotExist', async () => {
    const error = await sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect((error as Error).message).toBe('The specified queue does not exist.');
  });
});

describe('bad requests', () => {
  const post = (headers: Record<string, string>, body: string) =>
    fetch(bus.url, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as { __type: string; message: string } }));
  const json11 = { 'content-type': 'application/x-amz-json-1.1' };

  it('answers each kind with an AWS-shaped 4xx', async () => {
    expect(await post({ ...json11, 'x-amz-target': 'AWSEvents.PutRule' }, '{not json')).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
    expect(await post({ ...json11, 'x-amz-target': 'AWSEvents.Frobnicate' }, '{}')).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException', message: 'The operation AWSEvents.Frobnicate is not supported.' },
    });
    expect(await post({ 'content-type': 'text/plain', 'x-amz-target': 'AWSEvents.ListRules' }, '{}')).toMatchObject({
      status: 415,
      body: { __type: 'UnsupportedMediaTypeException' },
    });
    expect(await post({ ...json11, 'x-amz-target': 'AWSEvents.PutEvents' }, 'x'.repeat(MAX_BODY_BYTES + 1))).toMatchObject({
      status: 413,
      body: { __type: 'RequestEntityTooLargeException' },
    });
    expect(await post({ ...json11, 'x-amz-target': 'AWSEvents.PutRule' }, '[1, 2]')).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
  });

  it('answers an old client speaking SQS’s XML query protocol in XML, saying what to use instead', async () => {
    const response = await fetch(bus.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=CreateQueue&QueueName=welcome&Version=2012-11-05',
    });
    expect(response.status).toBe(400);
    const xml = await response.text();
    expect(xml).toContain('<Code>InvalidAction</Code>');
    expect(xml).toContain('CreateQueue arrived in the query (XML) protocol; this simulator speaks AWS&#39;s JSON protocols.');
  });

  it('keeps serving after 1,000 malformed requests', async () => {
    const junk = [
      () => post({ ...json11, 'x-amz-target': 'AWSEvents.PutEvents' }, '{"Entries": '),
      () => post({ ...json11, 'x-amz-target': 'AWSEvents.PutEvents' }, '{"Entries": "nope"}'),
      () => post({ ...json11, 'x-amz-target': 'AWSEvents.PutRule' }, '{"Name": 5, "EventPattern": {}}'),
      () => post({ ...json11 }, '{}'),
      () => post({ 'content-type': 'application/json', 'x-amz-target': 'AmazonSQS.SendMessage' }, '\u0000'),
    ];
    const statuses = new Set<number>();
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => junk[(round * 100 + i) % junk.length]!()));
      for (const answer of answers) {
        statuses.add(answer.status);
        expect(answer.body.__type).toBeTruthy();
      }
    }
    expect([...statuses].every((s) => s >= 400 && s < 500)).toBe(true);
    const { Rules } = await eventBridge.send(new PutRuleCommand({ Name: 'still-alive', EventPattern: '{"source": ["x"]}' })).then(() =>
      bus.cloud.events.listRules({ NamePrefix: 'still-alive' }),
    );
    expect(Rules).toHaveLength(1);
  });
});
