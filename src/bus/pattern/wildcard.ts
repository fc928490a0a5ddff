// `wildcard` matching: `*` stands for any run of characters; `\*` and `\\` are a literal star and backslash.
// AWS rejects consecutive stars, and rules whose wildcards could keep too many partial matches alive at once
// (complexity.ts). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#eb-filtering-wildcard-matching

export const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

const STAR = -1;

/**
 * The pattern as tokens: character codes, and STAR for an unescaped `*`. Throws with AWS's reason, whose
 * position counts UTF-8 bytes in the value as event-ruler stores it, inside quotes (so the first character of
 * the pattern is at 1).
 */
export function wildcardTokens(pattern: string): number[] {
  const tokens: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42) {
      if (tokens.at(-1) === STAR && pattern.charCodeAt(i - 1) === 42) {
        throw new Error(`Consecutive wildcard characters at pos ${quotedBytePosition(pattern, i - 1)}`);
      }
      tokens.push(STAR);
    } else if (c === 92) {
      const next = pattern.charCodeAt(i + 1);
      if (next !== 42 && next !== 92) throw new Error(`Invalid escape character at pos ${quotedBytePosition(pattern, i)}`);
      tokens.push(next);
      i++;
    } else {
      tokens.push(c);
    }
  }
  return tokens;
}

/** Where `text[index]` sits in the UTF-8 bytes of `"text"`, encoded as Java does (a lone surrogate becomes `?`). */
function quotedBytePosition(text: string, index: number): number {
  let bytes = 1;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < index && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) bytes += 1;
    else bytes += 3;
  }
  return bytes;
}

export function wildcardRegExp(pattern: string): RegExp {
  const source = wildcardTokens(pattern)
    .map((t) => (t === STAR ? '[\\s\\S]*' : String.fromCharCode(t).replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
