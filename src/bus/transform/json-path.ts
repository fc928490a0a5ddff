// The JSONPath subset EventBridge evaluates for `InputPath` and the values of `InputPathsMap`: `$`, dotted
// keys, array indices (`[0]`) and wildcards (`.*`, `[*]`). Keys may hold letters, digits, dashes,
// underscores and forward slashes (the documented set), plus `:` and `@`, which real event keys use
// (`aws:RequestTag`, `@timestamp`). Left out on purpose: deep scan (`..`), filters, slices, unions and
// script expressions, which EventBridge does not document; quoted bracket keys (`['a b']`) are accepted
// because the API reference allows bracket notation for `InputPath`.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html

export type PathStep =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

export interface JsonPath {
  readonly text: string;
  readonly steps: readonly PathStep[];
  /**
   * A path with a wildcard can select several values; like Jayway JsonPath (the Java library whose
   * semantics EventBridge's follow), it then yields the list of everything it selected.
   */
  readonly definite: boolean;
}

const KEY_CHAR = /[A-Za-z0-9_\-/:@]/;

/** Parses a path of the supported subset; `undefined` when the text is outside it. */
export function parseJsonPath(text: string): JsonPath | undefined {
  if (!text.startsWith('$')) return undefined;
  const steps: PathStep[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      i += 1;
      if (text[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i += 1;
        continue;
      }
      const start = i;
      while (i < text.length && KEY_CHAR.test(text[i] ?? '')) i += 1;
      if (i === start) return undefined;
      steps.push({ kind: 'key', key: text.slice(start, i) });
    } else if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']+'$/.test(inner) || /^"[^"]+"$/.test(inner)) steps.push({ kind: 'key', key: inner.slice(1, -1) });
      else return undefined;
      i = close + 1;
    } else {
      return undefined;
    }
  }
  return { text, steps, definite: steps.every((s) => s.kind !== 'wildcard') };
}

/**
 * The value the path selects in `root`, or `undefined` when a definite path selects nothing. An indefinite
 * path yields an array of its matches (possibly empty).
 */
export function evaluateJsonPath(path: JsonPath, root: unknown): unknown {
  let current: unknown[] = [root];
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === 'key') {
        if (isObject(value) && Object.hasOwn(value, step.key)) next.push(value[step.key]);
      } else if (step.kind === 'index') {
        if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
      } else if (Array.isArray(value)) {
        next.push(...value);
      } else if (isObject(value)) {
        next.push(...Object.values(value));
      }
    }
    current = next;
  }
  return path.definite ? current[0] : current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
