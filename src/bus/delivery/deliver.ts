// Delivering one matched event to one target, as EventBridge does: attempt, retry retriable failures under the
// target's retry policy in virtual time, and when retries run out (or the error is not retriable) send the
// original event to the target's dead-letter queue with the attributes AWS adds, or drop it.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
//
// Delivery is at-least-once in AWS; the simulator delivers exactly once per success, which is one of the
// behaviours at-least-once allows. Lessons that teach idempotency inject a duplicate (`duplicate` mode).

import type { Target } from '@aws-sdk/client-eventbridge';
import { targetOf } from '../arn.ts';
import type { VirtualClock } from '../clock.ts';
import type { EventEnvelope } from '../envelope.ts';
import { serviceOf, type BusLogRecord, type MessageType } from '../logging.ts';
import type { EventsMetrics } from '../metrics.ts';
import { isLater, type DeadLetterSink, type LaterResult, type TargetAnswer, type TargetDispatcher, type TargetResult } from '../ports.ts';
import type { Trace } from '../trace.ts';
import { decideRetry, effectiveRetryPolicy } from './retry.ts';

export interface Delivery {
  target: Target;
  payload: string;
  event: EventEnvelope;
  /** The event as JSON: the body of a dead-letter message. */
  eventText: string;
  ingestedAt: number;
  ruleArn: string;
  ruleName: string;
  eventBusName: string;
  /** The ids the bus's log records carry (logging.ts), when the bus logs. */
  invocationId?: string;
  requestId?: string;
  /** When the first attempt started and ended: the latencies of the final log record. */
  firstAttempt?: { startedAt: number; completedAt?: number };
  /** The previous attempt was throttled: this one is a throttle retry. */
  throttled?: boolean;
}

/**
 * A fault a lesson switches on for a target: its next `times` attempts fail this way (forever if omitted), or,
 * with `duplicate`, its next `times` deliveries (once if omitted) arrive twice, as at-least-once delivery allows.
 */
export interface InjectedFailure {
  mode: 'error' | 'throttle' | 'missing' | 'duplicate';
  times?: number;
}

const injectedResult: Record<Exclude<InjectedFailure['mode'], 'duplicate'>, (arn: string) => Extract<TargetResult, { ok: false }>> = {
  error: () => ({ ok: false, errorCode: 'ERROR_FROM_TARGET', errorMessage: 'The target returned an error (injected failure).', retryable: true }),
  throttle: () => ({ ok: false, errorCode: 'THROTTLING', errorMessage: 'Rate exceeded (injected failure).', retryable: true }),
  missing: (arn) => ({ ok: false, errorCode: 'NO_RESOURCE', errorMessage: `Target resource ${arn} does not exist (injected failure).`, retryable: false }),
};

/** A dispatcher that throws is a bug above the bus; the event is treated like any failed delivery. */
function dispatcherFailed(error: unknown): TargetResult {
  return { ok: false, errorCode: 'INTERNAL_ERROR', errorMessage: error instanceof Error ? error.message : String(error), retryable: true };
}

export interface DelivererDeps {
  clock: VirtualClock;
  random: () => number;
  dispatcher: TargetDispatcher;
  deadLetters: DeadLetterSink;
  metrics: EventsMetrics;
  trace: Trace | undefined;
  /** Writes one record to the delivery's bus log, if the bus logs that step; `details` is told whether detail data is wanted. */
  log?: (delivery: Delivery, type: MessageType, details: (full: boolean) => Record<string, unknown>, error?: BusLogRecord['error']) => void;
}

/** How an attempt's outcome reads in a log record (simulator wording: the schema page does not list the values). */
const statusOf = (result: TargetResult) => (result.ok ? 'SUCCESS' : result.errorCode === 'THROTTLING' ? 'THROTTLED' : result.retryable ? 'RETRYABLE_FAILURE' : 'PERMANENT_FAILURE');

export class Deliverer {
  readonly #deps: DelivererDeps;
  readonly #failures = new Map<string, InjectedFailure>();

  constructor(deps: DelivererDeps) {
    this.#deps = deps;
  }

  injectFailure(targetArn: string, failure: InjectedFailure | undefined): void {
    // A duplicate is itself a delivery: "forever" would duplicate the duplicates without end, so it means once.
    if (failure) this.#failures.set(targetArn, { ...failure, ...(failure.mode === 'duplicate' ? { times: failure.times ?? 1 } : {}) });
    else this.#failures.delete(targetArn);
  }

  /**
   * Makes attempt number `attempt` now; schedules the next one if this one fails and may be retried. Returns a
   * promise only when the target answers asynchronously, so in-memory targets cost no promise per delivery.
   */
  attempt(delivery: Delivery, attempt = 1): void | Promise<void> {
    const injected = this.#injected(delivery.target.Arn ?? '');
    const startedAt = this.#deps.clock.now();
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-logs-schema.html: INVOCATION_START once,
    // INVOCATION_THROTTLE_START or INVOCATION_ATTEMPT_START for each attempt (TRACE).
    if (attempt === 1) {
      delivery.firstAttempt ??= { startedAt };
      this.#log(delivery, 'INVOCATION_START', (full) => this.#invocation(delivery, attempt, full));
    }
    this.#log(delivery, delivery.throttled ? 'INVOCATION_THROTTLE_START' : 'INVOCATION_ATTEMPT_START', (full) => this.#invocation(delivery, attempt, full));
    const answer = injected && injected !== 'duplicate' ? injected : this.#dispatch(delivery, attempt);
    const settled = this.#follow(delivery, attempt, answer, startedAt);
    if (injected !== 'duplicate') return settled;
    // The same event handed over once more at the same moment, as a separate attempt: a Lambda target runs the
    // two copies side by side, in two execution environments.
    const again = this.attempt(delivery, attempt);
    return settled instanceof Promise || again instanceof Promise ? Promise.all([settled, again]).then(() => undefined) : undefined;
  }

  /** Settles the attempt when its outcome is known: now, when a promise resolves, or later in virtual time. */
  #follow(delivery: Delivery, attempt: number, answer: TargetAnswer, startedAt: number): void | Promise<void> {
    if (answer instanceof Promise) return answer.catch(dispatcherFailed).then((outcome) => this.#follow(delivery, attempt, outcome, startedAt));
    if (isLater(answer)) {
      this.#deps.clock.at(answer.at, () => this.#follow(delivery, attempt, this.#next(answer), startedAt));
      return;
    }
    return this.#settle(delivery, attempt, answer, startedAt);
  }

  #next(later: LaterResult): TargetAnswer {
    try {
      return later.next();
    } catch (error) {
      return dispatcherFailed(error);
    }
  }

  #settle(delivery: Delivery, attempt: number, result: TargetResult, startedAt: number): void | Promise<void> {
    const { clock, metrics, trace } = this.#deps;
    const { target, event, ruleName, eventBusName, ingestedAt } = delivery;
    const now = clock.now();

    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html: attempts, retries, and the
    // latencies from ingestion to the first attempt's start and completion, and to the successful delivery.
    metrics.rule('InvocationAttempts', eventBusName, ruleName);
    if (attempt > 1) metrics.rule('RetryInvocationAttempts', eventBusName, ruleName);
    if (attempt === 1 && delivery.firstAttempt && delivery.firstAttempt.completedAt === undefined) delivery.firstAttempt.completedAt = now;
    const attemptType = result.ok
      ? 'INVOCATION_ATTEMPT_SUCCESS'
      : result.errorCode === 'THROTTLING'
        ? 'INVOCATION_ATTEMPT_THROTTLE'
        : result.retryable
          ? 'INVOCATION_ATTEMPT_RETRYABLE_FAILURE'
          : 'INVOCATION_ATTEMPT_PERMANENT_FAILURE';
    this.#log(
      delivery,
      attemptType,
      () => ({
        rule_arn: delivery.ruleArn,
        target_arn: target.Arn ?? '',
        attempt_type: attempt === 1 ? 'FIRST' : delivery.throttled ? 'THROTTLE' : 'RETRY',
        attempt_count: attempt,
        invocation_status: statusOf(result),
        target_duration_ms: now - startedAt,
      }),
      result.ok ? undefined : { error_message: result.errorMessage, aws_service: serviceOf(target.Arn ?? '') },
    );
    delivery.throttled = !result.ok && result.errorCode === 'THROTTLING';
    if (attempt === 1) {
      metrics.rule('IngestiontoInvocationStartLatency', eventBusName, ruleName, startedAt - ingestedAt, 'Milliseconds');
      metrics.rule('IngestiontoInvocationCompleteLatency', eventBusName, ruleName, now - ingestedAt, 'Milliseconds');
    }
    trace?.record(event.id, {
      type: 'attempt',
      time: now,
      rule: ruleName,
      targetId: target.Id ?? '',
      targetArn: target.Arn ?? '',
      attempt,
      ok: result.ok,
      ...(result.ok ? {} : { errorCode: result.errorCode, errorMessage: result.errorMessage }),
    });

    if (result.ok) {
      metrics.rule('SuccessfulInvocationAttempts', eventBusName, ruleName);
      metrics.rule('IngestionToInvocationSuccessLatency', eventBusName, ruleName, now - ingestedAt, 'Milliseconds');
      metrics.rule('Invocations', eventBusName, ruleName);
      this.#log(delivery, 'INVOCATION_SUCCESS', (full) => this.#final(delivery, attempt, 'SUCCESS', full, now));
      return;
    }

    const decision = decideRetry(
      effectiveRetryPolicy(target.RetryPolicy),
      attempt,
      result.retryable,
      (delayMs) => now + delayMs - delivery.ingestedAt,
      this.#deps.random,
    );
    if (decision.retry) {
      const at = now + Math.max(decision.delayMs, result.retryAfterMs ?? 0);
      trace?.record(event.id, { type: 'retry-scheduled', time: now, rule: ruleName, targetId: target.Id ?? '', attempt: attempt + 1, at });
      clock.at(at, () => this.attempt(delivery, attempt + 1));
      return;
    }
    metrics.rule('Invocations', eventBusName, ruleName);
    return this.#giveUp(delivery, result, attempt - 1, decision.exhausted);
  }

  #log(delivery: Delivery, type: MessageType, details: (full: boolean) => Record<string, unknown>, error?: BusLogRecord['error']): void {
    this.#deps.log?.(delivery, type, details, error);
  }

  /** The details of INVOCATION_START and the attempt starts. */
  #invocation(delivery: Delivery, attempt: number, full: boolean): Record<string, unknown> {
    return { rule_arn: delivery.ruleArn, target_arn: delivery.target.Arn ?? '', attempt_count: attempt, ...(full ? { target_input: delivery.payload } : {}) };
  }

  /** The details of INVOCATION_SUCCESS, INVOCATION_FAILURE and INVOCATION_DLQ. */
  #final(delivery: Delivery, attempts: number, status: string, full: boolean, succeededAt?: number): Record<string, unknown> {
    const first = delivery.firstAttempt;
    return {
      rule_arn: delivery.ruleArn,
      target_arn: delivery.target.Arn ?? '',
      ...(full ? { target_input: delivery.payload } : {}),
      total_attempts: attempts,
      final_invocation_status: status,
      ...(first ? { ingestion_to_start_latency_ms: first.startedAt - delivery.ingestedAt } : {}),
      ...(first?.completedAt !== undefined ? { ingestion_to_complete_latency_ms: first.completedAt - delivery.ingestedAt } : {}),
      ...(succeededAt !== undefined ? { ingestion_to_success_latency_ms: succeededAt - delivery.ingestedAt } : {}),
    };
  }

  #dispatch(delivery: Delivery, attempt: number): TargetAnswer {
    const { kind, name } = targetOf(delivery.target.Arn ?? '');
    try {
      const result = this.#deps.dispatcher.deliver({
        target: delivery.target,
        kind,
        resourceName: name,
        payload: delivery.payload,
        event: delivery.event,
        ruleArn: delivery.ruleArn,
        ruleName: delivery.ruleName,
        eventBusName: delivery.eventBusName,
        attempt,
      });
      return result;
    } catch (error) {
      return dispatcherFailed(error);
    }
  }

  #injected(arn: string): TargetResult | 'duplicate' | undefined {
    const failure = this.#failures.get(arn);
    if (!failure) return undefined;
    if (failure.times !== undefined) {
      if (failure.times <= 0) return undefined;
      failure.times--;
    }
    return failure.mode === 'duplicate' ? 'duplicate' : injectedResult[failure.mode](arn);
  }

  async #giveUp(
    delivery: Delivery,
    result: Extract<TargetResult, { ok: false }>,
    retries: number,
    exhausted: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | undefined,
  ): Promise<void> {
    const { clock, metrics, trace, deadLetters } = this.#deps;
    const { target, event, ruleName, eventBusName } = delivery;
    const queueArn = target.DeadLetterConfig?.Arn;
    const error = { error_message: result.errorMessage, aws_service: serviceOf(target.Arn ?? '') };
    if (!queueArn) {
      metrics.rule('FailedInvocations', eventBusName, ruleName);
      this.#log(delivery, 'INVOCATION_FAILURE', (full) => this.#final(delivery, retries + 1, 'FAILED', full), error);
      trace?.record(event.id, {
        type: 'dropped',
        time: clock.now(),
        rule: ruleName,
        targetId: target.Id ?? '',
        reason: exhausted ? `retries exhausted (${exhausted}); no dead-letter queue` : `${result.errorCode} is not retried; no dead-letter queue`,
      });
      return;
    }
    // The attributes AWS puts on each dead-letter message; the body is the original event, untransformed.
    const attributes: Record<string, string> = {
      RULE_ARN: delivery.ruleArn,
      TARGET_ARN: target.Arn ?? '',
      ERROR_CODE: result.errorCode,
      ERROR_MESSAGE: result.errorMessage,
      RETRY_ATTEMPTS: String(retries),
      ...(exhausted ? { EXHAUSTED_RETRY_CONDITION: exhausted } : {}),
    };
    let sent: boolean;
    try {
      sent = await deadLetters.send(queueArn, delivery.eventText, attributes);
    } catch {
      sent = false;
    }
    metrics.rule(sent ? 'InvocationsSentToDlq' : 'InvocationsFailedToBeSentToDlq', eventBusName, ruleName);
    if (!sent) metrics.rule('FailedInvocations', eventBusName, ruleName);
    this.#log(delivery, sent ? 'INVOCATION_DLQ' : 'INVOCATION_FAILURE', (full) => this.#final(delivery, retries + 1, sent ? 'SENT_TO_DLQ' : 'FAILED', full), error);
    trace?.record(event.id, {
      type: 'dead-lettered',
      time: clock.now(),
      rule: ruleName,
      targetId: target.Id ?? '',
      queueArn,
      sent,
      ...(exhausted ? { exhausted } : {}),
    });
  }
}
