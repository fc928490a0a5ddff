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

export const deviations: readonly Deviation[] = [
  {
    name: 'detail_too_big',
    reason:
      'Recorded in January 2025, when the entries of a request could total 256 KB. Since 2026-01-29 they can total 1 MB (https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb), so a 256 KB Detail is accepted.',
    actual: { response: { FailedEntryCount: 0, Entries: [{ EventId: 'id-1' }] } },
  },
];
