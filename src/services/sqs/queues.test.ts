import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../bus/clock.ts';
import { seededRandom } from '../../bus/random.ts';
import { SqsQueues } from './queues.ts';

function setup() {
  const clock = new VirtualClock(0);
  const sqs = new SqsQueues({ now: () => clock.now(), random: seededRandom(3), account: '123456789012', region: 'us-east-1' });
  const { QueueUrl } = sqs.createQueue({ QueueName: 'orders', Attributes: { VisibilityTimeout: '30' } });
  const counts = () => {
    const a = sqs.getQueueAttributes({ QueueUrl, AttributeNames: ['All'] }).Attributes!;
    return { visible: a.ApproximateNumberOfMessages, inFlight: a.ApproximateNumberOfMessagesNotVisible, delayed: a.ApproximateNumberOfMessagesDelayed };
  };
  return { clock, sqs, QueueUrl, counts };
}

describe('the in-memory SQS queue', () => {
  it('hides a received message for the visibility timeout, then offers it again', async () => {
    const { clock, sqs, QueueUrl, counts } = setup();
    sqs.sendMessage({ QueueUrl, MessageBody: 'order 1' });
    const first = sqs.receiveMessage({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }).Messages!;
    expect(first[0]).toMatchObject({ Body: 'order 1', Attributes: { ApproximateReceiveCount: '1' } });
    expect(counts()).toEqual({ visible: '0', inFlight: '1', delayed: '0' });
    expect(sqs.receiveMessage({ QueueUrl }).Messages).toBeUndefined();

    await clock.advance(30_000);
    const second = sqs.receiveMessage({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }).Messages!;
    expect(second[0]).toMatchObject({ Body: 'order 1', Attributes: { ApproximateReceiveCount: '2' } });
    expect(second[0]!.ReceiptHandle).not.toBe(first[0]!.ReceiptHandle);

    sqs.deleteMessage({ QueueUrl, ReceiptHandle: second[0]!.ReceiptHandle });
    expect(counts()).toEqual({ visible: '0', inFlight: '0', delayed: '0' });
  });

  it('counts a message sent with DelaySeconds as delayed until it becomes visible', async () => {
    const { clock, sqs, QueueUrl, counts } = setup();
    sqs.sendMessage({ QueueUrl, MessageBody: 'later', DelaySeconds: 60 });
    expect(counts()).toEqual({ visible: '0', inFlight: '0', delayed: '1' });
    await clock.advance(60_000);
    expect(counts()).toEqual({ visible: '1', inFlight: '0', delayed: '0' });
  });

  it('returns the MD5 of the body that the SDK checks', () => {
    const { sqs, QueueUrl } = setup();
    expect(sqs.sendMessage({ QueueUrl, MessageBody: 'abc' }).MD5OfMessageBody).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(sqs.receiveMessage({ QueueUrl }).Messages![0]!.MD5OfBody).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('refuses out-of-range parameters with SQS’s messages', () => {
    const { sqs, QueueUrl } = setup();
    expect(() => sqs.receiveMessage({ QueueUrl, MaxNumberOfMessages: 11 })).toThrow(
      'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    );
    expect(() => sqs.receiveMessage({ QueueUrl, VisibilityTimeout: 43_201 })).toThrow(
      'Value 43201 for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.',
    );
    expect(() => sqs.sendMessage({ QueueUrl, MessageBody: 'x', DelaySeconds: 901 })).toThrow(
      'Value 901 for parameter DelaySeconds is invalid. Reason: Must be between 0 and 900, if provided.',
    );
    // 1 MiB by default now; 256 KiB before.
    expect(() => sqs.sendMessage({ QueueUrl, MessageBody: 'x'.repeat(1_048_576) })).not.toThrow();
    expect(() => sqs.sendMessage({ QueueUrl, MessageBody: 'x'.repeat(1_048_577) })).toThrow(
      'One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.',
    );
    expect(() => sqs.getQueueUrl({ QueueName: 'nope' })).toThrow('The specified queue does not exist.');
  });

  it('keeps an existing queue on CreateQueue with the same attributes, and refuses different ones', () => {
    const { sqs, QueueUrl } = setup();
    expect(sqs.createQueue({ QueueName: 'orders', Attributes: { VisibilityTimeout: '30' } }).QueueUrl).toBe(QueueUrl);
    expect(() => sqs.createQueue({ QueueName: 'orders', Attributes: { VisibilityTimeout: '60' } })).toThrow(
      'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
    );
  });
});
