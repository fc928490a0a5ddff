// The EventBridge API on the wire (AWS JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`): decodes a request,
// calls the EventBridge simulator, and encodes its answer or its error as AWS does.

import { AwsServiceError, InternalException } from '../errors.ts';
import type { EventBridge } from '../event-bridge.ts';
import { errorResponse, jsonResponse, parseBody, unknownOperation, type WireRequest, type WireResponse } from './wire.ts';

export const EVENTS_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const EVENTS_TARGET_PREFIX = 'AWSEvents.';

// Operation name → the EventBridge method that answers it, taking the SDK's request shape.
const operations = {
  PutEvents: 'putEvents',
  PutRule: 'putRule',
  DescribeRule: 'describeRule',
  ListRules: 'listRules',
  DeleteRule: 'deleteRule',
  EnableRule: 'enableRule',
  DisableRule: 'disableRule',
  PutTargets: 'putTargets',
  RemoveTargets: 'removeTargets',
  ListTargetsByRule: 'listTargetsByRule',
  ListRuleNamesByTarget: 'listRuleNamesByTarget',
  TestEventPattern: 'testEventPattern',
  CreateEventBus: 'createEventBus',
  DescribeEventBus: 'describeEventBus',
  ListEventBuses: 'listEventBuses',
  DeleteEventBus: 'deleteEventBus',
  CreateArchive: 'createArchive',
  DescribeArchive: 'describeArchive',
  ListArchives: 'listArchives',
  DeleteArchive: 'deleteArchive',
  StartReplay: 'startReplay',
  DescribeReplay: 'describeReplay',
  ListReplays: 'listReplays',
} as const satisfies Record<string, keyof EventBridge>;

/** Request members that are timestamps, sent as epoch seconds. (PutEvents' Time is read by put-events.) */
const TIMESTAMP_MEMBERS = ['EventStartTime', 'EventEndTime'];

export const EVENTS_OPERATIONS = Object.keys(operations);

export function handleEventsRequest(events: EventBridge, request: WireRequest, requestId: string): WireResponse {
  try {
    const name = request.target?.startsWith(EVENTS_TARGET_PREFIX) ? request.target.slice(EVENTS_TARGET_PREFIX.length) : undefined;
    const method = name !== undefined && Object.hasOwn(operations, name) ? operations[name as keyof typeof operations] : undefined;
    if (!method) throw unknownOperation(request.target);
    const input = parseBody(request.body);
    for (const member of TIMESTAMP_MEMBERS) if (member in input) input[member] = fromEpochSeconds(input[member]);
    const answer = (events[method] as (input: unknown) => unknown).call(events, input);
    return jsonResponse(EVENTS_CONTENT_TYPE, answer, requestId);
  } catch (error) {
    return errorResponse(EVENTS_CONTENT_TYPE, asServiceError(error), requestId);
  }
}

/** AWS errors pass through; anything else is a simulator bug, answered as AWS's InternalException. */
export function asServiceError(error: unknown): AwsServiceError {
  if (error instanceof AwsServiceError) return error;
  return new InternalException(`Simulator error: ${error instanceof Error ? error.message : String(error)}`);
}

function fromEpochSeconds(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'string' && value !== '') return new Date(Number.isNaN(Number(value)) ? value : Number(value) * 1000);
  return undefined;
}
