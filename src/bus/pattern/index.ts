// Public API of the event-pattern engine: compile a pattern, test one event (like the TestEventPattern API),
// match many rules at once (RuleMatcher), and explain a result field by field.

import { nestsDeeperThan } from '../json-depth.ts';
import type { CompiledPattern } from './ast.ts';
import { invalidEvent } from './errors.ts';
import { branchMatches, groupByPath } from './evaluate.ts';
import { flattenEvent, validateEnvelope } from './event.ts';
import { parsePattern } from './parse.ts';

export type { Branch, CompiledPattern, Matcher, Scalar } from './ast.ts';
export { InvalidEventPatternException, ValidationException, isAwsPatternError } from './errors.ts';
export { explain, renderExplanation, type Explanation, type FieldReason } from './explain.ts';
export { RuleMatcher } from './match.ts';

/** Parses and validates a pattern. Throws InvalidEventPatternException with AWS's message. */
export function compilePattern(patternText: string): CompiledPattern {
  return parsePattern(patternText);
}

/**
 * What the TestEventPattern API answers: whether the event matches the pattern. Throws
 * InvalidEventPatternException for a bad pattern, ValidationException for a bad event (checked in that order).
 */
export function testEventPattern(patternText: string, eventText: string): boolean {
  const pattern = parsePattern(patternText);
  // The event scanner recurses: an event nested past what EventBridge processes is refused before it is read.
  if (nestsDeeperThan(eventText)) throw invalidEvent();
  const leaves = flattenEvent(eventText);
  validateEnvelope(leaves);
  const byPath = groupByPath(leaves);
  return pattern.branches.some((branch) => branchMatches(branch, byPath));
}
