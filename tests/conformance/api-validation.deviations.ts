// Cases of api-validation.json that the simulator knowingly answers differently from AWS, each with its
// reason and what it does instead. The conformance test checks each still behaves exactly as written.

import type { Target } from '@aws-sdk/client-eventbridge';

export type ApiOutcome =
  | { accepted: true; targets?: Target[] }
  | { error: { code: string; message: string; httpStatus: number } }
  /** The operation does not exist on the simulator's EventBridge. */
  | { unsupported: string };

export interface Deviation {
  readonly name: string;
  readonly reason: string;
  readonly actual: ApiOutcome;
}

// create_connection_validation passes since CreateConnection exists (src/bus/api-destinations/connections.ts).
export const deviations: readonly Deviation[] = [];
