// The member types of a JSON request, checked before an operation runs, as AWS's front end does: a number
// where the model says string, a string where it says list, are refused with a SerializationException (HTTP
// 400) instead of reaching the service. AWS's wording for these is not recorded; ours names the member.

import { AwsServiceError } from '../errors.ts';

export type Shape =
  | 'string'
  | 'integer'
  | 'boolean'
  /** Epoch seconds, a JSON number: AWS's JSON protocols refuse a date written as a string. */
  | 'timestamp'
  /** Any JSON (rarely needed: free-form documents). */
  | 'any'
  | { list: Shape }
  | { map: Shape }
  | { struct: Record<string, Shape> };

export const list = (of: Shape): Shape => ({ list: of });
export const map = (of: Shape): Shape => ({ map: of });
export const struct = (members: Record<string, Shape>): Shape => ({ struct: members });

export class SerializationException extends AwsServiceError {
  constructor(message: string) {
    super('SerializationException', message);
  }
}

/**
 * Throws SerializationException for the first member whose JSON type does not fit its shape, and removes
 * members that are `null`: in AWS's JSON protocols a null member is an absent one.
 */
export function checkShape(value: unknown, shape: Shape, path: string, inCollection = false): void {
  if (value === undefined || shape === 'any') return;
  if (value === null) {
    // A structure's null member is an absent one (removed by the caller); a list item or map value must be there.
    if (inCollection) throw new SerializationException(`Expected a value at '${path}', found null.`);
    return;
  }
  const fail = (expected: string) => {
    throw new SerializationException(`Expected ${expected} at '${path || 'the request'}', found ${describe(value)}.`);
  };
  if (shape === 'string') {
    if (typeof value !== 'string') fail('a string');
  } else if (shape === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) fail('an integer');
  } else if (shape === 'boolean') {
    if (typeof value !== 'boolean') fail('a boolean');
  } else if (shape === 'timestamp') {
    // EventBridge's answer to PutEvents with "Time": "2023-04-27T09:30:00+00:00", as a user reported it
    // (https://github.com/async-aws/aws/issues/1395): 400 SerializationException, "STRING_VALUE cannot be converted
    // to Date". The SDKs send a Date as a number; a string reaches AWS only when code casts one past the types.
    if (typeof value === 'string') throw new SerializationException('STRING_VALUE cannot be converted to Date');
    if (typeof value !== 'number' || !Number.isFinite(value)) fail('a timestamp (epoch seconds)');
  } else if ('list' in shape) {
    if (!Array.isArray(value)) return fail('a list');
    value.forEach((item, i) => checkShape(item, shape.list, `${path}[${i}]`, true));
  } else if ('map' in shape) {
    if (typeof value !== 'object' || Array.isArray(value)) return fail('a map');
    for (const [key, item] of Object.entries(value)) checkShape(item, shape.map, `${path}.${key}`, true);
  } else {
    if (typeof value !== 'object' || Array.isArray(value)) return fail('a structure');
    const members = value as Record<string, unknown>;
    for (const [key, member] of Object.entries(shape.struct)) {
      if (members[key] === null) delete members[key];
      else checkShape(members[key], member, path ? `${path}.${key}` : key);
    }
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a structure';
  return `${typeof value === 'number' ? 'the number' : typeof value === 'string' ? 'the string' : `the ${typeof value}`} ${JSON.stringify(value)}`;
}
