// Rule set → one matching machine. Every field path any rule names becomes a node of a path tree; each node
// indexes the conditions on that path by what they need (exact values in hash maps, prefixes, suffixes and
// case-folded values in tries, numeric and CIDR ranges, wildcards as regular expressions). Reading an event then
// costs about one lookup per value the rules care about, however many rules there are (the idea of event-ruler's
// automaton).
//
// A condition is one field of one branch of one rule ("detail.state is one of …"); a branch matches when all
// its conditions were hit by values that can coexist (see Trail in event.ts).

import type { CompiledPattern, Matcher, Scalar } from './ast.ts';
import { AffixTrie } from './affix-trie.ts';
import { anythingButPredicate } from './anything-but.ts';
import { inIpRange, ipKey, parseIp, type IpRange } from './cidr.ts';
import { fieldOrder } from './evaluate.ts';
import type { ScanNode, Trail } from './event.ts';
import { eventNumber, inRange, type NumericRange } from './numeric.ts';
import { caseVariants, foldKey, isAscii, matchesIgnoringCase, type CaseVariants } from './strings.ts';
import { wildcardRegExp } from './wildcard.ts';

/** Per-event bookkeeping shared by all nodes of one machine; reset by bumping `generation`. */
export class MatchState {
  generation = 0;
  readonly conditionSeen: Int32Array;
  /** 1 when some value outside any array satisfied the condition (it then fits with anything). */
  readonly conditionFree: Uint8Array;
  readonly conditionTrails: (Trail[] | null)[];
  readonly conditionBranch: Int32Array;
  readonly branchSeen: Int32Array;
  readonly branchHits: Int32Array;
  readonly branchNeeds: Int32Array;
  /** Generation in which the condition may also hold by its field's absence within the chosen array elements. */
  readonly conditionAbsentSeen: Int32Array;
  readonly conditionAbsentAt: (FieldNode | null)[];
  readonly completed: number[] = [];

  constructor(conditionBranch: Int32Array, branchNeeds: Int32Array) {
    this.conditionBranch = conditionBranch;
    this.branchNeeds = branchNeeds;
    this.conditionSeen = new Int32Array(conditionBranch.length);
    this.conditionFree = new Uint8Array(conditionBranch.length);
    this.conditionTrails = new Array<Trail[] | null>(conditionBranch.length).fill(null);
    this.branchSeen = new Int32Array(branchNeeds.length);
    this.branchHits = new Int32Array(branchNeeds.length);
    this.conditionAbsentSeen = new Int32Array(conditionBranch.length);
    this.conditionAbsentAt = new Array<FieldNode | null>(conditionBranch.length).fill(null);
  }

  hit(condition: number, trail: Trail | null): void {
    const generation = this.generation;
    if (this.conditionSeen[condition] !== generation) {
      this.#first(condition);
      if (trail === null) {
        this.conditionFree[condition] = 1;
      } else {
        this.conditionFree[condition] = 0;
        this.conditionTrails[condition] = [trail];
      }
    } else if (this.conditionFree[condition] === 0) {
      if (trail === null) this.conditionFree[condition] = 1;
      else this.conditionTrails[condition]!.push(trail);
    }
  }

  /**
   * The condition's field has values, all inside array elements: it may still hold by absence, within the
   * elements the other fields pick (match.ts branchFits decides, from `node`'s values).
   */
  hitAbsent(condition: number, node: FieldNode): void {
    if (this.conditionSeen[condition] !== this.generation) {
      this.#first(condition);
      this.conditionFree[condition] = 0;
      this.conditionTrails[condition] = [];
    }
    this.conditionAbsentSeen[condition] = this.generation;
    this.conditionAbsentAt[condition] = node;
  }

  #first(condition: number): void {
    const generation = this.generation;
    this.conditionSeen[condition] = generation;
    const branch = this.conditionBranch[condition]!;
    if (this.branchSeen[branch] !== generation) {
      this.branchSeen[branch] = generation;
      this.branchHits[branch] = 0;
    }
    if (++this.branchHits[branch]! === this.branchNeeds[branch]) this.completed.push(branch);
  }
}

type Ids = number[];

/** A condition ignoring case: the key equal-ignoring-case texts share narrows it down, the variants decide. */
interface CaseEntry {
  readonly id: number;
  readonly ascii: boolean;
  readonly variants: CaseVariants;
}

function caseEntry(pattern: string, id: number): CaseEntry {
  return { id, ascii: isAscii(pattern), variants: caseVariants(pattern) };
}

/** Whether `value` (with its `ascii` flag) meets the entry; two ASCII texts with the same key always do. */
function meets(entry: CaseEntry, value: string, ascii: boolean, mode: 'equals' | 'prefix' | 'suffix'): boolean {
  return (ascii && entry.ascii) || matchesIgnoringCase(value, entry.variants, mode);
}

function push<K>(map: Map<K, Ids>, key: K, id: number): void {
  const ids = map.get(key);
  if (ids) ids.push(id);
  else map.set(key, [id]);
}

/** The conditions on one field path, indexed for lookup by value. */
export class FieldNode implements ScanNode {
  readonly state: MatchState;
  children: Map<string, FieldNode> | null = null;
  wantsLeaves = false;
  /** Generation of the last event that had a value here (for `exists: false`). */
  seen = -1;

  strings: Map<string, Ids> | null = null;
  numbers: Map<number, Ids> | null = null;
  /** Numbers no double holds exactly are compared by their text (numeric.ts). */
  rawNumbers: Map<string, Ids> | null = null;
  literals: [Ids, Ids, Ids] | null = null;
  /** Ignoring case, by key (strings.ts foldKey). */
  ignoreCase: AffixTrie<CaseEntry> | null = null;
  prefixes: AffixTrie<number> | null = null;
  suffixes: AffixTrie<number> | null = null;
  prefixesIgnoreCase: AffixTrie<CaseEntry> | null = null;
  suffixesIgnoreCase: AffixTrie<CaseEntry> | null = null;
  ranges: { range: NumericRange; id: number }[] | null = null;
  /** Plain string values that are IP addresses, by address (cidr.ts ipKey). */
  ips: Map<string, Ids> | null = null;
  cidrs: { range: IpRange; id: number }[] | null = null;
  wildcards: { regex: RegExp; id: number }[] | null = null;
  anythingButs: { accepts: (value: Scalar, ascii?: boolean) => boolean; id: number }[] | null = null;
  existing: Ids | null = null;
  absent: Ids | null = null;
  /** For `exists: false`: whether this event has a value here outside any array, and the trails of the others. */
  presentFree = false;
  readonly presentTrails: Trail[] = [];

  constructor(state: MatchState) {
    this.state = state;
  }

  /** Whether some child has children of its own, so that a dotted event key may reach a node. */
  deep = false;
  /** The children side by side with their names, for childAt. */
  readonly childNames: string[] = [];
  readonly childNodes: FieldNode[] = [];

  addChild(name: string): FieldNode {
    const node = new FieldNode(this.state);
    (this.children ??= new Map()).set(name, node);
    this.childNames.push(name);
    this.childNodes.push(node);
    return node;
  }

  childAt(text: string, start: number, end: number): FieldNode | null {
    const names = this.childNames;
    const length = end - start;
    if (names.length <= 8) {
      for (let n = 0; n < names.length; n++) {
        const name = names[n]!;
        if (name.length !== length) continue;
        let j = 0;
        while (j < length && name.charCodeAt(j) === text.charCodeAt(start + j)) j++;
        if (j === length) return this.childNodes[n]!;
      }
    } else {
      const found = this.children!.get(text.slice(start, end));
      if (found !== undefined) return found;
    }
    if (!this.deep) return null;
    for (let j = start; j < end; j++) if (text.charCodeAt(j) === 46) return this.child(text.slice(start, end));
    return null;
  }

  child(key: string): FieldNode | null {
    const children = this.children;
    if (children === null) return null;
    const found = children.get(key);
    if (found !== undefined) return found;
    if (!key.includes('.')) return null;
    // A dotted event key ("state.status") reaches the same field as nested keys.
    let node: FieldNode | null = this;
    for (const segment of key.split('.')) {
      node = node.children?.get(segment) ?? null;
      if (node === null) return null;
    }
    return node;
  }

  /** The first value of this event here starts the record of where the field is present. */
  #present(trail: Trail | null): void {
    if (this.seen !== this.state.generation) {
      this.seen = this.state.generation;
      this.presentFree = false;
      this.presentTrails.length = 0;
    }
    if (trail === null) this.presentFree = true;
    else if (!this.presentFree) this.presentTrails.push(trail);
  }

  string(value: string, trail: Trail | null, ascii: boolean): void {
    const state = this.state;
    if (this.absent) this.#present(trail);
    else this.seen = state.generation;
    const exact = this.strings?.get(value);
    if (exact) for (const id of exact) state.hit(id, trail);
    if (this.prefixes) for (const ids of this.prefixes.affixesOf(value, false)) for (const id of ids) state.hit(id, trail);
    if (this.suffixes) for (const ids of this.suffixes.affixesOf(value, false)) for (const id of ids) state.hit(id, trail);
    if (this.ignoreCase || this.prefixesIgnoreCase || this.suffixesIgnoreCase) {
      // The tries hold keys (strings.ts foldKey). An all-ASCII value is its own key once A-Z read as a-z, which
      // the tries do as they go; any other value is folded first.
      const key = ascii ? value : foldKey(value, false);
      const same = this.ignoreCase?.itemsOf(key, ascii);
      if (same) for (const e of same) if (meets(e, value, ascii, 'equals')) state.hit(e.id, trail);
      if (this.prefixesIgnoreCase) {
        for (const entries of this.prefixesIgnoreCase.affixesOf(key, ascii)) {
          for (const e of entries) if (meets(e, value, ascii, 'prefix')) state.hit(e.id, trail);
        }
      }
      if (this.suffixesIgnoreCase) {
        for (const entries of this.suffixesIgnoreCase.affixesOf(key, ascii)) {
          for (const e of entries) if (meets(e, value, ascii, 'suffix')) state.hit(e.id, trail);
        }
      }
    }
    if (this.wildcards) for (const w of this.wildcards) if (w.regex.test(value)) state.hit(w.id, trail);
    if (this.cidrs || this.ips) {
      const ip = parseIp(value);
      if (ip) {
        if (this.cidrs) for (const c of this.cidrs) if (inIpRange(c.range, ip)) state.hit(c.id, trail);
        const same = this.ips?.get(ipKey(ip));
        if (same) for (const id of same) state.hit(id, trail);
      }
    }
    if (this.anythingButs) this.#anythingBut({ type: 'string', value }, trail, ascii);
    if (this.existing) for (const id of this.existing) state.hit(id, trail);
  }

  number(raw: string, trail: Trail | null, short: boolean): void {
    const state = this.state;
    if (this.absent) this.#present(trail);
    else this.seen = state.generation;
    const value = eventNumber(raw, short);
    // NaN (no double holds the number exactly) matches no range; a pattern may still have written it as is.
    const exact = Number.isNaN(value) ? this.rawNumbers?.get(raw) : this.numbers?.get(value);
    if (exact) for (const id of exact) state.hit(id, trail);
    if (this.ranges) for (const r of this.ranges) if (inRange(r.range, value)) state.hit(r.id, trail);
    if (this.anythingButs) this.#anythingBut({ type: 'number', value, raw }, trail);
    if (this.existing) for (const id of this.existing) state.hit(id, trail);
  }

  literal(value: true | false | null, trail: Trail | null): void {
    const state = this.state;
    if (this.absent) this.#present(trail);
    else this.seen = state.generation;
    if (this.literals) for (const id of this.literals[value === null ? 2 : value ? 0 : 1]) state.hit(id, trail);
    if (this.anythingButs) {
      this.#anythingBut(value === null ? { type: 'null' } : { type: 'boolean', value }, trail);
    }
    if (this.existing) for (const id of this.existing) state.hit(id, trail);
  }

  #anythingBut(value: Scalar, trail: Trail | null, ascii?: boolean): void {
    for (const a of this.anythingButs!) if (a.accepts(value, ascii)) this.state.hit(a.id, trail);
  }

  add(matcher: Matcher, id: number): void {
    this.wantsLeaves = true;
    switch (matcher.kind) {
      case 'exact': {
        const v = matcher.value;
        if (matcher.ip) push((this.ips ??= new Map()), ipKey(matcher.ip), id);
        else if (v.type === 'string') push((this.strings ??= new Map()), v.value, id);
        else if (v.type === 'number') {
          if (Number.isNaN(v.value)) push((this.rawNumbers ??= new Map()), v.raw, id);
          else push((this.numbers ??= new Map()), v.value, id);
        } else {
          (this.literals ??= [[], [], []])[v.type === 'null' ? 2 : v.value ? 0 : 1].push(id);
        }
        return;
      }
      case 'prefix':
        if (matcher.ignoreCase) {
          (this.prefixesIgnoreCase ??= new AffixTrie(false)).add(foldKey(matcher.value), caseEntry(matcher.value, id));
        } else (this.prefixes ??= new AffixTrie(false)).add(matcher.value, id);
        return;
      case 'suffix':
        if (matcher.ignoreCase) {
          (this.suffixesIgnoreCase ??= new AffixTrie(true)).add(foldKey(matcher.value), caseEntry(matcher.value, id));
        } else (this.suffixes ??= new AffixTrie(true)).add(matcher.value, id);
        return;
      case 'equals-ignore-case':
        (this.ignoreCase ??= new AffixTrie(false)).add(foldKey(matcher.value), caseEntry(matcher.value, id));
        return;
      case 'wildcard':
        (this.wildcards ??= []).push({ regex: wildcardRegExp(matcher.value), id });
        return;
      case 'numeric':
        (this.ranges ??= []).push({ range: matcher.range, id });
        return;
      case 'cidr':
        (this.cidrs ??= []).push({ range: matcher.range, id });
        return;
      case 'anything-but':
        (this.anythingButs ??= []).push({ accepts: anythingButPredicate(matcher), id });
        return;
      case 'exists':
        if (matcher.value) (this.existing ??= []).push(id);
        else (this.absent ??= []).push(id);
        return;
    }
  }
}

export interface Machine {
  readonly root: FieldNode;
  readonly state: MatchState;
  /** For each branch, the index of its rule. */
  readonly branchRule: Int32Array;
  /** For each branch, its condition ids. */
  readonly branchConditions: readonly Int32Array[];
  /** Nodes with `exists: false` conditions, checked once the event has been read. */
  readonly absentNodes: readonly FieldNode[];
}

export function compileMachine(patterns: readonly CompiledPattern[]): Machine {
  const conditionBranch: number[] = [];
  const branchRule: number[] = [];
  const branchConditions: Int32Array[] = [];
  const needs: number[] = [];
  const plan: { path: string; matchers: readonly Matcher[]; id: number }[] = [];
  patterns.forEach((pattern, rule) => {
    for (const branch of pattern.branches) {
      const b = branchRule.length;
      branchRule.push(rule);
      const ids: number[] = [];
      // Conditions in event-ruler's field order, which decides where `exists: false` is judged (match.ts).
      for (const [path, matchers] of fieldOrder(branch.fields)) {
        const id = conditionBranch.length;
        conditionBranch.push(b);
        ids.push(id);
        plan.push({ path, matchers, id });
      }
      branchConditions.push(Int32Array.from(ids));
      needs.push(ids.length);
    }
  });
  const state = new MatchState(Int32Array.from(conditionBranch), Int32Array.from(needs));
  const root = new FieldNode(state);
  const absentNodes = new Set<FieldNode>();
  for (const { path, matchers, id } of plan) {
    let node = root;
    let parent: FieldNode | null = null;
    for (const segment of path.split('.')) {
      if (parent !== null) parent.deep = true;
      parent = node;
      node = node.children?.get(segment) ?? node.addChild(segment);
    }
    for (const matcher of matchers) node.add(matcher, id);
    if (node.absent) absentNodes.add(node);
  }
  return {
    root,
    state,
    branchRule: Int32Array.from(branchRule),
    branchConditions,
    absentNodes: [...absentNodes],
  };
}
