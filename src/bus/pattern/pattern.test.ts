// Behaviour the corpora do not pin down directly: array element consistency, rule sets, explain's shape, and
// refusals whose text was taken from event-ruler 2.0.1 (with the Jackson versions whose answers agree with AWS's
// recorded ones) for cases neither corpus has.

import { describe, expect, test } from 'vitest';
import {
  compilePattern,
  explain,
  InvalidEventPatternException,
  RuleMatcher,
  testEventPattern,
  ValidationException,
} from './index.ts';

/** The whole text AWS answers for `pattern`, or 'valid'. */
function refusal(pattern: string): string {
  try {
    compilePattern(pattern);
    return 'valid';
  } catch (error) {
    if (!(error instanceof InvalidEventPatternException)) throw error;
    return error.message.replace('Event pattern is not valid. Reason: ', '');
  }
}
const at = (pattern: string, column: number): string => `\n at [Source: (String)"${pattern}"; line: 1, column: ${column}]`;

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

  test('a scalar element is usable with any element of its array; only objects and arrays are places of their own', () => {
    expect(testEventPattern('{"p": [5], "p.q": ["x"]}', event('"p": [{"q": "x"}, 5]'))).toBe(true);
    expect(testEventPattern('{"a": {"b": [2], "c": ["x"]}}', event('"a": [{"b": [1, 2], "c": "x"}, {"b": [3], "c": "y"}]'))).toBe(true);
    expect(testEventPattern('{"a": [1], "a.b": ["x"]}', event('"a": [[1], {"b": "x"}]'))).toBe(false);
  });

  test('exists: false holds within the element the fields before it (in path order) picked', () => {
    const people = event('"e": [{"f": "John", "ids": [1]}, {"f": "Anna"}]');
    expect(testEventPattern('{"e": {"f": ["Anna"], "ids": [{"exists": false}]}}', people)).toBe(true);
    // "a.b" sorts before "a.c": nothing is picked yet, so b is present (in the first element).
    const shape = event('"a": [{"b": 1, "c": 1}, {"c": 2}]');
    expect(testEventPattern('{"a": {"c": [2], "b": [{"exists": false}]}}', shape)).toBe(false);
    const rules = new RuleMatcher();
    rules.add('anna', '{"e": {"f": ["Anna"], "ids": [{"exists": false}]}}');
    expect(rules.matches(people)).toEqual(['anna']);
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

describe('refusals in AWS’s words', () => {
  test('a comment, or a bracket closing nothing, is refused where Jackson finds it', () => {
    const comment = "Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)";
    expect(refusal(' /')).toBe(comment + at(' /', 2));
    expect(refusal('{"a":/')).toBe(comment + at('{"a":/', 6));
    expect(refusal('}')).toBe("Unexpected close marker '}': no open Object to close" + at('}', 1));
    const inArray = '{"a":[1}';
    expect(refusal(inArray)).toBe(
      `Unexpected close marker '}': expected ']' (for Array starting at [Source: (String)"${inArray}"; line: 1, column: 6])` + at(inArray, 8),
    );
  });

  test('inside an anything-but list an error carries the location twice, once if it had none', () => {
    const twice = '{"a":[{"anything-but":["x" "y"]}]}';
    expect(refusal(twice)).toBe(
      `Unexpected character ('"' (code 34)): was expecting comma to separate Array entries${at(twice, 28)}${at(twice, 29)}`,
    );
    const once = '{"a":[{"anything-but":[1e400]}]}';
    expect(refusal(once)).toBe(`Cannot compare number : 1e400${at(once, 29)}`);
    // A single number is converted outside the parser's reach: no location at all.
    expect(refusal('{"a":[{"anything-but":1e400}]}')).toBe('Cannot compare number : 1e400');
  });

  test('wildcard positions count UTF-8 bytes of the quoted value; a list is checked in Java HashSet order', () => {
    expect(refusal('{"a":[{"wildcard":"é**"}]}')).toBe(`Consecutive wildcard characters at pos 3${at('{"a":[{"wildcard":"é**"}]}', 24)}`);
    const list = '{"a":[{"anything-but":{"wildcard":["x**","a**b","c\\\\d"]}}]}';
    expect(refusal(list)).toBe(`Consecutive wildcard characters at pos 2${at(list, 56)}`);
  });

  test('numbers a double does not hold exactly are refused for comparisons, and compared as text in values', () => {
    expect(refusal('{"a":[{"numeric":[">",5e-324]}]}')).toBe(`Cannot compare number : 5e-324${at('{"a":[{"numeric":[">",5e-324]}]}', 30)}`);
    expect(refusal('{"a":[12345678901234567890]}')).toBe('valid');
    const rules = new RuleMatcher();
    rules.add('big', '{"a": [12345678901234567890]}');
    expect(rules.matches('{"a": 12345678901234567890}')).toEqual(['big']);
    expect(rules.matches('{"a": 12345678901234567890.0}')).toEqual([]);
  });
});

describe('IP addresses, as event-ruler reads them', () => {
  test('a plain string value that is an address matches the address however the event writes it', () => {
    const rules = new RuleMatcher();
    rules.add('v6', '{"ip": ["2001:db8::1"]}');
    rules.add('v4', '{"ip": ["10.0.0.1"]}');
    expect(rules.matches('{"ip": "2001:0DB8:0:0::0001"}')).toEqual(['v6']);
    expect(rules.matches('{"ip": "10.0.0.01"}')).toEqual(['v4']);
    // An IPv4-mapped IPv6 address is the IPv4 address (java.net.InetAddress); `exactly` compares text only.
    expect(rules.matches('{"ip": "::ffff:a00:1"}')).toEqual(['v4']);
    const literal = new RuleMatcher();
    literal.add('text', '{"ip": [{"exactly": "10.0.0.1"}]}');
    expect(literal.matches('{"ip": "10.0.0.01"}')).toEqual([]);
  });

  test('CIDR blocks are refused in event-ruler’s words, and split as Java splits them', () => {
    expect(refusal('{"a":[{"cidr":"10.0.0.256/8"}]}')).toBe('Invalid IP address: 10.0.0.256');
    expect(refusal('{"a":[{"cidr":"::ffff:a00:0/104"}]}')).toBe('IPv4 mask bits must be < 32');
    expect(refusal('{"a":[{"cidr":"10.0.0.0/8/"}]}')).toBe('valid');
    expect(refusal('{"a":[{"cidr":"10.0.0.0/+8"}]}')).toBe('valid');
  });
});
