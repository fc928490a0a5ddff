// Learner code's allocation sites, made visible to the browser sandbox's memory meter (./memory-meter.ts). Objects,
// arrays and closures made by syntax, and properties added by writing (`a[i] = v`, `o[key] = v`, `o.x = v`),
// call nothing the meter could replace: an array filled index by index with object literals held 670 MB in a
// 128 MB function. So the browser host rewrites the code it compiles, where it compiles it, with a real parser
// (acorn), wrapping each such site in a call to the meter's hooks:
//
//   {a, b}, /x/         → __wb$o({a, b}, 32)          a sample of what literals, closures and `new` make
//   [...list]           → __wb$a([...list])           an array literal with spread, by its length
//   {...other}          → __wb$s({...other})          an object literal with spread, by its keys
//   new X(…), Array(n)  → __wb$n(new X(…))            an instance, and an array by the length it is made with
//   a[i] = v            → __wb$w(a, i)[__wb$k()] = v  a write to a computed key (and `a[i]++`, `[a[i]] = list`,
//                                                     `for (a[i] of list)`): the hook sees the target and key,
//                                                     and hands the key back, so each part is evaluated once
//   o.x = v             → __wb$w(o, "x").x = v        a write to a name, likewise
//   (...args) => {      → (...args) => {;__wb$a(args);  what a call makes: a rest parameter's array, by its length
//                                                     (and rest elements of parameters, and `arguments` if used)
//   const [a, ...r] = l → const [a, ...r] = l;__wb$a(r);  a rest element's array (or object) once made
//   class { x = 1 }     → class {#__wb$f = __wb$o(this, 16); x = 1 }  an instance's fields
//   const f = () => v;  → const f = () => v;;__wb$o(f, 72);  a closure whose name comes from where it is written,
//                                                     charged after it (and a function declared in a function, as
//                                                     its block starts); every closure with the variables it keeps
//   a + b + c, s += t   → __wb$p(a , b , c), s = __wb$p(s, t)  what `+` makes: the hook adds the parts (and
//                                                     `o.s += t` likewise)
//   `x${a}`             → __wb$t`x${a}`               a template literal, filled in by the hook
//   a * b, -a, i++      → __wb$m(a * b)               what other operators make (a BigInt), once per expression
//   [...o.entries()]    → __wb$a([...__wb$e(o.entries(), "o.entries")])  whether what a call gave to spread
//                                                     makes its entries (it is not an array)
//   function* g(a) {    → function* g(a, __wb$_ = __wb$f(136)) {;__wb$_ = __wb$f(136, __wb$_);  the frame a
//                                                     generator or async function keeps from its call, carried by a
//                                                     parameter (see chargeFrame)
//   catch (e) {         → catch (e) {__wb$c(e);       what was caught: an Error's stack, if it keeps more than ten frames
//   import(x)           → __wb$i(x)                   refused, as Node refuses it in a function's code
//
// The hooks are globals the meter defines, read-only and non-configurable; code that names anything `__wb$…` is
// refused, so no learner binding can stand in for them, and `with` is refused where code is sloppy, since a `with`
// object could. Nothing is inserted across lines, so line numbers stay the transpiler's; `columnIn` maps a column of
// the rewritten code back. Anonymous functions and classes whose name comes from where they are written
// (`const handler = async () => {}`, `{ f: () => {} }`) are left unwrapped: wrapping would take their name away,
// in `fn.name` and in stack traces.

import { parse, type Node } from 'acorn';
import { HOOK_PREFIX, HOOKS, withoutHooks } from './allocation-hooks.ts';

export { HOOK_PREFIX, HOOKS, withoutHooks };



/** V8-like sizes, with compressed pointers: an object's header and a field, an array's header, a closure. */
const OBJECT_BYTES = 16;
const FIELD_BYTES = 8;
/** An instance's field: its slot, and the number it often holds (V8 boxes a field's doubles). */
const INSTANCE_FIELD_BYTES = 16;
const ARRAY_BYTES = 24;
const CLOSURE_BYTES = 64;
/** A variable kept in a context for the closures that read it, or in a suspended generator's frame. */
const CONTEXT_SLOT_BYTES = 8;
/** A generator object, or an async function's, and the part of its frame that is not its variables. */
const FRAME_BYTES = 128;
/** The parameter that carries a generator's or an async function's frame (see chargeFrame). */
const FRAME_PARAMETER = `${HOOK_PREFIX}_`;
const CLASS_BYTES = 256;
const CLASS_MEMBER_BYTES = CLOSURE_BYTES + 40;
/** A regular expression literal's object: its header, its fields and `lastIndex`. */
const REGEXP_BYTES = 48;

/**
 * For each line (1-based) where text was inserted, anchors `[rewrittenColumn, originalColumn, inserted]` in order:
 * from each anchor on, columns count on from its original column, or (inserted = 1) all map to it.
 */
export type ColumnAnchors = Map<number, number[]>;

export interface InstrumentedCode {
  code: string;
  anchors: ColumnAnchors;
}

/** Code the sandbox will not run: unparseable (by acorn, where V8 may differ), or naming a hook, or sloppy `with`. */
export class RefusedCode extends SyntaxError {}

interface Edit {
  start: number;
  end: number;
  text: string;
  /**
   * Order among edits at one position, lowest first: the closing text of nodes that end there (inner ones first),
   * then text that replaces what follows, then the opening text of nodes that start there (outer ones first).
   */
  rank: number;
}

type AnyNode = Node & Record<string, any>;

interface Scope {
  declared: Set<string>;
  usedWithin: Set<string>;
  evals: boolean;
  /** Sizes the closures made in this scope, given how many of its variables the functions inside it read. */
  closures: ((captured: number) => void)[];
}

const newScope = (): Scope => ({ declared: new Set(), usedWithin: new Set(), evals: false, closures: [] });

function closeScope(scope: Scope) {
  let captured = scope.declared.size;
  if (!scope.evals) {
    captured = 0;
    for (const name of scope.declared) if (scope.usedWithin.has(name)) captured++;
  }
  for (const size of scope.closures) size(captured);
}

/** Operators that make a new value (a BigInt as large as their operands, or larger), besides `+`. */
const ARITHMETIC = new Set(['-', '*', '/', '%', '**', '<<', '>>', '&', '|', '^']);

/**
 * Whether what an operator makes is an operand of another's, which makes what is kept: only the outermost of
 * `a * b - c` is charged (what the inner ones make is let go at once), and chains do not nest a call a link.
 */
const isOperand = (parent: AnyNode | undefined) =>
  (parent?.type === 'BinaryExpression' && (parent.operator === '+' || ARITHMETIC.has(parent.operator))) || (parent?.type === 'UnaryExpression' && (parent.operator === '-' || parent.operator === '~'));

/** An expression as V8 names it in a TypeError (`o.list.entries`, `m[k]`, `this.f`), if it is one V8 names so. */
function nameOf(node: AnyNode): string | undefined {
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'ThisExpression':
      return 'this';
    case 'CallExpression':
      return node.optional ? undefined : nameOf(node.callee);
    case 'MemberExpression': {
      const object = node.optional ? undefined : nameOf(node.object);
      if (object === undefined) return undefined;
      if (!node.computed) return node.property.type === 'Identifier' ? `${object}.${node.property.name}` : undefined;
      if (node.property.type === 'Literal' && typeof node.property.value === 'string' && /^[A-Za-z_$][\w$]*$/.test(node.property.value)) return `${object}.${node.property.value}`;
      return node.property.type === 'Identifier' ? `${object}[${node.property.name}]` : undefined;
    }
    default:
      return undefined;
  }
}

/** `s` or `o.s` (on a name or `this`) as code that reads it again, for `+=`; nothing for what evaluating again would change. */
function readAgain(target: AnyNode): string | undefined {
  if (target.type === 'Identifier') return target.name;
  if (target.type !== 'MemberExpression' || target.computed || target.property.type !== 'Identifier') return undefined;
  const object = target.object.type === 'Identifier' ? target.object.name : target.object.type === 'ThisExpression' ? 'this' : undefined;
  return object && `${object}.${target.property.name}`;
}

/** A number written out, which makes no BigInt. */
const isNumber = (node: AnyNode) => node.type === 'Literal' && typeof node.value === 'number';

/** Whether an identifier may read a variable: not a property's name, nor a function's, a parameter's or a declarator's own. */
function isRead(node: AnyNode, parent: AnyNode | undefined) {
  switch (parent?.type) {
    case 'MemberExpression':
      return parent.computed || parent.property !== node;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      return parent.computed || parent.key !== node || parent.shorthand === true;
    case 'VariableDeclarator':
      return parent.id !== node;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return parent.id !== node && !parent.params.includes(node);
    default:
      return true;
  }
}

/** The names a binding pattern declares. */
function namesIn(pattern: AnyNode | null): string[] {
  switch (pattern?.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ArrayPattern':
      return pattern.elements.flatMap(namesIn);
    case 'ObjectPattern':
      return pattern.properties.flatMap((property: AnyNode) => namesIn(property.type === 'RestElement' ? property : property.value));
    case 'AssignmentPattern':
      return namesIn(pattern.left);
    case 'RestElement':
      return namesIn(pattern.argument);
    default:
      return [];
  }
}
const CLOSING = -1_000_000;
const OPENING = 1_000_000;
/** Where a declaration is a statement of its own, after which a statement may be put. */
const STATEMENT_LISTS = new Set(['BlockStatement', 'SwitchCase', 'StaticBlock']);

/** Where a function's or class's name is inferred from its place: wrapping it in a call would lose the name. */
const NAMING_PARENTS: Record<string, (parent: AnyNode, node: AnyNode) => boolean> = {
  VariableDeclarator: (parent, node) => parent.init === node,
  AssignmentExpression: (parent, node) => parent.right === node && parent.left.type === 'Identifier',
  AssignmentPattern: (parent, node) => parent.right === node,
  Property: (parent, node) => parent.value === node,
  PropertyDefinition: (parent, node) => parent.value === node,
  MethodDefinition: () => true,
};

/**
 * Rewrites a module's CommonJS body (as the sandbox compiles it into a function), or with `script` what eval runs, so
 * that its allocation sites call the meter's hooks. `sloppy`: code that may run outside strict mode, where `with` is
 * refused.
 */
export function instrumentAllocations(code: string, { sloppy = false, script = false }: { sloppy?: boolean; script?: boolean } = {}): InstrumentedCode {
  // A module's code is a function's body (`return`, `new.target` and a "use strict" prologue are its own): parsed
  // inside one, on the same line, and every position taken back by the wrapper's length. A script (what eval runs) as it is.
  const wrapper = script ? '' : '(function () {';
  const parsed = `${wrapper}${code}${script ? '' : '\n})'}`;
  let statements: AnyNode[];
  try {
    const program = parse(parsed, { ecmaVersion: 'latest', sourceType: 'script' }) as AnyNode;
    statements = script ? program.body : program.body[0].expression.body.body;
  } catch (error) {
    throw new RefusedCode(String((error as Error).message).replace(/\((\d+):(\d+)\)$/, (_, line, column) => `(${line}:${line === '1' ? Number(column) - wrapper.length : column})`));
  }
  const edits: Edit[] = [];
  let depth = 0;
  /** Puts `open` before a node and `close` after it; answers the closing edit, whose text may be filled in later. */
  const wrapAt = (node: AnyNode, at: number, open: string, close: string): Edit => {
    const closing = { start: node.end, end: node.end, text: close, rank: CLOSING - at };
    edits.push({ start: node.start, end: node.start, text: open, rank: OPENING + at }, closing);
    return closing;
  };
  const wrap = (node: AnyNode, open: string, close: string) => wrapAt(node, depth, open, close);
  /**
   * The scopes of the functions around the node being walked, the module's first: the names each declares, those
   * named within the functions inside it, and the closures made in it, sized once it has been walked. A closure keeps
   * the context of the function it was made in, where V8 keeps each variable a function inside reads: 1,000 of them
   * are 8 KB behind a 64-byte closure. Blocks count as their function (an estimate, as is a name read being the variable).
   */
  const scopes: Scope[] = [];
  const scope = () => scopes[scopes.length - 1]!;
  const declare = (pattern: AnyNode | null) => {
    for (const name of namesIn(pattern)) scope().declared.add(name);
  };
  // A class is its constructor and prototype, and a closure and a property for each of its members.
  const closureBytes = (fn: AnyNode, captured: number) => (fn.type.startsWith('Class') ? CLASS_BYTES + CLASS_MEMBER_BYTES * fn.body.body.length : CLOSURE_BYTES) + CONTEXT_SLOT_BYTES * captured;
  /** A function declared in a function (made each time that is called), charged as its block or body starts. */
  const chargeDeclaredClosure = (fn: AnyNode, parent: AnyNode | undefined) => {
    if (parent?.type !== 'BlockStatement') return;
    const at = afterDirectives(parent);
    const edit: Edit = { start: at, end: at, text: '', rank: OPENING + depth + 1 };
    edits.push(edit);
    scope().closures.push((captured) => void (edit.text = `;${HOOKS.site}(${fn.id.name}, ${closureBytes(fn, captured)});`));
  };
  const visit = (node: AnyNode, parent: AnyNode | undefined) => {
    switch (node.type) {
      case 'Identifier':
      case 'PrivateIdentifier':
        if ((node.name as string).startsWith(HOOK_PREFIX)) throw new RefusedCode(`Identifier '${node.name}' is reserved by the workbook's sandbox`);
        if (node.name === 'arguments' && functions.length > 0) functions[functions.length - 1]!.arguments = true;
        if (isRead(node, parent)) for (let i = 0; i < scopes.length - 1; i++) scopes[i]!.usedWithin.add(node.name);
        break;
      case 'CallExpression':
        if (node.callee.type === 'Identifier' && node.callee.name === 'Array') wrap(node, `${HOOKS.newInstance}(`, ')');
        // A direct eval may read any variable around it: V8 keeps them all in contexts.
        if (node.callee.type === 'Identifier' && node.callee.name === 'eval') for (const scope of scopes) scope.evals = true;
        break;
      case 'CatchClause':
        declare(node.param);
        if (node.param?.type === 'Identifier') edits.push({ start: node.body.start + 1, end: node.body.start + 1, text: `${HOOKS.caught}(${node.param.name});`, rank: OPENING + depth + 1 });
        break;
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
        if (node.id) scope().declared.add(node.id.name);
        if (node.type === 'FunctionDeclaration' && scopes.length > 1) chargeDeclaredClosure(node, parent);
        break;
      case 'VariableDeclaration': {
        for (const declarator of node.declarations) declare(declarator.id);
        const charges = node.declarations.flatMap((declarator: AnyNode) => restsIn(declarator.id));
        const inList = !parent || STATEMENT_LISTS.has(parent.type);
        // A closure named by its declaration (`const f = () => …`), which wrapping would take the name from: charged
        // once declared, with what it captures (known once the function around it has been walked).
        const closures = inList ? node.declarations.filter((d: AnyNode) => d.id.type === 'Identifier' && /Function|Class/.test(d.init?.type ?? '')) : [];
        if (closures.length > 0) {
          const edit: Edit = { start: node.end, end: node.end, text: '', rank: CLOSING - depth - 0.25 };
          edits.push(edit);
          scope().closures.push((captured) => {
            edit.text = `;${closures.map((d: AnyNode) => `${HOOKS.site}(${d.id.name}, ${closureBytes(d.init, captured)})`).join(';')};`;
          });
        }
        if (charges.length === 0) break;
        if (inList) edits.push({ start: node.end, end: node.end, text: `;${charges.join(';')};`, rank: CLOSING - depth - 0.5 });
        else if (/^For(Of|In)Statement$/.test(parent.type) && parent.left === node && parent.body.type === 'BlockStatement') {
          edits.push({ start: parent.body.start + 1, end: parent.body.start + 1, text: `${charges.join(';')};`, rank: OPENING + depth });
        }
        break;
      }
      case 'ClassBody': {
        // Instances get their fields as they are made, after `new` was charged for a small object: a private field
        // first charges the rest (invisible to reflection and JSON, as private fields are). Fields a constructor
        // writes as `this.x = …` are named writes, charged as every other.
        const fields = node.body.filter((member: AnyNode) => member.type === 'PropertyDefinition' && !member.static).length;
        if (fields > 0) edits.push({ start: node.start + 1, end: node.start + 1, text: `#${HOOK_PREFIX}f = ${HOOKS.site}(this, ${INSTANCE_FIELD_BYTES * fields});`, rank: OPENING + depth });
        break;
      }
      case 'WithStatement':
        if (sloppy) throw new RefusedCode("The workbook's sandbox does not run `with` statements");
        break;
      case 'ObjectExpression': {
        const spread = node.properties.some((p: AnyNode) => p.type === 'SpreadElement');
        if (spread) wrap(node, `${HOOKS.spreadObject}(`, ')');
        else {
          const closures = node.properties.filter((p: AnyNode) => /Function|Class/.test(p.value?.type ?? ''));
          const close = wrap(node, `${HOOKS.site}(`, '');
          const bytes = OBJECT_BYTES + FIELD_BYTES * node.properties.length;
          scope().closures.push((captured) => {
            close.text = `, ${closures.reduce((sum: number, p: AnyNode) => sum + closureBytes(p.value, captured), bytes)})`;
          });
        }
        break;
      }
      case 'ArrayExpression':
        if (node.elements.some((e: AnyNode | null) => e?.type === 'SpreadElement')) {
          wrap(node, `${HOOKS.spreadArray}(`, ')');
          // `[...list.entries()]`: the hook learns whether what a call gave to spread makes its entries as it goes
          // (`[i, v]` pairs, segments, a generator's values), which the array is then charged for. It is told the
          // callee as V8 names it, to say, as V8 would, that what the call answered is not iterable.
          for (const element of node.elements) {
            const callee = element?.type === 'SpreadElement' && element.argument.type === 'CallExpression' && !element.argument.optional ? nameOf(element.argument.callee) : undefined;
            if (callee) wrapAt(element.argument, depth + 2, `${HOOKS.spreadSource}(`, `, ${JSON.stringify(callee)})`);
          }
        }
        else wrap(node, `${HOOKS.site}(`, `, ${ARRAY_BYTES + FIELD_BYTES * node.elements.length})`);
        break;
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'ClassExpression': {
        let close: Edit | undefined;
        if (!(parent && NAMING_PARENTS[parent.type]?.(parent, node))) close = wrap(node, `${HOOKS.site}(`, '');
        // `x = () => …` keeps its name wrapped whole: `__wb$o(x = () => …, 64)`.
        else if (parent.type === 'AssignmentExpression') close = wrapAt(parent, depth - 1, `${HOOKS.site}(`, '');
        if (close) scope().closures.push((captured) => void (close.text = `, ${closureBytes(node, captured)})`));
        break;
      }
      case 'NewExpression':
        // `new function () {}` → `new (__wb$o(function () {}, 64))`: unparenthesised, the hook would be what is constructed.
        if (node.callee.type !== 'Identifier') {
          edits.push({ start: node.callee.start, end: node.callee.start, text: '(', rank: OPENING + depth });
          edits.push({ start: node.callee.end, end: node.callee.end, text: ')', rank: CLOSING - depth - 0.5 });
        }
        wrap(node, `${HOOKS.newInstance}(`, ')');
        break;
      case 'ImportExpression':
        edits.push({ start: node.start, end: node.start + 'import'.length, text: HOOKS.importCall, rank: 0 });
        break;
      // Every place a member is written: assignments, `++`/`--`, destructuring targets, loop heads.
      case 'AssignmentExpression':
        if (node.left.type === 'MemberExpression') writeTarget(node.left);
        const read = node.operator === '+=' ? readAgain(node.left) : undefined;
        if (read) {
          // `s += x` → `s = __wb$p(s, x)`, `o.s += x` → `o.s = __wb$p(o.s, x)`: what is read and written is read and
          // written once each, as before, and a name or `this` has nothing to do when it is evaluated again.
          const at = charAfter('+', node.left.end);
          edits.push({ start: at, end: at + 2, text: `= ${HOOKS.concat}(${read},`, rank: 0 });
          edits.push({ start: node.end, end: node.end, text: ')', rank: CLOSING - depth });
        } else if (ARITHMETIC.has(node.operator.slice(0, -1)) || node.operator === '+=') wrap(node, `${HOOKS.arithmetic}(`, ')');
        break;
      case 'UpdateExpression':
        if (node.argument.type === 'MemberExpression') writeTarget(node.argument);
        wrap(node, `${HOOKS.arithmetic}(`, ')');
        break;
      case 'BinaryExpression':
        if (node.operator === '+') {
          // `a + b + c` → `__wb$p(a , b , c)`: the hook adds them, left to right, so that it sees each part. One call
          // for a chain: a thousand nested calls would be more than V8's parser takes. A part in parentheses is its own.
          const link = parent?.type === 'BinaryExpression' && parent.operator === '+' && parent.left === node && parent.start === node.start;
          if (!link) wrap(node, `${HOOKS.concat}(`, ')');
          const plus = charAfter('+', node.left.end);
          edits.push({ start: plus, end: plus + 1, text: ',', rank: 0 });
        } else if (ARITHMETIC.has(node.operator) && !isOperand(parent) && !(isNumber(node.left) && isNumber(node.right))) wrap(node, `${HOOKS.arithmetic}(`, ')');
        break;
      case 'Literal':
        // Each evaluation of a regular expression literal makes an object (its compiled code is shared).
        if (node.regex) wrap(node, `${HOOKS.site}(`, `, ${REGEXP_BYTES})`);
        break;
      case 'TemplateLiteral':
        if (node.expressions.length > 0 && parent?.type !== 'TaggedTemplateExpression') edits.push({ start: node.start, end: node.start, text: HOOKS.template, rank: OPENING + depth });
        break;
      case 'ArrayPattern':
        for (const element of node.elements) if (element?.type === 'MemberExpression') writeTarget(element);
        break;
      case 'Property':
        if (parent?.type === 'ObjectPattern' && node.value.type === 'MemberExpression') writeTarget(node.value);
        break;
      case 'AssignmentPattern':
      case 'ForOfStatement':
      case 'ForInStatement':
        if (node.left.type === 'MemberExpression') writeTarget(node.left);
        break;
      case 'RestElement':
        if (node.argument.type === 'MemberExpression') writeTarget(node.argument);
        break;
      case 'UnaryExpression':
        if (node.operator === 'delete' && node.argument.type === 'MemberExpression') writeTarget(node.argument, true);
        if ((node.operator === '-' || node.operator === '~') && !isOperand(parent) && !isNumber(node.argument)) wrap(node, `${HOOKS.arithmetic}(`, ')');
        break;
    }
  };
  /** The charges for the arrays and objects a pattern's rest elements make: `[a, ...rest]` → `__wb$a(rest)`. */
  const restsIn = (pattern: AnyNode | null): string[] => {
    switch (pattern?.type) {
      case 'ArrayPattern':
        return pattern.elements.flatMap((element: AnyNode | null) =>
          element?.type === 'RestElement' && element.argument.type === 'Identifier' ? [`${HOOKS.spreadArray}(${element.argument.name})`] : restsIn(element),
        );
      case 'ObjectPattern':
        return pattern.properties.flatMap((property: AnyNode) =>
          property.type === 'RestElement' ? (property.argument.type === 'Identifier' ? [`${HOOKS.spreadObject}(${property.argument.name})`] : []) : restsIn(property.value),
        );
      case 'AssignmentPattern':
        return restsIn(pattern.left);
      case 'RestElement':
        return restsIn(pattern.argument);
      default:
        return [];
    }
  };
  /**
   * What a call makes before its body runs, charged as its body starts: a rest parameter's array, rest elements of
   * destructured parameters, and `arguments` where the body uses it. `(...args) => {` → `(...args) => {__wb$a(args);`.
   */
  const madeByCall = (fn: AnyNode, usesArguments: boolean) => {
    const charges = fn.params.flatMap((param: AnyNode) => (param.type === 'RestElement' && param.argument.type === 'Identifier' ? [`${HOOKS.spreadArray}(${param.argument.name})`] : restsIn(param)));
    if (usesArguments) charges.push(`${HOOKS.spreadArray}(arguments)`);
    if (charges.length === 0) return;
    if (fn.body.type !== 'BlockStatement') {
      // Between the function (which may end where its body does) and the body's own wrapping.
      edits.push({ start: fn.body.start, end: fn.body.start, text: `(${charges.join(', ')}, `, rank: OPENING + depth + 0.5 });
      edits.push({ start: fn.body.end, end: fn.body.end, text: ')', rank: CLOSING - depth - 0.5 });
      return;
    }
    edits.push({ start: afterDirectives(fn.body), end: afterDirectives(fn.body), text: `;${charges.join(';')};`, rank: OPENING + depth + 1 });
  };
  /**
   * A generator or an async function keeps its frame (a slot for each of its variables, and temporaries) from its call
   * until it returns, suspended in between, where nothing runs that the meter could see: a generator never started
   * holds it as much as one started. V8 keeps every parameter in that frame, so a last parameter carries the charge:
   * `function* g(a) {` → `function* g(a, __wb$_ = __wb$f(136)) {__wb$_ = __wb$f(136, __wb$_);`. Its default is
   * evaluated at the call, before the generator exists, and keeps `g.length`; the body's first statement charges the
   * frame again if a caller passed an argument in its place (a carrier the hook made is handed back as it is). A
   * function with a rest parameter, which must come last, has its frame carried by that parameter's array, as its body
   * starts. A parameter list with a default may not be followed by a function's own "use strict", which in a module
   * (strict already) changes nothing: it is kept as a plain statement.
   */
  const chargeFrame = (fn: AnyNode, bytes: number) => {
    const last = fn.params[fn.params.length - 1];
    const atBodyStart = (charge: string) => {
      if (fn.body.type === 'BlockStatement') {
        const at = afterDirectives(fn.body);
        edits.push({ start: at, end: at, text: `;${charge};`, rank: OPENING + depth + 2 });
      } else {
        edits.push({ start: fn.body.start, end: fn.body.start, text: `(${charge}, `, rank: OPENING + depth + 0.25 });
        edits.push({ start: fn.body.end, end: fn.body.end, text: ')', rank: CLOSING - depth - 0.25 });
      }
    };
    if (last?.type === 'RestElement') {
      if (last.argument.type === 'Identifier') atBodyStart(`${HOOKS.site}(${last.argument.name}, ${bytes})`);
      return;
    }
    const directive = fn.body.type === 'BlockStatement' ? fn.body.body.find((statement: AnyNode) => statement.directive === 'use strict') : undefined;
    if (directive) {
      if (sloppy) throw new RefusedCode('An async function or generator with a "use strict" of its own, in code compiled at run time, cannot be metered');
      edits.push({ start: fn.body.start + 1, end: fn.body.start + 1, text: ';', rank: OPENING + depth + 3 });
    }
    const carrier = `${FRAME_PARAMETER} = ${HOOKS.frame}(${bytes})`;
    // After what closes around the last parameter's own parts (its default), before anything else.
    if (last) {
      if (!parsed.slice(fn.start, fn.params[0].start).includes('(')) {
        // `async x => …`: a lone parameter without parentheses.
        edits.push({ start: last.start, end: last.start, text: '(', rank: OPENING + depth + 0.5 });
        edits.push({ start: last.end, end: last.end, text: `, ${carrier})`, rank: CLOSING - depth - 0.5 });
      } else edits.push({ start: last.end, end: last.end, text: `, ${carrier}`, rank: CLOSING - depth - 0.5 });
    } else {
      const close = charAfter(')', charAfter('(', fn.id?.end ?? fn.start) + 1);
      edits.push({ start: close, end: close, text: carrier, rank: OPENING + depth + 2 });
    }
    atBodyStart(`${FRAME_PARAMETER} = ${HOOKS.frame}(${bytes}, ${FRAME_PARAMETER})`);
  };
  /** Where a block's statements start, after a "use strict" prologue, which must come first (a function with one has only simple parameters). */
  const afterDirectives = (block: AnyNode) => {
    let at = block.start + 1;
    for (const statement of block.body) {
      if (statement.type !== 'ExpressionStatement' || statement.directive === undefined) break;
      at = statement.end;
    }
    return at;
  };
  /**
   * `E[k]` → `__wb$w(E, k)[__wb$k()]`. Only the brackets are replaced: what lies between them and E or k (parentheses
   * around either, as in TypeScript's `(x as any)[k]`, comments, line breaks) stays where it is. A name is written as
   * it was, on what the hook hands back: `E.x` → `__wb$w(E, "x").x`.
   */
  const writeTarget = (member: AnyNode, deleting = false) => {
    // Ranked as the member's own (a child of the node being visited), inside what wraps that node.
    if (member.object.type === 'Super' || member.property.type === 'PrivateIdentifier') return;
    if (!member.computed) {
      if (deleting) return;
      const dot = charAfter('.', member.object.end);
      edits.push({ start: member.start, end: member.start, text: `${HOOKS.write}(`, rank: OPENING + depth + 1 });
      edits.push({ start: dot, end: dot, text: `, ${JSON.stringify(member.property.name)})`, rank: CLOSING - depth - 1 });
      return;
    }
    const open = charAfter('[', member.object.end);
    edits.push({ start: member.start, end: member.start, text: `${HOOKS.write}(`, rank: OPENING + depth + 1 });
    edits.push({ start: open, end: open + 1, text: ', ', rank: 0 });
    edits.push({ start: member.end - 1, end: member.end, text: `${deleting ? ', true' : ''})[${HOOKS.key}()]`, rank: 0 });
  };
  /** Where the `[`, `.`, `+`, `(` or `)` after `from` is, past parentheses, spaces and comments. */
  const charAfter = (char: '[' | '.' | '+' | '(' | ')', from: number) => {
    for (let at = from; at < parsed.length; at++) {
      if (parsed.startsWith('//', at)) at = parsed.indexOf('\n', at);
      else if (parsed.startsWith('/*', at)) at = parsed.indexOf('*/', at) + 1;
      else if (parsed[at] === char) return at;
    }
    throw new RefusedCode(`A member without its ${char}`);
  };
  /** The functions (not arrows, which have none of their own) around the node being walked, and whether each reads `arguments`. */
  const functions: { arguments: boolean }[] = [];
  const walk = (node: AnyNode, parent: AnyNode | undefined) => {
    visit(node, parent);
    const isFunction = /Function/.test(node.type);
    if (isFunction && node.type !== 'ArrowFunctionExpression') functions.push({ arguments: false });
    if (isFunction) {
      scopes.push(newScope());
      for (const param of node.params) declare(param);
    }
    depth++;
    for (const key in node) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const child of value) if (child && typeof child.type === 'string') walk(child, node);
      } else if (value && typeof value.type === 'string') walk(value, node);
    }
    depth--;
    if (isFunction) {
      madeByCall(node, node.type !== 'ArrowFunctionExpression' && functions.pop()!.arguments);
      const own = scopes.pop()!;
      if (node.generator || node.async) chargeFrame(node, FRAME_BYTES + CONTEXT_SLOT_BYTES * own.declared.size);
      closeScope(own);
    }
  };
  scopes.push(newScope());
  for (const statement of statements) walk(statement, undefined);
  closeScope(scopes.pop()!);
  if (wrapper) for (const edit of edits) (edit.start -= wrapper.length), (edit.end -= wrapper.length);
  return apply(code, edits);
}

/** Applies edits (none overlapping another's replaced range), noting the column anchors of the lines they touch. */
function apply(code: string, edits: Edit[]): InstrumentedCode {
  edits.sort((a, b) => a.start - b.start || a.rank - b.rank);
  const anchors: ColumnAnchors = new Map();
  let out = '';
  let line = 1;
  let outColumn = 0;
  let column = 0;
  let at = 0;
  const anchor = (original: number, inserted: number) => {
    let list = anchors.get(line);
    if (!list) anchors.set(line, (list = outColumn === column || inserted ? [] : [0, 0, 0]));
    list.push(outColumn, original, inserted);
  };
  const copy = (to: number) => {
    const text = code.slice(at, to);
    const lastBreak = text.lastIndexOf('\n');
    if (lastBreak >= 0) {
      line += text.split('\n').length - 1;
      outColumn = column = text.length - lastBreak - 1;
    } else {
      outColumn += text.length;
      column += text.length;
    }
    out += text;
    at = to;
  };
  for (const edit of edits) {
    copy(edit.start);
    anchor(column, 1);
    // No edit holds or replaces a line break (what is replaced is a bracket, an operator or `import`): lines stay as
    // they were. A name put right after a word (`return[…]`, `return\`…\``) is kept apart from it.
    const text = /[\w$]$/.test(out) && /^[\w$]/.test(edit.text) ? ` ${edit.text}` : edit.text;
    out += text;
    outColumn += text.length;
    column += edit.end - edit.start;
    at = edit.end;
    anchor(column, 0);
  }
  copy(code.length);
  return { code: out, anchors };
}

/** The column (1-based, as V8 reports it) of the original code at a line and column of the rewritten code. */
export function columnIn(anchors: ColumnAnchors, line: number, column: number): number {
  const list = anchors.get(line);
  if (!list) return column;
  const at = column - 1;
  let original = at;
  for (let i = 0; i < list.length; i += 3) {
    if (list[i]! > at) break;
    original = list[i + 2] ? list[i + 1]! : list[i + 1]! + (at - list[i]!);
  }
  return original + 1;
}
