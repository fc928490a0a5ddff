// DynamoDB attribute values as they travel in JSON (`{"S": "x"}`, `{"N": "1"}`, `{"B": "<base64>"}`, ...):
// validation with DynamoDB's messages, equality and ordering as DynamoDB defines them, exact decimal
// arithmetic for `SET n = n + :one` and `ADD`, and the item size DynamoDB charges against its 400 KB limit.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
//
// Left out: numbers keep the string the caller sent (DynamoDB stores them normalised, "1.50" reads back as
// "1.5"); results of arithmetic are normalised as DynamoDB does.

import { utf8Length } from '../../bus/utf8.ts';

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { M: Item }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

export type Item = Record<string, AttributeValue>;

export type TypeCode = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

const TYPE_CODES: readonly TypeCode[] = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'];

/** A value the caller sent that DynamoDB refuses; the message is DynamoDB's, without a field prefix. */
export class InvalidValue extends Error {}

export function typeOf(value: AttributeValue): TypeCode {
  for (const key in value) return key as TypeCode;
  throw new InvalidValue('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
}

/** DynamoDB's long type names, as its update-expression errors spell them ("operand type: STRING"). */
export const LONG_TYPE_NAMES: Record<TypeCode, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
  M: 'MAP',
  L: 'LIST',
  NULL: 'NULL',
  BOOL: 'BOOL',
};

/**
 * Checks a value from a request and returns it in wire form (binary as base64 even when a direct caller
 * passed a Uint8Array). Throws InvalidValue with DynamoDB's wording.
 */
export function validateValue(raw: unknown): AttributeValue {
  if (typeof raw !== 'object' || raw === null) throw new InvalidValue('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  const keys = Object.keys(raw).filter((k) => (raw as Record<string, unknown>)[k] !== undefined && (raw as Record<string, unknown>)[k] !== null);
  if (keys.length === 0) throw new InvalidValue('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  if (keys.length > 1) throw new InvalidValue('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
  const type = keys[0] as TypeCode;
  const v = (raw as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      return { S: String(v) };
    case 'N':
      return { N: checkNumber(String(v)) };
    case 'B':
      return { B: toBase64(v) };
    case 'BOOL':
      return { BOOL: Boolean(v) };
    case 'NULL':
      // NULL: false is refused by DynamoDB. Wording not confirmed against AWS.
      if (v !== true) throw new InvalidValue('One or more parameter values were invalid: Null attribute value types must have the value of true');
      return { NULL: true };
    case 'SS':
    case 'NS':
    case 'BS': {
      const list = Array.isArray(v) ? v : [];
      // DynamoDB's wording, double space included.
      if (list.length === 0) throw new InvalidValue(`One or more parameter values were invalid: An ${{ SS: 'string', NS: 'number', BS: 'binary' }[type]} set  may not be empty`);
      const members = type === 'SS' ? list.map(String) : type === 'NS' ? list.map((n) => checkNumber(String(n))) : list.map(toBase64);
      const seen = new Set(type === 'NS' ? members.map(canonicalNumber) : members);
      // Wording not confirmed against AWS.
      if (seen.size !== members.length) throw new InvalidValue(`One or more parameter values were invalid: Input collection [${members.join(', ')}] contains duplicates.`);
      return { [type]: members } as AttributeValue;
    }
    case 'L':
      if (!Array.isArray(v)) throw new InvalidValue('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
      return { L: v.map(validateValue) };
    case 'M': {
      if (typeof v !== 'object' || v === null) throw new InvalidValue('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
      const map: Item = {};
      for (const [name, member] of Object.entries(v)) map[name] = validateValue(member);
      return { M: map };
    }
    default:
      throw new InvalidValue('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
}

function toBase64(v: unknown): string {
  if (v instanceof Uint8Array) {
    let binary = '';
    for (const byte of v) binary += String.fromCharCode(byte);
    return btoa(binary);
  }
  return String(v);
}

function fromBase64(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return new TextEncoder().encode(text);
  }
}

// ---- Numbers: exact decimals as (mantissa, scale), value = mantissa * 10^-scale ----

interface Decimal {
  mantissa: bigint;
  scale: number;
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const fraction = m[3] ?? '';
  const mantissa = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${fraction}`);
  return { mantissa, scale: fraction.length - Number(m[4] ?? 0) };
}

function checkNumber(text: string): string {
  const d = parseDecimal(text);
  if (!d) throw new InvalidValue('A value provided cannot be converted into a number');
  const abs = (d.mantissa < 0n ? -d.mantissa : d.mantissa).toString();
  if (abs.replace(/0+$/, '').length > 38) throw new InvalidValue('Attempting to store more than 38 significant digits in a Number');
  if (d.mantissa !== 0n) {
    const exponent = abs.length - 1 - d.scale;
    if (exponent > 125) throw new InvalidValue('Number overflow. Attempting to store a number with magnitude larger than supported range');
    if (exponent < -130) throw new InvalidValue('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  }
  return text;
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.mantissa * 10n ** BigInt(scale - a.scale), b.mantissa * 10n ** BigInt(scale - b.scale), scale];
}

function formatDecimal({ mantissa, scale }: Decimal): string {
  if (mantissa === 0n) return '0';
  const negative = mantissa < 0n;
  let digits = (negative ? -mantissa : mantissa).toString();
  let text: string;
  if (scale <= 0) text = digits + '0'.repeat(-scale);
  else {
    digits = digits.padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    text = fraction ? `${whole}.${fraction}` : whole;
  }
  return negative ? `-${text}` : text;
}

/** A number in DynamoDB's normal form ("1.50" → "1.5", "1e2" → "100"): used for key identity. */
export function canonicalNumber(text: string): string {
  const d = parseDecimal(text);
  return d ? formatDecimal(d) : text;
}

export function compareNumbers(a: string, b: string): number {
  const [x, y] = align(parseDecimal(a)!, parseDecimal(b)!);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addNumbers(a: string, b: string, sign: 1 | -1 = 1): string {
  const [x, y, scale] = align(parseDecimal(a)!, parseDecimal(b)!);
  return checkNumber(formatDecimal({ mantissa: sign === 1 ? x + y : x - y, scale }));
}

// ---- Comparison ----

function compareStrings(a: string, b: string): number {
  // DynamoDB orders strings by their UTF-8 bytes, which is code point order.
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
}

function compareBinary(a: string, b: string): number {
  const x = fromBase64(a);
  const y = fromBase64(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
}

/** Order of two scalars of the same type (N, S or B); undefined when they cannot be ordered. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('S' in a && 'S' in b) return compareStrings(a.S, b.S);
  if ('B' in a && 'B' in b) return compareBinary(a.B, b.B);
  return undefined;
}

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'S':
    case 'N':
    case 'B':
      return compareValues(a, b) === 0;
    case 'BOOL':
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case 'NULL':
      return true;
    case 'SS':
    case 'NS':
    case 'BS': {
      const x = setMembers(a);
      const y = setMembers(b);
      return x.length === y.length && x.every((m) => y.some((n) => valuesEqual(m, n)));
    }
    case 'L': {
      const x = (a as { L: AttributeValue[] }).L;
      const y = (b as { L: AttributeValue[] }).L;
      return x.length === y.length && x.every((m, i) => valuesEqual(m, y[i]!));
    }
    case 'M': {
      const x = (a as { M: Item }).M;
      const y = (b as { M: Item }).M;
      const keys = Object.keys(x);
      return keys.length === Object.keys(y).length && keys.every((k) => k in y && valuesEqual(x[k]!, y[k]!));
    }
  }
}

/** The members of a set as scalar values: `{SS: ["a"]}` → `[{S: "a"}]`. */
export function setMembers(value: AttributeValue): AttributeValue[] {
  if ('SS' in value) return value.SS.map((S) => ({ S }));
  if ('NS' in value) return value.NS.map((N) => ({ N }));
  if ('BS' in value) return value.BS.map((B) => ({ B }));
  return [];
}

/** The scalar type of a set's members: SS → S. */
export const memberType = (set: 'SS' | 'NS' | 'BS'): 'S' | 'N' | 'B' => set[0] as 'S' | 'N' | 'B';

export const isSetType = (type: TypeCode): type is 'SS' | 'NS' | 'BS' => type === 'SS' || type === 'NS' || type === 'BS';

// ---- Size ----

/** Bytes a value counts towards the 400 KB item limit, by DynamoDB's published rules. */
export function valueSize(value: AttributeValue): number {
  if ('S' in value) return utf8Length(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return fromBase64(value.B).length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((n, s) => n + utf8Length(s), 0);
  if ('NS' in value) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if ('BS' in value) return value.BS.reduce((n, b) => n + fromBase64(b).length, 0);
  if ('L' in value) return 3 + value.L.reduce((n, v) => n + 1 + valueSize(v), 0);
  if ('M' in value) return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + 1 + utf8Length(k) + valueSize(v), 0);
  return 0;
}

function numberSize(text: string): number {
  const digits = canonicalNumber(text).replace(/[-.]/g, '').replace(/^0+/, '');
  return Math.ceil(digits.length / 2) + 1;
}

export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8Length(name) + valueSize(value);
  return size;
}

export function typeCodes(): readonly TypeCode[] {
  return TYPE_CODES;
}
