// A Lambda function as a lesson declares it, checked against Lambda's limits with Lambda's messages.
// https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html

import { Constraints } from '../bus/constraints.ts';
import { ACCOUNT_CONCURRENCY_LIMIT } from './concurrency.ts';

export interface FunctionConfig {
  name: string;
  /** `handler.handler`: file (without extension) and export. */
  handler: string;
  /** The lesson's files the function can load, by path: `handler.ts`, `lib/email.ts`. */
  files: Record<string, string>;
  /** Seconds, 1 to 900; 3 by default. */
  timeout?: number;
  /** MB, 128 to 10,240; 128 by default. */
  memorySize?: number;
  environment?: Record<string, string>;
  /**
   * Concurrency kept for this function alone, and the most it may use (PutFunctionConcurrency); 0 stops every
   * invocation. Without it, the function shares the account's unreserved concurrency.
   */
  reservedConcurrentExecutions?: number;
  /** How Lambda handles asynchronous (event) invocations, as EventBridge makes them. */
  eventInvokeConfig?: {
    /** 0 to 2; 2 by default. */
    maximumRetryAttempts?: number;
    /** 60 to 21,600 seconds; 21,600 (6 hours) by default. */
    maximumEventAgeInSeconds?: number;
    /** ARN of an SQS queue, SNS topic, event bus or function for events that failed every attempt. */
    onFailure?: string;
    onSuccess?: string;
  };
}

export interface ResolvedFunctionConfig {
  name: string;
  handler: string;
  files: Record<string, string>;
  timeoutSeconds: number;
  memorySizeMb: number;
  environment: Record<string, string>;
  reservedConcurrentExecutions: number | undefined;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  onFailure: string | undefined;
  onSuccess: string | undefined;
}

export function resolveFunctionConfig(config: FunctionConfig, accountConcurrencyLimit = ACCOUNT_CONCURRENCY_LIMIT): ResolvedFunctionConfig {
  const invoke = config.eventInvokeConfig ?? {};
  new Constraints()
    .required('functionName', config.name)
    .pattern('functionName', config.name, /[a-zA-Z0-9-_]+/, '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?')
    .length('functionName', config.name, 1, 64)
    .required('handler', config.handler)
    .pattern('handler', config.handler, /[^\s]+/, '[^\\s]+')
    .length('handler', config.handler, 0, 128)
    .range('timeout', config.timeout, 1, 900)
    .range('memorySize', config.memorySize, 128, 10_240)
    .range('reservedConcurrentExecutions', config.reservedConcurrentExecutions, 0, accountConcurrencyLimit)
    .range('maximumRetryAttempts', invoke.maximumRetryAttempts, 0, 2)
    .range('maximumEventAgeInSeconds', invoke.maximumEventAgeInSeconds, 60, 21_600)
    .check();
  return {
    name: config.name,
    handler: config.handler,
    files: { ...config.files },
    timeoutSeconds: config.timeout ?? 3,
    memorySizeMb: config.memorySize ?? 128,
    environment: { ...config.environment },
    reservedConcurrentExecutions: config.reservedConcurrentExecutions,
    maximumRetryAttempts: invoke.maximumRetryAttempts ?? 2,
    maximumEventAgeSeconds: invoke.maximumEventAgeInSeconds ?? 21_600,
    onFailure: invoke.onFailure,
    onSuccess: invoke.onSuccess,
  };
}
