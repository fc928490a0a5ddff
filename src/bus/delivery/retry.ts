// A target's retry policy, as EventBridge applies it when a delivery fails with a retriable error.
//
// AWS: "By default, EventBridge retries sending the event for 24 hours and up to 185 times with an exponential
// back off and jitter, or randomized delay." MaximumRetryAttempts is 0..185, MaximumEventAgeInSeconds 60..86400;
// whichever limit is reached first ends the retries. Errors that need someone to act (a missing target, missing
// permissions) are not retried at all.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
//
// AWS does not publish its backoff curve. The simulator doubles a 1 s base up to a 10 minute cap and takes a
// random point in the upper half of that interval, which spreads 185 attempts over about a day, as AWS's
// defaults do. Lessons should not teach the exact delays, only that they grow and are jittered.

import type { RetryPolicy } from '@aws-sdk/client-eventbridge';

export const DEFAULT_RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 } as const;

export const RETRY_LIMITS = {
  MaximumRetryAttempts: { min: 0, max: 185 },
  MaximumEventAgeInSeconds: { min: 60, max: 86_400 },
} as const;

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 600_000;

export interface EffectiveRetryPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeMs: number;
}

export function effectiveRetryPolicy(policy: RetryPolicy | undefined): EffectiveRetryPolicy {
  return {
    maximumRetryAttempts: policy?.MaximumRetryAttempts ?? DEFAULT_RETRY_POLICY.MaximumRetryAttempts,
    maximumEventAgeMs: (policy?.MaximumEventAgeInSeconds ?? DEFAULT_RETRY_POLICY.MaximumEventAgeInSeconds) * 1000,
  };
}

/** The wait before retry number `retry` (1 for the first retry), with jitter drawn from `random`. */
export function retryDelayMs(retry: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(retry - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; exhausted: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | undefined };

/**
 * After attempt number `attempt` failed: retry (and when), or give up, saying which limit ended it
 * (`EXHAUSTED_RETRY_CONDITION` in the dead-letter message; none for an error that is never retried).
 */
export function decideRetry(
  policy: EffectiveRetryPolicy,
  attempt: number,
  retryable: boolean,
  ageAtNextAttempt: (delayMs: number) => number,
  random: () => number,
): RetryDecision {
  if (!retryable) return { retry: false, exhausted: undefined };
  const retriesSoFar = attempt - 1;
  if (retriesSoFar >= policy.maximumRetryAttempts) return { retry: false, exhausted: 'MaximumRetryAttempts' };
  const delayMs = retryDelayMs(retriesSoFar + 1, random);
  if (ageAtNextAttempt(delayMs) > policy.maximumEventAgeMs) return { retry: false, exhausted: 'MaximumEventAgeInSeconds' };
  return { retry: true, delayMs };
}
