// The EventBridge API on the wire (AWS JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`): decodes a request,
// calls the EventBridge simulator, and encodes its answer or its error as AWS does.

import type { EventBridge } from '../event-bridge.ts';
import { list, map, struct, type Shape } from './shapes.ts';
import { asServiceError, errorResponse, invokeOperation, jsonResponse, type WireRequest, type WireResponse } from './wire.ts';

export const EVENTS_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const EVENTS_TARGET_PREFIX = 'AWSEvents.';

const target = struct({
  Id: 'string',
  Arn: 'string',
  RoleArn: 'string',
  Input: 'string',
  InputPath: 'string',
  InputTransformer: struct({ InputPathsMap: map('string'), InputTemplate: 'string' }),
  SqsParameters: struct({ MessageGroupId: 'string' }),
  DeadLetterConfig: struct({ Arn: 'string' }),
  RetryPolicy: struct({ MaximumRetryAttempts: 'integer', MaximumEventAgeInSeconds: 'integer' }),
  KinesisParameters: 'any',
  RunCommandParameters: 'any',
  EcsParameters: 'any',
  BatchParameters: 'any',
  HttpParameters: struct({ PathParameterValues: list('string'), HeaderParameters: map('string'), QueryStringParameters: map('string') }),
  RedshiftDataParameters: 'any',
  SageMakerPipelineParameters: 'any',
  AppSyncParameters: 'any',
});
const tags = list(struct({ Key: 'string', Value: 'string' }));
const connectionParameter = list(struct({ Key: 'string', Value: 'string', IsValueSecret: 'boolean' }));
const connectionHttpParameters = struct({ HeaderParameters: connectionParameter, QueryStringParameters: connectionParameter, BodyParameters: connectionParameter });
const authParameters = struct({
  BasicAuthParameters: struct({ Username: 'string', Password: 'string' }),
  OAuthParameters: struct({
    ClientParameters: struct({ ClientID: 'string', ClientSecret: 'string' }),
    AuthorizationEndpoint: 'string',
    HttpMethod: 'string',
    OAuthHttpParameters: connectionHttpParameters,
  }),
  ApiKeyAuthParameters: struct({ ApiKeyName: 'string', ApiKeyValue: 'string' }),
  InvocationHttpParameters: connectionHttpParameters,
  ConnectivityParameters: 'any',
});
const apiDestination = {
  Name: 'string',
  Description: 'string',
  ConnectionArn: 'string',
  InvocationEndpoint: 'string',
  HttpMethod: 'string',
  InvocationRateLimitPerSecond: 'integer',
} as const;
const page = { NextToken: 'string', Limit: 'integer' } as const;

// Operation name → the EventBridge method that answers it (taking the SDK's request shape), and the member
// types of its request from the API model.
const operations = {
  PutEvents: {
    method: 'putEvents',
    input: struct({
      Entries: list(struct({ Time: 'timestamp', Source: 'string', Resources: list('string'), DetailType: 'string', Detail: 'string', EventBusName: 'string', TraceHeader: 'string' })),
      EndpointId: 'string',
    }),
  },
  PutRule: {
    method: 'putRule',
    input: struct({ Name: 'string', ScheduleExpression: 'string', EventPattern: 'string', State: 'string', Description: 'string', RoleArn: 'string', Tags: tags, EventBusName: 'string' }),
  },
  DescribeRule: { method: 'describeRule', input: struct({ Name: 'string', EventBusName: 'string' }) },
  ListRules: { method: 'listRules', input: struct({ NamePrefix: 'string', EventBusName: 'string', ...page }) },
  DeleteRule: { method: 'deleteRule', input: struct({ Name: 'string', EventBusName: 'string', Force: 'boolean' }) },
  EnableRule: { method: 'enableRule', input: struct({ Name: 'string', EventBusName: 'string' }) },
  DisableRule: { method: 'disableRule', input: struct({ Name: 'string', EventBusName: 'string' }) },
  PutTargets: { method: 'putTargets', input: struct({ Rule: 'string', EventBusName: 'string', Targets: list(target) }) },
  RemoveTargets: { method: 'removeTargets', input: struct({ Rule: 'string', EventBusName: 'string', Ids: list('string'), Force: 'boolean' }) },
  ListTargetsByRule: { method: 'listTargetsByRule', input: struct({ Rule: 'string', EventBusName: 'string', ...page }) },
  ListRuleNamesByTarget: { method: 'listRuleNamesByTarget', input: struct({ TargetArn: 'string', EventBusName: 'string', ...page }) },
  TestEventPattern: { method: 'testEventPattern', input: struct({ EventPattern: 'string', Event: 'string' }) },
  CreateEventBus: {
    method: 'createEventBus',
    input: struct({
      Name: 'string',
      EventSourceName: 'string',
      Description: 'string',
      KmsKeyIdentifier: 'string',
      DeadLetterConfig: struct({ Arn: 'string' }),
      LogConfig: struct({ IncludeDetail: 'string', Level: 'string' }),
      Tags: tags,
    }),
  },
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateEventBus.html
  UpdateEventBus: {
    method: 'updateEventBus',
    input: struct({ Name: 'string', Description: 'string', KmsKeyIdentifier: 'string', DeadLetterConfig: struct({ Arn: 'string' }), LogConfig: struct({ IncludeDetail: 'string', Level: 'string' }) }),
  },
  DescribeEventBus: { method: 'describeEventBus', input: struct({ Name: 'string' }) },
  ListEventBuses: { method: 'listEventBuses', input: struct({ NamePrefix: 'string', ...page }) },
  DeleteEventBus: { method: 'deleteEventBus', input: struct({ Name: 'string' }) },
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
  PutPermission: {
    method: 'putPermission',
    input: struct({ EventBusName: 'string', Action: 'string', Principal: 'string', StatementId: 'string', Condition: struct({ Type: 'string', Key: 'string', Value: 'string' }), Policy: 'string' }),
  },
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemovePermission.html
  RemovePermission: { method: 'removePermission', input: struct({ StatementId: 'string', RemoveAllPermissions: 'boolean', EventBusName: 'string' }) },
  CreateArchive: {
    method: 'createArchive',
    input: struct({ ArchiveName: 'string', EventSourceArn: 'string', Description: 'string', EventPattern: 'string', RetentionDays: 'integer', KmsKeyIdentifier: 'string' }),
  },
  DescribeArchive: { method: 'describeArchive', input: struct({ ArchiveName: 'string' }) },
  ListArchives: { method: 'listArchives', input: struct({ NamePrefix: 'string', EventSourceArn: 'string', State: 'string', ...page }) },
  DeleteArchive: { method: 'deleteArchive', input: struct({ ArchiveName: 'string' }) },
  StartReplay: {
    method: 'startReplay',
    input: struct({
      ReplayName: 'string',
      Description: 'string',
      EventSourceArn: 'string',
      EventStartTime: 'timestamp',
      EventEndTime: 'timestamp',
      Destination: struct({ Arn: 'string', FilterArns: list('string') }),
    }),
  },
  DescribeReplay: { method: 'describeReplay', input: struct({ ReplayName: 'string' }) },
  ListReplays: { method: 'listReplays', input: struct({ NamePrefix: 'string', State: 'string', EventSourceArn: 'string', ...page }) },
  CreateConnection: {
    method: 'createConnection',
    input: struct({ Name: 'string', Description: 'string', AuthorizationType: 'string', AuthParameters: authParameters, InvocationConnectivityParameters: 'any', KmsKeyIdentifier: 'string' }),
  },
  DescribeConnection: { method: 'describeConnection', input: struct({ Name: 'string' }) },
  ListConnections: { method: 'listConnections', input: struct({ NamePrefix: 'string', ConnectionState: 'string', ...page }) },
  UpdateConnection: {
    method: 'updateConnection',
    input: struct({ Name: 'string', Description: 'string', AuthorizationType: 'string', AuthParameters: authParameters, InvocationConnectivityParameters: 'any', KmsKeyIdentifier: 'string' }),
  },
  DeleteConnection: { method: 'deleteConnection', input: struct({ Name: 'string' }) },
  DeauthorizeConnection: { method: 'deauthorizeConnection', input: struct({ Name: 'string' }) },
  CreateApiDestination: { method: 'createApiDestination', input: struct(apiDestination) },
  DescribeApiDestination: { method: 'describeApiDestination', input: struct({ Name: 'string' }) },
  ListApiDestinations: { method: 'listApiDestinations', input: struct({ NamePrefix: 'string', ConnectionArn: 'string', ...page }) },
  UpdateApiDestination: { method: 'updateApiDestination', input: struct(apiDestination) },
  DeleteApiDestination: { method: 'deleteApiDestination', input: struct({ Name: 'string' }) },
  ListEventSources: { method: 'listEventSources', input: struct({ NamePrefix: 'string', ...page }) },
  DescribeEventSource: { method: 'describeEventSource', input: struct({ Name: 'string' }) },
  ActivateEventSource: { method: 'activateEventSource', input: struct({ Name: 'string' }) },
  DeactivateEventSource: { method: 'deactivateEventSource', input: struct({ Name: 'string' }) },
  PutPartnerEvents: {
    method: 'putPartnerEvents',
    input: struct({ Entries: list(struct({ Time: 'timestamp', Source: 'string', Resources: list('string'), DetailType: 'string', Detail: 'string' })) }),
  },
} as const satisfies Record<string, { method: keyof EventBridge; input: Shape }>;

/** Request members that are timestamps, sent as epoch seconds. (PutEvents' Time is read by put-events.) */
const TIMESTAMP_MEMBERS = ['EventStartTime', 'EventEndTime'];

export const EVENTS_OPERATIONS = Object.keys(operations);

/** Each operation's request members and their shapes, for tests that throw odd values at every member. */
export const eventsRequestShapes: Record<string, Shape> = Object.fromEntries(Object.entries(operations).map(([name, op]) => [name, op.input]));

export function handleEventsRequest(events: EventBridge, request: WireRequest, requestId: string): WireResponse {
  try {
    const answer = invokeOperation(events, operations, EVENTS_TARGET_PREFIX, request, (input) => {
      for (const member of TIMESTAMP_MEMBERS) if (member in input) input[member] = fromEpochSeconds(input[member]);
    });
    return jsonResponse(EVENTS_CONTENT_TYPE, answer, requestId);
  } catch (error) {
    return errorResponse(EVENTS_CONTENT_TYPE, asServiceError(error), requestId);
  }
}

function fromEpochSeconds(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string' && value !== '') return new Date(Number.isNaN(Number(value)) ? value : Number(value) * 1000);
  return undefined;
}
