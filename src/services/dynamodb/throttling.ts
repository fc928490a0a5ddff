// Throttling, set up by a lesson's check: DynamoDB refuses writes to a table, or to one hot item of it, for a
// while, as it does when traffic to a partition exceeds what it can serve. The SDK retries a throttled request
// a few times at once; virtual time stands still inside an invocation, so a throttle that lasts into virtual
// time outlives them all and the invocation sees the error, as it would on a partition that stays hot.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TroubleshootingThrottling.html

import { AwsServiceError } from '../../bus/errors.ts';

/** The throttle DynamoDB reports for an on-demand table, with its message as DynamoDB sends it. */
const ON_DEMAND_MESSAGE =
  'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly. If exceptions persist, check if you have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html';
const PROVISIONED_MESSAGE = 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

/** What a single write gets when throttled: ThrottlingException on demand, ProvisionedThroughputExceededException otherwise. */
export function throttlingError(billingMode: BillingMode): AwsServiceError {
  return billingMode === 'PAY_PER_REQUEST'
    ? new AwsServiceError('ThrottlingException', ON_DEMAND_MESSAGE)
    : new AwsServiceError('ProvisionedThroughputExceededException', PROVISIONED_MESSAGE);
}

/**
 * A throttled action's place in a cancelled transaction's reasons, as the TransactWriteItems reference lists them.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export function throttlingReason(billingMode: BillingMode): { Code: string; Message: string } {
  return billingMode === 'PAY_PER_REQUEST' ? { Code: 'ThrottlingError', Message: ON_DEMAND_MESSAGE } : { Code: 'ProvisionedThroughputExceeded', Message: PROVISIONED_MESSAGE };
}

interface Throttle {
  table: string;
  /** The item's key string; undefined: every item of the table. */
  key: string | undefined;
  until: number;
}

/** The write throttles in force, by table and item. */
export class WriteThrottles {
  readonly #now: () => number;
  #throttles: Throttle[] = [];

  constructor(now: () => number) {
    this.#now = now;
  }

  add(table: string, key: string | undefined, until: number): void {
    this.#throttles.push({ table, key, until });
  }

  /** Whether a write to this item of this table is throttled now. */
  throttled(table: string, key: string): boolean {
    // Every write asks: without a throttle set (nearly always), no work.
    if (this.#throttles.length === 0) return false;
    const now = this.#now();
    this.#throttles = this.#throttles.filter((throttle) => throttle.until > now);
    return this.#throttles.some((throttle) => throttle.table === table && (throttle.key === undefined || throttle.key === key));
  }

  /** Throttles end with the table they were set on. */
  forget(table: string): void {
    this.#throttles = this.#throttles.filter((throttle) => throttle.table !== table);
  }
}
