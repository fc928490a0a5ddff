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

const wantsAbsence = (matchers: readonly Matcher[]): boolean => matchers.some((m) => m.kind === 'exists' && !m.value);

/**
 * The leaves of one field that satisfy it; `absent` when the field is satisfied by having no value, or may be
 * (all its values sit in array elements, and another field may pick an element without one; see branchMatches).
 */
export function fieldCandidates(matchers: readonly Matcher[], leaves: readonly EventLeaf[]): EventLeaf[] | 'absent' {
  if (wantsAbsence(matchers) && leaves.every((leaf) => leaf.trail !== null)) {
    const candidates = leaves.filter((leaf) => matchers.some((m) => accepts(m, leaf.value)));
    return candidates.length > 0 ? candidates : 'absent';
  }
  return leaves.filter((leaf) => matchers.some((m) => accepts(m, leaf.value)));
}

/** The order in which event-ruler walks a rule's fields: by path, as Java sorts strings (UTF-16 code units). */
export function fieldOrder<T>(fields: ReadonlyMap<string, T>): [string, T][] {
  return [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Whether every field of the branch is satisfied by values that can coexist (no two from different elements
 * of one array). Fields are taken in event-ruler's order, and `exists: false` holds where no value of the field
 * coexists with the values chosen for the fields before it: within the array element those picked, or in the
 * whole event when none did. So `{"e": {"f": ["Anna"], "ids": [{"exists": false}]}}` matches
 * `{"e": [{"f": "John", "ids": [1]}, {"f": "Anna"}]}`, while the same shape with the absent field sorting first
 * does not (event-ruler's RulerTest asserts the first; the documentation says nothing of either).
 */
export function branchMatches(branch: Branch, byPath: ReadonlyMap<string, readonly EventLeaf[]>): boolean {
  const fields = fieldOrder(branch.fields);
  const chosen: Trail[] = [];
  const fits = (trail: Trail | null): boolean => trail === null || chosen.every((t) => consistent(t, trail));
  const pick = (i: number): boolean => {
    if (i === fields.length) return true;
    const [path, matchers] = fields[i]!;
    const leaves = byPath.get(path) ?? [];
    for (const leaf of leaves) {
      if (!fits(leaf.trail) || !matchers.some((m) => accepts(m, leaf.value))) continue;
      // A value outside every array constrains nothing: no other choice can do better.
      if (leaf.trail === null) return pick(i + 1);
      chosen.push(leaf.trail);
      if (pick(i + 1)) return true;
      chosen.pop();
    }
    if (wantsAbsence(matchers) && !leaves.some((leaf) => fits(leaf.trail))) return pick(i + 1);
    return false;
  };
  return pick(0);
}
