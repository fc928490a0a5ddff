// Corpus cases of put-events-validation.json that src/bus/put-events knowingly answers differently from
// AWS, each with its reason and what it does instead. The conformance test checks each still behaves so.

export type PutEventsOutcomeSummary =
  | { response: { FailedEntryCount: number; Entries: Array<{ EventId: string } | { ErrorCode: string; ErrorMessage: string }> } }
  | { error: { code: string; message: string } };

export interface Deviation {
  readonly name: string;
  readonly reason: string;
  readonly actual: PutEventsOutcomeSummary;
}

export const deviations: readonly Deviation[] = [];
