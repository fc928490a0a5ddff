// A pipe's FilterCriteria: up to five event patterns, in EventBridge's pattern syntax, matched against each
// source record as a JSON document (for a DynamoDB stream: eventName, dynamodb.NewImage..., as the record is
// shaped). A record that matches any one of the patterns goes on; the others are dropped, and the stream's
// reader moves past them. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-filtering.html
//
// "This filtering works in the same way as filtering on an EventBridge event bus", with fewer operators: the
// table of comparison operators has a "Pipe support" column, which marks anything-but with prefix, suffix,
// equals-ignore-case or wildcard as not supported for pipes
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html). Its rows for
// wildcard, IP address (cidr) and $or are read here as "No" too, as Lambda's event filtering (which Pipes shares)
// has none of them; that reading of the table's tail is not confirmed. The refusal's wording is the simulator's.
// The guide also lists fields "added by the polling operation" that "can't be used in event patterns", eventName
// among them; pipes from DynamoDB streams are filtered on eventName in practice (MODIFY only, in
// https://www.binaryheap.com/streaming-aws-dynamodb-to-a-lambda-via-eventbridge-pipes/), so every field is matched.

import { branchMatches, groupByPath } from '../../bus/pattern/evaluate.ts';
import { flattenEvent } from '../../bus/pattern/event.ts';
import { parsePattern } from '../../bus/pattern/parse.ts';
import type { CompiledPattern, Matcher } from '../../bus/pattern/ast.ts';
import { InvalidEventPatternException } from '../../bus/pattern/errors.ts';
import { ValidationException } from '../../bus/errors.ts';

/** The field that holds a DynamoDB record's data: "For DynamoDB, the data field is dynamodb." */
const DATA_FIELD = 'dynamodb';

export interface CompiledFilter {
  readonly patterns: readonly CompiledPattern[];
  /** Whether a record (as JSON) gets through: true when there are no patterns. */
  matches(recordJson: string): boolean;
}

/** Compiles a pipe's filter patterns; throws ValidationException for a pattern EventBridge Pipes would refuse. */
export function compileFilter(patterns: readonly string[]): CompiledFilter {
  const compiled = patterns.map((text, i) => compileOne(text, i));
  return {
    patterns: compiled,
    matches(recordJson: string): boolean {
      if (compiled.length === 0) return true;
      const byPath = groupByPath(flattenEvent(recordJson));
      return compiled.some((pattern) => pattern.branches.some((branch) => branchMatches(branch, byPath)));
    },
  };
}

function compileOne(text: string, index: number): CompiledPattern {
  const where = `FilterCriteria.Filters[${index}].Pattern`;
  let pattern: CompiledPattern;
  try {
    pattern = parsePattern(text);
  } catch (error) {
    if (error instanceof InvalidEventPatternException) throw new ValidationException(`${where}: ${error.message}`);
    throw error;
  }
  if (usesOr(JSON.parse(text))) throw unsupported(where, '$or');
  for (const branch of pattern.branches) {
    for (const [path, matchers] of branch.fields) {
      for (const matcher of matchers) {
        const operator = unsupportedOperator(matcher);
        if (operator) throw unsupported(where, operator);
      }
      // A pattern for the data field itself, instead of for fields inside it, is refused when the pipe is saved:
      // the simulator's own rule. The guide's nearest sentence, "If either field isn't in a valid JSON format,
      // EventBridge drops the message or throws an exception", is about a record whose data is not valid JSON.
      if (path === DATA_FIELD) {
        throw new ValidationException(`${where}: the filter pattern for the data field "${DATA_FIELD}" must be a JSON object naming fields inside it, such as {"${DATA_FIELD}": {"NewImage": {...}}}.`);
      }
    }
  }
  return pattern;
}

function unsupportedOperator(matcher: Matcher): string | undefined {
  if (matcher.kind === 'wildcard') return 'wildcard';
  if (matcher.kind === 'cidr') return 'cidr';
  if (matcher.kind === 'anything-but' && matcher.op !== 'values') return `anything-but with ${matcher.op}`;
  return undefined;
}

const unsupported = (where: string, operator: string) =>
  new ValidationException(`${where}: EventBridge Pipes filters do not support ${operator}; see the "Pipe support" column of EventBridge's comparison operators.`);

function usesOr(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(usesOr);
  return Object.entries(value).some(([key, child]) => key === '$or' || usesOr(child));
}
