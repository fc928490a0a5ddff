// String operators: `prefix`, `suffix` and `equals-ignore-case`, alone or combined (`{"prefix":
// {"equals-ignore-case": "EventB"}}`). They apply to string values only: a number never has a prefix.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#eb-filtering-prefix-matching

/** Case folding used by every `equals-ignore-case` variant. */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

export function hasPrefix(value: string, prefix: string, ignoreCase: boolean): boolean {
  return ignoreCase ? foldCase(value).startsWith(foldCase(prefix)) : value.startsWith(prefix);
}

export function hasSuffix(value: string, suffix: string, ignoreCase: boolean): boolean {
  return ignoreCase ? foldCase(value).endsWith(foldCase(suffix)) : value.endsWith(suffix);
}

export function equalsIgnoreCase(value: string, expected: string): boolean {
  return foldCase(value) === foldCase(expected);
}
