// Reading a source map's `mappings` (version 3, base64 VLQ) to turn a position in transpiled code back into
// the learner's own line and column. https://tc39.es/ecma426/

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, i) => [char, i]));

/** [generated column, source index, original line, original column], all 0-based. */
type Segment = [number, number, number, number];

export class SourceMapReader {
  readonly #lines: Segment[][];

  constructor(mappings: string) {
    this.#lines = decode(mappings);
  }

  /** The original position (1-based line, 0-based column) of a generated one, or undefined if unmapped. */
  original(line: number, column: number): { line: number; column: number } | undefined {
    const segments = this.#lines[line - 1];
    if (!segments || segments.length === 0) return undefined;
    let found: Segment | undefined;
    for (const segment of segments) {
      if (segment[0] > column) break;
      found = segment;
    }
    found ??= segments[0]!;
    return { line: found[2] + 1, column: found[3] };
  }
}

function decode(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: Segment[] = [];
    let generatedColumn = 0;
    for (const segmentText of lineText.split(',')) {
      if (segmentText === '') continue;
      const fields = vlq(segmentText);
      generatedColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1]!;
        originalLine += fields[2]!;
        originalColumn += fields[3]!;
        segments.push([generatedColumn, source, originalLine, originalColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function vlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`invalid base64 VLQ character ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
