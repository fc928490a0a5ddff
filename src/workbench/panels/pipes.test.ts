import { describe, expect, it } from 'vitest';
import type { PipeExecution } from '../../services/pipes/journal.ts';
import type { StreamRecord } from '../../services/dynamodb/streams.ts';
import { pipeBatchRows } from './pipes.ts';

const AT = Date.UTC(2026, 11, 1, 9, 0, 0);
const PIPE = 'arn:aws:pipes:us-east-1:123456789012:pipe/orders-outbox';

const record = (eventID: string, eventName: StreamRecord['eventName'], id: string): StreamRecord => ({
  eventID,
  eventName,
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'us-east-1',
  dynamodb: { ApproximateCreationDateTime: AT / 1000, Keys: { id: { S: id } }, SequenceNumber: '1', SizeBytes: 20, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-12-01T00:00:00.000',
});

const execution = (overrides: Partial<PipeExecution>): PipeExecution => ({
  executionId: 'x',
  pipeName: 'orders-outbox',
  pipeArn: PIPE,
  startedAt: AT,
  records: [],
  filteredOut: [],
  attempts: [],
  discarded: [],
  outcome: 'succeeded',
  ...overrides,
});

describe('the Pipes panel’s rows', () => {
  it('shows each record read, marks those the filter dropped, and what the enrichment returned and the bus received', () => {
    const rows = pipeBatchRows([
      execution({
        records: [record('a', 'INSERT', 'o-1001'), record('b', 'MODIFY', 'cart-c-17')],
        filteredOut: ['b'],
        attempts: [
          {
            attemptNumber: 1,
            at: AT,
            eventIds: ['a'],
            enrichment: { functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:enrich', input: [{}], output: [{ eventType: 'OrderPlaced' }] },
            target: { targetArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default', input: [{}], entries: [{ DetailType: 'OrderPlaced', Detail: '{}' }], eventIds: ['e1'] },
            outcome: 'succeeded',
          },
        ],
      }),
    ]);
    expect(rows).toEqual([
      {
        id: 'x',
        title: '09:00:00 orders-outbox',
        records: ['INSERT o-1001', 'MODIFY cart-c-17 (dropped by the filter)'],
        attempts: [{ ok: true, text: 'attempt 1: 1 record; to the enrichment, which returned 1 item; 1 event put on the bus (OrderPlaced)', output: JSON.stringify([{ eventType: 'OrderPlaced' }], null, 2) }],
        outcome: { ok: true, text: 'Done.' },
      },
    ]);
  });

  it('says when a batch failed, and where its records went when the pipe gave up', () => {
    const [row] = pipeBatchRows([
      execution({
        records: [record('a', 'INSERT', 'o-1')],
        attempts: [{ attemptNumber: 1, at: AT, eventIds: ['a'], outcome: 'failed', error: { stage: 'target', code: 'MalformedDetail', message: 'Detail is malformed.' } }],
        discarded: [{ eventIds: ['a'], condition: 'RetryAttemptsExhausted', at: AT + 5000, deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:outbox-failures' }],
        outcome: 'discarded',
      }),
    ]);
    expect(row!.attempts).toEqual([{ ok: false, text: 'attempt 1: 1 record; failed in the target: MalformedDetail: Detail is malformed.' }]);
    expect(row!.outcome).toEqual({ ok: false, text: '1 record given up (RetryAttemptsExhausted), described in outbox-failures' });
  });
});
