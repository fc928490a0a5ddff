// DynamoDB's expression languages, parsed the way DynamoDB parses them: a tokenizer and a recursive-descent
// parser for condition (and filter and key condition), update and projection expressions, with
// ExpressionAttributeNames (#n) and ExpressionAttributeValues (:v) resolved while parsing.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
//
// Errors follow DynamoDB's order: a syntax error anywhere wins ("Syntax error; token: "x", near: "a x b""),
// then the first semantic error in the text (reserved word, undefined name or value, bad function), then,
// once every expression of the request is parsed, unused names and values (ExpressionContext.checkUnused).
//
// Left out: the "redundant parentheses" check DynamoDB makes on `((a = :v))`, and the limits on expression
// length and nesting depth.

import { invalidExpression, validation } from './errors.ts';
import { isReservedWord } from './reserved-words.ts';
import { isSetType, LONG_TYPE_NAMES, typeCodes, typeOf, compareValues, type AttributeValue, type TypeCode } from './values.ts';

export type ExpressionLabel = 'ConditionExpression' | 'KeyConditionExpression' | 'FilterExpression' | 'UpdateExpression' | 'ProjectionExpression';

// ---- AST ----

/** A document path with placeholders resolved: names are strings, list indexes numbers. `a.#b[0]` → ['a', 'b', 0]. */
export interface Path {
  kind: 'path';
  elements: (string | number)[];
}

export interface ValueRef {
  kind: 'value';
  name: string;
  value: AttributeValue;
}

export type Operand = Path | ValueRef | { kind: 'size'; path: Path };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'attribute_exists' | 'attribute_not_exists'; path: Path }
  | { kind: 'attribute_type'; path: Path; type: Operand }
  | { kind: 'begins_with' | 'contains'; subject: Path; operand: Operand }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; condition: Condition };

export type UpdateOperand =
  | Path
  | ValueRef
  | { kind: 'if_not_exists'; path: Path; fallback: UpdateOperand }
  | { kind: 'list_append'; left: UpdateOperand; right: UpdateOperand };

export type SetValue = UpdateOperand | { kind: '+' | '-'; left: UpdateOperand; right: UpdateOperand };

export interface UpdateExpression {
  set: { path: Path; value: SetValue }[];
  remove: Path[];
  add: { path: Path; value: ValueRef }[];
  delete: { path: Path; value: ValueRef }[];
  /** Every path the expression writes, in the order written: for overlap checks and UPDATED_* return values. */
  targets: Path[];
}

// ---- Names and values shared by the expressions of one request ----

/** The ExpressionAttributeNames and -Values of one request, and which of them its expressions used. */
export class ExpressionContext {
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, AttributeValue>>;
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(names: Record<string, string> = {}, values: Record<string, AttributeValue> = {}) {
    this.names = names;
    this.values = values;
  }

  /** Names and values no expression used are an error, names reported first. */
  checkUnused(): void {
    const names = Object.keys(this.names).filter((n) => !this.usedNames.has(n));
    if (names.length > 0) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${names.join(', ')}}`);
    const values = Object.keys(this.values).filter((v) => !this.usedValues.has(v));
    if (values.length > 0) throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${values.join(', ')}}`);
  }
}

// ---- Entry points ----

export function parseCondition(text: string, label: 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression', context: ExpressionContext): Condition {
  const parser = new Parser(text, label, context);
  const condition = parser.condition();
  parser.expectEnd();
  return parser.finish(condition);
}

export function parseUpdate(text: string, context: ExpressionContext): UpdateExpression {
  const parser = new Parser(text, 'UpdateExpression', context);
  return parser.finish(parser.update());
}

export function parseProjection(text: string, context: ExpressionContext): Path[] {
  const parser = new Parser(text, 'ProjectionExpression', context);
  const paths = [parser.path()];
  while (parser.accept(',')) paths.push(parser.path());
  parser.expectEnd();
  parser.checkOverlaps(paths);
  return parser.finish(paths);
}

/** A path as DynamoDB shows it in messages: `[a, b, [0]]`. */
export const showPath = (path: Path) => `[${path.elements.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ')}]`;

// ---- Tokens ----

interface Token {
  kind: 'name' | 'attrName' | 'attrValue' | 'number' | 'punct' | 'eof';
  text: string;
  start: number;
  end: number;
}

const PUNCTUATION = ['<>', '<=', '>=', '(', ')', '[', ']', ',', '.', '=', '<', '>', '+', '-'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const word = (from: number) => {
    let j = from;
    while (j < text.length && /[A-Za-z0-9_]/.test(text[j]!)) j++;
    return j;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      i = word(i);
      tokens.push({ kind: 'name', text: text.slice(start, i), start, end: i });
    } else if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      tokens.push({ kind: 'number', text: text.slice(start, i), start, end: i });
    } else if ((c === '#' || c === ':') && word(i + 1) > i + 1) {
      i = word(i + 1);
      tokens.push({ kind: c === '#' ? 'attrName' : 'attrValue', text: text.slice(start, i), start, end: i });
    } else {
      const punct = PUNCTUATION.find((p) => text.startsWith(p, i)) ?? String.fromCodePoint(text.codePointAt(i)!);
      i += punct.length;
      tokens.push({ kind: 'punct', text: punct, start, end: i });
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: text.length, end: text.length });
  return tokens;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'SET', 'REMOVE', 'ADD', 'DELETE']);
const CONDITION_FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains', 'size']);
const UPDATE_FUNCTIONS = new Set(['if_not_exists', 'list_append']);
const ARITY: Record<string, number> = { attribute_exists: 1, attribute_not_exists: 1, attribute_type: 2, begins_with: 2, contains: 2, size: 1, if_not_exists: 2, list_append: 2 };
const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const UPDATE_SECTIONS = ['SET', 'REMOVE', 'ADD', 'DELETE'] as const;

/** A function call as parsed, before its arguments are checked: `begins_with(#n, :v)`. */
interface Call {
  name: string;
  args: ParsedOperand[];
}

type ParsedOperand = Path | ValueRef | { kind: 'call'; call: Call };

class Parser {
  readonly #tokens: Token[];
  readonly #text: string;
  readonly #label: ExpressionLabel;
  readonly #context: ExpressionContext;
  #i = 0;
  /** The first semantic error in the text, reported once the whole expression has parsed. */
  #error: string | undefined;

  constructor(text: string, label: ExpressionLabel, context: ExpressionContext) {
    this.#text = text;
    this.#label = label;
    this.#context = context;
    if (text.trim() === '') throw invalidExpression(label, 'The expression can not be empty;');
    this.#tokens = tokenize(text);
  }

  finish<T>(result: T): T {
    if (this.#error !== undefined) throw invalidExpression(this.#label, this.#error);
    return result;
  }

  // ---- Token helpers ----

  #peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#i + offset, this.#tokens.length - 1)]!;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'eof') this.#i++;
    return token;
  }

  #is(token: Token, text: string): boolean {
    return token.kind === 'punct' ? token.text === text : token.kind === 'name' && token.text.toUpperCase() === text;
  }

  accept(text: string): boolean {
    if (!this.#is(this.#peek(), text)) return false;
    this.#next();
    return true;
  }

  #expect(text: string): void {
    if (!this.accept(text)) this.#fail();
  }

  expectEnd(): void {
    if (this.#peek().kind !== 'eof') this.#fail();
  }

  /** DynamoDB's syntax error: the offending token, and the text from the token before it to the one after. */
  #fail(token = this.#peek()): never {
    const tokens = this.#tokens;
    const at = tokens.indexOf(token);
    const before = tokens[at - 1];
    const after = tokens[at + 1];
    const start = (before ?? token).start;
    const end = after && after.kind !== 'eof' ? after.end : token.kind !== 'eof' ? token.end : (before ?? token).end;
    throw invalidExpression(this.#label, `Syntax error; token: "${token.text}", near: "${this.#text.slice(start, end)}"`);
  }

  #semantic(message: string): void {
    this.#error ??= message;
  }

  // ---- Paths and values ----

  path(): Path {
    const elements: (string | number)[] = [this.#pathName(this.#next())];
    for (;;) {
      if (this.accept('.')) elements.push(this.#pathName(this.#next()));
      else if (this.accept('[')) {
        const index = this.#next();
        if (index.kind !== 'number') this.#fail(index);
        elements.push(Number(index.text));
        this.#expect(']');
      } else return { kind: 'path', elements };
    }
  }

  #pathName(token: Token): string {
    if (token.kind === 'attrName') {
      this.#context.usedNames.add(token.text);
      const name = this.#context.names[token.text];
      if (name === undefined) {
        this.#semantic(`An expression attribute name used in the document path is not defined; attribute name: ${token.text}`);
        return token.text;
      }
      return name;
    }
    if (token.kind !== 'name' || KEYWORDS.has(token.text.toUpperCase())) this.#fail(token);
    if (isReservedWord(token.text)) this.#semantic(`Attribute name is a reserved keyword; reserved keyword: ${token.text}`);
    return token.text;
  }

  #value(token: Token): ValueRef {
    this.#context.usedValues.add(token.text);
    const value = this.#context.values[token.text];
    if (value === undefined) {
      this.#semantic(`An expression attribute value used in expression is not defined; attribute value: ${token.text}`);
      return { kind: 'value', name: token.text, value: { NULL: true } };
    }
    return { kind: 'value', name: token.text, value };
  }

  /** A path, a value, or a function call (checked by whoever uses it). */
  #operand(): ParsedOperand {
    const token = this.#peek();
    if (token.kind === 'attrValue') return this.#value(this.#next());
    if (token.kind === 'name' && this.#is(this.#peek(1), '(')) {
      this.#next();
      this.#next();
      const args: ParsedOperand[] = [];
      if (!this.#is(this.#peek(), ')')) {
        do args.push(this.#operand());
        while (this.accept(','));
      }
      this.#expect(')');
      return { kind: 'call', call: { name: token.text, args } };
    }
    return this.path();
  }

  /** Checks a call's name, where it is used, and how many arguments it has. */
  #checkCall(call: Call, allowedHere: ReadonlySet<string>): boolean {
    const known = CONDITION_FUNCTIONS.has(call.name) || UPDATE_FUNCTIONS.has(call.name);
    if (!known) {
      this.#semantic(`Invalid function name; function: ${call.name}`);
      return false;
    }
    if (!allowedHere.has(call.name)) {
      const where = this.#label === 'UpdateExpression' ? 'an update' : 'a condition';
      if ((this.#label === 'UpdateExpression') === UPDATE_FUNCTIONS.has(call.name)) {
        this.#semantic(`The function is not allowed to be used this way in an expression; function: ${call.name}`);
      } else this.#semantic(`The function is not allowed in ${where} expression; function: ${call.name}`);
      return false;
    }
    if (call.args.length !== ARITY[call.name]) {
      this.#semantic(`Incorrect number of operands for operator or function; operator or function: ${call.name}, number of operands: ${call.args.length}`);
      return false;
    }
    return true;
  }

  #requirePath(operand: ParsedOperand | undefined, fn: string): Path {
    if (operand?.kind === 'path') return operand;
    this.#semantic(`Operator or function requires a document path; operator or function: ${fn}`);
    return { kind: 'path', elements: [] };
  }

  // ---- Conditions ----

  condition(): Condition {
    let left = this.#and();
    while (this.accept('OR')) left = { kind: 'or', left, right: this.#and() };
    return left;
  }

  #and(): Condition {
    let left = this.#not();
    while (this.accept('AND')) left = { kind: 'and', left, right: this.#not() };
    return left;
  }

  #not(): Condition {
    if (this.accept('NOT')) return { kind: 'not', condition: this.#not() };
    return this.#primary();
  }

  #primary(): Condition {
    if (this.accept('(')) {
      const inner = this.condition();
      this.#expect(')');
      return inner;
    }
    const parsed = this.#operand();
    const next = this.#peek();
    const comparison = (next.kind === 'punct' && COMPARATORS.has(next.text)) || this.#is(next, 'BETWEEN') || this.#is(next, 'IN');
    if (parsed.kind === 'call' && !comparison) {
      const call = parsed.call;
      if (!this.#checkCall(call, CONDITION_FUNCTIONS)) return { kind: 'attribute_exists', path: { kind: 'path', elements: [] } };
      return this.#conditionFunction(call);
    }
    const left = this.#conditionOperand(parsed);
    const token = this.#peek();
    if (token.kind === 'punct' && COMPARATORS.has(token.text)) {
      this.#next();
      return { kind: 'compare', op: token.text as Comparator, left, right: this.#conditionOperand(this.#operand()) };
    }
    if (this.accept('BETWEEN')) {
      const low = this.#conditionOperand(this.#operand());
      this.#expect('AND');
      const high = this.#conditionOperand(this.#operand());
      if (low.kind === 'value' && high.kind === 'value') {
        const order = compareValues(low.value, high.value);
        if (order !== undefined && order > 0) {
          this.#semantic(
            `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {${showScalar(low.value)}}, upper bound operand: AttributeValue: {${showScalar(high.value)}}`,
          );
        }
      }
      return { kind: 'between', operand: left, low, high };
    }
    if (this.accept('IN')) {
      this.#expect('(');
      const list = [this.#conditionOperand(this.#operand())];
      while (this.accept(',')) list.push(this.#conditionOperand(this.#operand()));
      this.#expect(')');
      if (list.length > 100) this.#semantic(`The IN operator is provided with too many operands; number of operands: ${list.length}`);
      return { kind: 'in', operand: left, list };
    }
    return this.#fail();
  }

  #conditionOperand(parsed: ParsedOperand): Operand {
    if (parsed.kind !== 'call') return parsed;
    if (!this.#checkCall(parsed.call, new Set(['size']))) return { kind: 'path', elements: [] };
    return { kind: 'size', path: this.#requirePath(parsed.call.args[0], 'size') };
  }

  #conditionFunction(call: Call): Condition {
    const [first, second] = call.args;
    switch (call.name) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        return { kind: call.name, path: this.#requirePath(first, call.name) };
      case 'attribute_type': {
        const type = this.#conditionOperand(second!);
        if (type.kind === 'value') {
          const name = 'S' in type.value ? type.value.S : undefined;
          // Wording not confirmed against AWS.
          if (name === undefined || !typeCodes().includes(name as TypeCode)) {
            this.#semantic(`Invalid attribute type name found; type: ${name ?? typeOf(type.value)}, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }`);
          }
        }
        return { kind: 'attribute_type', path: this.#requirePath(first, call.name), type };
      }
      default: {
        const operand = this.#conditionOperand(second!);
        // DynamoDB checks literal operands up front; the operand type's spelling here is not confirmed.
        if (call.name === 'begins_with' && operand.kind === 'value' && !('S' in operand.value || 'B' in operand.value)) {
          this.#semantic(`Incorrect operand type for operator or function; operator or function: begins_with, operand type: ${typeOf(operand.value)}`);
        }
        return { kind: call.name as 'begins_with' | 'contains', subject: this.#requirePath(first, call.name), operand };
      }
    }
  }

  // ---- Updates ----

  update(): UpdateExpression {
    const update: UpdateExpression = { set: [], remove: [], add: [], delete: [], targets: [] };
    const seen = new Set<string>();
    do {
      const token = this.#next();
      const section = UPDATE_SECTIONS.find((s) => this.#is(token, s));
      if (!section) this.#fail(token);
      if (seen.has(section)) this.#semantic(`The "${section}" section can only be used once in an update expression;`);
      seen.add(section);
      do {
        const path = this.path();
        update.targets.push(path);
        if (section === 'SET') {
          this.#expect('=');
          update.set.push({ path, value: this.#setValue() });
        } else if (section === 'REMOVE') update.remove.push(path);
        else {
          const token = this.#next();
          if (token.kind !== 'attrValue') this.#fail(token);
          const value = this.#value(token);
          const type = typeOf(value.value);
          const allowed = section === 'ADD' ? type === 'N' || isSetType(type) : isSetType(type);
          if (!allowed && this.#context.values[token.text] !== undefined) {
            // The typeSet for DELETE is not confirmed against AWS.
            this.#semantic(`Incorrect operand type for operator or function; operator: ${section}, operand type: ${LONG_TYPE_NAMES[type]}, typeSet: ALLOWED_FOR_${section}_OPERAND`);
          }
          (section === 'ADD' ? update.add : update.delete).push({ path, value });
        }
      } while (this.accept(','));
    } while (this.#peek().kind !== 'eof');
    this.checkOverlaps(update.targets);
    return update;
  }

  #setValue(): SetValue {
    const left = this.#updateOperand(this.#operand());
    const token = this.#peek();
    if (this.#is(token, '+') || this.#is(token, '-')) {
      this.#next();
      return { kind: token.text as '+' | '-', left, right: this.#updateOperand(this.#operand()) };
    }
    return left;
  }

  #updateOperand(parsed: ParsedOperand): UpdateOperand {
    if (parsed.kind !== 'call') return parsed;
    const call = parsed.call;
    if (!this.#checkCall(call, UPDATE_FUNCTIONS)) return { kind: 'path', elements: [] };
    const [first, second] = call.args;
    if (call.name === 'if_not_exists') return { kind: 'if_not_exists', path: this.#requirePath(first, call.name), fallback: this.#updateOperand(second!) };
    return { kind: 'list_append', left: this.#updateOperand(first!), right: this.#updateOperand(second!) };
  }

  /** Two paths where one is the other or lies inside it cannot both be written (or projected). */
  checkOverlaps(paths: readonly Path[]): void {
    for (let i = 0; i < paths.length; i++) {
      for (let j = i + 1; j < paths.length; j++) {
        const a = paths[i]!.elements;
        const b = paths[j]!.elements;
        const n = Math.min(a.length, b.length);
        if (n > 0 && a.slice(0, n).every((e, k) => e === b[k])) {
          this.#semantic(`Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${showPath(paths[i]!)}, path two: ${showPath(paths[j]!)}`);
        }
      }
    }
  }
}

function showScalar(value: AttributeValue): string {
  const type = typeOf(value);
  return `${type}:${String((value as Record<string, unknown>)[type])}`;
}
