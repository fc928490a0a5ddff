// Reading events. Matching works on the event's JSON text, like event-ruler: a scanner validates the whole
// text but only decodes the fields the compiled rules name, keeps numbers as written, and flattens arrays
// (an array's elements are values of the same field; arrays of objects spread their fields).
// Every value inside an object or array element of an array carries its trail (which element of which array it
// came from), so a rule can refuse to combine fields from different elements of one array, as AWS does.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html

import type { Scalar } from './ast.ts';
import { invalidEvent } from './errors.ts';
import { eventNumber } from './numeric.ts';
import { isAscii } from './strings.ts';

/** Where a value sits among the event's arrays: element `index` of array `array`, inside `parent`. */
export interface Trail {
  readonly array: number;
  readonly index: number;
  readonly parent: Trail | null;
}

/** Two values can be used together unless they come from different elements of the same array. */
export function consistent(a: Trail | null, b: Trail | null): boolean {
  for (let x = a; x !== null; x = x.parent) {
    for (let y = b; y !== null; y = y.parent) {
      if (x.array === y.array && x.index !== y.index) return false;
    }
  }
  return true;
}

/** A node of the tree of field paths the scanner must read. Keys are path segments (a dotted key walks several). */
export interface ScanNode {
  child(key: string): ScanNode | null;
  /** `child(text.slice(start, end))`, for a key written without escapes. */
  childAt(text: string, start: number, end: number): ScanNode | null;
  /** Whether leaf values at this node are wanted. */
  readonly wantsLeaves: boolean;
  /** `ascii`: the value has no character beyond U+007F (strings.ts uses it to ignore case quickly). */
  string(value: string, trail: Trail | null, ascii: boolean): void;
  /**
   * `raw` is the number exactly as written in the event; `short` when it has at most 17 digits before any
   * exponent (numeric.ts eventNumber).
   */
  number(raw: string, trail: Trail | null, short: boolean): void;
  literal(value: true | false | null, trail: Trail | null): void;
}

/**
 * Scans `text` as one JSON object, calling the nodes of `root` for the values they ask for.
 * Throws ValidationException ("Parameter Event is not valid.") for anything that is not a JSON object.
 */
export function scanEvent(text: string, root: ScanNode): void {
  const scanner = new Scanner(text);
  scanner.scanRoot(root);
}

const INVALID = invalidEvent();

/** Scanner.skipValue's stack, the closing character of each container it is inside (it never re-enters). */
const open: number[] = [];

class Scanner {
  readonly text: string;
  i = 0;
  arrays = 0;
  /** Whether the last string read was all ASCII. */
  ascii = true;
  /** How many digits the last number read has before any exponent. */
  digits = 0;

  constructor(text: string) {
    this.text = text;
  }

  fail(): never {
    throw INVALID;
  }

  ws(): number {
    const text = this.text;
    let i = this.i;
    let c = text.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
    this.i = i;
    return c;
  }

  scanRoot(root: ScanNode): void {
    if (this.ws() !== 123) this.fail();
    this.object(root, null);
    this.ws();
    if (this.i < this.text.length) this.fail();
  }

  value(node: ScanNode, trail: Trail | null): void {
    const c = this.next();
    if (c === 34) {
      if (node.wantsLeaves) node.string(this.string(), trail, this.ascii);
      else this.skipString();
    } else if (c === 123) {
      this.object(node, trail);
    } else if (c === 91) {
      this.array(node, trail);
    } else if (c === 116 || c === 102 || c === 110) {
      const literal = this.literal(c);
      if (node.wantsLeaves) node.literal(literal, trail);
    } else {
      const start = this.i;
      const digits = this.skipNumber();
      if (node.wantsLeaves) node.number(this.text.slice(start, this.i), trail, digits <= 17);
    }
  }

  object(node: ScanNode, trail: Trail | null): void {
    this.i++;
    let c = this.next();
    if (c === 125) {
      this.i++;
      return;
    }
    const text = this.text;
    for (;;) {
      if (c !== 34) this.fail();
      // Most keys have no escapes: look them up where they are written, without making a string of each.
      const start = this.i + 1;
      let end = start;
      let k = text.charCodeAt(end);
      while (k !== 34 && k !== 92 && k >= 32) k = text.charCodeAt(++end);
      let child: ScanNode | null;
      if (k === 34) {
        this.i = end + 1;
        child = node.childAt(text, start, end);
      } else child = node.child(this.string());
      if (this.next() !== 58) this.fail();
      this.i++;
      if (child !== null) this.value(child, trail);
      else if (text.charCodeAt(this.i) === 34) this.i = this.skipStringAt(this.i);
      else this.skipValue();
      c = this.next();
      this.i++;
      if (c === 125) return;
      if (c !== 44) this.fail();
      c = this.next();
    }
  }

  array(node: ScanNode, trail: Trail | null): void {
    this.i++;
    let c = this.next();
    if (c === 93) {
      this.i++;
      return;
    }
    const array = ++this.arrays;
    for (let index = 0; ; index++) {
      // Only an object or array element is a place of its own; a scalar element is one more value of the
      // field, usable with any element (event-ruler matches `{"p": [5], "p.q": ["x"]}` on `{"p": [{"q": "x"}, 5]}`).
      const element = this.next();
      this.value(node, element === 123 || element === 91 ? { array, index, parent: trail } : trail);
      c = this.next();
      this.i++;
      if (c === 93) return;
      if (c !== 44) this.fail();
    }
  }

  /** The next non-blank character (events are usually compact, so check the current one first). */
  next(): number {
    const c = this.text.charCodeAt(this.i);
    return c > 32 ? c : this.ws();
  }

  /**
   * Validates and skips one value of no interest. Most of an event is skipped (CityLots' coordinates), so this is
   * one loop with the position in a local and its own stack of open containers, not a call per token.
   */
  skipValue(): void {
    const text = this.text;
    let depth = 0;
    let i = this.i;
    let c: number;
    for (;;) {
      // A value starts at i, perhaps after blanks.
      c = text.charCodeAt(i);
      while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = text.charCodeAt(++i);
      if (c === 34) {
        i = this.skipStringAt(i);
      } else if (c === 123) {
        c = text.charCodeAt(++i);
        while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = text.charCodeAt(++i);
        if (c === 125) i++;
        else {
          open[depth++] = 125;
          i = this.skipKeyAt(i, c);
          continue;
        }
      } else if (c === 91) {
        c = text.charCodeAt(++i);
        while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = text.charCodeAt(++i);
        if (c === 93) i++;
        else {
          open[depth++] = 93;
          continue;
        }
      } else if (c === 116 || c === 102 || c === 110) {
        this.i = i;
        this.literal(c);
        i = this.i;
      } else {
        i = this.skipNumberAt(i, c);
      }
      // A value ended at i: close the containers it ends, or go on to the next element or member.
      for (;;) {
        if (depth === 0) {
          this.i = i;
          return;
        }
        c = text.charCodeAt(i);
        while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = text.charCodeAt(++i);
        const close = open[depth - 1]!;
        if (c === 44) {
          if (close === 125) {
            c = text.charCodeAt(++i);
            while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = text.charCodeAt(++i);
            i = this.skipKeyAt(i, c);
          } else i++;
          break;
        }
        if (c !== close) this.fail();
        i++;
        depth--;
      }
    }
  }

  /**
   * Validates the number that starts at `i` with character `c`; returns the index after it and sets `digits` to
   * how many digits it has before any exponent.
   */
  skipNumberAt(i: number, c: number): number {
    const text = this.text;
    let start = i;
    if (c === 45) {
      c = text.charCodeAt(++i);
      start++;
    }
    if (c === 48) c = text.charCodeAt(++i);
    else if (c >= 49 && c <= 57) {
      do c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    } else this.fail();
    if (c === 46) {
      start++;
      c = text.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) this.fail();
      do c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    this.digits = i - start;
    if (c === 101 || c === 69) {
      c = text.charCodeAt(++i);
      if (c === 43 || c === 45) c = text.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) this.fail();
      do c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    return i;
  }

  /** Skips `"key":` where `c`, the character at `i`, should be its opening quote; returns the index after the colon. */
  skipKeyAt(i: number, c: number): number {
    if (c !== 34) this.fail();
    const text = this.text;
    i = this.skipStringAt(i);
    c = text.charCodeAt(i);
    while (c <= 32 && (c === 32 || c === 10 || c === 13 || c === 9)) c = text.charCodeAt(++i);
    if (c !== 58) this.fail();
    return i + 1;
  }

  /** Validates the string whose opening quote is at `i`; returns the index after its closing quote. */
  skipStringAt(i: number): number {
    const text = this.text;
    i++;
    for (;;) {
      const c = text.charCodeAt(i++);
      if (c === 34) return i;
      if (c === 92) i = this.escape(i, null);
      else if (!(c >= 32)) this.fail(); // a control character, or the end of the text (NaN)
    }
  }

  literal(c: number): true | false | null {
    const text = this.text;
    const i = this.i;
    if (c === 116 && text.startsWith('true', i)) {
      this.i = i + 4;
      return true;
    }
    if (c === 102 && text.startsWith('false', i)) {
      this.i = i + 5;
      return false;
    }
    if (c === 110 && text.startsWith('null', i)) {
      this.i = i + 4;
      return null;
    }
    this.fail();
  }

  /** Validates and skips a number; returns how many digits it has before any exponent. */
  skipNumber(): number {
    this.i = this.skipNumberAt(this.i, this.text.charCodeAt(this.i));
    return this.digits;
  }

  skipString(): void {
    this.i = this.skipStringAt(this.i);
  }

  /** Reads a string (the scanner is on its opening quote) and returns its decoded text; sets `ascii`. */
  string(): string {
    const text = this.text;
    const start = this.i + 1;
    let i = start;
    let bits = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        this.ascii = bits < 128;
        return text.slice(start, i);
      }
      if (c === 92) break;
      if (c < 32 || Number.isNaN(c)) this.fail();
      bits |= c;
      i++;
    }
    const out = { text: text.slice(start, i) };
    for (;;) {
      const c = text.charCodeAt(i++);
      if (c === 34) break;
      if (c === 92) i = this.escape(i, out);
      else if (c < 32 || Number.isNaN(c)) this.fail();
      else out.text += String.fromCharCode(c);
    }
    this.i = i;
    this.ascii = isAscii(out.text);
    return out.text;
  }

  /** Handles the escape after a backslash at `i - 1`; returns the index after it. */
  escape(i: number, out: { text: string } | null): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    let decoded: string;
    switch (c) {
      case 34:
      case 92:
      case 47:
        decoded = String.fromCharCode(c);
        break;
      case 98:
        decoded = '\b';
        break;
      case 102:
        decoded = '\f';
        break;
      case 110:
        decoded = '\n';
        break;
      case 114:
        decoded = '\r';
        break;
      case 116:
        decoded = '\t';
        break;
      case 117: {
        const hex = text.slice(i + 1, i + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail();
        if (out) out.text += String.fromCharCode(parseInt(hex, 16));
        return i + 5;
      }
      default:
        this.fail();
    }
    if (out) out.text += decoded;
    return i + 1;
  }
}

/** One leaf value of an event, with its dotted path. */
export interface EventLeaf {
  readonly path: string;
  readonly value: Scalar;
  readonly trail: Trail | null;
}

/** Every leaf of the event, in document order. Throws ValidationException for text that is not a JSON object. */
export function flattenEvent(text: string): EventLeaf[] {
  const leaves: EventLeaf[] = [];
  const node = (path: string): ScanNode => ({
    child: (key) => node(path === '' ? key : `${path}.${key}`),
    childAt: (text, start, end) => node(path === '' ? text.slice(start, end) : `${path}.${text.slice(start, end)}`),
    wantsLeaves: path !== '',
    string: (value, trail) => leaves.push({ path, value: { type: 'string', value }, trail }),
    number: (raw, trail, short) => leaves.push({ path, value: { type: 'number', value: eventNumber(raw, short), raw }, trail }),
    literal: (value, trail) =>
      leaves.push({ path, value: value === null ? { type: 'null' } : { type: 'boolean', value }, trail }),
  });
  scanEvent(text, node(''));
  return leaves;
}

/** The envelope fields TestEventPattern insists on. */
const REQUIRED_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/** Checks what TestEventPattern checks before matching: a JSON object carrying the envelope fields. */
export function validateEnvelope(leaves: readonly EventLeaf[]): void {
  const present = new Set<string>();
  for (const leaf of leaves) present.add(leaf.path);
  for (const field of REQUIRED_FIELDS) if (!present.has(field)) throw invalidEvent();
}
