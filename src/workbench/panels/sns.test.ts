import { describe, expect, it } from 'vitest';
import type { SnsDelivery, SnsPublish } from '../../services/sns/topics.ts';
import { snsRows } from './sns.ts';

const AT = Date.UTC(2026, 10, 30, 9, 0, 0);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:oncall-pager';

describe('the SNS panel’s rows', () => {
  it('joins each publish with what SNS did with it, and says when the SMS sandbox held a text back', () => {
    const publishes: SnsPublish[] = [
      { messageId: 'm1', topicArn: TOPIC, message: 'ESCALATED T-9001', attributes: {}, timestamp: AT },
      {
        messageId: 'm2',
        phoneNumber: '+447700900123',
        message: 'Your parcel is out for delivery',
        subject: 'Parcel',
        attributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
        timestamp: AT + 1000,
      },
    ];
    const deliveries: SnsDelivery[] = [
      { protocol: 'sms', endpoint: '+15555550199', topicArn: TOPIC, kind: 'notification', messageId: 'm1', body: 'PAGER> ESCALATED T-9001', timestamp: AT, delivered: true, smsType: 'Promotional' },
      { protocol: 'sms', endpoint: '+447700900123', kind: 'notification', messageId: 'm2', body: 'Your parcel is out for delivery', timestamp: AT + 1000, delivered: false, smsType: 'Transactional' },
    ];
    expect(snsRows(publishes, deliveries)).toEqual([
      { id: 'm1', at: '09:00:00', to: 'topic oncall-pager', message: 'ESCALATED T-9001', attributes: [], deliveries: [{ ok: true, text: 'sms +15555550199: delivered as “PAGER> ESCALATED T-9001” (Promotional)' }] },
      {
        id: 'm2',
        at: '09:00:01',
        to: 'SMS to +447700900123',
        subject: 'Parcel',
        message: 'Your parcel is out for delivery',
        attributes: ['AWS.SNS.SMS.SMSType (String): Transactional'],
        deliveries: [{ ok: false, text: 'sms +447700900123: held back by the SMS sandbox: the account may text only its verified destination numbers' }],
      },
    ]);
  });

  it('lists SNS’s own texts among the publishes by time', () => {
    const rows = snsRows(
      [{ messageId: 'm1', topicArn: TOPIC, message: 'hello', attributes: {}, timestamp: AT + 5000 }],
      [{ protocol: 'sms', endpoint: '+15555550100', kind: 'verification', messageId: 'v1', body: 'Your Amazon SNS verification code is 123456', timestamp: AT, delivered: true, token: '123456' }],
    );
    expect(rows.map((r) => `${r.id} ${r.at} ${r.to}: ${r.message}`)).toEqual(['v1 09:00:00 verification code to +15555550100: Your Amazon SNS verification code is 123456', 'm1 09:00:05 topic oncall-pager: hello']);
    expect(rows[1]!.deliveries).toEqual([]);
  });
});
