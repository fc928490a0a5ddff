// The SQS API on the wire (AWS JSON 1.0, `X-Amz-Target: AmazonSQS.<Operation>`), as the AWS SDK v3 speaks
// it. Errors carry both the JSON error type and SQS's legacy query code in `x-amzn-query-error`, which the
// SDK reads to raise its typed exceptions (QueueDoesNotExist, ...).

import { asServiceError } from '../../bus/api/events-protocol.ts';
import { errorResponse, jsonResponse, parseBody, unknownOperation, type WireRequest, type WireResponse } from '../../bus/api/wire.ts';
import { SqsError, type SqsQueues } from './queues.ts';

export const SQS_CONTENT_TYPE = 'application/x-amz-json-1.0';
export const SQS_TARGET_PREFIX = 'AmazonSQS.';

const operations = {
  CreateQueue: 'createQueue',
  GetQueueUrl: 'getQueueUrl',
  ListQueues: 'listQueues',
  DeleteQueue: 'deleteQueue',
  SendMessage: 'sendMessage',
  ReceiveMessage: 'receiveMessage',
  DeleteMessage: 'deleteMessage',
  GetQueueAttributes: 'getQueueAttributes',
  PurgeQueue: 'purgeQueue',
} as const satisfies Record<string, keyof SqsQueues>;

export function handleSqsRequest(sqs: SqsQueues, request: WireRequest, requestId: string): WireResponse {
  try {
    const name = request.target?.startsWith(SQS_TARGET_PREFIX) ? request.target.slice(SQS_TARGET_PREFIX.length) : undefined;
    const method = name !== undefined && Object.hasOwn(operations, name) ? operations[name as keyof typeof operations] : undefined;
    if (!method) throw unknownOperation(request.target);
    const answer = (sqs[method] as (input: unknown) => unknown).call(sqs, parseBody(request.body));
    return jsonResponse(SQS_CONTENT_TYPE, answer, requestId);
  } catch (error) {
    const serviceError = asServiceError(error);
    const queryHeader: Record<string, string> = serviceError instanceof SqsError ? { 'x-amzn-query-error': serviceError.queryError } : {};
    return errorResponse(SQS_CONTENT_TYPE, serviceError, requestId, 'com.amazonaws.sqs#', queryHeader);
  }
}
