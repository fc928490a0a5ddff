// Equality of JSON scalars as EventBridge sees it: strings by exact characters, numbers by value (so `300`
// equals `300.0`) when a double holds them exactly, else by their text (numeric.ts), booleans and null by kind.

import type { Scalar } from './ast.ts';

export function sameScalar(a: Scalar, b: Scalar): boolean {
  switch (a.type) {
    case 'string':
      return b.type === 'string' && a.value === b.value;
    case 'number':
      // `value` is NaN for a number no double holds exactly, and NaN equals nothing.
      return b.type === 'number' && (a.value === b.value || a.raw === b.raw);
    case 'boolean':
      return b.type === 'boolean' && a.value === b.value;
    case 'null':
      return b.type === 'null';
  }
}

/** The scalar as JSON text, numbers as written. */
export function scalarText(value: Scalar): string {
  switch (value.type) {
    case 'string':
      return JSON.stringify(value.value);
    case 'number':
      return value.raw;
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
  }
}
