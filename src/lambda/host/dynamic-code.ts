// Every way learner code can make code at run time, in the browser sandbox, goes through the allocation-site
// instrumenter (./allocation-sites.ts) or is refused as Lambda's Node.js runtime refuses it: otherwise
// `new Function(source)()` would run code whose allocations the memory meter never sees. The frame's Content Security
// Policy allows `eval` because the runtime compiles lesson modules with `new Function`; it keeps the original.
//
// - The four function constructors (Function, and the async, generator and async generator ones, reachable only as
//   the `constructor` of their prototypes): the arguments are checked by the original constructor (so a malformed
//   parameter list is the same SyntaxError), and the function is then made from the instrumented source, as
//   `CreateDynamicFunction` assembles it, by an indirect eval: global scope, sloppy unless the body says otherwise.
// - `eval`: always indirect (a direct eval would see the caller's scope, but it is the global the caller names, and
//   that is this one).
// - `setTimeout` and `setInterval` with code in a string: Node.js throws ERR_INVALID_ARG_TYPE; so does this.
// - `importScripts` (a classic worker's): Node.js has none.
// - `import()`: rewritten by the instrumenter to the meter's refusal, as Node refuses it in a function's code.
//
// The instrumenter (acorn, and the rewriting around it) runs on this realm's built-ins, which learner code may have
// replaced by then: a `push` that drops what it is given would drop the rewrites. So the built-ins it can touch are
// noted when this is installed, before any learner code runs, and code is compiled later only while they are as
// they were; otherwise it is refused with a SyntaxError that says why. (Lesson modules are rewritten before any
// learner code runs: see web-worker-entry.ts.)

import { inspect } from '../runtime/inspect.ts';
import { instrumentAllocations, RefusedCode } from './allocation-sites.ts';

/** Instruments code as `instrumentAllocations` does, once it has checked that the built-ins are as they were. */
export type CheckedInstrumenter = typeof instrumentAllocations;

export const BUILT_INS_REPLACED =
  "Code cannot be compiled after built-in objects were replaced: the workbook's sandbox could not see what it allocates";

/**
 * Replaces the ways of making code at run time (above) and answers the instrumenter they use, which refuses to work
 * once a built-in it relies on was replaced. Call it before any learner code runs.
 */
export function routeDynamicCode(scope: Record<string, any>): CheckedInstrumenter {
  const { apply, construct } = Reflect;
  const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const toText = String;
  const ProxyCtor = Proxy;
  const originalEval = scope.eval as (source: string) => unknown;
  /** Set once everything here is replaced: what is noted is what learner code first sees. */
  let unchanged = () => false;
  const instrument: CheckedInstrumenter = (code, options) => {
    if (!unchanged()) throw new RefusedCode(BUILT_INS_REPLACED);
    return instrumentAllocations(code, options);
  };
  /** Runs `source` rewritten, in global scope; code the rewriting refuses is a SyntaxError, as code V8 refuses is. */
  const evaluate = (source: string) => {
    let rewritten: string;
    try {
      rewritten = instrument(source, { sloppy: true, script: true }).code;
    } catch (error) {
      throw error instanceof RefusedCode ? new SyntaxError(error.message) : error;
    }
    return apply(originalEval, undefined, [rewritten]);
  };

  const kinds: [object, string][] = [
    [Function, 'function'],
    [getPrototypeOf(async function () {}).constructor, 'async function'],
    [getPrototypeOf(function* () {}).constructor, 'function*'],
    [getPrototypeOf(async function* () {}).constructor, 'async function*'],
  ];
  for (const [Original, keyword] of kinds) {
    const make = (args: unknown[]) => {
      const texts: string[] = [];
      for (let i = 0; i < args.length; i++) texts[i] = toText(args[i]);
      const body = texts.length > 0 ? texts.pop()! : '';
      // The original checks the parameters and body apart, as the specification asks; what it made is not run.
      construct(Original as new (...args: string[]) => unknown, [...texts, body]);
      return evaluate(`(${keyword} anonymous(${texts.join(',')}\n) {\n${body}\n})`);
    };
    const Wrapped = new ProxyCtor(Original as (...args: unknown[]) => unknown, {
      apply: (_target, _self, args) => make(args),
      construct: (_target, args) => make(args) as object,
    });
    const prototype = (Original as { prototype: object }).prototype;
    defineProperty(prototype, 'constructor', { ...getOwnPropertyDescriptor(prototype, 'constructor'), value: Wrapped });
    if (Original === Function) defineProperty(scope, 'Function', { ...getOwnPropertyDescriptor(scope, 'Function'), value: Wrapped });
  }

  defineProperty(scope, 'eval', {
    ...getOwnPropertyDescriptor(scope, 'eval'),
    value: {
      eval(source: unknown) {
        return typeof source === 'string' ? evaluate(source) : source;
      },
    }.eval,
  });

  for (const name of ['setTimeout', 'setInterval']) {
    const original = scope[name] as (...args: unknown[]) => unknown;
    defineProperty(scope, name, {
      ...getOwnPropertyDescriptor(scope, name),
      value: {
        [name](callback: unknown, ...rest: unknown[]) {
          if (typeof callback !== 'function') throw invalidCallback(callback);
          return apply(original, scope, [callback, ...rest]);
        },
      }[name],
    });
  }

  for (let owner: object | null = scope; owner; owner = getPrototypeOf(owner)) {
    if (getOwnPropertyDescriptor(owner, 'importScripts')) defineProperty(owner, 'importScripts', { value: undefined, configurable: false, writable: false });
  }
  unchanged = watchBuiltIns(scope);
  return instrument;
}

/**
 * Notes the own properties of the built-ins a parser works with (and of the global object, whose names the parser's
 * code reads) and answers a check that they are all still as noted. New properties count as a change on the
 * built-ins (a setter added to Object.prototype would see every node the parser makes), not on the global object,
 * where sloppy code's stray assignments land.
 */
function watchBuiltIns(scope: Record<string, any>): () => boolean {
  const { ownKeys } = Reflect;
  const { getOwnPropertyDescriptor, getPrototypeOf, is } = Object;
  const iteratorOf = (value: Iterable<unknown>) => getPrototypeOf(value[Symbol.iterator]()) as object;
  const watched: object[] = [Object, Object.prototype, Array, Array.prototype, String, String.prototype, RegExp, RegExp.prototype, Number, Number.prototype,
    Math, JSON, Reflect, Symbol, Symbol.prototype, Function.prototype, Map, Map.prototype, Set, Set.prototype, WeakMap.prototype, WeakSet.prototype,
    Error, Error.prototype, SyntaxError, SyntaxError.prototype, TypeError, TypeError.prototype, BigInt, iteratorOf([]), iteratorOf(''), iteratorOf(new Map()),
    getPrototypeOf(iteratorOf([]))];
  type Noted = { owner: object; keys: PropertyKey[]; descriptors: PropertyDescriptor[]; additions: boolean };
  const note = (owner: object, additions: boolean): Noted => {
    const keys = ownKeys(owner);
    const descriptors: PropertyDescriptor[] = [];
    for (let i = 0; i < keys.length; i++) descriptors[i] = getOwnPropertyDescriptor(owner, keys[i]!)!;
    return { owner, keys, descriptors, additions };
  };
  const noted: Noted[] = [];
  for (let i = 0; i < watched.length; i++) noted[i] = note(watched[i]!, true);
  noted[noted.length] = note(scope, false);
  const same = (a: PropertyDescriptor | undefined, b: PropertyDescriptor) =>
    a !== undefined && is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable && a.configurable === b.configurable && a.enumerable === b.enumerable;
  return () => {
    for (let i = 0; i < noted.length; i++) {
      const { owner, keys, descriptors, additions } = noted[i]!;
      if (additions && ownKeys(owner).length !== keys.length) return false;
      for (let k = 0; k < keys.length; k++) if (!same(getOwnPropertyDescriptor(owner, keys[k]!), descriptors[k]!)) return false;
    }
    return true;
  };
}

/** Node.js's ERR_INVALID_ARG_TYPE for a timer's callback that is not a function, in its words (its errors.js). */
function invalidCallback(value: unknown): TypeError {
  const message = `The "callback" argument must be of type function. Received ${specificType(value)}`;
  const error = Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' });
  error.stack = `TypeError [ERR_INVALID_ARG_TYPE]: ${message}${String(error.stack).slice(`TypeError: ${message}`.length)}`;
  return error;
}

/** How Node.js's errors name a value they did not expect (`determineSpecificType`). */
function specificType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'bigint':
      return `type bigint (${value}n)`;
    case 'number':
      return `type number (${Object.is(value, -0) ? '-0' : value})`;
    case 'boolean':
    case 'symbol':
      return `type ${typeof value} (${String(value)})`;
    case 'string': {
      const shown = value.length > 28 ? `${value.slice(0, 25)}...` : value;
      return `type string (${shown.includes("'") ? JSON.stringify(shown) : `'${shown}'`})`;
    }
    default: {
      const constructor = (value as { constructor?: { name?: unknown } }).constructor;
      return constructor && 'name' in constructor ? `an instance of ${String(constructor.name)}` : inspect(value);
    }
  }
}
