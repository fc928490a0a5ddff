// String operators: `prefix`, `suffix` and `equals-ignore-case`, alone or combined (`{"prefix":
// {"equals-ignore-case": "EventB"}}`). They apply to string values only: a number never has a prefix.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#eb-filtering-prefix-matching
//
// Ignoring case follows event-ruler (EqualsIgnoreCaseParser), character by character: each character of the
// pattern stands for its lower case or its upper case, as Java maps that one character, and the event's text
// must be such spellings one after another. So `ß` matches `SS` (its upper case), `ı` matches `I`, but the Kelvin
// sign `K` is not `k` for a pattern `k`, a final `ς` is not `σ`, and a pattern `SS` does not match `ß`. Unlike
// event-ruler, a character also stands for itself: event-ruler misses identical text when it has characters
// outside the BMP or titlecase letters like `ǅ` (a bug AWS's documentation gives no room for).

const ASCII = /^[\x00-\x7f]*$/;

export function isAscii(text: string): boolean {
  return ASCII.test(text);
}

/**
 * A key that texts equal ignoring case always share (the converse does not hold: check with
 * `matchesIgnoringCase`). It works character by character too, so a prefix's key is a prefix of the key.
 */
export function foldKey(text: string, ascii = isAscii(text)): string {
  if (ascii) return text.toLowerCase();
  let key = text.toUpperCase().toLowerCase();
  // Lower-casing a whole string writes a word-final Σ as ς, and ẞ lower-cases to ß (which upper-cases to SS).
  if (key.includes('ς')) key = key.replaceAll('ς', 'σ');
  if (key.includes('ß')) key = key.replaceAll('ß', 'ss');
  return key;
}

/** For each character (code point) of a pattern, the spellings it stands for. */
export type CaseVariants = readonly (readonly string[])[];

export function caseVariants(pattern: string): CaseVariants {
  const variants: string[][] = [];
  for (const c of pattern) variants.push([...new Set([c, c.toLowerCase(), c.toUpperCase()])]);
  return variants;
}

/** Whether `value` equals, starts with or ends with the pattern whose variants are given, ignoring case. */
export function matchesIgnoringCase(value: string, variants: CaseVariants, mode: 'equals' | 'prefix' | 'suffix'): boolean {
  const forward = mode !== 'suffix';
  let positions = [forward ? 0 : value.length];
  for (let i = 0; i < variants.length; i++) {
    const spellings = variants[forward ? i : variants.length - 1 - i]!;
    const next: number[] = [];
    for (const at of positions) {
      for (const spelling of spellings) {
        const end = forward ? at + spelling.length : at - spelling.length;
        if (end < 0 || end > value.length || next.includes(end)) continue;
        if (value.startsWith(spelling, forward ? at : end)) next.push(end);
      }
    }
    if (next.length === 0) return false;
    positions = next;
  }
  return mode !== 'equals' || positions.includes(value.length);
}

function ignoringCase(value: string, pattern: string, mode: 'equals' | 'prefix' | 'suffix'): boolean {
  if (isAscii(value) && isAscii(pattern)) {
    const v = value.toLowerCase();
    const p = pattern.toLowerCase();
    return mode === 'equals' ? v === p : mode === 'prefix' ? v.startsWith(p) : v.endsWith(p);
  }
  return matchesIgnoringCase(value, caseVariants(pattern), mode);
}

export function hasPrefix(value: string, prefix: string, ignoreCase: boolean): boolean {
  return ignoreCase ? ignoringCase(value, prefix, 'prefix') : value.startsWith(prefix);
}

export function hasSuffix(value: string, suffix: string, ignoreCase: boolean): boolean {
  return ignoreCase ? ignoringCase(value, suffix, 'suffix') : value.endsWith(suffix);
}

export function equalsIgnoreCase(value: string, expected: string): boolean {
  return ignoringCase(value, expected, 'equals');
}
