// Why a pattern matches an event or not, field by field: structured reasons for the UI, plus a text form.
// For a pattern with `$or`, the first matching branch is explained, or else every branch.

import type { Branch, Matcher } from './ast.ts';
import { branchMatches, fieldCandidates, groupByPath } from './evaluate.ts';
import { flattenEvent, type EventLeaf } from './event.ts';
import { describeRange } from './numeric.ts';
import { parsePattern } from './parse.ts';
import { scalarText } from './scalar.ts';

export interface FieldReason {
  /** Dotted field path, e.g. `detail.signupMethod`. */
  readonly path: string;
  readonly ok: boolean;
  /** What the pattern asks for, e.g. `one of "email", "google"`. */
  readonly expected: string;
  /** The event's value(s) at the path as JSON text, or `(missing)`. */
  readonly actual: string;
  /** One line, e.g. `detail.signupMethod: expected one of "email", "google"; got "github"`. */
  readonly message: string;
}

export interface Explanation {
  readonly matched: boolean;
  /** One list of reasons per branch explained (a pattern without `$or` has one). */
  readonly branches: readonly (readonly FieldReason[])[];
}

/** Explains `patternText` against `eventText`. Throws AWS's errors for an invalid pattern or event. */
export function explain(patternText: string, eventText: string): Explanation {
  const pattern = parsePattern(patternText);
  const byPath = groupByPath(flattenEvent(eventText));
  const matching = pattern.branches.find((b) => branchMatches(b, byPath));
  const shown = matching ? [matching] : pattern.branches;
  return { matched: matching !== undefined, branches: shown.map((b) => explainBranch(b, byPath)) };
}

export function renderExplanation(explanation: Explanation): string {
  const lines = [explanation.matched ? 'matched' : 'not matched'];
  explanation.branches.forEach((reasons, i) => {
    if (explanation.branches.length > 1) lines.push(`$or branch ${i + 1}:`);
    for (const r of reasons) lines.push(`  ${r.ok ? '✓' : '✗'} ${r.message}`);
  });
  return lines.join('\n');
}

function explainBranch(branch: Branch, byPath: ReadonlyMap<string, readonly EventLeaf[]>): FieldReason[] {
  const reasons: FieldReason[] = [];
  for (const [path, matchers] of branch.fields) {
    const leaves = byPath.get(path) ?? [];
    const candidates = fieldCandidates(matchers, leaves);
    const ok = candidates === 'absent' || candidates.length > 0;
    const expected = describeMatchers(matchers);
    const actual =
      leaves.length === 0 ? '(missing)' : leaves.map((l) => scalarText(l.value)).join(', ');
    const message = ok ? `${path}: matched` : `${path}: expected ${expected}; got ${actual}`;
    reasons.push({ path, ok, expected, actual, message });
  }
  if (reasons.every((r) => r.ok) && !branchMatches(branch, byPath)) {
    reasons.push({
      path: '',
      ok: false,
      expected: 'all fields from the same array element',
      actual: 'values from different elements of one array',
      message: 'fields matched, but only in different elements of the same array',
    });
  }
  return reasons;
}

function describeMatchers(matchers: readonly Matcher[]): string {
  if (matchers.every((m) => m.kind === 'exact')) {
    const values = matchers.map((m) => (m.kind === 'exact' ? scalarText(m.value) : ''));
    return values.length === 1 ? values[0]! : `one of ${values.join(', ')}`;
  }
  const parts = matchers.map(describeMatcher);
  return parts.length === 1 ? parts[0]! : `any of: ${parts.join('; ')}`;
}

function describeMatcher(m: Matcher): string {
  const quoted = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(', ');
  switch (m.kind) {
    case 'exact':
      return scalarText(m.value);
    case 'prefix':
    case 'suffix':
      return `${m.kind} ${JSON.stringify(m.value)}${m.ignoreCase ? ' (ignoring case)' : ''}`;
    case 'equals-ignore-case':
      return `${JSON.stringify(m.value)} ignoring case`;
    case 'wildcard':
      return `wildcard ${JSON.stringify(m.value)}`;
    case 'numeric':
      return `a number ${describeRange(m.range)}`;
    case 'exists':
      return m.value ? 'the field to exist' : 'the field to be absent';
    case 'cidr':
      return `an IP address in ${m.value}`;
    case 'anything-but':
      if (m.op === 'values') return `anything but ${m.values.map(scalarText).join(', ')}`;
      return `anything but ${m.op} ${quoted(m.values)}`;
  }
}
