// A pull parser over pattern JSON that reports errors exactly where AWS does.
//
// AWS compiles patterns with event-ruler, which reads them through Jackson's streaming parser, and the error
// messages AWS returns end with Jackson's location ("at [Source: (String)"…"; line: 1, column: 17]"). The column
// depends on how far Jackson has read, which has quirks this reader reproduces:
// - after a field name Jackson has already read the start of its value (a whole number or literal, a bracket,
//   or only the opening quote of a string);
// - a string's closing quote is consumed only once its text is read (getText), or skipped by the next token;
// - "unexpected character" errors point at the character itself, though Jackson has consumed it (which shows
//   where event-ruler adds the location a second time, see `appendLocation`).
// Jackson's syntax-error texts are reproduced for the common mistakes (see the conformance corpora; the
// locations are those of the Jackson versions, 2.17 to 2.20, whose answers agree with AWS's recorded ones).

import { InvalidEventPatternException } from './errors.ts';

export type Token =
  | 'START_OBJECT'
  | 'END_OBJECT'
  | 'START_ARRAY'
  | 'END_ARRAY'
  | 'FIELD_NAME'
  | 'VALUE_STRING'
  | 'VALUE_NUMBER_INT'
  | 'VALUE_NUMBER_FLOAT'
  | 'VALUE_TRUE'
  | 'VALUE_FALSE'
  | 'VALUE_NULL';

interface Context {
  readonly kind: 'object' | 'array';
  readonly start: number;
  entries: number;
}

const EXPECTED_VALUE = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";
const MAX_SNIPPET = 500;

export function isNumberToken(token: Token | null): boolean {
  return token === 'VALUE_NUMBER_INT' || token === 'VALUE_NUMBER_FLOAT';
}

export class PatternReader {
  readonly #text: string;
  #ptr = 0;
  readonly #stack: Context[] = [];
  #pending: Token | null = null;
  #stringStart = -1;
  #stringIncomplete = false;
  #stringValue = '';
  #numberRaw = '';
  #name = '';
  #token: Token | null = null;

  constructor(text: string) {
    this.#text = text;
  }

  get token(): Token | null {
    return this.#token;
  }

  /** The current field name (valid after FIELD_NAME). */
  get name(): string {
    return this.#name;
  }

  /** Raw text of the current number token, exactly as written. */
  get numberText(): string {
    return this.#numberRaw;
  }

  nextToken(): Token | null {
    // A string the caller never read is skipped now (its opening quote may belong to the pending token).
    if (this.#stringIncomplete && this.#pending === null) this.#finishString();
    let token: Token | null;
    if (this.#pending !== null) {
      token = this.#pending;
      this.#pending = null;
    } else {
      token = this.#readToken();
    }
    if (token === 'START_OBJECT' || token === 'START_ARRAY') {
      this.#stack.push({ kind: token === 'START_OBJECT' ? 'object' : 'array', start: this.#ptr - 1, entries: 0 });
    }
    this.#token = token;
    return token;
  }

  /** Text of the current token; for a string this consumes its closing quote, as Jackson's getText does. */
  getText(): string {
    switch (this.#token) {
      case 'VALUE_STRING':
        if (this.#stringIncomplete) this.#finishString();
        return this.#stringValue;
      case 'FIELD_NAME':
        return this.#name;
      case 'VALUE_NUMBER_INT':
      case 'VALUE_NUMBER_FLOAT':
        return this.#numberRaw;
      case 'VALUE_TRUE':
        return 'true';
      case 'VALUE_FALSE':
        return 'false';
      case 'VALUE_NULL':
        return 'null';
      case 'START_OBJECT':
        return '{';
      case 'END_OBJECT':
        return '}';
      case 'START_ARRAY':
        return '[';
      case 'END_ARRAY':
        return ']';
      default:
        return '';
    }
  }

  /** Throws AWS's error for `reason` at the current location; `twice` repeats the location as AWS does for list items. */
  fail(reason: string, twice = false): never {
    const at = this.location(this.#ptr);
    throw new InvalidEventPatternException(reason, twice ? at + at : at);
  }

  /**
   * Runs `read`; an error it throws gets the current location appended once more. event-ruler reads
   * anything-but lists inside a `try` whose `catch` reports the caught message again at the parser's location,
   * so every error from inside such a list carries two locations (one, if it had none).
   */
  appendLocation<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof InvalidEventPatternException)) throw error;
      throw new InvalidEventPatternException(error.reason, error.locationSuffix + this.location(this.#ptr));
    }
  }

  location(ptr: number): string {
    const text = this.#text;
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < ptr && i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        line++;
        lineStart = i + 1;
      }
    }
    const snippet =
      text.length > MAX_SNIPPET
        ? `"${text.slice(0, MAX_SNIPPET)}"[truncated ${text.length - MAX_SNIPPET} chars]`
        : `"${text}"`;
    return `\n at [Source: (String)${snippet}; line: ${line}, column: ${ptr - lineStart + 1}]`;
  }

  #syntaxError(message: string, ptr = this.#ptr): never {
    throw new InvalidEventPatternException(message, this.location(ptr));
  }

  /** Jackson's error for a character it has read (so the parser stands after it) but reports at itself. */
  #unexpected(at: number, expectation: string): never {
    this.#ptr = at + 1;
    this.#syntaxError(`Unexpected character (${describeChar(this.#text.charCodeAt(at))}): ${expectation}`, at);
  }

  /** A `}` or `]` that closes nothing, or the wrong thing. */
  #mismatchedClose(at: number, context: Context | undefined): never {
    const c = this.#text[at]!;
    this.#ptr = at + 1;
    if (!context) this.#syntaxError(`Unexpected close marker '${c}': no open ${c === '}' ? 'Object' : 'Array'} to close`, at);
    const kind = context.kind === 'object' ? 'Object' : 'Array';
    const start = this.location(context.start).slice(' at '.length + 1);
    this.#syntaxError(
      `Unexpected close marker '${c}': expected '${context.kind === 'object' ? '}' : ']'}' (for ${kind} starting at ${start})`,
      at,
    );
  }

  #endOfInput(): never {
    const context = this.#stack[this.#stack.length - 1];
    if (!context) this.#syntaxError('Unexpected end-of-input');
    const kind = context.kind === 'object' ? 'Object' : 'Array';
    const marker = this.location(context.start).slice(' at '.length + 1);
    this.#syntaxError(`Unexpected end-of-input: expected close marker for ${kind} (start marker at ${marker})`);
  }

  /** Skips blanks; a `/` there would start a comment, which Jackson refuses unless told otherwise. */
  #skipWhitespace(): number {
    const text = this.#text;
    while (this.#ptr < text.length) {
      const c = text.charCodeAt(this.#ptr);
      if (c === 47) {
        this.#unexpected(
          this.#ptr,
          "maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)",
        );
      }
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
      this.#ptr++;
    }
    return -1;
  }

  #readToken(): Token | null {
    const context = this.#stack[this.#stack.length - 1];
    // Only the root value is read: like event-ruler, anything after it is never looked at.
    if (!context && this.#token !== null) return null;
    let c = this.#skipWhitespace();
    if (!context) {
      if (c === -1) return null;
      if (c === 125 || c === 93) this.#mismatchedClose(this.#ptr, context);
      return this.#readValueStart();
    }
    if (c === -1) this.#endOfInput();
    // Jackson takes a closing bracket as the end of a scope wherever a token may start, except after a comma.
    if (c === 125 || c === 93) {
      if (c !== (context.kind === 'object' ? 125 : 93)) this.#mismatchedClose(this.#ptr, context);
      this.#ptr++;
      this.#stack.pop();
      return context.kind === 'object' ? 'END_OBJECT' : 'END_ARRAY';
    }
    if (context.entries > 0) {
      if (c !== 44) {
        const entries = context.kind === 'object' ? 'Object entries' : 'Array entries';
        this.#unexpected(this.#ptr, `was expecting comma to separate ${entries}`);
      }
      this.#ptr++;
      c = this.#skipWhitespace();
      if (c === -1) {
        this.#syntaxError(`Unexpected end-of-input within/between ${context.kind === 'object' ? 'Object' : 'Array'} entries`);
      }
    }
    context.entries++;
    if (context.kind === 'array') return this.#readValueStart();

    if (c !== 34) this.#unexpected(this.#ptr, 'was expecting double-quote to start field name');
    this.#ptr++;
    this.#name = this.#readStringBody(true);
    c = this.#skipWhitespace();
    if (c !== 58) {
      if (c === -1) this.#endOfInput();
      this.#unexpected(this.#ptr, 'was expecting a colon to separate field name and value');
    }
    this.#ptr++;
    if (this.#skipWhitespace() === -1) this.#endOfInput();
    this.#pending = this.#readValueStart();
    return 'FIELD_NAME';
  }

  #readValueStart(): Token {
    const text = this.#text;
    const start = this.#ptr;
    const c = text.charCodeAt(start);
    switch (c) {
      case 123:
        this.#ptr++;
        return 'START_OBJECT';
      case 91:
        this.#ptr++;
        return 'START_ARRAY';
      case 34:
        this.#ptr++;
        this.#stringStart = this.#ptr;
        this.#stringIncomplete = true;
        return 'VALUE_STRING';
      case 116:
        return this.#readLiteral('true', 'VALUE_TRUE');
      case 102:
        return this.#readLiteral('false', 'VALUE_FALSE');
      case 110:
        return this.#readLiteral('null', 'VALUE_NULL');
    }
    if (c === 45 || (c >= 48 && c <= 57)) return this.#readNumber();
    if (isIdentifierPart(c)) this.#invalidToken(start);
    if (c === 125) this.#unexpected(start, 'expected a value');
    this.#unexpected(start, `expected a valid value ${EXPECTED_VALUE}`);
  }

  #readLiteral(word: string, token: Token): Token {
    const end = this.#ptr + word.length;
    if (this.#text.startsWith(word, this.#ptr) && !isIdentifierPart(this.#text.charCodeAt(end))) {
      this.#ptr = end;
      return token;
    }
    this.#invalidToken(this.#ptr);
  }

  #invalidToken(start: number): never {
    let end = start;
    while (end < this.#text.length && end - start < 256 && isIdentifierPart(this.#text.charCodeAt(end))) end++;
    this.#ptr = end;
    this.#syntaxError(`Unrecognized token '${this.#text.slice(start, end)}': was expecting ${EXPECTED_VALUE}`);
  }

  /**
   * Reads a number. Where Jackson reports a malformed one depends on how it read it: numbers starting with 0,
   * and numbers that run to the end of the text, are read slowly and reported at the offending character; the
   * others are reported where their integer part ends.
   */
  #readNumber(): Token {
    const text = this.#text;
    const start = this.#ptr;
    let i = start;
    if (text.charCodeAt(i) === 45) {
      i++;
      if (i >= text.length) this.#endOfInputInNumber('No digit following sign');
      if (text.charCodeAt(i) === 46) this.#unexpected(i, `expected a valid value ${EXPECTED_VALUE}`);
      if (!isDigit(text.charCodeAt(i))) {
        this.#unexpectedInNumber(i, i, 'expected digit (0-9) to follow minus sign, for valid numeric value');
      }
    }
    const slow = text.charCodeAt(i) === 48;
    if (slow && isDigit(text.charCodeAt(i + 1))) {
      this.#ptr = i + 1;
      this.#syntaxError('Invalid numeric value: Leading zeroes not allowed');
    }
    while (isDigit(text.charCodeAt(i))) i++;
    const integerEnd = i;
    const malformed = (at: number, expectation: string): never =>
      slow ? this.#unexpectedInNumber(at, at, expectation) : this.#unexpectedInNumber(at, integerEnd, expectation);
    let float = false;
    if (text.charCodeAt(i) === 46) {
      float = true;
      i++;
      if (i >= text.length) this.#unexpectedInNumber(i - 1, i - 1, 'Decimal point not followed by a digit');
      if (!isDigit(text.charCodeAt(i))) malformed(i, 'Decimal point not followed by a digit');
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      float = true;
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (i >= text.length) this.#endOfInputInNumber('expected a digit for number exponent');
      if (!isDigit(text.charCodeAt(i))) malformed(i, 'Exponent indicator not followed by a digit');
      while (isDigit(text.charCodeAt(i))) i++;
    }
    this.#ptr = i;
    this.#numberRaw = text.slice(start, i);
    if (this.#stack.length === 0) this.#rootSpace();
    return float ? 'VALUE_NUMBER_FLOAT' : 'VALUE_NUMBER_INT';
  }

  /** `character` is the one Jackson names; it reports at `at` and stands just after it. */
  #unexpectedInNumber(character: number, at: number, expectation: string): never {
    this.#ptr = at + 1;
    this.#syntaxError(`Unexpected character (${describeChar(this.#text.charCodeAt(character))}) in numeric value: ${expectation}`, at);
  }

  /** Jackson's text really has no separator here. */
  #endOfInputInNumber(expectation: string): never {
    this.#ptr = this.#text.length;
    this.#syntaxError(`Unexpected end-of-input${expectation}`);
  }

  /** A number at the root must be followed by a blank (which Jackson consumes) or by nothing. */
  #rootSpace(): void {
    const c = this.#text.charCodeAt(this.#ptr);
    if (Number.isNaN(c)) return;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      this.#ptr += c === 13 && this.#text.charCodeAt(this.#ptr + 1) === 10 ? 2 : 1;
      return;
    }
    this.#unexpected(this.#ptr, 'Expected space separating root-level values');
  }

  #finishString(): void {
    this.#ptr = this.#stringStart;
    this.#stringValue = this.#readStringBody();
    this.#stringIncomplete = false;
  }

  /** Reads a string body after its opening quote, leaving the pointer after the closing quote. */
  #readStringBody(fieldName = false): string {
    const text = this.#text;
    let out = '';
    let chunk = this.#ptr;
    let i = this.#ptr;
    for (;;) {
      if (i >= text.length) {
        this.#ptr = i;
        this.#syntaxError(
          fieldName ? 'Unexpected end-of-input in field name' : 'Unexpected end-of-input: was expecting closing quote for a string value',
        );
      }
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c < 32) {
        this.#ptr = i + 1;
        this.#syntaxError(
          `Illegal unquoted character (${describeChar(c)}): has to be escaped using backslash to be included in string value`,
        );
      }
      if (c !== 92) {
        i++;
        continue;
      }
      out += text.slice(chunk, i);
      const escaped = text.charCodeAt(i + 1);
      i += 2;
      switch (escaped) {
        case 34:
        case 92:
        case 47:
          out += String.fromCharCode(escaped);
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
            const bad = i + /^[0-9a-fA-F]*/.exec(hex)![0].length;
            if (bad >= text.length) {
              this.#ptr = text.length;
              this.#syntaxError('Unexpected end-of-input in character escape sequence');
            }
            this.#unexpected(bad, 'expected a hex-digit for character escape sequence');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.#ptr = i;
          this.#syntaxError(`Unrecognized character escape ${describeChar(escaped)}`, i - 1);
      }
      chunk = i;
    }
    this.#ptr = i + 1;
    return out + text.slice(chunk, i);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdentifierPart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

/** Jackson's way of naming a character in error messages: `'x' (code 120)` or `(CTRL-CHAR, code 10)`. */
function describeChar(c: number): string {
  if (Number.isNaN(c)) return '<EOF>';
  if (c < 32) return `(CTRL-CHAR, code ${c})`;
  return `'${String.fromCharCode(c)}' (code ${c})`;
}
