import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  InvalidParameterException,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  NotFoundException,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from 'vitest';
import { localClient } from '../local-request-handler.ts';
import { seededRandom, uuidV4 } from '../../bus/random.ts';
import { SqsQueues } from '../sqs/queues.ts';
import { handleSnsRequest } from './query-protocol.ts';
import { SnsTopics } from './topics.ts';

/** A real SNS client whose requests are answered by `sns` instead of the network. */
function clientFor(sns: SnsTopics): SNSClient {
  let n = 0;
  return localClient(SNSClient, (request) => handleSnsRequest(sns, request, `req-${++n}`));
}

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: Error) => error,
  );
}

describe('SNS through the AWS SDK', () => {
  let sqs: SqsQueues;
  let sns: SnsTopics;
  let client: SNSClient;
  let queueArn: string;
  beforeEach(() => {
    const random = seededRandom(3);
    sqs = new SqsQueues({ now: () => NOW, random, account: '123456789012', region: 'us-east-1' });
    sns = new SnsTopics({ now: () => NOW, newId: () => uuidV4(random), account: '123456789012', region: 'us-east-1', deliverToQueue: (arn, body, attributes) => sqs.sendToArn(arn, body, attributes) });
    client = clientFor(sns);
    sqs.createQueue({ QueueName: 'audit' });
    queueArn = 'arn:aws:sqs:us-east-1:123456789012:audit';
  });

  it('creates topics idempotently and lists them', async () => {
    const first = await client.send(new CreateTopicCommand({ Name: 'user-signups', Attributes: { DisplayName: 'Signups' } }));
    const again = await client.send(new CreateTopicCommand({ Name: 'user-signups' }));
    expect(first.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:user-signups');
    expect(again.TopicArn).toBe(first.TopicArn);
    const { Topics } = await client.send(new ListTopicsCommand({}));
    expect(Topics).toEqual([{ TopicArn: first.TopicArn }]);
    const { Attributes } = await client.send(new GetTopicAttributesCommand({ TopicArn: first.TopicArn }));
    expect(Attributes).toMatchObject({ TopicArn: first.TopicArn, DisplayName: 'Signups', Owner: '123456789012', SubscriptionsConfirmed: '0' });
  });

  it('refuses an invalid topic name', async () => {
    const error = await failure(client.send(new CreateTopicCommand({ Name: 'no spaces' })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Invalid parameter: Topic Name');
  });

  it('answers NotFound "Topic does not exist" for a topic that is not there', async () => {
    const error = await failure(client.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:missing', Message: 'hi' })));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.message).toBe('Topic does not exist');
    expect((error as NotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('checks the ARN shape before looking it up', async () => {
    const error = await failure(client.send(new PublishCommand({ TopicArn: 'user-signups', Message: 'hi' })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1');
  });

  it('delivers to an SQS subscription in SNS notification envelope', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'user-signups' }));
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
    expect(SubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:user-signups:[0-9a-f-]{36}$/);
    const { MessageId } = await client.send(
      new PublishCommand({ TopicArn, Message: 'User 12345 signed up', Subject: 'Signup', MessageAttributes: { source: { DataType: 'String', StringValue: 'myapp.users' } } }),
    );
    const [message] = sqs.peek('audit');
    const envelope = JSON.parse(message!.body) as Record<string, unknown>;
    expect(Object.keys(envelope)).toEqual(['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      MessageId,
      TopicArn,
      Subject: 'Signup',
      Message: 'User 12345 signed up',
      Timestamp: '2026-01-02T03:04:05.678Z',
      SignatureVersion: '1',
      UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`,
      MessageAttributes: { source: { Type: 'String', Value: 'myapp.users' } },
    });
    expect(atob(envelope.Signature as string)).toHaveLength(256);
    expect(message!.body).toContain('"Type" : "Notification"');
  });

  it('leaves Subject and MessageAttributes out of the envelope when the publish had none', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 't' }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn }));
    await client.send(new PublishCommand({ TopicArn, Message: '{"userId":"12345"}' }));
    const envelope = JSON.parse(sqs.peek('audit')[0]!.body) as Record<string, unknown>;
    expect(envelope).not.toHaveProperty('Subject');
    expect(envelope).not.toHaveProperty('MessageAttributes');
    expect(envelope.Message).toBe('{"userId":"12345"}');
  });

  it('with RawMessageDelivery, delivers the bare message and its attributes', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 't' }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: { RawMessageDelivery: 'true' } }));
    await client.send(new PublishCommand({ TopicArn, Message: 'raw <&> body', MessageAttributes: { kind: { DataType: 'String', StringValue: 'signup' } } }));
    expect(sqs.peek('audit')).toEqual([{ body: 'raw <&> body', attributes: { kind: 'signup' }, receiveCount: 0 }]);
  });

  it('keeps an email subscription pending until confirmed, and delivers nothing before', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'alerts' }));
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com' }));
    expect(SubscriptionArn).toBe('pending confirmation');
    const listed = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(listed.Subscriptions).toEqual([{ SubscriptionArn: 'PendingConfirmation', Owner: '123456789012', Protocol: 'email', Endpoint: 'ops@example.com', TopicArn }]);

    await client.send(new PublishCommand({ TopicArn, Message: 'before' }));
    const [confirmation, ...rest] = sns.deliveries('ops@example.com');
    expect(rest).toEqual([]);
    expect(confirmation).toMatchObject({ kind: 'confirmation', subject: 'AWS Notification - Subscription Confirmation' });

    const confirmed = await client.send(new ConfirmSubscriptionCommand({ TopicArn, Token: confirmation!.token }));
    expect(confirmed.SubscriptionArn).toMatch(/^arn:aws:sns:us-east-1:123456789012:alerts:/);
    await client.send(new PublishCommand({ TopicArn, Message: 'Package shipped' }));
    expect(sns.deliveries('ops@example.com').filter((d) => d.kind === 'notification')).toMatchObject([{ subject: 'AWS Notification Message', body: 'Package shipped', protocol: 'email' }]);
  });

  it('confirms pending subscriptions for a lesson, as if the recipient clicked the link', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'alerts' }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'ops@example.com' }));
    expect(sns.confirmPending('ops@example.com')).toHaveLength(1);
    await client.send(new PublishCommand({ TopicArn, Message: 'hello', Subject: 'Hi' }));
    expect(sns.deliveries('ops@example.com').at(-1)).toMatchObject({ kind: 'notification', subject: 'Hi', body: 'hello' });
  });

  it('records SMS deliveries at once, to a number verified in the SMS sandbox', async () => {
    sns.addVerifiedPhoneNumber('+15555550100');
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'sms' }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: '+15555550100' }));
    await client.send(new PublishCommand({ TopicArn, Message: 'Your package left the distribution centre' }));
    expect(sns.deliveries('+15555550100')).toMatchObject([{ protocol: 'sms', body: 'Your package left the distribution centre', delivered: true }]);
  });

  it('sends each protocol its own message with MessageStructure json', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 't' }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: '+15555550100' }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: { RawMessageDelivery: 'true' } }));
    await client.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'for queues', sms: 'short' }) }));
    expect(sns.deliveries('+15555550100')[0]?.body).toBe('short');
    expect(sqs.peek('audit')[0]?.body).toBe('for queues');
    const error = await failure(client.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: '{"sms":"x"}' })));
    expect(error.message).toBe('Invalid parameter: Message Structure - No default entry in JSON message body');
  });

  it('unsubscribes, reads subscription attributes, and deletes topics with their subscriptions', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 't' }));
    const { SubscriptionArn } = await client.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: { RawMessageDelivery: 'true' } }));
    const { Attributes } = await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(Attributes).toMatchObject({ Protocol: 'sqs', Endpoint: queueArn, RawMessageDelivery: 'true', PendingConfirmation: 'false' });
    await client.send(new UnsubscribeCommand({ SubscriptionArn }));
    const error = await failure(client.send(new UnsubscribeCommand({ SubscriptionArn })));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.message).toBe('Subscription does not exist');
    await client.send(new DeleteTopicCommand({ TopicArn }));
    expect((await client.send(new ListTopicsCommand({}))).Topics).toEqual([]);
  });

  it('validates Subject, empty messages and endpoints as SNS does', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 't' }));
    expect((await failure(client.send(new PublishCommand({ TopicArn, Message: 'x', Subject: 'line\nbreak' })))).message).toBe('Invalid parameter: Subject');
    expect((await failure(client.send(new PublishCommand({ TopicArn, Message: '' })))).message).toBe('Invalid parameter: Empty message');
    expect((await failure(client.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'not-an-address' })))).message).toBe('Invalid parameter: Email address');
  });
});

describe('SnsTopics for the bus', () => {
  it('publishToArn fans out, and answers undefined for a topic that does not exist', () => {
    const random = seededRandom(1);
    const bodies: string[] = [];
    const sns = new SnsTopics({ now: () => 0, newId: () => uuidV4(random), account: '123456789012', region: 'us-east-1', deliverToQueue: (_, body) => (bodies.push(body), true) });
    const { TopicArn } = sns.createTopic('events');
    sns.subscribe({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:q', Attributes: { RawMessageDelivery: 'true' } });
    expect(sns.publishToArn(TopicArn!, '{"detail":{}}')).toEqual({ MessageId: expect.any(String) });
    expect(bodies).toEqual(['{"detail":{}}']);
    expect(sns.published('events')).toHaveLength(1);
    expect(sns.publishToArn('arn:aws:sns:us-east-1:123456789012:nope', 'x')).toBeUndefined();
  });

  it('records a delivery to a queue that does not exist as not delivered', () => {
    const random = seededRandom(1);
    const sns = new SnsTopics({ now: () => 0, newId: () => uuidV4(random), account: '123456789012', region: 'us-east-1' });
    const { TopicArn } = sns.createTopic('events');
    sns.subscribe({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:gone' });
    sns.publishToArn(TopicArn!, 'x');
    expect(sns.deliveries()).toMatchObject([{ protocol: 'sqs', delivered: false }]);
  });

  it('a queue that refuses the message (too large) fails only that delivery, not the publish', () => {
    const random = seededRandom(1);
    const sns = new SnsTopics({
      now: () => 0,
      newId: () => uuidV4(random),
      account: '123456789012',
      region: 'us-east-1',
      deliverToQueue: () => {
        throw new Error('One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.');
      },
    });
    const { TopicArn } = sns.createTopic('events');
    sns.subscribe({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:123456789012:small' });
    expect(sns.publish({ TopicArn, Message: 'x'.repeat(2000) }).MessageId).toBeDefined();
    expect(sns.deliveries()).toMatchObject([{ protocol: 'sqs', delivered: false }]);
  });

  it('escapes XML in answers and errors', () => {
    const random = seededRandom(1);
    const sns = new SnsTopics({ now: () => 0, newId: () => uuidV4(random), account: '1', region: 'us-east-1' });
    const answer = handleSnsRequest(sns, { target: undefined, contentType: 'application/x-www-form-urlencoded', body: 'Action=Subscribe&TopicArn=a%3Ab%3Cc', method: 'POST', path: '/' }, 'r1');
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(
      '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>InvalidParameter</Code>' +
        '<Message>Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 2</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
    );
  });
});
