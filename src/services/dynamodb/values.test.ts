import { describe, expect, it } from 'vitest';
import { addNumbers, canonicalNumber, compareNumbers, itemSize, validateValue } from './values.ts';

const message = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('attribute values', () => {
  it('adds and subtracts decimals exactly, in DynamoDB’s normal form', () => {
    expect(addNumbers('0.1', '0.2')).toBe('0.3');
    expect(addNumbers('1e2', '-0.5')).toBe('99.5');
    expect(addNumbers('5', '5', -1)).toBe('0');
    expect(addNumbers('99999999999999999999', '1')).toBe('100000000000000000000');
  });

  it('compares numbers by value, whatever their spelling', () => {
    expect(compareNumbers('1.50', '1.5')).toBe(0);
    expect(compareNumbers('-2', '1e-3')).toBe(-1);
    expect(canonicalNumber('0012.300')).toBe('12.3');
  });

  it('refuses values DynamoDB refuses, with its wording', () => {
    expect(message(() => validateValue({ N: 'abc' }))).toBe('A value provided cannot be converted into a number');
    expect(message(() => validateValue({}))).toBe('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
    expect(message(() => validateValue({ S: 'a', N: '1' }))).toBe('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
    expect(message(() => validateValue({ NS: [] }))).toBe('One or more parameter values were invalid: An number set  may not be empty');
    expect(message(() => validateValue({ N: '1'.repeat(39) }))).toBe('Attempting to store more than 38 significant digits in a Number');
  });

  it('turns bytes from a direct caller into base64', () => {
    expect(validateValue({ B: new Uint8Array([104, 105]) })).toEqual({ B: 'aGk=' });
  });

  it('sizes an item as DynamoDB counts it: names plus values', () => {
    expect(itemSize({ pk: { S: 'abc' }, n: { N: '123' }, ok: { BOOL: true } })).toBe(2 + 3 + 1 + 3 + 2 + 1);
  });
});
