// Matching events against a compiled rule set: scan the event once through the machine, then keep the
// branches whose conditions were all hit by values that can coexist.

import type { CompiledPattern } from './ast.ts';
import { compileMachine, type Machine } from './compile.ts';
import { consistent, scanEvent, type Trail } from './event.ts';
import { parsePattern } from './parse.ts';

/**
 * The rules of one bus, compiled together. Adding or removing rules recompiles on the next match.
 *
 * @example
 * const rules = new RuleMatcher();
 * rules.add('welcome-email', '{"source": ["myapp.users"], "detail-type": ["UserSignedUp"]}');
 * rules.matches(eventJson); // ['welcome-email']
 */
export class RuleMatcher {
  readonly #rules = new Map<string, CompiledPattern>();
  #machine: Machine | null = null;
  #names: string[] = [];

  /** Adds or replaces a rule. Throws InvalidEventPatternException for an invalid pattern. */
  add(ruleName: string, pattern: string | CompiledPattern): void {
    const compiled = typeof pattern === 'string' ? parsePattern(pattern) : pattern;
    this.#rules.delete(ruleName);
    this.#rules.set(ruleName, compiled);
    this.#machine = null;
  }

  remove(ruleName: string): boolean {
    const removed = this.#rules.delete(ruleName);
    if (removed) this.#machine = null;
    return removed;
  }

  get size(): number {
    return this.#rules.size;
  }

  /**
   * Names of the rules the event matches, in the order they were added. The event is JSON text (numbers keep
   * their spelling) or a parsed object. Throws ValidationException if the text is not a JSON object.
   */
  matches(event: string | object): string[] {
    if (this.#machine === null) {
      this.#names = [...this.#rules.keys()];
      this.#machine = compileMachine([...this.#rules.values()]);
    }
    const text = typeof event === 'string' ? event : JSON.stringify(event);
    const rules = matchRules(this.#machine, text);
    return rules === NO_RULES ? [] : rules.map((rule) => this.#names[rule]!);
  }
}

const NO_RULES: readonly number[] = [];

/** Indexes of the rules `text` matches, ascending (NO_RULES, not to be changed, when none). */
export function matchRules(machine: Machine, text: string): readonly number[] {
  const state = machine.state;
  state.generation++;
  state.completed.length = 0;
  scanEvent(text, machine.root);
  for (const node of machine.absentNodes) {
    if (node.seen !== state.generation) for (const id of node.absent!) state.hit(id, null);
    else if (!node.presentFree) for (const id of node.absent!) state.hitAbsent(id, node);
  }
  if (state.completed.length === 0) return NO_RULES;
  const rules: number[] = [];
  for (const branch of state.completed) {
    const rule = machine.branchRule[branch]!;
    if (rules.includes(rule)) continue;
    if (branchFits(machine, machine.branchConditions[branch]!)) rules.push(rule);
  }
  return rules.length > 1 ? rules.sort((a, b) => a - b) : rules;
}

/**
 * Whether one value per condition can be chosen with no two from different elements of one array, the
 * conditions taken in event-ruler's field order; a condition that may hold by absence does where none of its
 * field's values coexists with those chosen before it (evaluate.ts branchMatches says the same directly).
 */
function branchFits(machine: Machine, conditions: Int32Array): boolean {
  const { conditionFree, conditionTrails, conditionAbsentSeen, conditionAbsentAt, generation } = machine.state;
  const constrained: number[] = [];
  let absence = false;
  for (const c of conditions) {
    if (conditionFree[c] !== 0) continue;
    constrained.push(c);
    if (conditionAbsentSeen[c] === generation) absence = true;
  }
  if (!absence && constrained.length <= 1) return true;
  const chosen: Trail[] = [];
  const fits = (trail: Trail): boolean => chosen.every((t) => consistent(t, trail));
  const pick = (i: number): boolean => {
    if (i === constrained.length) return true;
    const c = constrained[i]!;
    for (const trail of conditionTrails[c]!) {
      if (fits(trail)) {
        chosen.push(trail);
        if (pick(i + 1)) return true;
        chosen.pop();
      }
    }
    return conditionAbsentSeen[c] === generation && !conditionAbsentAt[c]!.presentTrails.some(fits) && pick(i + 1);
  };
  return pick(0);
}
