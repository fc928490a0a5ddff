// One attempt of a pipe on a batch of events: the enrichment (a Lambda function, invoked synchronously with the
// whole batch as a JSON array), then the target (an event bus, a Lambda function, an SQS queue or an SNS topic),
// each through its InputTemplate. It reports what happened; retrying, bisecting and dead-lettering are the
// runner's (./runner.ts).
// https://docs.aws.amazon.com/eventbridge/latest/userguide/pipes-enrichment.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-target.html

import type * as Api from '@aws-sdk/client-pipes';
import { parseArn } from '../../bus/arn.ts';
import { AwsServiceError } from '../../bus/errors.ts';
import type { EventBridge } from '../../bus/event-bridge.ts';
import { evaluateJsonPath, parseJsonPath } from '../../bus/transform/json-path.ts';
import type { StreamRecord } from '../dynamodb/streams.ts';
import type { LambdaInvoker } from '../lambda-port.ts';
import type { SnsTopics } from '../sns/topics.ts';
import type { SqsQueues } from '../sqs/queues.ts';
import { renderPipeTemplate, templateValue, type PipeContext } from './input-template.ts';
import type { AttemptOutcome, PipeAttempt } from './journal.ts';

export interface StageHost {
  readonly events: EventBridge;
  readonly sqs: SqsQueues;
  readonly sns: SnsTopics;
  readonly lambda: LambdaInvoker | undefined;
}

/** What a pipe runs with: its settings as they were when the batch was read. */
export interface PipeSettings {
  context: PipeContext;
  enrichmentTemplate: string | undefined;
  targetParameters: Api.PipeTargetParameters;
}

export interface AttemptResult {
  outcome: AttemptOutcome;
  /**
   * A failure of the pipe's own machinery or a throttled call, retried without counting against
   * MaximumRetryAttempts: "EventBridge Pipes does not count retries for internal errors against the maximum number
   * of retries" (eb-pipes-error-troubleshooting).
   */
  internal?: boolean;
  failedEventIds?: string[];
}

/** "Supported batchable targets": the most items one invocation of the target takes. */
export const TARGET_BATCH_LIMIT: Readonly<Record<string, number>> = { events: 10, sqs: 10, sns: 10 };

class StageFailure extends Error {
  readonly stage: 'enrichment' | 'target';
  readonly code: string;
  readonly internal: boolean;
  constructor(stage: 'enrichment' | 'target', code: string, message: string, internal = false) {
    super(message);
    this.stage = stage;
    this.code = code;
    this.internal = internal;
  }
}

/** Runs one attempt on `events` (the records the filter let through) and fills `attempt` with what happened. */
export async function runAttempt(host: StageHost, settings: PipeSettings, events: StreamRecord[], attempt: PipeAttempt, now: number): Promise<AttemptResult> {
  try {
    const items = settings.context.enrichmentArn ? await enrich(host, settings, events, attempt, now) : events;
    if (items === undefined) return finish(attempt, { outcome: 'skipped' });
    return finish(attempt, await deliver(host, settings, items, events, attempt, now));
  } catch (error) {
    const failure =
      error instanceof StageFailure
        ? error
        : new StageFailure(attempt.enrichment && !attempt.target ? 'enrichment' : 'target', error instanceof AwsServiceError ? error.name : 'InternalException', error instanceof Error ? error.message : String(error));
    attempt.error = { stage: failure.stage, code: failure.code, message: failure.message };
    return finish(attempt, { outcome: 'failed', ...(failure.internal ? { internal: true } : {}) });
  }
}

function finish(attempt: PipeAttempt, result: AttemptResult): AttemptResult {
  attempt.outcome = result.outcome;
  if (result.failedEventIds) attempt.failedEventIds = result.failedEventIds;
  return result;
}

/**
 * Invokes the enrichment with the batch and returns the items it sent back for the target, or `undefined` when it
 * returned nothing to send: "If you don't want to invoke the target, return an empty response, such as "", {}, or
 * []. ... If you want to invoke the target with an empty payload, return an array with empty JSON [{}]." An array
 * goes on as the batch; any other value as one item, "EventBridge Pipes passes the enrichment responses directly
 * to the configured target".
 */
async function enrich(host: StageHost, settings: PipeSettings, events: StreamRecord[], attempt: PipeAttempt, now: number): Promise<unknown[] | undefined> {
  const arn = settings.context.enrichmentArn!;
  const input = events.map((event) => transform(settings.enrichmentTemplate, event, settings.context, now, 'enrichment'));
  attempt.enrichment = { functionArn: arn, input };
  const output = await invokeFunction(host, arn, input, 'enrichment');
  attempt.enrichment.output = output;
  if (output === undefined || output === null || output === '') return undefined;
  if (Array.isArray(output)) return output.length === 0 ? undefined : output;
  if (typeof output === 'object' && Object.keys(output).length === 0) return undefined;
  return [output];
}

/** A Lambda function invoked synchronously: what it returned, parsed; a function error or a refusal throws StageFailure. */
async function invokeFunction(host: StageHost, arn: string, input: unknown[], stage: 'enrichment' | 'target'): Promise<unknown> {
  // An account without the Lambda runtime has no functions (as for the other services' Lambda targets).
  if (!host.lambda) throw new StageFailure(stage, 'ResourceNotFoundException', `Function not found: ${arn}`);
  const answer = await host.lambda.invokeSync(functionName(arn), JSON.stringify(input));
  if (!answer.invoked) {
    if (answer.errorCode === 'THROTTLING') throw new StageFailure(stage, 'TooManyRequestsException', answer.errorMessage, true);
    throw new StageFailure(stage, 'ResourceNotFoundException', answer.errorMessage);
  }
  const output = templateValue(answer.payload);
  if (answer.functionError) {
    const error = (typeof output === 'object' && output !== null ? output : {}) as { errorType?: unknown; errorMessage?: unknown };
    throw new StageFailure(stage, typeof error.errorType === 'string' ? error.errorType : 'Unhandled', typeof error.errorMessage === 'string' ? error.errorMessage : answer.payload);
  }
  return output;
}

/** Hands the items to the target. `events` are the batch's records, to tell which ones a partial failure names. */
async function deliver(host: StageHost, settings: PipeSettings, items: unknown[], events: StreamRecord[], attempt: PipeAttempt, now: number): Promise<AttemptResult> {
  const arn = settings.context.targetArn;
  const kind = arnKind(arn);
  const parameters = settings.targetParameters;
  const texts = items.map((item) => renderTarget(parameters.InputTemplate, item, settings.context, now));
  attempt.target = { targetArn: arn, input: texts.map(templateValue) };
  const limit = TARGET_BATCH_LIMIT[kind];
  // "if the array is larger than the batch size supported by the target, the pipe won't invoke the target."
  if (limit !== undefined && items.length > limit) {
    throw new StageFailure('target', 'ValidationException', `The target takes at most ${limit} events per invocation, and the enrichment returned ${items.length}; the pipe did not invoke it.`);
  }
  switch (kind) {
    case 'events':
      return putEvents(host, settings, items, texts, events, attempt);
    case 'lambda': {
      if (parameters.LambdaFunctionParameters?.InvocationType === 'FIRE_AND_FORGET') {
        const answer = host.lambda ? await host.lambda.invokeAsync(functionName(arn), JSON.stringify(attempt.target.input)) : undefined;
        if (answer?.accepted) return { outcome: 'succeeded' };
        throw new StageFailure('target', answer?.errorCode === 'THROTTLING' ? 'TooManyRequestsException' : 'ResourceNotFoundException', answer?.errorMessage ?? `Function not found: ${arn}`, answer?.errorCode === 'THROTTLING');
      }
      return batchItemFailures(await invokeFunction(host, arn, attempt.target.input, 'target'), events);
    }
    case 'sqs':
      for (const text of texts) {
        if (!host.sqs.sendToArn(arn, text)) throw new StageFailure('target', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
      }
      return { outcome: 'succeeded' };
    case 'sns':
      for (const text of texts) {
        if (!host.sns.publishToArn(arn, text)) throw new StageFailure('target', 'NotFound', 'Topic does not exist');
      }
      return { outcome: 'succeeded' };
    default:
      throw new StageFailure('target', 'ValidationException', `The simulator cannot deliver to ${arn}.`);
  }
}

/**
 * One PutEvents entry per item, with EventBridgeEventBusParameters. Without a Source, events come from
 * "Pipe <name>", and without a DetailType they are "Event from aws:dynamodb", as in AWS's own walkthrough
 * (https://community.aws/content/2dqtpRpH8mBLNb1SIi40iJVKfkP/ddb-streams-to-eb-pipes); the parameters' documentation
 * does not say. Source, DetailType, Resources and Time may be JSON paths into the item ("Dynamic path parameters";
 * Time is always one), read before the InputTemplate applies.
 */
function putEvents(host: StageHost, settings: PipeSettings, items: unknown[], texts: string[], events: StreamRecord[], attempt: PipeAttempt): AttemptResult {
  const parameters = settings.targetParameters.EventBridgeEventBusParameters ?? {};
  const entries = items.map((item, i) => {
    const time = parameters.Time === undefined ? undefined : dynamic(parameters.Time, item);
    const resources = parameters.Resources?.map((resource) => dynamic(resource, item)).filter((r): r is string => typeof r === 'string');
    const source = parameters.Source === undefined ? `Pipe ${settings.context.pipeName}` : dynamic(parameters.Source, item);
    const detailType = parameters.DetailType === undefined ? `Event from ${events[0]?.eventSource ?? 'aws:dynamodb'}` : dynamic(parameters.DetailType, item);
    return {
      EventBusName: settings.context.targetArn,
      ...(typeof source === 'string' ? { Source: source } : {}),
      ...(typeof detailType === 'string' ? { DetailType: detailType } : {}),
      Detail: texts[i]!,
      ...(resources && resources.length > 0 ? { Resources: resources } : {}),
      ...(typeof time === 'string' && !Number.isNaN(Date.parse(time)) ? { Time: time } : {}),
    };
  });
  attempt.target!.entries = entries;
  const answer = host.events.putEvents({ Entries: entries.map(({ Time, ...entry }) => ({ ...entry, ...(Time ? { Time: new Date(Time) } : {}) })) });
  const results = answer.Entries ?? [];
  attempt.target!.eventIds = results.flatMap((r) => (r.EventId ? [r.EventId] : []));
  const failed = results.flatMap((r, i) => (r.EventId ? [] : [{ item: items[i], code: r.ErrorCode ?? 'InternalException', message: r.ErrorMessage ?? 'PutEvents failed.' }]));
  if (failed.length === 0) return { outcome: 'succeeded' };
  const first = failed[0]!;
  // "For EventBridge Pipes to adequately handle partial batch failures from the targets, these fields [the
  // eventID of each DynamoDB record] need to be included in any array payload returned by the enrichment."
  const known = new Set(events.map((e) => e.eventID));
  const ids = failed.map(({ item }) => (typeof item === 'object' && item !== null ? (item as { eventID?: unknown }).eventID : undefined));
  if (failed.length < items.length && ids.every((id): id is string => typeof id === 'string' && known.has(id))) {
    attempt.error = { stage: 'target', code: first.code, message: first.message };
    return { outcome: 'partially-failed', failedEventIds: ids };
  }
  throw new StageFailure('target', first.code, first.message, first.code === 'ThrottlingException' || first.code === 'InternalFailure');
}

/**
 * A Lambda target's answer about a batch: { "batchItemFailures": [{ "itemIdentifier": <eventID> }] }. Empty or
 * absent means every record succeeded; an identifier that is empty, null or not one of the batch's fails the
 * whole batch. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html#pipes-ddb-batch-failures
 */
function batchItemFailures(output: unknown, events: StreamRecord[]): AttemptResult {
  const failures = typeof output === 'object' && output !== null ? (output as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (!Array.isArray(failures) || failures.length === 0) return { outcome: 'succeeded' };
  const known = new Set(events.map((e) => e.eventID));
  const ids = failures.map((f) => (typeof f === 'object' && f !== null ? (f as { itemIdentifier?: unknown }).itemIdentifier : undefined));
  if (!ids.every((id): id is string => typeof id === 'string' && known.has(id))) {
    throw new StageFailure('target', 'BatchItemFailure', `The target's batchItemFailures named ${JSON.stringify(ids)}, which are not all eventIDs of the batch: the whole batch failed.`);
  }
  return { outcome: 'partially-failed', failedEventIds: [...new Set(ids)] };
}

/** A parameter value, or, when it is a JSON path ($.detail.id), what the path selects in the item. */
function dynamic(value: string, item: unknown): unknown {
  if (!value.startsWith('$')) return value;
  const path = parseJsonPath(value);
  return path ? evaluateJsonPath(path, item) : value;
}

function transform(template: string | undefined, event: unknown, context: PipeContext, now: number, stage: 'enrichment' | 'target'): unknown {
  if (template === undefined || template === '') return event;
  const text = renderPipeTemplate(template, event, context, now);
  // Not documented: a JSON template that does not come out as JSON fails the stage here.
  if (text === undefined) throw new StageFailure(stage, 'ValidationException', `The ${stage} InputTemplate did not produce valid JSON for event ${describeEvent(event)}.`);
  return templateValue(text);
}

/** The text one item goes out as: the filled template, or the item's JSON. */
function renderTarget(template: string | undefined, item: unknown, context: PipeContext, now: number): string {
  if (template === undefined || template === '') return typeof item === 'string' ? item : JSON.stringify(item);
  const text = renderPipeTemplate(template, item, context, now);
  if (text === undefined) throw new StageFailure('target', 'ValidationException', `The target InputTemplate did not produce valid JSON for event ${describeEvent(item)}.`);
  return text;
}

const describeEvent = (event: unknown) => (typeof event === 'object' && event !== null && typeof (event as { eventID?: unknown }).eventID === 'string' ? (event as { eventID: string }).eventID : JSON.stringify(event).slice(0, 80));

/** Which of the resources a pipe enriches with or delivers to an ARN names: a bus, a function, a queue, a topic, or none of them. */
export type ArnKind = 'events' | 'lambda' | 'sqs' | 'sns' | 'other';

export function arnKind(arn: string): ArnKind {
  const parsed = parseArn(arn);
  if (!parsed) return 'other';
  if (parsed.service === 'events' && parsed.resource.startsWith('event-bus/')) return 'events';
  if (parsed.service === 'lambda' && parsed.resource.startsWith('function:')) return 'lambda';
  if (parsed.service === 'sqs') return 'sqs';
  if (parsed.service === 'sns') return 'sns';
  return 'other';
}

/** The function's name in a function ARN (a qualifier after it is not modelled: the simulator has no versions). */
export const functionName = (arn: string) => parseArn(arn)?.resource.split(':')[1] ?? arn;
