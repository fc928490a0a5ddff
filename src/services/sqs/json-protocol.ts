// The SQS API on the wire (AWS JSON 1.0, `X-Amz-Target: AmazonSQS.<Operation>`), as the AWS SDK v3 speaks
// it. Errors carry both the JSON error type and SQS's legacy query code in `x-amzn-query-error`, which the
// SDK reads to raise its typed exceptions (QueueDoesNotExist, ...).

import { list, map, struct, type Shape } from '../../bus/api/shapes.ts';
import { asServiceError, errorResponse, invokeOperation, jsonResponse, type WireRequest, type WireResponse } from '../../bus/api/wire.ts';
import { SqsError, type SqsQueues } from './queues.ts';

export const SQS_CONTENT_TYPE = 'application/x-amz-json-1.0';
export const SQS_TARGET_PREFIX = 'AmazonSQS.';

const messageAttributes = map(struct({ StringValue: 'string', BinaryValue: 'string', StringListValues: list('string'), BinaryListValues: list('string'), DataType: 'string' }));

// Operation name → the SqsQueues method that answers it, and the member types of its request.
const operations = {
  CreateQueue: { method: 'createQueue', input: struct({ QueueName: 'string', Attributes: map('string'), tags: map('string') }) },
  GetQueueUrl: { method: 'getQueueUrl', input: struct({ QueueName: 'string', QueueOwnerAWSAccountId: 'string' }) },
  ListQueues: { method: 'listQueues', input: struct({ QueueNamePrefix: 'string', NextToken: 'string', MaxResults: 'integer' }) },
  DeleteQueue: { method: 'deleteQueue', input: struct({ QueueUrl: 'string' }) },
  SendMessage: {
    method: 'sendMessage',
    input: struct({
      QueueUrl: 'string',
      MessageBody: 'string',
      DelaySeconds: 'integer',
      MessageAttributes: messageAttributes,
      MessageSystemAttributes: 'any',
      MessageDeduplicationId: 'string',
      MessageGroupId: 'string',
    }),
  },
  ReceiveMessage: {
    method: 'receiveMessage',
    input: struct({
      QueueUrl: 'string',
      AttributeNames: list('string'),
      MessageSystemAttributeNames: list('string'),
      MessageAttributeNames: list('string'),
      MaxNumberOfMessages: 'integer',
      VisibilityTimeout: 'integer',
      WaitTimeSeconds: 'integer',
      ReceiveRequestAttemptId: 'string',
    }),
  },
  DeleteMessage: { method: 'deleteMessage', input: struct({ QueueUrl: 'string', ReceiptHandle: 'string' }) },
  DeleteMessageBatch: { method: 'deleteMessageBatch', input: struct({ QueueUrl: 'string', Entries: list(struct({ Id: 'string', ReceiptHandle: 'string' })) }) },
  ChangeMessageVisibility: { method: 'changeMessageVisibility', input: struct({ QueueUrl: 'string', ReceiptHandle: 'string', VisibilityTimeout: 'integer' }) },
  GetQueueAttributes: { method: 'getQueueAttributes', input: struct({ QueueUrl: 'string', AttributeNames: list('string') }) },
  PurgeQueue: { method: 'purgeQueue', input: struct({ QueueUrl: 'string' }) },
} as const satisfies Record<string, { method: keyof SqsQueues; input: Shape }>;

/** Each operation's request members and their shapes, for tests that throw odd values at every member. */
export const sqsRequestShapes: Record<string, Shape> = Object.fromEntries(Object.entries(operations).map(([name, op]) => [name, op.input]));

export function handleSqsRequest(sqs: SqsQueues, request: WireRequest, requestId: string): WireResponse {
  try {
    return jsonResponse(SQS_CONTENT_TYPE, invokeOperation(sqs, operations, SQS_TARGET_PREFIX, request), requestId);
  } catch (error) {
    const serviceError = asServiceError(error);
    const queryHeader: Record<string, string> = serviceError instanceof SqsError ? { 'x-amzn-query-error': serviceError.queryError } : {};
    return errorResponse(SQS_CONTENT_TYPE, serviceError, requestId, 'com.amazonaws.sqs#', queryHeader);
  }
}
