// The compiled form of one event pattern: what each operator of the pattern language means once parsed.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html

import type { IpAddress, IpRange } from './cidr.ts';
import type { NumericRange } from './numeric.ts';

/**
 * A JSON scalar, as a pattern value or an event value. Numbers keep the text they were written with; their
 * `value` is NaN when no double holds them exactly (numeric.ts comparableNumber), so they compare by text only.
 */
export type Scalar =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number; readonly raw: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' };

export type Matcher =
  /** `ip`: a plain string value that is an IP address matches that address however it is written (cidr.ts). */
  | { readonly kind: 'exact'; readonly value: Scalar; readonly ip?: IpAddress }
  | { readonly kind: 'prefix' | 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly value: string }
  | { readonly kind: 'numeric'; readonly range: NumericRange }
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'cidr'; readonly value: string; readonly range: IpRange }
  | AnythingBut;

export type AnythingBut =
  | { readonly kind: 'anything-but'; readonly op: 'values'; readonly values: readonly Scalar[] }
  | {
      readonly kind: 'anything-but';
      readonly op: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';
      readonly values: readonly string[];
    };

/**
 * One way for an event to match: every field (a dotted path) must have a leaf value accepted by one of its
 * matchers. A pattern without `$or` has one branch; each `$or` multiplies the branches, as in event-ruler.
 */
export interface Branch {
  readonly fields: ReadonlyMap<string, readonly Matcher[]>;
}

export interface CompiledPattern {
  /** The pattern text as given. */
  readonly source: string;
  readonly branches: readonly Branch[];
}
