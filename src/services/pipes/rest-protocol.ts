// The EventBridge Pipes API on the wire (AWS REST-JSON, service `pipes`), with the paths and methods of the API
// model in @aws-sdk/client-pipes: /v1/pipes/{Name} (POST create, GET describe, PUT update, DELETE delete),
// /v1/pipes/{Name}/start and /stop, GET /v1/pipes with its filters in the query string, and /tags/{resourceArn}.
// Timestamps travel as epoch seconds. Errors are the status, an `x-amzn-errortype` header and a `{"message": ...}`
// body (the model's member is lower-case), from which the SDK raises ConflictException, NotFoundException,
// ValidationException, ... https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html

import { handleRestJson, type RestJsonApi, type RestRoute } from '../../bus/api/rest-json.ts';
import type { WireRequest, WireResponse } from '../../bus/api/wire.ts';
import { list, map, struct, type Shape } from '../../bus/api/shapes.ts';
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

type Route = RestRoute<Pipes>;

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

const api: RestJsonApi<Pipes> = {
  name: 'the Pipes API',
  routes,
  integers: ['Limit'],
  errorBody: (message) => ({ message }),
};

export function handlePipesRequest(pipes: Pipes, request: WireRequest, requestId: string): WireResponse {
  return handleRestJson(api, pipes, request, requestId);
}

