// The EventBridge Pipes API on the wire (AWS REST-JSON, service `pipes`), with the paths and methods of the API
// model in @aws-sdk/client-pipes: /v1/pipes/{Name} (POST create, GET describe, PUT update, DELETE delete),
// /v1/pipes/{Name}/start and /stop, GET /v1/pipes with its filters in the query string, and /tags/{resourceArn}.
// Timestamps travel as epoch seconds. Errors are the status, an `x-amzn-errortype` header and a `{"message": ...}`
// body (the model's member is lower-case), from which the SDK raises ConflictException, NotFoundException,
// ValidationException, ... https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html

import { asServiceError, parseBody, type WireRequest, type WireResponse } from '../../bus/api/wire.ts';
import { checkShape, list, map, struct, type Shape } from '../../bus/api/shapes.ts';
import { AwsServiceError } from '../../bus/errors.ts';
import type { Pipes } from './pipes.ts';

/** Whether a REST request is for the Pipes API: its paths, or tags of a pipe's ARN. */
export function isPipesRequest(request: WireRequest): boolean {
  const path = request.path ?? '';
  if (/^\/v1\/pipes(\/|$|\?)/.test(path)) return true;
  if (!path.startsWith('/tags/')) return false;
  try {
    return /^arn:aws[a-z-]*:pipes:/.test(decodeURIComponent(path.slice('/tags/'.length)));
  } catch {
    return false;
  }
}

const deadLetterConfig = struct({ Arn: 'string' });
const sourceParameters = struct({
  FilterCriteria: struct({ Filters: list(struct({ Pattern: 'string' })) }),
  DynamoDBStreamParameters: struct({
    BatchSize: 'integer',
    DeadLetterConfig: deadLetterConfig,
    OnPartialBatchItemFailure: 'string',
    MaximumBatchingWindowInSeconds: 'integer',
    MaximumRecordAgeInSeconds: 'integer',
    MaximumRetryAttempts: 'integer',
    ParallelizationFactor: 'integer',
    StartingPosition: 'string',
  }),
  KinesisStreamParameters: 'any',
  SqsQueueParameters: 'any',
  ActiveMQBrokerParameters: 'any',
  RabbitMQBrokerParameters: 'any',
  ManagedStreamingKafkaParameters: 'any',
  SelfManagedKafkaParameters: 'any',
});
const enrichmentParameters = struct({ InputTemplate: 'string', HttpParameters: 'any' });
const targetParameters = struct({
  InputTemplate: 'string',
  LambdaFunctionParameters: struct({ InvocationType: 'string' }),
  SqsQueueParameters: struct({ MessageGroupId: 'string', MessageDeduplicationId: 'string' }),
  EventBridgeEventBusParameters: struct({ EndpointId: 'string', DetailType: 'string', Source: 'string', Resources: list('string'), Time: 'string' }),
  StepFunctionStateMachineParameters: 'any',
  KinesisStreamParameters: 'any',
  EcsTaskParameters: 'any',
  BatchJobParameters: 'any',
  HttpParameters: 'any',
  RedshiftDataParameters: 'any',
  SageMakerPipelineParameters: 'any',
  CloudWatchLogsParameters: 'any',
  TimestreamParameters: 'any',
});
/** CreatePipe's and UpdatePipe's body, as checked before the operation runs. */
export const pipeBody = struct({
  Description: 'string',
  DesiredState: 'string',
  Source: 'string',
  SourceParameters: sourceParameters,
  Enrichment: 'string',
  EnrichmentParameters: enrichmentParameters,
  Target: 'string',
  TargetParameters: targetParameters,
  RoleArn: 'string',
  Tags: map('string'),
  LogConfiguration: 'any',
  KmsKeyIdentifier: 'string',
});

interface Route {
  method: string;
  /** Path segments; `*` takes one URL-encoded segment. */
  path: string[];
  body?: Shape;
  /** Query parameters → request members; `*` lists take every value of a repeated parameter. */
  query?: Record<string, string>;
  /** Which request member the `*` segment fills. */
  label?: string;
  call: (pipes: Pipes, input: Record<string, unknown>) => unknown;
}

const routes: Route[] = [
  { method: 'POST', path: ['v1', 'pipes', '*'], label: 'Name', body: pipeBody, call: (p, i) => p.createPipe(i as never) },
  { method: 'GET', path: ['v1', 'pipes', '*'], label: 'Name', call: (p, i) => p.describePipe(i as never) },
  { method: 'PUT', path: ['v1', 'pipes', '*'], label: 'Name', body: pipeBody, call: (p, i) => p.updatePipe(i as never) },
  { method: 'DELETE', path: ['v1', 'pipes', '*'], label: 'Name', call: (p, i) => p.deletePipe(i as never) },
  { method: 'POST', path: ['v1', 'pipes', '*', 'start'], label: 'Name', call: (p, i) => p.startPipe(i as never) },
  { method: 'POST', path: ['v1', 'pipes', '*', 'stop'], label: 'Name', call: (p, i) => p.stopPipe(i as never) },
  {
    method: 'GET',
    path: ['v1', 'pipes'],
    query: { NamePrefix: 'NamePrefix', DesiredState: 'DesiredState', CurrentState: 'CurrentState', SourcePrefix: 'SourcePrefix', TargetPrefix: 'TargetPrefix', NextToken: 'NextToken', Limit: 'Limit' },
    call: (p, i) => p.listPipes(i as never),
  },
  { method: 'GET', path: ['tags', '*'], label: 'resourceArn', call: (p, i) => p.listTagsForResource(i as never) },
  { method: 'POST', path: ['tags', '*'], label: 'resourceArn', body: struct({ tags: map('string') }), call: (p, i) => p.tagResource(i as never) },
  { method: 'DELETE', path: ['tags', '*'], label: 'resourceArn', query: { tagKeys: '*tagKeys' }, call: (p, i) => p.untagResource(i as never) },
];

export function handlePipesRequest(pipes: Pipes, request: WireRequest, requestId: string): WireResponse {
  try {
    const method = (request.method ?? 'POST').toUpperCase();
    const [rawPath = '', queryText = ''] = (request.path ?? '/').split('?', 2);
    const segments = rawPath.split('/').filter(Boolean).map(decodeSegment);
    const route = routes.find((r) => r.method === method && r.path.length === segments.length && r.path.every((p, i) => p === '*' || p === segments[i]));
    if (!route) throw new AwsServiceError('UnknownOperationException', `The simulator does not answer ${method} ${rawPath} in the Pipes API.`, 404);
    const input: Record<string, unknown> = {};
    if (route.body) {
      Object.assign(input, parseBody(request.body));
      checkShape(input, route.body, '');
    }
    const query = new URLSearchParams(queryText);
    for (const [parameter, member] of Object.entries(route.query ?? {})) {
      if (member.startsWith('*')) {
        const values = query.getAll(parameter);
        if (values.length > 0) input[member.slice(1)] = values;
      } else {
        const value = query.get(parameter);
        if (value !== null) input[member] = member === 'Limit' ? integer(parameter, value) : value;
      }
    }
    if (route.label) input[route.label] = segments[route.path.indexOf('*')];
    const answer = route.call(pipes, input);
    return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, body: JSON.stringify(answer ?? {}, toWire) };
  } catch (error) {
    const serviceError = asServiceError(error);
    return {
      status: serviceError.httpStatus,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': serviceError.name },
      body: JSON.stringify({ message: serviceError.message }),
    };
  }
}

function integer(parameter: string, text: string): number {
  const value = Number(text);
  // Wording not confirmed against AWS.
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) throw new AwsServiceError('SerializationException', `Expected an integer for the query parameter ${parameter}, got ${JSON.stringify(text)}.`);
  return value;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AwsServiceError('ValidationException', `Invalid path segment ${segment}.`);
  }
}

/** Timestamps travel as epoch seconds in REST-JSON bodies. */
function toWire(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Date ? original.getTime() / 1000 : value;
}
