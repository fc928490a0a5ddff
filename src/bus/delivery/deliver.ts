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
}

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
    const answer = injected && injected !== 'duplicate' ? injected : this.#dispatch(delivery, attempt);
    const settled = this.#follow(delivery, attempt, answer);
    if (injected !== 'duplicate') return settled;
    // The same event handed over once more at the same moment, as a separate attempt: a Lambda target runs the
    // two copies side by side, in two execution environments.
    const again = this.attempt(delivery, attempt);
    return settled instanceof Promise || again instanceof Promise ? Promise.all([settled, again]).then(() => undefined) : undefined;
  }

  /** Settles the attempt when its outcome is known: now, when a promise resolves, or later in virtual time. */
  #follow(delivery: Delivery, attempt: number, answer: TargetAnswer): void | Promise<void> {
    if (answer instanceof Promise) return answer.catch(dispatcherFailed).then((outcome) => this.#follow(delivery, attempt, outcome));
    if (isLater(answer)) {
      this.#deps.clock.at(answer.at, () => this.#follow(delivery, attempt, this.#next(answer)));
      return;
    }
    return this.#settle(delivery, attempt, answer);
  }

  #next(later: LaterResult): TargetAnswer {
    try {
      return later.next();
    } catch (error) {
      return dispatcherFailed(error);
    }
  }

  #settle(delivery: Delivery, attempt: number, result: TargetResult): void | Promise<void> {
    const { clock, metrics, trace } = this.#deps;
    const { target, event, ruleName, eventBusName } = delivery;
    const now = clock.now();

    metrics.rule('InvocationAttempts', eventBusName, ruleName);
    if (attempt > 1) metrics.rule('RetryInvocationAttempts', eventBusName, ruleName);
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
      metrics.rule('Invocations', eventBusName, ruleName);
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
    if (!queueArn) {
      metrics.rule('FailedInvocations', eventBusName, ruleName);
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
