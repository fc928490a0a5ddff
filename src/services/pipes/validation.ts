// The checks EventBridge Pipes makes of a request's members before anything else, with the limits and patterns of
// its API model (botocore's pipes/2015-10-07 service model, the same model @aws-sdk/client-pipes is built from).
//
// Pipes words these as JSON schema errors in brackets, as one recorded answer shows: an UpdatePipe with a number
// below its minimum got "ValidationException: [numeric instance is lower than the required minimum (minimum: 1,
// found: 0)]" (hashicorp/terraform-provider-aws issue 32423). That is the wording of the JSON schema validator it
// comes from; the simulator uses that validator's other messages (too long, pattern, enum, required) in the same
// way, and those are not confirmed against AWS.

import { ValidationException } from '../../bus/errors.ts';

// Patterns as the model writes them; a value must match one whole.
export const PIPE_NAME = '[\\.\\-_A-Za-z0-9]+';
export const ARN = 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-]+):([a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-\\d{1})?:(\\d{12})?:(.+)';
export const ARN_OR_URL = `smk://(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9]):[0-9]{1,5}|${ARN}`;
export const OPTIONAL_ARN = `$|${ARN}`;
export const ROLE_ARN = 'arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z0-9+=,.@\\-_/]+';
export const JSON_PATH = '\\$(\\.[\\w/_-]+(\\[(\\d+|\\*)\\])*)*';
export const KMS_KEY_IDENTIFIER = '[a-zA-Z0-9_\\-/:]*';
export const ENDPOINT_ID = '[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+';

/** Collects every violation of a request, then throws them as one ValidationException. */
export class SchemaCheck {
  readonly #violations: string[] = [];

  required(members: Record<string, unknown>, names: readonly string[]): this {
    const missing = names.filter((name) => members[name] === undefined || members[name] === null);
    if (missing.length > 0) this.#violations.push(`object has missing required properties (${JSON.stringify(missing)})`);
    return this;
  }

  length(value: string | undefined, min: number, max: number): this {
    if (typeof value !== 'string') return this;
    if (value.length > max) this.#violations.push(`string ${JSON.stringify(value)} is too long (length: ${value.length}, maximum allowed: ${max})`);
    else if (value.length < min) this.#violations.push(`string ${JSON.stringify(value)} is too short (length: ${value.length}, required minimum: ${min})`);
    return this;
  }

  pattern(value: string | undefined, pattern: string): this {
    if (typeof value === 'string' && !new RegExp(`^(?:${pattern})$`).test(value)) this.#violations.push(`ECMA 262 regex "${pattern}" does not match input string ${JSON.stringify(value)}`);
    return this;
  }

  range(value: number | undefined, min: number, max: number): this {
    if (typeof value !== 'number') return this;
    if (value < min) this.#violations.push(`numeric instance is lower than the required minimum (minimum: ${min}, found: ${value})`);
    else if (value > max) this.#violations.push(`numeric instance is greater than the required maximum (maximum: ${max}, found: ${value})`);
    return this;
  }

  oneOf(value: string | undefined, allowed: readonly string[]): this {
    if (typeof value === 'string' && !allowed.includes(value)) {
      this.#violations.push(`instance value (${JSON.stringify(value)}) not found in enum (possible values: ${JSON.stringify(allowed)})`);
    }
    return this;
  }

  items(list: readonly unknown[] | undefined, min: number, max: number): this {
    if (!Array.isArray(list)) return this;
    if (list.length > max) this.#violations.push(`array is too long: must have at most ${max} elements but instance has ${list.length} elements`);
    else if (list.length < min) this.#violations.push(`array is too short: must have at least ${min} elements but instance has ${list.length} elements`);
    return this;
  }

  entries(map: Record<string, unknown> | undefined, min: number, max: number): this {
    if (typeof map !== 'object' || map === null) return this;
    const n = Object.keys(map).length;
    if (n > max) this.#violations.push(`object has too many properties (found ${n}, maximum allowed: ${max})`);
    else if (n < min) this.#violations.push(`object has too few properties (found ${n}, required minimum: ${min})`);
    return this;
  }

  check(): void {
    if (this.#violations.length > 0) throw new ValidationException(`[${this.#violations.join(', ')}]`);
  }
}
