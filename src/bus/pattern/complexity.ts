// How complex AWS finds a rule's wildcards: event-ruler's MachineComplexityEvaluator, run the way event-ruler's
// README shows a service validating one rule (every sub-rule that has a `wildcard` or anything-but `wildcard`,
// whole, in one machine; the rule is refused above 10). AWS refuses a score of 11 ("*:*:*:*:*:event-bus/*" in the
// recorded corpus) and takes 7 ("*a*b*c*d*e*"). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html#eb-filtering-wildcard-matching
//
// The score is the largest number of wildcard patterns that can be "alive" at once while a value is read, counted
// the way event-ruler counts them on its byte automaton. So this file rebuilds the part of that automaton wildcard
// values make (one state per byte of the quoted value, a looping state per `*`, and the states two values share
// when they start alike, by event-ruler's rules for reusing a state), and walks it as the evaluator does. Other
// matchers only decide which sub-rules share an automaton (through event-ruler's NameStates); their own bytes
// are left out, an approximation that matters only when they share a prefix with a wildcard on the same field.

import type { Branch, Matcher } from './ast.ts';
import { fieldOrder } from './evaluate.ts';
import { scalarText } from './scalar.ts';
import { wildcardTokens } from './wildcard.ts';

/** AWS refuses a rule whose complexity is above this. */
export const MAX_WILDCARD_COMPLEXITY = 10;

/** Counting stops here: anything at or above it is refused anyway. */
const CAP = MAX_WILDCARD_COMPLEXITY + 1;

const WILD = -1;
const QUOTE = 34;

/** The complexity of a rule, counted as AWS does, capped just above the limit. */
export function ruleComplexity(branches: readonly Branch[]): number {
  const start = new NameState();
  for (const branch of branches) {
    const fields = fieldOrder(branch.fields);
    if (fields.some(([, matchers]) => matchers.some(isWildcard))) addStep(start, fields, 0);
  }
  return start.complexity();
}

const isWildcard = (m: Matcher): boolean => m.kind === 'wildcard' || (m.kind === 'anything-but' && m.op === 'wildcard');

// ---- NameStates: which sub-rules reach which field automaton (GenericMachine.addStep). -------------------------

class NameState {
  readonly fields = new Map<string, FieldMachine>();
  /** Fields that must be absent lead to NameStates of their own, which the evaluator never visits. */
  readonly absent = new Map<string, Map<string, NameState>>();

  complexity(): number {
    let max = 0;
    for (const field of this.fields.values()) {
      max = Math.max(max, field.complexity());
      if (max >= CAP) return CAP;
    }
    return max;
  }
}

class FieldMachine {
  /** Each matcher other than a wildcard (as event-ruler tells patterns apart) and the NameState it leads to. */
  readonly next = new Map<string, NameState>();
  /** The NameStates wildcard values lead to (the byte automaton decides which, see ByteMachine.add). */
  readonly wildcardNext = new Set<NameState>();
  bytes: ByteMachine | null = null;

  complexity(): number {
    let max = this.bytes ? this.bytes.complexity() : 0;
    for (const state of new Set([...this.next.values(), ...this.wildcardNext])) {
      if (max >= CAP) return CAP;
      max = Math.max(max, state.complexity());
    }
    return Math.min(max, CAP);
  }
}

function addStep(state: NameState, fields: readonly [string, readonly Matcher[]][], index: number): void {
  if (index === fields.length) return;
  const [path, matchers] = fields[index]!;
  let last: NameState | null = null;
  const reached = new Set<NameState>();
  for (const m of matchers) {
    const key = matcherKey(m);
    let next: NameState;
    if (m.kind === 'wildcard' || (m.kind === 'anything-but' && m.op === 'wildcard')) {
      // Each sub-rule adds its values again, and a value past a `*` cannot always find the states it made
      // before; then it ends in a match of its own, leading to a NameState of its own.
      const field = state.fields.get(path) ?? new FieldMachine();
      state.fields.set(path, field);
      const bytes = (field.bytes ??= new ByteMachine());
      let candidate = last;
      for (const value of m.kind === 'wildcard' ? [m.value] : javaHashSetOrder(m.values)) {
        candidate = bytes.add(key, quotedBytes(value), candidate);
      }
      next = candidate!;
      field.wildcardNext.add(next);
    } else {
      let table: Map<string, NameState>;
      if (m.kind === 'exists' && !m.value) {
        table = state.absent.get(path) ?? new Map();
        state.absent.set(path, table);
      } else {
        const field = state.fields.get(path) ?? new FieldMachine();
        state.fields.set(path, field);
        table = field.next;
      }
      const known = table.get(key);
      next = known ?? last ?? new NameState();
      if (!known) table.set(key, next);
    }
    last = next;
    reached.add(next);
  }
  for (const next of reached) addStep(next, fields, index + 1);
}

/** Tells matchers apart as event-ruler's Patterns.equals does (closely enough for sharing NameStates). */
function matcherKey(m: Matcher): string {
  switch (m.kind) {
    case 'exact':
      return m.ip ? `ip:${m.ip.version}:${m.ip.value}` : `exact:${scalarText(m.value)}`;
    case 'prefix':
    case 'suffix':
      return `${m.kind}:${m.ignoreCase}:${m.value}`;
    case 'numeric':
      return `numeric:${JSON.stringify(m.range)}`;
    case 'cidr':
      return `cidr:${m.range.version}:${m.range.lower}:${m.range.upper}`;
    case 'anything-but':
      return `anything-but:${m.op}:${JSON.stringify(m.op === 'values' ? m.values.map(scalarText).sort() : [...m.values].sort())}`;
    default:
      return `${m.kind}:${String(m.value)}`;
  }
}

/** The order a java.util.HashSet of the quoted values gives back (JsonRuleCompiler collects them in one). */
function javaHashSetOrder(values: readonly string[]): string[] {
  let capacity = 16;
  while (values.length > capacity * 0.75) capacity *= 2;
  const bucket = (text: string): number => {
    let h = 0;
    for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return values
    .map((value, index) => ({ value, index, bucket: bucket(`"${value}"`) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((entry) => entry.value);
}

/** The value as event-ruler's WildcardParser reads `"value"`: UTF-8 bytes, WILD for an unescaped `*`. */
function quotedBytes(value: string): number[] {
  const chars = [QUOTE];
  const encoder = new TextEncoder();
  for (const token of wildcardTokens(value)) {
    if (token < 0) chars.push(WILD);
    else if (token < 0x80) chars.push(token);
    else {
      const c = String.fromCharCode(token);
      // Java writes a lone surrogate as `?`; a pair arrives here as two tokens and is joined below.
      chars.push(...(c >= '\ud800' && c <= '\udfff' ? [token] : encoder.encode(c)));
    }
  }
  chars.push(QUOTE);
  return joinSurrogates(chars);
}

/** Replaces surrogate code units left by quotedBytes with the UTF-8 bytes of the pair, or `?` when alone. */
function joinSurrogates(chars: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c >= 0xd800 && c <= 0xdbff && chars[i + 1]! >= 0xdc00 && chars[i + 1]! <= 0xdfff) {
      out.push(...new TextEncoder().encode(String.fromCharCode(c, chars[i + 1]!)));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) out.push(63);
    else out.push(c);
  }
  return out;
}

// ---- The byte automaton of one field (ByteMachine), as far as wildcard values build it. ------------------------

class ByteState {
  readonly bytes = new Map<number, Set<Single>>();
  /** Transitions on every byte (event-ruler stores them in each byte's set; here once). */
  readonly all = new Set<Single>();
  /** Whether more than one way of reading leads here (past a `*`), so other values may not reuse it. */
  indeterminate: boolean;

  constructor(indeterminate = false) {
    this.indeterminate = indeterminate;
  }
}

/** A match at the end of a value; `next` is set when a longer value continues past it (a composite). */
class ByteMatch {
  readonly pattern: string;
  readonly nameState: NameState;
  readonly next: ByteState | null;

  constructor(pattern: string, nameState: NameState, next: ByteState | null = null) {
    this.pattern = pattern;
    this.nameState = nameState;
    this.next = next;
  }
}

type Single = ByteState | ByteMatch;

const nextOf = (single: Single): ByteState | null => (single instanceof ByteState ? single : single.next);

function transitionsOn(state: ByteState, c: number): Set<Single> {
  if (c === WILD) return state.all;
  const specific = state.bytes.get(c);
  if (!specific || specific.size === 0) return state.all;
  if (state.all.size === 0) return specific;
  return new Set([...specific, ...state.all]);
}

function addByte(state: ByteState, c: number, single: Single): void {
  let set = state.bytes.get(c);
  if (!set) state.bytes.set(c, (set = new Set()));
  set.add(single);
}

/** CompoundByteTransition.getNextByteState: a determinate next state first, else the first there is. */
function nextState(transitions: Set<Single>): ByteState | null {
  let first: ByteState | null = null;
  for (const single of transitions) {
    const next = nextOf(single);
    if (next && !next.indeterminate) return next;
    first ??= next;
  }
  return first;
}

class ByteMachine {
  readonly start = new ByteState();
  /** event-ruler's ByteMatch equals another of the same pattern and NameState: one object per pair here. */
  readonly #matches = new Map<NameState, Map<string, ByteMatch>>();

  /**
   * addMatchValue: walk the states this value can share, then build the rest. Returns the NameState the value
   * leads to: that of a match for the pattern already at its end, else `candidate`, else a new one.
   */
  add(pattern: string, chars: readonly number[], candidate: NameState | null): NameState {
    const n = chars.length;
    let state = this.start;
    let prev: ByteState | null = null;
    let i = 0;
    for (; i < n - 1; i++) {
      let reuse: ByteState | null = null;
      for (const single of transitionsOn(state, chars[i]!)) {
        const next = nextOf(single);
        if (this.#canReuse(state, next, chars, i)) {
          reuse = next;
          break;
        }
      }
      if (!reuse) break;
      prev = state;
      state = reuse;
    }
    // addEndOfMatch, for a pattern that never takes a shortcut.
    let j = i;
    for (; j < n - 1; j++) {
      const transitions = transitionsOn(state, chars[j]!);
      if (transitions.size === 0) break;
      const next = nextState(transitions);
      if (next) {
        if (next.indeterminate) break;
        prev = state;
        state = next;
      } else {
        const made = new ByteState(state.indeterminate);
        const match = transitions.values().next().value as ByteMatch;
        const set = chars[j] === WILD ? state.all : state.bytes.get(chars[j]!)!;
        set.delete(match);
        set.add(new ByteMatch(match.pattern, match.nameState, made));
        prev = state;
        state = made;
      }
    }
    for (; j < n - 1; j++) {
      const next = this.#findOrMakeNext(state, prev, chars, j);
      prev = state;
      state = next;
    }
    // insertMatch on the closing quote.
    const last = chars[n - 1]!;
    for (const single of transitionsOn(state, last)) {
      if (single instanceof ByteMatch && single.pattern === pattern) return single.nameState;
    }
    const nameState = candidate ?? new NameState();
    let byPattern = this.#matches.get(nameState);
    if (!byPattern) this.#matches.set(nameState, (byPattern = new Map()));
    let match = byPattern.get(pattern);
    if (!match) byPattern.set(pattern, (match = new ByteMatch(pattern, nameState)));
    addByte(state, last, match);
    if (prev && chars[n - 2] === WILD) addByte(prev, last, match);
    return nameState;
  }

  #canReuse(state: ByteState, next: ByteState | null, chars: readonly number[], i: number): next is ByteState {
    if (!next || next === state) return false;
    if (!next.indeterminate) return !(i === chars.length - 2 && chars[i + 1] === WILD);
    return !this.#converges(state, chars, i);
  }

  /** doMultipleTransitionsConvergeForInputByte, for machines without suffix patterns. */
  #converges(state: ByteState, chars: readonly number[], i: number): boolean {
    const c = chars[i]!;
    if (c === WILD || (c >= 0x80 && c <= 0xbf)) return false;
    if (state.all.size > 0 && !(state.all.size === 1 && state.all.has(state))) return true;
    // event-ruler then asks whether the character has two cases; its test of the transition cannot fail.
    const length = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    const bytes = chars.slice(i, i + length).filter((b) => b !== WILD);
    const unit = new TextDecoder().decode(Uint8Array.from(bytes))[0] ?? '';
    return unit.toLowerCase() !== unit.toUpperCase();
  }

  #findOrMakeNext(state: ByteState, prev: ByteState | null, chars: readonly number[], j: number): ByteState {
    let next = nextState(transitionsOn(state, chars[j]!));
    if (!next || next.indeterminate || (j === chars.length - 2 && chars[j + 1] === WILD)) {
      next = new ByteState(state.indeterminate);
      const c = chars[j]!;
      if (c === WILD) {
        next.all.add(next);
        next.indeterminate = true;
        state.all.add(next);
      } else {
        addByte(state, c, next);
        if (prev && chars[j - 1] === WILD) addByte(prev, c, next);
      }
    }
    return next;
  }

  /** MachineComplexityEvaluator.evaluate on this automaton alone. */
  complexity(): number {
    const reach = new Map<Single, Set<string>>();
    const reachable = (single: Single): Set<string> => {
      let found = reach.get(single);
      if (found) return found;
      found = new Set(single instanceof ByteMatch ? [single.pattern] : []);
      reach.set(single, found);
      const next = nextOf(single);
      if (next) {
        for (const set of [...next.bytes.values(), next.all]) {
          for (const t of set) if (t !== single) for (const p of reachable(t)) found.add(p);
        }
      }
      return found;
    };
    const visited = new Set<string>([keyOf(new Set([this.start]))]);
    const queue = groups([this.start]);
    let max = 0;
    while (queue.length > 0) {
      const transition = queue.shift()!;
      const key = keyOf(transition);
      if (visited.has(key)) continue;
      visited.add(key);
      let size = 0;
      for (const single of transition) {
        size += reachable(single).size;
        // A value that reaches a state before a `*` also matches through the `*`: count what lies beyond.
        const next = nextOf(single);
        if (next) for (const t of next.all) if (!transition.has(t)) size += reachable(t).size;
      }
      if (size >= CAP) return CAP;
      max = Math.max(max, size);
      const states = new Set<ByteState>();
      for (const single of transition) {
        const next = nextOf(single);
        if (next) states.add(next);
      }
      queue.push(...groups([...states]));
    }
    return max;
  }
}

/** The distinct sets of transitions these states take together on some byte (a CompoundByteTransition each). */
function groups(states: readonly ByteState[]): Set<Single>[] {
  const seen = new Set<string>();
  const result: Set<Single>[] = [];
  const push = (set: Set<Single>): void => {
    if (set.size === 0) return;
    const key = keyOf(set);
    if (seen.has(key)) return;
    seen.add(key);
    result.push(set);
  };
  const bytes = new Set<number>();
  for (const state of states) for (const b of state.bytes.keys()) bytes.add(b);
  for (const b of bytes) {
    const set = new Set<Single>();
    for (const state of states) for (const t of transitionsOn(state, b)) set.add(t);
    push(set);
  }
  if (bytes.size < 256) {
    const other = new Set<Single>();
    for (const state of states) for (const t of state.all) other.add(t);
    push(other);
  }
  return result;
}

/** Identifies a set of transitions (the evaluator's `visited` compares them as sets). */
function keyOf(set: ReadonlySet<Single>): string {
  return [...set]
    .map(singleId)
    .sort((a, b) => a - b)
    .join();
}

const singleIds = new WeakMap<Single, number>();
let nextSingleId = 0;
function singleId(single: Single): number {
  let id = singleIds.get(single);
  if (id === undefined) singleIds.set(single, (id = nextSingleId++));
  return id;
}
