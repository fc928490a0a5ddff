// The meaning of a pattern, evaluated directly: one matcher against one value, one branch against an
// event's leaves. It is the reference the compiled machine (match.ts) is tested against, and what
// explain.ts reports from. Slow on purpose: clarity over speed.

import type { Branch, Matcher, Scalar } from './ast.ts';
import { anythingButAccepts } from './anything-but.ts';
import { inIpRange, parseIp, sameIp } from './cidr.ts';
import { consistent, type EventLeaf, type Trail } from './event.ts';
import { inRange } from './numeric.ts';
import { sameScalar } from './scalar.ts';
import { equalsIgnoreCase, hasPrefix, hasSuffix } from './strings.ts';
import { wildcardRegExp } from './wildcard.ts';

/** Whether `matcher` accepts one leaf value. `exists` accepts any value (absence is decided per field). */
export function accepts(matcher: Matcher, value: Scalar): boolean {
  switch (matcher.kind) {
    case 'exact':
      if (matcher.ip) return value.type === 'string' && sameIp(matcher.ip, parseIp(value.value));
      return sameScalar(matcher.value, value);
    case 'exists':
      return matcher.value;
    case 'numeric':
      return value.type === 'number' && inRange(matcher.range, value.value);
    case 'anything-but':
      return anythingButAccepts(matcher, value);
  }
  if (value.type !== 'string') return false;
  switch (matcher.kind) {
    case 'prefix':
      return hasPrefix(value.value, matcher.value, matcher.ignoreCase);
    case 'suffix':
      return hasSuffix(value.value, matcher.value, matcher.ignoreCase);
    case 'equals-ignore-case':
      return equalsIgnoreCase(value.value, matcher.value);
    case 'wildcard':
      return wildcardRegExp(matcher.value).test(value.value);
    case 'cidr': {
      const ip = parseIp(value.value);
      return ip !== null && inIpRange(matcher.range, ip);
    }
  }
}

export function groupByPath(leaves: readonly EventLeaf[]): Map<string, EventLeaf[]> {
  const byPath = new Map<string, EventLeaf[]>();
  for (const leaf of leaves) {
    const list = byPath.get(leaf.path);
    if (list) list.push(leaf);
    else byPath.set(leaf.path, [leaf]);
  }
  return byPath;
}

/** The leaves of one field that satisfy it; `absent` when the field is satisfied by having no value. */
export function fieldCandidates(matchers: readonly Matcher[], leaves: readonly EventLeaf[]): EventLeaf[] | 'absent' {
  if (leaves.length === 0 && matchers.some((m) => m.kind === 'exists' && !m.value)) return 'absent';
  return leaves.filter((leaf) => matchers.some((m) => accepts(m, leaf.value)));
}

/** Whether every field of the branch is satisfied by values that can coexist (no two elements of one array). */
export function branchMatches(branch: Branch, byPath: ReadonlyMap<string, readonly EventLeaf[]>): boolean {
  const choices: EventLeaf[][] = [];
  for (const [path, matchers] of branch.fields) {
    const candidates = fieldCandidates(matchers, byPath.get(path) ?? []);
    if (candidates === 'absent') continue;
    if (candidates.length === 0) return false;
    choices.push(candidates);
  }
  const chosen: (Trail | null)[] = [];
  const pick = (i: number): boolean => {
    if (i === choices.length) return true;
    for (const leaf of choices[i]!) {
      if (chosen.every((t) => consistent(t, leaf.trail))) {
        chosen.push(leaf.trail);
        if (pick(i + 1)) return true;
        chosen.pop();
      }
    }
    return false;
  };
  return pick(0);
}
