import {
  AuthorizationErrorException,
  CreateSMSSandboxPhoneNumberCommand,
  CreateTopicCommand,
  DeleteSMSSandboxPhoneNumberCommand,
  GetSMSSandboxAccountStatusCommand,
  InvalidParameterException,
  ListSMSSandboxPhoneNumbersCommand,
  PublishCommand,
  ResourceNotFoundException,
  SNSClient,
  SubscribeCommand,
  UserErrorException,
  VerificationException,
  VerifySMSSandboxPhoneNumberCommand,
} from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, it } from 'vitest';
import { seededRandom, uuidV4 } from '../../bus/random.ts';
import { localClient } from '../local-request-handler.ts';
import { handleSnsRequest } from './query-protocol.ts';
import { SnsTopics } from './topics.ts';

const DAY = 24 * 60 * 60 * 1000;

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: Error) => error,
  );
}

describe('SNS SMS through the AWS SDK', () => {
  let now: number;
  let sns: SnsTopics;
  let client: SNSClient;
  beforeEach(() => {
    const random = seededRandom(5);
    now = Date.UTC(2026, 0, 2);
    sns = new SnsTopics({
      now: () => now,
      newId: () => uuidV4(random),
      account: '123456789012',
      region: 'us-east-1',
    });
    let n = 0;
    client = localClient(SNSClient, (request) => handleSnsRequest(sns, request, `req-${++n}`));
  });

  /** What a learner does in the console: add the number, read the code off the phone, type it in. */
  async function verify(phoneNumber: string): Promise<void> {
    await client.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: phoneNumber }));
    const otp = sns.deliveries(phoneNumber).findLast((d) => d.kind === 'verification')!.token;
    await client.send(
      new VerifySMSSandboxPhoneNumberCommand({
        PhoneNumber: phoneNumber,
        OneTimePassword: otp!,
      }),
    );
  }

  it('starts a new account in the SMS sandbox', async () => {
    expect(await client.send(new GetSMSSandboxAccountStatusCommand({}))).toMatchObject({ IsInSandbox: true });
    sns.setSmsSandbox(false);
    expect(await client.send(new GetSMSSandboxAccountStatusCommand({}))).toMatchObject({ IsInSandbox: false });
  });

  it('accepts a direct SMS to a number not verified in the sandbox, and does not deliver it', async () => {
    const { MessageId } = await client.send(
      new PublishCommand({
        PhoneNumber: '+15555550100',
        Message: 'Disk full on web-1',
      }),
    );
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sns.deliveries('+15555550100')).toMatchObject([{ kind: 'notification', body: 'Disk full on web-1', delivered: false }]);
  });

  it('verifies a destination number with the one-time password texted to it, then sends to it', async () => {
    await client.send(
      new CreateSMSSandboxPhoneNumberCommand({
        PhoneNumber: '+15555550100',
        LanguageCode: 'en-GB',
      }),
    );
    const [code] = sns.deliveries('+15555550100');
    expect(code).toMatchObject({
      protocol: 'sms',
      kind: 'verification',
      delivered: true,
    });
    expect(code!.token).toMatch(/^\d{6}$/);
    expect(code!.body).toContain(code!.token);
    expect((await client.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers).toEqual([{ PhoneNumber: '+15555550100', Status: 'Pending' }]);

    await client.send(
      new VerifySMSSandboxPhoneNumberCommand({
        PhoneNumber: '+15555550100',
        OneTimePassword: code!.token!,
      }),
    );
    expect((await client.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers).toEqual([{ PhoneNumber: '+15555550100', Status: 'Verified' }]);

    const { MessageId } = await client.send(
      new PublishCommand({
        PhoneNumber: '+15555550100',
        Message: 'Disk full on web-1',
      }),
    );
    expect(sns.deliveries('+15555550100').at(-1)).toEqual({
      protocol: 'sms',
      endpoint: '+15555550100',
      kind: 'notification',
      messageId: MessageId,
      body: 'Disk full on web-1',
      timestamp: now,
      delivered: true,
      smsType: 'Promotional',
    });
  });

  it('answers VerificationException, with the number still Pending, for a wrong one-time password', async () => {
    await client.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550100' }));
    const right = sns.deliveries('+15555550100')[0]!.token!;
    const wrong = right === '000000' ? '111111' : '000000';
    const error = await failure(
      client.send(
        new VerifySMSSandboxPhoneNumberCommand({
          PhoneNumber: '+15555550100',
          OneTimePassword: wrong,
        }),
      ),
    );
    expect(error).toBeInstanceOf(VerificationException);
    expect((error as VerificationException).Status).toBe('Pending');
    expect(error.message).toBe('Invalid one-time password.');
    const unknown = await failure(
      client.send(
        new VerifySMSSandboxPhoneNumberCommand({
          PhoneNumber: '+15555550199',
          OneTimePassword: right,
        }),
      ),
    );
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
  });

  it('checks phone numbers and codes against the API constraints', async () => {
    const badNumber = await failure(client.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '555-0100' })));
    expect(badNumber.message).toBe(
      "1 validation error detected: Value '555-0100' at 'phoneNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(\\+[0-9]{8,}|[0-9]{0,9})$",
    );
    await client.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550100' }));
    const shortCode = await failure(
      client.send(
        new VerifySMSSandboxPhoneNumberCommand({
          PhoneNumber: '+15555550100',
          OneTimePassword: '123',
        }),
      ),
    );
    expect(shortCode.message).toBe(
      "1 validation error detected: Value '123' at 'oneTimePassword' failed to satisfy constraint: Member must have length between 5 and 8",
    );
  });

  it('deletes a sandbox number only 24 hours after its verification', async () => {
    await verify('+15555550100');
    const early = await failure(client.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550100' })));
    expect(early).toBeInstanceOf(UserErrorException);
    now += DAY;
    await client.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550100' }));
    expect((await client.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers).toEqual([]);
    const gone = await failure(client.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550100' })));
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect((gone as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it('holds at most 10 destination numbers, and pages the list', async () => {
    for (let i = 0; i < 10; i++)
      await client.send(
        new CreateSMSSandboxPhoneNumberCommand({
          PhoneNumber: `+1555555010${i}`,
        }),
      );
    const full = await failure(client.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550110' })));
    expect(full).toBeInstanceOf(UserErrorException);
    const first = await client.send(new ListSMSSandboxPhoneNumbersCommand({ MaxResults: 4 }));
    expect(first.PhoneNumbers).toHaveLength(4);
    const second = await client.send(
      new ListSMSSandboxPhoneNumbersCommand({
        MaxResults: 100,
        NextToken: first.NextToken,
      }),
    );
    expect(second.PhoneNumbers?.map((n) => n.PhoneNumber)).toEqual([
      '+15555550104',
      '+15555550105',
      '+15555550106',
      '+15555550107',
      '+15555550108',
      '+15555550109',
    ]);
    expect(second.NextToken).toBeUndefined();
  });

  it('sends to any number once the account leaves the sandbox', async () => {
    sns.setSmsSandbox(false);
    await client.send(new PublishCommand({ PhoneNumber: '+447700900123', Message: 'hello' }));
    expect(sns.deliveries('+447700900123')).toMatchObject([{ kind: 'notification', delivered: true }]);
  });

  it('refuses a number that is not E.164 with AWS’s text', async () => {
    sns.setSmsSandbox(false);
    const error = await failure(client.send(new PublishCommand({ PhoneNumber: '15555550100x', Message: 'hi' })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('Invalid parameter: PhoneNumber Reason: +15555550100x is not valid to publish to');
  });

  it('records SMSType and SenderID, and checks their values', async () => {
    sns.addVerifiedPhoneNumber('+15555550100');
    const attributes = {
      'AWS.SNS.SMS.SMSType': {
        DataType: 'String',
        StringValue: 'Transactional',
      },
      'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'MyAlerts' },
    };
    await client.send(
      new PublishCommand({
        PhoneNumber: '+15555550100',
        Message: 'Your code is 1234',
        MessageAttributes: attributes,
      }),
    );
    expect(sns.deliveries('+15555550100').at(-1)).toMatchObject({
      smsType: 'Transactional',
      senderId: 'MyAlerts',
    });

    const badType = await failure(
      client.send(
        new PublishCommand({
          PhoneNumber: '+15555550100',
          Message: 'x',
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': {
              DataType: 'String',
              StringValue: 'Urgent',
            },
          },
        }),
      ),
    );
    expect(badType).toBeInstanceOf(InvalidParameterException);
    const badSender = await failure(
      client.send(
        new PublishCommand({
          PhoneNumber: '+15555550100',
          Message: 'x',
          MessageAttributes: {
            'AWS.SNS.SMS.SenderID': {
              DataType: 'String',
              StringValue: 'My Alerts',
            },
          },
        }),
      ),
    );
    expect(badSender).toBeInstanceOf(InvalidParameterException);
  });

  it('refuses an SMS publish over 1,600 bytes', async () => {
    sns.addVerifiedPhoneNumber('+15555550100');
    await client.send(
      new PublishCommand({
        PhoneNumber: '+15555550100',
        Message: 'x'.repeat(1600),
      }),
    );
    const error = await failure(
      client.send(
        new PublishCommand({
          PhoneNumber: '+15555550100',
          Message: 'x'.repeat(1601),
        }),
      ),
    );
    expect(error.message).toBe('Invalid parameter: Message too long');
  });

  it('subscribes any number to a topic, but in the sandbox delivers only to verified ones', async () => {
    await verify('+15555550100');
    const { TopicArn } = await client.send(
      new CreateTopicCommand({
        Name: 'alerts',
        Attributes: { DisplayName: 'Ops' },
      }),
    );
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sms',
        Endpoint: '+15555550100',
      }),
    );
    await client.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sms',
        Endpoint: '+15555550199',
      }),
    );
    const { MessageId } = await client.send(new PublishCommand({ TopicArn, Message: 'CPU above 90%' }));
    const sent = sns.deliveries().filter((d) => d.kind === 'notification');
    expect(sent).toMatchObject([
      {
        endpoint: '+15555550100',
        messageId: MessageId,
        body: 'OPS> CPU above 90%',
        delivered: true,
        smsType: 'Promotional',
      },
      {
        endpoint: '+15555550199',
        messageId: MessageId,
        body: 'OPS> CPU above 90%',
        delivered: false,
      },
    ]);
  });

  it('lists every publish, to a topic or straight to a number, oldest first, with its subject and attributes', async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'pager' }));
    const toTopic = await client.send(new PublishCommand({ TopicArn, Subject: 'Escalated', Message: 'T-9001 escalated' }));
    now += 1000;
    const toPhone = await client.send(
      new PublishCommand({
        PhoneNumber: '+15555550100',
        Message: 'Your parcel is out for delivery',
        MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
      }),
    );
    expect(sns.publishes()).toEqual([
      { messageId: toTopic.MessageId, topicArn: TopicArn, subject: 'Escalated', message: 'T-9001 escalated', attributes: {}, timestamp: Date.UTC(2026, 0, 2) },
      {
        messageId: toPhone.MessageId,
        phoneNumber: '+15555550100',
        message: 'Your parcel is out for delivery',
        attributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        timestamp: Date.UTC(2026, 0, 2) + 1000,
      },
    ]);
    // Copies: changing what was read changes nothing.
    sns.publishes()[1]!.attributes['AWS.SNS.SMS.SMSType']!.StringValue = 'Promotional';
    sns.publishes().pop();
    expect(sns.publishes()).toHaveLength(2);
    expect(sns.publishes()[1]!.attributes['AWS.SNS.SMS.SMSType']!.StringValue).toBe('Transactional');
  });
});
