// Scenarios of rule-delivery.json that the simulator knowingly delivers differently from AWS, each with its
// reason and what it delivers instead. The conformance test checks each still behaves exactly as written.

/**
 * What the targets received after each PutEvents entry, in order: the bodies (parsed where the recording
 * kept a parsed value, with run-specific values replaced by the recording's placeholders).
 */
export type DeliveryOutcome = unknown[][];

export interface Deviation {
  readonly name: string;
  readonly reason: string;
  readonly actual: DeliveryOutcome;
}

export const deviations: readonly Deviation[] = [];
