// The checks EventBridge Pipes makes of a request's members before anything else, with the limits and patterns of
// its API model (botocore's pipes/2015-10-07 service model, the same model @aws-sdk/client-pipes is built from).
//
// Pipes words these as JSON schema errors in brackets, as one recorded answer shows: an UpdatePipe with a number
// below its minimum got "ValidationException: [numeric instance is lower than the required minimum (minimum: 1,
// found: 0)]" (hashicorp/terraform-provider-aws issue 32423). That is the wording of the JSON schema validator it
// comes from; the simulator uses that validator's other messages (too long, pattern, enum, required) in the same
// way, and those are not confirmed against AWS.
//
// Then a pipe's definition as a whole (`checkDefinition`, for CreatePipe and UpdatePipe): the model's checks of
// every member, and what the simulator can run (a DynamoDB stream source, a Lambda enrichment, a bus, function,
// queue or topic target, filter patterns ./filter.ts takes), refused in the simulator's own words.

import type * as Api from '@aws-sdk/client-pipes';
import { parseArn } from '../../bus/arn.ts';
import { ValidationException } from '../../bus/errors.ts';
import { compileFilter } from './filter.ts';
import { TARGET_BATCH_LIMIT, arnKind } from './stages.ts';

// Patterns as the model writes them; a value must match one whole.
export const PIPE_NAME = '[\\.\\-_A-Za-z0-9]+';
export const ARN = 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-]+):([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.+)';
export const ARN_OR_URL = `smk://(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9]):[0-9]{1,5}|${ARN}`;
export const OPTIONAL_ARN = `$|${ARN}`;
export const ROLE_ARN = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z0-9+=,.@\\-_/]+';
export const JSON_PATH = '\\$(\\.[\\w/_-]+(\\[(\\d+|\\*)\\])*)*';
export const KMS_KEY_IDENTIFIER = '[a-zA-Z0-9_\\-/:]*';
export const ENDPOINT_ID = '[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+';

/** Collects every violation of a request, then throws them as one ValidationException. */
export class SchemaCheck {
  readonly #violations: string[] = [];

  required(members: Record<string, unknown>, names: readonly string[]): this {
    const missing = names.filter((name) => members[name] === undefined || members[name] === null);
    if (missing.length > 0) this.#violations.push(`object has missing required properties (${JSON.stringify(missing)})`);
    return this;
  }

  length(value: string | undefined, min: number, max: number): this {
    if (typeof value !== 'string') return this;
    if (value.length > max) this.#violations.push(`string ${JSON.stringify(value)} is too long (length: ${value.length}, maximum allowed: ${max})`);
    else if (value.length < min) this.#violations.push(`string ${JSON.stringify(value)} is too short (length: ${value.length}, required minimum: ${min})`);
    return this;
  }

  pattern(value: string | undefined, pattern: string): this {
    if (typeof value === 'string' && !new RegExp(`^(?:${pattern})$`).test(value)) this.#violations.push(`ECMA 262 regex "${pattern}" does not match input string ${JSON.stringify(value)}`);
    return this;
  }

  range(value: number | undefined, min: number, max: number): this {
    if (typeof value !== 'number') return this;
    if (value < min) this.#violations.push(`numeric instance is lower than the required minimum (minimum: ${min}, found: ${value})`);
    else if (value > max) this.#violations.push(`numeric instance is greater than the required maximum (maximum: ${max}, found: ${value})`);
    return this;
  }

  oneOf(value: string | undefined, allowed: readonly string[]): this {
    if (typeof value === 'string' && !allowed.includes(value)) {
      this.#violations.push(`instance value (${JSON.stringify(value)}) not found in enum (possible values: ${JSON.stringify(allowed)})`);
    }
    return this;
  }

  items(list: readonly unknown[] | undefined, min: number, max: number): this {
    if (!Array.isArray(list)) return this;
    if (list.length > max) this.#violations.push(`array is too long: must have at most ${max} elements but instance has ${list.length} elements`);
    else if (list.length < min) this.#violations.push(`array is too short: must have at least ${min} elements but instance has ${list.length} elements`);
    return this;
  }

  entries(map: Record<string, unknown> | undefined, min: number, max: number): this {
    if (typeof map !== 'object' || map === null) return this;
    const n = Object.keys(map).length;
    if (n > max) this.#violations.push(`object has too many properties (found ${n}, maximum allowed: ${max})`);
    else if (n < min) this.#violations.push(`object has too few properties (found ${n}, required minimum: ${min})`);
    return this;
  }

  check(): void {
    if (this.#violations.length > 0) throw new ValidationException(`[${this.#violations.join(', ')}]`);
  }
}

/** A pipe's settings as last given (CreatePipe, then each UpdatePipe merged in). */
export interface Definition {
  Description?: string;
  Source: string;
  SourceParameters?: Api.PipeSourceParameters;
  Enrichment?: string;
  EnrichmentParameters?: Api.PipeEnrichmentParameters;
  Target: string;
  TargetParameters?: Api.PipeTargetParameters;
  RoleArn: string;
  LogConfiguration?: Api.PipeLogConfigurationParameters;
  KmsKeyIdentifier?: string;
}

const DYNAMODB_STREAM_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]+\/stream\/.+$/;

/**
 * A pipe's settings checked as a whole: first each member against the API model, then what the simulator can
 * run. Returns them ready to keep.
 */
export function checkDefinition(request: Api.CreatePipeRequest): Definition {
  const source = request.SourceParameters ?? {};
  const stream = source.DynamoDBStreamParameters;
  const bus = request.TargetParameters?.EventBridgeEventBusParameters;
  const filters = source.FilterCriteria?.Filters;
  const check = new SchemaCheck()
    .length(request.Description, 0, 512)
    .oneOf(request.DesiredState, ['RUNNING', 'STOPPED'])
    .length(request.Source, 1, 1600)
    .pattern(request.Source, ARN_OR_URL)
    .length(request.Enrichment, 0, 1600)
    .pattern(request.Enrichment, OPTIONAL_ARN)
    .length(request.Target, 1, 1600)
    .pattern(request.Target, ARN)
    .length(request.RoleArn, 1, 1600)
    .pattern(request.RoleArn, ROLE_ARN)
    .length(request.KmsKeyIdentifier, 0, 2048)
    .pattern(request.KmsKeyIdentifier, KMS_KEY_IDENTIFIER);
  filterMembers(check, filters)
    .length(request.EnrichmentParameters?.InputTemplate, 0, 8192)
    .length(request.TargetParameters?.InputTemplate, 0, 8192)
    .oneOf(request.TargetParameters?.LambdaFunctionParameters?.InvocationType, ['REQUEST_RESPONSE', 'FIRE_AND_FORGET']);
  if (stream) {
    check
      .required(stream as unknown as Record<string, unknown>, ['StartingPosition'])
      .oneOf(stream.StartingPosition, ['TRIM_HORIZON', 'LATEST'])
      .range(stream.BatchSize, 1, 10000)
      .range(stream.MaximumBatchingWindowInSeconds, 0, 300)
      .range(stream.MaximumRecordAgeInSeconds, -1, 604800)
      .range(stream.MaximumRetryAttempts, -1, 10000)
      .range(stream.ParallelizationFactor, 1, 10)
      .oneOf(stream.OnPartialBatchItemFailure, ['AUTOMATIC_BISECT'])
      .length(stream.DeadLetterConfig?.Arn, 1, 1600)
      .pattern(stream.DeadLetterConfig?.Arn, ARN);
  }
  if (bus) {
    check
      .length(bus.DetailType, 1, 128)
      .length(bus.Source, 1, 256)
      .items(bus.Resources, 0, 10)
      .pattern(bus.Time, JSON_PATH)
      .length(bus.EndpointId, 1, 50)
      .pattern(bus.EndpointId, ENDPOINT_ID);
    for (const resource of bus.Resources ?? []) check.length(resource, 1, 1600);
  }
  if (request.Tags !== undefined) checkTags(request.Tags);
  check.check();

  // What the simulator runs; wording of these refusals is the simulator's own.
  if (!DYNAMODB_STREAM_ARN.test(request.Source!)) {
    throw new ValidationException(`The simulator's EventBridge Pipes reads DynamoDB streams only; ${request.Source} is not the ARN of a DynamoDB stream (a table's LatestStreamArn).`);
  }
  const others = Object.keys(source).filter((member) => member !== 'FilterCriteria' && member !== 'DynamoDBStreamParameters' && (source as Record<string, unknown>)[member] != null);
  if (others.length > 0) throw new ValidationException(`A pipe with a DynamoDB stream source takes DynamoDBStreamParameters, not ${others.join(', ')}.`);
  if (!stream) throw new ValidationException('A pipe with a DynamoDB stream source needs SourceParameters.DynamoDBStreamParameters with a StartingPosition (TRIM_HORIZON or LATEST).');
  const deadLetter = stream.DeadLetterConfig?.Arn;
  // "For Amazon Kinesis stream and Amazon DynamoDB stream sources, specify either an Amazon SNS topic or Amazon SQS queue ARN."
  if (deadLetter !== undefined && !['sqs', 'sns'].includes(parseArn(deadLetter)?.service ?? '')) {
    throw new ValidationException(`DeadLetterConfig.Arn must name an Amazon SQS queue or an Amazon SNS topic; ${deadLetter} is neither.`);
  }
  if (request.Enrichment && arnKind(request.Enrichment) !== 'lambda') {
    throw new ValidationException(`The simulator's EventBridge Pipes enriches with Lambda functions only; ${request.Enrichment} is not a function ARN.`);
  }
  const kind = arnKind(request.Target!);
  if (kind === 'other') {
    throw new ValidationException(`The simulator's EventBridge Pipes delivers to an event bus, a Lambda function, an SQS queue or an SNS topic; it cannot deliver to ${request.Target}.`);
  }
  // "you can't configure a pipe with a larger batch size than the target supports" (eb-pipes-batching-concurrency).
  const limit = TARGET_BATCH_LIMIT[kind];
  if (limit !== undefined && (stream.BatchSize ?? 1) > limit) {
    throw new ValidationException(`BatchSize ${stream.BatchSize} is larger than the ${limit} events ${kind === 'events' ? 'an event bus' : kind === 'sqs' ? 'an SQS queue' : 'an SNS topic'} target takes at once.`);
  }
  compileFilter(filterPatterns(filters));
  return stripUndefined({
    Description: request.Description,
    Source: request.Source!,
    SourceParameters: request.SourceParameters,
    Enrichment: request.Enrichment || undefined,
    EnrichmentParameters: request.EnrichmentParameters,
    Target: request.Target!,
    TargetParameters: request.TargetParameters,
    RoleArn: request.RoleArn!,
    LogConfiguration: request.LogConfiguration,
    KmsKeyIdentifier: request.KmsKeyIdentifier || undefined,
  }) as Definition;
}

/**
 * A pipe's FilterCriteria.Filters on their own, as CreatePipe checks them: at most 5, each pattern at most 4,096
 * characters (the API model), and each a pattern EventBridge Pipes takes (./filter.ts). Throws the
 * ValidationException CreatePipe would, for a caller that must know whether it is the filters that are refused
 * (a lesson's filter file, src/lessons/build.ts).
 */
export function checkFilters(filters: readonly Api.Filter[] | undefined): void {
  filterMembers(new SchemaCheck(), filters).check();
  compileFilter(filterPatterns(filters));
}

function filterMembers(check: SchemaCheck, filters: readonly Api.Filter[] | undefined): SchemaCheck {
  check.items(filters, 0, 5);
  for (const filter of filters ?? []) check.length(filter?.Pattern, 0, 4096);
  return check;
}

const filterPatterns = (filters: readonly Api.Filter[] | undefined) => (filters ?? []).flatMap((f) => (f?.Pattern ? [f.Pattern] : []));

export function checkTags(tags: Record<string, string> | undefined): void {
  const check = new SchemaCheck().entries(tags, 1, 50);
  for (const [key, value] of Object.entries(tags ?? {})) check.length(key, 1, 128).length(value, 0, 256);
  check.check();
}

/** The object without its members that are undefined. */
export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
