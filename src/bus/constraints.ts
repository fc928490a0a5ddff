// Request validation as AWS's front end does it before an operation runs, with its exact wording:
// "1 validation error detected: Value 'x' at 'targets.1.member.id' failed to satisfy constraint: Member must
// satisfy regular expression pattern: [\.\-_A-Za-z0-9]+". Every violation in a request is reported at once.

import { ValidationException } from './errors.ts';

export class Constraints {
  readonly #violations: string[] = [];

  /** `path` is AWS's spelling: camelCase members, list items as `targets.1.member.id`. */
  required(path: string, value: unknown): this {
    if (value === undefined || value === null) this.#violations.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return this;
  }

  pattern(path: string, value: string | undefined, pattern: RegExp, shown: string): this {
    if (value !== undefined && !new RegExp(`^(?:${pattern.source})$`).test(value)) {
      this.#violations.push(`${valueAt(value, path)} failed to satisfy constraint: Member must satisfy regular expression pattern: ${shown}`);
    }
    return this;
  }

  length(path: string, value: string | undefined, min: number, max: number): this {
    if (value === undefined) return this;
    if (value.length > max) {
      this.#violations.push(`${valueAt(value, path)} failed to satisfy constraint: Member must have length less than or equal to ${max}`);
    } else if (value.length < min) {
      this.#violations.push(`${valueAt(value, path)} failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
    }
    return this;
  }

  range(path: string, value: number | undefined, min: number, max: number): this {
    if (value === undefined) return this;
    if (value > max) this.#violations.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
    else if (value < min) this.#violations.push(`Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
    return this;
  }

  oneOf(path: string, value: string | undefined, allowed: readonly string[]): this {
    if (value !== undefined && !allowed.includes(value)) {
      this.#violations.push(`${valueAt(value, path)} failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return this;
  }

  /** Violations worded elsewhere (a target's input settings), reported in the same message. */
  add(violations: readonly string[]): this {
    this.#violations.push(...violations);
    return this;
  }

  /** Throws one ValidationException listing every violation found, as AWS does. */
  check(): void {
    if (this.#violations.length > 0) throw new ValidationException(violationMessage(this.#violations));
  }
}

/** Joins constraint violations the way AWS does: "1 validation error detected: a" / "2 validation errors detected: a; b". */
export function violationMessage(violations: readonly string[]): string {
  const n = violations.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`;
}

const valueAt = (value: string, path: string) => `Value '${value}' at '${path}'`;

/** Names of buses, rules, archives, replays and target ids. */
export const NAME_PATTERN = /[\.\-_A-Za-z0-9]+/;
export const NAME_PATTERN_TEXT = '[\\.\\-_A-Za-z0-9]+';
/** Bus names in requests may also be an ARN. */
export const BUS_NAME_OR_ARN_PATTERN = /(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[\/\.\-_A-Za-z0-9]+/;
export const BUS_NAME_OR_ARN_PATTERN_TEXT = '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+';
