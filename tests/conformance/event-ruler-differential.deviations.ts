// Cases of event-ruler-differential.json that the engine knowingly answers differently, each with its reason
// and what the engine answers instead. The conformance test checks each still behaves exactly as written here
// and still differs from the corpus.

export type Outcome = { result: boolean } | { code: string; message: string };

export interface Deviation {
  readonly name: string;
  readonly reason: string;
  readonly actual: Outcome;
}

/** AWS's whole error text: its prefix, the reason, and Jackson's location(s) in the pattern. */
const refused = (reason: string, pattern: string, ...columns: number[]): Outcome => ({
  code: 'InvalidEventPatternException',
  message: `Event pattern is not valid. Reason: ${reason}${columns
    .map((column) => `\n at [Source: (String)"${pattern}"; line: 1, column: ${column}]`)
    .join('')}`,
});

// The corpus's columns for these three come from the Jackson its event-ruler build used. event-ruler 2.0.1 built
// with Jackson 2.17, 2.18 or 2.20 (the versions whose answers agree with every recorded AWS error in
// event-patterns.json) gives exactly the engine's answers below.
const WHERE_AWS_JACKSON_POINTS =
  "Same text, one column earlier: Jackson 2.17-2.20 (whose answers match AWS's recorded ones) report at the character, the corpus's build after it.";

export const deviations: readonly Deviation[] = [
  {
    name: 'error-message-differences/mismatched-close-array',
    reason: WHERE_AWS_JACKSON_POINTS,
    actual: refused(
      `Unexpected close marker '}': expected ']' (for Array starting at [Source: (String)"{"a":[{"anything-but":{"prefix":["1","2"}}]}"; line: 1, column: 33])`,
      '{"a":[{"anything-but":{"prefix":["1","2"}}]}',
      41,
      42,
    ),
  },
  {
    name: 'error-message-differences/mismatched-close-object',
    reason: WHERE_AWS_JACKSON_POINTS,
    actual: refused(
      `Unexpected close marker ']': expected '}' (for Object starting at [Source: (String)"{"a":[{"anything-but":{"prefix":["1","2"]}]}"; line: 1, column: 7])`,
      '{"a":[{"anything-but":{"prefix":["1","2"]}]}',
      43,
    ),
  },
  {
    name: 'error-message-differences/comment',
    reason: WHERE_AWS_JACKSON_POINTS,
    actual: refused(
      "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)",
      '{"a":[1] /* c */}',
      10,
    ),
  },
];
