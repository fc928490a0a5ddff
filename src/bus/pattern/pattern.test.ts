// Behaviour the corpus does not pin down directly: array element consistency, rule sets, explain's shape.

import { describe, expect, test } from 'vitest';
import { explain, InvalidEventPatternException, RuleMatcher, testEventPattern, ValidationException } from './index.ts';

const envelope = '"id": "1", "account": "1", "source": "s", "time": "t", "region": "r", "detail-type": "d"';
const event = (body: string): string => `{${envelope}, ${body}}`;

describe('arrays', () => {
  const pattern = '{"detail": {"items": {"sku": ["a"], "qty": [{"numeric": [">", 5]}]}}}';

  test('fields of one array element match together', () => {
    expect(testEventPattern(pattern, event('"detail": {"items": [{"sku": "b", "qty": 1}, {"sku": "a", "qty": 9}]}'))).toBe(true);
  });

  test('fields from different elements of one array do not', () => {
    expect(testEventPattern(pattern, event('"detail": {"items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 9}]}'))).toBe(false);
  });

  test('a scalar array matches when any element matches', () => {
    expect(testEventPattern('{"detail": {"tags": ["x"]}}', event('"detail": {"tags": ["w", "x"]}'))).toBe(true);
  });
});

describe('RuleMatcher', () => {
  test('returns every matching rule in the order added, and forgets removed ones', () => {
    const rules = new RuleMatcher();
    rules.add('by-source', '{"source": ["myapp.users"]}');
    rules.add('by-type', '{"detail-type": ["UserSignedUp"]}');
    rules.add('other', '{"source": ["billing"]}');
    const signup = '{"source": "myapp.users", "detail-type": "UserSignedUp"}';
    expect(rules.matches(signup)).toEqual(['by-source', 'by-type']);
    rules.remove('by-source');
    expect(rules.matches(signup)).toEqual(['by-type']);
  });

  test('matches parsed objects too', () => {
    const rules = new RuleMatcher();
    rules.add('r', '{"detail": {"n": [300]}}');
    expect(rules.matches({ detail: { n: 300 } })).toEqual(['r']);
  });

  test('refuses an invalid pattern with AWS’s exception', () => {
    expect(() => new RuleMatcher().add('r', '{"a": []}')).toThrow(InvalidEventPatternException);
  });

  test('refuses text that is not a JSON object', () => {
    expect(() => new RuleMatcher().matches('[1, 2]')).toThrow(ValidationException);
    expect(() => new RuleMatcher().matches('{"a": 01}')).toThrow(ValidationException);
  });
});

describe('explain', () => {
  test('gives a reason per field', () => {
    const result = explain(
      '{"detail-type": ["UserSignedUp"], "detail": {"signupMethod": ["email", "google"]}}',
      event('"detail": {"signupMethod": "github"}').replace('"detail-type": "d"', '"detail-type": "UserSignedUp"'),
    );
    expect(result.matched).toBe(false);
    expect(result.branches).toEqual([
      [
        { path: 'detail-type', ok: true, expected: '"UserSignedUp"', actual: '"UserSignedUp"', message: 'detail-type: matched' },
        {
          path: 'detail.signupMethod',
          ok: false,
          expected: 'one of "email", "google"',
          actual: '"github"',
          message: 'detail.signupMethod: expected one of "email", "google"; got "github"',
        },
      ],
    ]);
  });
});
