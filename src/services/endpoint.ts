// One entry point for every AWS API request the simulated account answers, whatever carries it: the local
// HTTP endpoint (src/server), or an AWS SDK request handler in the page or a sandbox. JSON APIs (EventBridge,
// SQS, DynamoDB, CloudWatch Logs) are routed by their `X-Amz-Target` prefix, SNS's query protocol by its Version, and
// the REST APIs (SESv2, EventBridge Scheduler, EventBridge Pipes) by their paths; each protocol checks its own content
// type, as AWS's front ends do.

import { EVENTS_CONTENT_TYPE, EVENTS_TARGET_PREFIX, handleEventsRequest } from '../bus/api/events-protocol.ts';
import { errorResponse, unknownOperation, type WireRequest, type WireResponse } from '../bus/api/wire.ts';
import { AwsServiceError } from '../bus/errors.ts';
import type { Cloud } from './cloud.ts';
import { DYNAMODB_CONTENT_TYPE, DYNAMODB_TARGET_PREFIX, handleDynamoDbRequest } from './dynamodb/json-protocol.ts';
import { handleLogsRequest, LOGS_CONTENT_TYPE, LOGS_TARGET_PREFIX } from './cloudwatch/logs-protocol.ts';
import { handlePipesRequest, isPipesRequest } from './pipes/rest-protocol.ts';
import { handleSchedulerRequest, isSchedulerRequest } from './scheduler/rest-protocol.ts';
import { handleSesRequest, SES_PATH_PREFIX } from './ses/rest-protocol.ts';
import { handleSnsRequest, SNS_CONTENT_TYPE, SNS_VERSION } from './sns/query-protocol.ts';
import { handleSqsRequest, SQS_CONTENT_TYPE, SQS_TARGET_PREFIX } from './sqs/json-protocol.ts';

export type { WireRequest, WireResponse };

export function handleAwsRequest(cloud: Cloud, request: WireRequest, requestId: string): WireResponse {
  const target = request.target ?? '';
  const mediaType = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === SNS_CONTENT_TYPE) {
    // The query protocol names the API by its Version: SNS is the only query API the account answers.
    if (new URLSearchParams(request.body).get('Version') === SNS_VERSION) return handleSnsRequest(cloud.sns, request, requestId);
    return queryProtocolRefused(request.body, requestId);
  }
  if (!target && request.path?.startsWith(SES_PATH_PREFIX)) return handleSesRequest(cloud.ses, request, requestId);
  if (!target && isSchedulerRequest(request)) return handleSchedulerRequest(cloud.scheduler, request, requestId);
  if (!target && isPipesRequest(request)) return handlePipesRequest(cloud.pipes, request, requestId);
  if (target.startsWith(DYNAMODB_TARGET_PREFIX)) {
    if (mediaType !== DYNAMODB_CONTENT_TYPE) return wrongContentType(DYNAMODB_CONTENT_TYPE, mediaType, requestId);
    return handleDynamoDbRequest(cloud.dynamodb, request, requestId);
  }
  if (target.startsWith(LOGS_TARGET_PREFIX)) {
    if (mediaType !== LOGS_CONTENT_TYPE) return wrongContentType(LOGS_CONTENT_TYPE, mediaType, requestId);
    return handleLogsRequest(cloud.logs, request, requestId);
  }
  if (target.startsWith(EVENTS_TARGET_PREFIX)) {
    if (mediaType !== EVENTS_CONTENT_TYPE) return wrongContentType(EVENTS_CONTENT_TYPE, mediaType, requestId);
    return handleEventsRequest(cloud.events, request, requestId);
  }
  if (target.startsWith(SQS_TARGET_PREFIX)) {
    if (mediaType !== SQS_CONTENT_TYPE) return wrongContentType(SQS_CONTENT_TYPE, mediaType, requestId);
    return handleSqsRequest(cloud.sqs, request, requestId);
  }
  return errorResponse(EVENTS_CONTENT_TYPE, unknownOperation(request.target), requestId);
}

function wrongContentType(expected: string, got: string, requestId: string): WireResponse {
  const error = new AwsServiceError('UnsupportedMediaTypeException', `Expected Content-Type ${expected}, got ${got || 'none'}.`, 415);
  return errorResponse(expected, error, requestId);
}

/**
 * Older SDKs and AWS CLIs (before SQS moved to JSON in 2023) speak SQS's XML query protocol. Answer them in
 * XML, so they show a readable error instead of failing to parse the reply.
 */
function queryProtocolRefused(body: string, requestId: string): WireResponse {
  const action = new URLSearchParams(body).get('Action') ?? 'the request';
  const message = `${action} arrived in the query (XML) protocol; this simulator speaks AWS's JSON protocols. Use a current AWS CLI v2 or SDK.`;
  return {
    status: 400,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
