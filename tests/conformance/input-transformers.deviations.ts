// Corpus cases of input-transformers.json that src/bus/transform knowingly answers differently from AWS,
// each with its reason and what it does instead. The conformance test checks each still behaves as written.

export type TransformOutcome = { body: string | undefined } | { error: { code: string; message: string } };

export interface Deviation {
  readonly name: string;
  readonly reason: string;
  readonly actual: TransformOutcome;
}

export const deviations: readonly Deviation[] = [];
