// Corpus cases the engine knowingly answers differently from AWS, each with its reason and what it does
// instead. The conformance test checks that each still behaves exactly as written here.

export interface Deviation {
  readonly name: string;
  readonly reason: string;
  readonly actual: { result: boolean } | { code: string; message: string };
}

export const deviations: readonly Deviation[] = [];
