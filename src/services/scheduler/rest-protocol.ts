// The EventBridge Scheduler API on the wire (AWS REST-JSON, service `scheduler`), with the paths and methods of
// the API model in @aws-sdk/client-scheduler: the schedule or group name is a URL-encoded path segment, GroupName
// and ClientToken of the GET and DELETE calls travel in the query string, timestamps as epoch seconds. Errors are
// the status, an `x-amzn-errortype` header and a `{"Message": ...}` body, from which the SDK raises its typed
// exceptions (ConflictException, ResourceNotFoundException, ValidationException, ...).
// https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html

import { handleRestJson, type RestJsonApi, type RestRoute } from '../../bus/api/rest-json.ts';
import type { WireRequest, WireResponse } from '../../bus/api/wire.ts';
import { list, struct, type Shape } from '../../bus/api/shapes.ts';
import type { Scheduler } from './scheduler.ts';

const SCHEDULER_PATHS = /^\/(schedules|schedule-groups)(\/|$|\?)/;

/** Whether a REST request is for the Scheduler API: its paths, or tags of a scheduler ARN. */
export function isSchedulerRequest(request: WireRequest): boolean {
  const path = request.path ?? '';
  if (SCHEDULER_PATHS.test(path)) return true;
  if (!path.startsWith('/tags/')) return false;
  try {
    return decodeURIComponent(path.slice('/tags/'.length)).startsWith('arn:aws:scheduler:');
  } catch {
    return false;
  }
}

const tags = list(struct({ Key: 'string', Value: 'string' }));
const target = struct({
  Arn: 'string',
  RoleArn: 'string',
  Input: 'string',
  DeadLetterConfig: struct({ Arn: 'string' }),
  RetryPolicy: struct({ MaximumEventAgeInSeconds: 'integer', MaximumRetryAttempts: 'integer' }),
  EventBridgeParameters: struct({ DetailType: 'string', Source: 'string' }),
  SqsParameters: struct({ MessageGroupId: 'string' }),
  KinesisParameters: struct({ PartitionKey: 'string' }),
  EcsParameters: 'any',
  SageMakerPipelineParameters: 'any',
});
const scheduleBody = struct({
  ActionAfterCompletion: 'string',
  ClientToken: 'string',
  Description: 'string',
  EndDate: 'timestamp',
  FlexibleTimeWindow: struct({ Mode: 'string', MaximumWindowInMinutes: 'integer' }),
  GroupName: 'string',
  KmsKeyArn: 'string',
  ScheduleExpression: 'string',
  ScheduleExpressionTimezone: 'string',
  StartDate: 'timestamp',
  State: 'string',
  Target: target,
});

type Route = RestRoute<Scheduler>;

const routes: Route[] = [
  { method: 'POST', path: ['schedules', '*'], label: 'Name', body: scheduleBody, call: (s, i) => s.createSchedule(i as never) },
  { method: 'PUT', path: ['schedules', '*'], label: 'Name', body: scheduleBody, call: (s, i) => s.updateSchedule(i as never) },
  { method: 'GET', path: ['schedules', '*'], label: 'Name', query: { groupName: 'GroupName' }, call: (s, i) => s.getSchedule(i as never) },
  { method: 'DELETE', path: ['schedules', '*'], label: 'Name', query: { groupName: 'GroupName', clientToken: 'ClientToken' }, call: (s, i) => s.deleteSchedule(i as never) },
  {
    method: 'GET',
    path: ['schedules'],
    query: { ScheduleGroup: 'GroupName', NamePrefix: 'NamePrefix', State: 'State', NextToken: 'NextToken', MaxResults: 'MaxResults' },
    call: (s, i) => s.listSchedules(i as never),
  },
  { method: 'POST', path: ['schedule-groups', '*'], label: 'Name', body: struct({ ClientToken: 'string', Tags: tags }), call: (s, i) => s.createScheduleGroup(i as never) },
  { method: 'GET', path: ['schedule-groups', '*'], label: 'Name', call: (s, i) => s.getScheduleGroup(i as never) },
  { method: 'DELETE', path: ['schedule-groups', '*'], label: 'Name', query: { clientToken: 'ClientToken' }, call: (s, i) => s.deleteScheduleGroup(i as never) },
  { method: 'GET', path: ['schedule-groups'], query: { NamePrefix: 'NamePrefix', NextToken: 'NextToken', MaxResults: 'MaxResults' }, call: (s, i) => s.listScheduleGroups(i as never) },
  { method: 'GET', path: ['tags', '*'], label: 'ResourceArn', call: (s, i) => s.listTagsForResource(i as never) },
  { method: 'POST', path: ['tags', '*'], label: 'ResourceArn', body: struct({ Tags: tags }), call: (s, i) => s.tagResource(i as never) },
  { method: 'DELETE', path: ['tags', '*'], label: 'ResourceArn', query: { TagKeys: '*TagKeys' }, call: (s, i) => s.untagResource(i as never) },
];

const api: RestJsonApi<Scheduler> = {
  name: 'the Scheduler API',
  routes,
  integers: ['MaxResults'],
  errorBody: (message) => ({ Message: message }),
  errorType: (name) => (name === 'InternalException' ? 'InternalServerException' : name),
};

export function handleSchedulerRequest(scheduler: Scheduler, request: WireRequest, requestId: string): WireResponse {
  return handleRestJson(api, scheduler, request, requestId);
}

