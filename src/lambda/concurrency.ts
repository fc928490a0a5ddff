// Lambda's concurrency limits: how many invocations may run at once, in the account and per function.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html
//
// An account has a concurrency limit (1,000 by default) shared by its functions. A function with reserved
// concurrency has that many for itself, and no more; the others share what is left unreserved, of which Lambda
// keeps at least 100. An invocation over the limit is throttled: a synchronous one fails with
// TooManyRequestsException, an asynchronous one goes back to Lambda's internal queue and is tried again.
//
// Simplified: the retry of a throttled asynchronous event waits 1 second, then twice as long each time, up to
// 5 minutes, with no jitter (AWS: "The retry interval increases exponentially from 1 second after the first
// attempt to a maximum of 5 minutes", and longer when the queue is long). No burst scaling rate, no provisioned
// concurrency.

import { AwsServiceError } from '../bus/errors.ts';

/** The default concurrency limit of an account in a Region. */
export const ACCOUNT_CONCURRENCY_LIMIT = 1_000;
/** What Lambda keeps for functions without reserved concurrency. */
export const MINIMUM_UNRESERVED_CONCURRENCY = 100;

export type ThrottleReason = 'ConcurrentInvocationLimitExceeded' | 'ReservedFunctionConcurrentInvocationLimitExceeded';

/** What Lambda's Invoke answers, with HTTP 429, when no concurrency is left for the invocation. */
export class TooManyRequestsException extends AwsServiceError {
  readonly Reason: ThrottleReason;
  readonly Type = 'User';

  constructor(reason: ThrottleReason) {
    super('TooManyRequestsException', 'Rate Exceeded.', 429);
    this.Reason = reason;
  }
}

/** How long Lambda's internal queue waits before trying a throttled event again, after `throttles` throttles. */
export function throttleRetryDelayMs(throttles: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, throttles - 1), 300_000);
}

/** Invocations running now, per function and in the account, against the limits. */
export class ConcurrencyPool {
  readonly limit: number;
  readonly #running = new Map<string, number>();
  /** Reserved concurrency of the functions that have it. */
  readonly #reserved = new Map<string, number>();

  constructor(limit = ACCOUNT_CONCURRENCY_LIMIT) {
    this.limit = limit;
  }

  /** Sets (or, with undefined, removes) a function's reserved concurrency, refused as Lambda refuses it. */
  reserve(functionName: string, reserved: number | undefined): void {
    if (reserved === undefined) {
      this.#reserved.delete(functionName);
      return;
    }
    let others = 0;
    for (const [name, n] of this.#reserved) if (name !== functionName) others += n;
    if (this.limit - others - reserved < MINIMUM_UNRESERVED_CONCURRENCY) {
      throw new AwsServiceError(
        'InvalidParameterValueException',
        `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MINIMUM_UNRESERVED_CONCURRENCY}].`,
      );
    }
    this.#reserved.set(functionName, reserved);
  }

  /** Takes one unit for an invocation of the function, or says why there is none. */
  acquire(functionName: string): ThrottleReason | undefined {
    const running = this.running(functionName);
    const reserved = this.#reserved.get(functionName);
    if (reserved !== undefined) {
      if (running >= reserved) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    } else if (this.#unreservedRunning() >= this.limit - this.#totalReserved()) {
      return 'ConcurrentInvocationLimitExceeded';
    }
    this.#running.set(functionName, running + 1);
    return undefined;
  }

  release(functionName: string): void {
    const running = this.running(functionName) - 1;
    if (running > 0) this.#running.set(functionName, running);
    else this.#running.delete(functionName);
  }

  /** Invocations of one function running now, or of every function. */
  running(functionName?: string): number {
    if (functionName !== undefined) return this.#running.get(functionName) ?? 0;
    let total = 0;
    for (const n of this.#running.values()) total += n;
    return total;
  }

  #totalReserved(): number {
    let total = 0;
    for (const n of this.#reserved.values()) total += n;
    return total;
  }

  #unreservedRunning(): number {
    let total = 0;
    for (const [name, n] of this.#running) if (!this.#reserved.has(name)) total += n;
    return total;
  }
}
