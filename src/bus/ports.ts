// What the bus needs from the world around it. The bus only routes; the services a target names (Lambda,
// SQS, SNS, CloudWatch Logs, HTTP endpoints) and CloudWatch metrics live above it (src/services,
// src/lambda) and are handed in here, so src/bus stays free of them.

import type { Target } from '@aws-sdk/client-eventbridge';
import type { TargetKind } from './arn.ts';
import type { EventEnvelope } from './envelope.ts';

/** One attempt to hand an event to a target. */
export interface TargetRequest {
  target: Target;
  kind: TargetKind;
  /** The resource's name in its service: the function, queue, topic or log group name. */
  resourceName: string;
  /** The exact text the target receives, after Input, InputPath or InputTransformer. */
  payload: string;
  event: EventEnvelope;
  ruleArn: string;
  ruleName: string;
  eventBusName: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/**
 * How an attempt ended. A failure carries the error code EventBridge writes to a dead-letter queue
 * (`ERROR_CODE`, e.g. THROTTLING, NO_RESOURCE) and whether EventBridge retries it: AWS does not retry errors
 * that need someone to act first, such as a missing target or missing permissions.
 */
export type TargetResult =
  | { ok: true }
  | {
      ok: false;
      errorCode: string;
      errorMessage: string;
      retryable: boolean;
      /** The target asked to wait this long before the next attempt (an HTTP `Retry-After`); the longer wait wins. */
      retryAfterMs?: number;
    };

/**
 * An outcome known only later in virtual time: an HTTP endpoint that answers after a delay, or a call that waits
 * for its API destination's rate limit. At `at` the deliverer calls `next` and follows what it answers.
 */
export interface LaterResult {
  at: number;
  next: () => TargetAnswer;
}

export type TargetAnswer = TargetResult | LaterResult | Promise<TargetResult | LaterResult>;

export const isLater = (answer: TargetResult | LaterResult): answer is LaterResult => 'next' in answer;

export interface TargetDispatcher {
  deliver(request: TargetRequest): TargetAnswer;
}

/** One HTTP request the bus sends out (API destinations, OAuth token requests). */
export interface OutboundHttpRequest {
  method: string;
  /** The whole URL, query string included. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * How an outbound request ended, and after how long in virtual time. A `failure` means no HTTP answer arrived:
 * the host did not resolve or refused the connection (`unreachable`), or no answer came within the timeout.
 */
export type HttpExchange =
  | { ok: true; status: number; headers: Record<string, string>; body: string; durationMs: number }
  | { ok: false; failure: 'unreachable' | 'timeout'; message: string; durationMs: number };

/** The network as the bus sees it: the simulated internet of src/services/http in the simulator. */
export interface HttpPort {
  send(request: OutboundHttpRequest, options: { timeoutMs: number; purpose: string }): HttpExchange | Promise<HttpExchange>;
}

/** The default: no network at all, every host unreachable. */
export const noNetwork: HttpPort = {
  send: (request) => ({ ok: false, failure: 'unreachable', message: `No network: ${request.url} cannot be reached.`, durationMs: 0 }),
};

/** Sends a dead-lettered event to an SQS queue; false when the queue cannot take it. */
export interface DeadLetterSink {
  send(queueArn: string, body: string, attributes: Record<string, string>): boolean | Promise<boolean>;
}

export type MetricUnit = 'Count' | 'Milliseconds' | 'Bytes';

export interface MetricSink {
  /**
   * One data point. Positional rather than one object: it is called several times per delivery. Callers that
   * record often should reuse their dimension objects; a sink may cache by their identity.
   */
  record(namespace: string, name: string, dimensions: Readonly<Record<string, string>>, value: number, unit: MetricUnit, epochMs: number): void;
}

/** The defaults: nothing to deliver to, metrics dropped. Useful for tests of matching alone. */
export const noTargets: TargetDispatcher = {
  deliver: (request) => ({
    ok: false,
    errorCode: 'NO_RESOURCE',
    errorMessage: `No resource is registered for target ${request.target.Arn}.`,
    retryable: false,
  }),
};
export const noDeadLetters: DeadLetterSink = { send: () => false };
export const noMetrics: MetricSink = { record: () => {} };
