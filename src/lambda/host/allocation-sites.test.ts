import { parse, type Node } from 'acorn';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sandboxCases } from '../sandbox.cases.ts';
import { transpileModule } from '../transpile.ts';
import { columnIn, HOOKS, instrumentAllocations, RefusedCode } from './allocation-sites.ts';

const WRAPPER = '(function () {';

/** Every identifier in a module's code, where it is (1-based line and column), hooks and what the rewriting added left out. */
function names(text: string) {
  const found: { name: string; line: number; column: number }[] = [];
  const walk = (node: any, parent?: any) => {
    const added = parent?.type === 'CallExpression' && [HOOKS.spreadArray, HOOKS.spreadObject, HOOKS.site, HOOKS.caught].includes(parent.callee.name) && node.type === 'Identifier';
    if (node?.type === 'Identifier' && !node.name.startsWith('__wb$') && !added) {
      const { line, column } = node.loc.start;
      found.push({ name: node.name, line, column: column + 1 - (line === 1 ? WRAPPER.length : 0) });
    }
    for (const key in node) if (key !== 'loc' && node[key] && typeof node[key] === 'object') (Array.isArray(node[key]) ? node[key] : [node[key]]).forEach((child: any) => walk(child, node));
  };
  // Parsed as the sandbox compiles it, a function's body.
  const program = parse(`${WRAPPER}${text}\n})`, { ecmaVersion: 'latest', locations: true }) as any;
  walk(program.body[0].expression.body);
  return found;
}

/** Rewrites `code` and checks what a learner relies on: it still compiles, on the same lines, names where they were. */
function expectFaithful(code: string) {
  const { code: rewritten, anchors } = instrumentAllocations(code);
  expect(() => new Function('exports', 'require', 'module', rewritten)).not.toThrow();
  expect(rewritten.split('\n')).toHaveLength(code.split('\n').length);
  const before = names(code);
  const lines = code.split('\n');
  // `s += x` is rewritten `s = __wb$p(s, x)`: the second `s` was put where `+=` was.
  const added = ({ line, column }: { line: number; column: number }) => lines[line - 1]!.startsWith('+=', column - 1);
  const after = names(rewritten).map(({ name, line, column }) => ({ name, line, column: columnIn(anchors, line, column) }));
  expect(after.filter((found) => !added(found))).toStrictEqual(before);
}

type Hooks = Record<keyof typeof HOOKS, (...args: any[]) => unknown>;

/** Runs `code` (a function body) with hooks that record what they are given, as the meter's globals would be. */
function run(code: string, instrument = true) {
  const seen: { hook: string; bytes?: number; key?: unknown }[] = [];
  let lastKey: unknown;
  const carriers = new WeakSet<object>();
  const hooks: Hooks = {
    site: (value, bytes) => (seen.push({ hook: 'site', bytes }), value),
    spreadArray: (array) => (seen.push({ hook: 'spreadArray', bytes: array.length }), array),
    spreadObject: (object) => (seen.push({ hook: 'spreadObject', bytes: Object.keys(object).length }), object),
    write: (target, key) => (seen.push({ hook: 'write', key }), (lastKey = key), target),
    key: () => lastKey,
    newInstance: (value) => (seen.push({ hook: 'newInstance', bytes: Array.isArray(value) ? value.length : 0 }), value),
    importCall: () => Promise.reject(new TypeError('A dynamic import callback was not specified.')),
    arithmetic: (value) => (seen.push({ hook: 'arithmetic', bytes: typeof value === 'bigint' ? 1 : 0 }), value),
    concat: (...parts) => (seen.push({ hook: 'concat' }), parts.reduce((sum, part) => sum + part)),
    spreadSource: (iterable) => (seen.push({ hook: 'spreadSource', bytes: Array.isArray(iterable) ? 0 : 1 }), iterable),
    frame: (bytes, carrier) => {
      if (carriers.has(carrier)) return carrier;
      seen.push({ hook: 'frame', bytes });
      const made = {};
      carriers.add(made);
      return made;
    },
    caught: () => void seen.push({ hook: 'caught' }),
    template: (strings, ...values) => (seen.push({ hook: 'template' }), strings.reduce((out: string, text: string, i: number) => `${out}${values[i - 1]}${text}`)),
  };
  const body = instrument ? instrumentAllocations(code).code : code;
  const names = Object.values(HOOKS);
  const result = new Function(...names, `"use strict";\n${body}`)(...names.map((name) => hooks[(Object.keys(HOOKS) as (keyof typeof HOOKS)[]).find((k) => HOOKS[k] === name)!]));
  return { result, seen };
}

/** Snippets whose result must not change when instrumented: evaluation order, names, getters, edge syntax. */
const SAME_RESULT: Record<string, string> = {
  'generators and async functions: their parameters, arguments, lengths and names': `
    const seen = [];
    function* g(a, b = a + 1) { seen.push([a, b, arguments.length]); yield a; }
    async function h({ x } = {}, ...rest) { seen.push([x, rest, arguments.length]); }
    const k = async x => seen.push(x * 2);
    const o = { async *m(p,) { seen.push(p); } };
    [...g(1)]; [...g(1, 5, 9)]; h({ x: 1 }, 2, 3); h(); k(4); o.m(7).next();
    return [seen, g.length, h.length, k.length, o.m.length, g.name, k.name, o.m.name];`,
  'regular expression literals': "const r = /a(b)/g; const out = []; for (let i = 0; i < 2; i++) out.push(/c/y.sticky, r.exec('abab')?.index); return [out, 'x/y'.split(/\\//), typeof /z/];",
  'literals and spreads': 'const list = [1, 2, 3]; const o = { a: 1, ...{ b: 2 } }; return [[...list, 4], o, [, , 5].length];',
  'closures and classes': 'const keep = []; for (let i = 0; i < 3; i++) keep[i] = () => i * 2; class A { x = 1 } const B = class extends A {}; return [keep.map((f) => f()), new B().x];',
  'names inferred from where functions are written': `
    const handler = async () => {}; let later; later = function () {}; const o = { f: () => {}, g() {}, ['h' + 1]: () => {} };
    class C { field = () => {}; static s = class {}; m() {} } const { d = () => {} } = {}; function p(q = () => {}) { return q.name }
    return [handler.name, later.name, o.f.name, o.g.name, o.h1.name, new C().field.name, C.s.name, d.name, p()];`,
  'evaluation order of computed writes': `
    const log = []; const target = { get k() { return 1 } };
    const obj = () => (log.push('object'), target); const key = () => (log.push('key'), 'k2'); const value = () => (log.push('value'), 3);
    obj()[key()] = value(); return [log, target.k2];`,
  'nested and compound computed writes': `
    const a = [0, 0, 0]; const b = {}; a[b['x'] = 1] = 2; a[a[0] = 2] += 5; b['n'] ??= []; b['n'].push(1); b['y'] ||= 4;
    const c = { z: 1 }; delete c['z']; return [a, b, 'z' in c];`,
  'writes across lines and with comments': `
    const a = {};
    a
      [ /* the key */ 'k' ]
      = 1;
    a['j' // why
    ] = 2;
    return a;`,
  'writes through parentheses, as TypeScript casts leave them': 'const a = {}; (a )[\'k\'] = 1; (a)[(\'j\')] = 2; ((a))[ (\'i\') ] = 3; delete (a )[\'i\']; (({}) )[0] = 1; return a;',
  'writes to literals, new objects and calls': 'const r = []; [][0] = 1; new Array(2)[1] = 2; (() => r)()[0] = { v: 1 }; return r;',
  'optional chains, super and private names': `
    class P { set k(v) { this.v = v } }
    class Q extends P { #x = {}; run() { super['k'] = 5; this.#x['a'] = 1; return [this.v, this.#x.a, this?.['v']] } }
    return new Q().run();`,
  'regular expressions, templates and tagged templates': 'const t = (s, ...v) => s.raw.join("|") + v.join(","); return [/a+/.test("aa"), `x${1}y`, t`a${2}b`];',
  'getters and setters in literals': 'const o = { _v: 1, get v() { return this._v }, set v(x) { this._v = x } }; o.v = 7; return o.v;',
  'rest parameters': 'function f(a, ...rest) { return rest } const g = (...r) => r.length; const h = (...r) => ({ r }); const k = async (...r) => { return r }; return [f(1, 2, 3), g(1, 2), h(4), k.length, f.length];',
  'new with a callee the rewriting wraps': 'return [new function () { this.x = 1; }().x, new (class { y = 2; })().y, new class { z = 3; }().z, new [].constructor(3).length, new ({}).constructor().constructor.name, new (function () {})() instanceof Object];',
  'new.target at the top of a module': 'return typeof new.target;',
  'every other computed write: ++, destructuring targets, loop heads': `
    const a = [1, 2, 3]; const o = {}; let i = 0;
    a[i++]++; --o['n']; [a[0], , a[5] = 9, ...a[6]] = [7, 8, undefined, 1, 2]; ({ x: o['x'], y: o['y'] = 3, ...o['rest'] } = { x: 1, z: 2 });
    for (a[7] of [4, 5]) ; for (o['k'] in { p: 1, q: 2 }) ;
    return [a, o, i];`,
  'what a call makes: arguments, rest elements of parameters and declarations': `
    'use strict';
    function count() { 'use strict'; return arguments.length; }
    function sloppy(a) { return [arguments[0], a]; }
    const pick = ({ a, ...others }, [first, ...later]) => [a, others, first, later];
    const [head, ...tail] = [1, 2, 3]; const { x, ...more } = { x: 1, y: 2, z: 3 };
    for (const [k, ...v] of [[1, 2, 3]]) { tail.push(v.length); }
    switch (head) { case 1: { const [, ...r] = [0, 9]; tail.push(r[0]); } }
    return [count(1, 2), sloppy(5), pick({ a: 1, b: 2 }, [3, 4, 5]), head, tail, x, more];`,
  'classes with fields': 'class A { x = 1; #y = 2; static s = 3; get y() { return this.#y; } } class B extends A { z = this.x + 1; constructor() { super(); } } const b = new B(); return [b.x, b.y, b.z, B.s, Object.keys(b), JSON.stringify(b), Object.getOwnPropertyNames(b)];',
  'fields as the transpiler writes them, in constructors and __init methods': `
    class A { constructor() { A.prototype.__init.call(this); this.a = 1; } __init() { this.i = 0; } }
    class B extends A { constructor(x) { super(); this.b = x; } }
    class C extends A { constructor(flag) { if (flag) { super(); } else { super(); } this.c = 3; } }
    return [{ ...new B(2) }, { ...new C(true) }, Object.keys(new B(1))];`,
  'named writes: order, setters, chains, compound forms, destructuring targets, primitives': `
    const log = []; const target = { get k() { return 1 } };
    const obj = () => (log.push('object'), target); const value = () => (log.push('value'), 3);
    obj().w = value();
    class S { set v(x) { this.seen = x } } const s = new S(); s.v = 4;
    const a = { b: { c: {} } }; a.b.c.d = 5; (a).e = 6; (a /* cast */ ).f = 7;
    a
      .g = 8;
    a.n = 1; a.n += 2; a.n++; a.m ??= 9; a.m ||= 10;
    [a.x, a.y = 2] = [1]; ({ k: a.z } = { k: 3 }); for (a.last of [1, 2]) ; for (a.key in { p: 1 }) ;
    delete a.e;
    let caught; try { 'text'.length = 1 } catch (e) { caught = e.message }
    let caught2; try { a.none.deeper = 1 } catch (e) { caught2 = e.message }
    return [log, target.w, s.seen, Object.keys(s), a, caught, caught2];`,
  'operators: arithmetic, BigInts, concatenation, templates and their conversions, in order': `
    const log = []; const v = (name, value) => ({ valueOf() { log.push(name); return value; }, toString() { log.push(name + '!'); return String(value); } });
    const held = { text: 'h', get logged() { log.push('get'); return this.text; }, set logged(value) { log.push('set'); this.text = value; } };
    held.text += 'i'; held.logged += v('z', 3);
    let s = 'a'; s += 'b'; s += v('x', 1); let n = 1; n += 2; n -= 1; n *= 3; n **= 2; n <<= 1; n++; --n; const o = { k: 'p' }; o.k += 'q'; o.k += v('y', 2);
    const big = (1n << 70n) * 3n - 1n; const neg = -big; const flip = ~5n; let b = 2n; b **= 64n; b++;
    const t = \`\${v('t1', 1)}-\${v('t2', 2)}\${'z'}\`;
    function glued() { return\`g\${n}\` } function glued2() { return[n] }
    let caught; try { '' + Symbol('s') } catch (e) { caught = e.message }
    let caught2; try { \`\${Symbol('s')}\` } catch (e) { caught2 = e.message }
    let caught3; try { 1n + 1 } catch (e) { caught3 = e.message }
    let caught4; try { const c = 1; c += 1 } catch (e) { caught4 = e.message }
    return [held.text, s, n, o, String(big), String(neg), flip, String(b), t, glued(), glued2(), 1 + 2 * 3 - -4 % 3, 'x' + 1 + 2, 1 + 2 + 'x', log, caught, caught2, caught3, caught4];`,
  'arrow bodies that are object literals': 'const f = (x) => ({ x }); return [f(1), (() => ({}))()];',
};

describe('instrumentAllocations', () => {
  for (const [name, code] of Object.entries(SAME_RESULT)) {
    it(`leaves behaviour as it was: ${name}`, () => {
      expect(run(code).result).toStrictEqual(run(code, false).result);
    });
  }

  it('hands the hooks each site: literals with an estimate of their size, spreads, computed writes and their keys', () => {
    const { seen } = run("const o = { a: 1, b: 2 }; const l = [1, 2, 3]; const s = [...l, ...l]; const t = { ...o, c: 3 }; const f = [() => 1]; o['k'] = 1; l[7] = 2; Array(3); ((...r) => r)(1, 2); return new Map();");
    expect(seen).toStrictEqual([
      { hook: 'site', bytes: 32 },
      { hook: 'site', bytes: 48 },
      { hook: 'spreadArray', bytes: 6 },
      { hook: 'spreadObject', bytes: 3 },
      { hook: 'site', bytes: 64 },
      { hook: 'site', bytes: 32 },
      { hook: 'write', key: 'k' },
      { hook: 'write', key: 7 },
      { hook: 'newInstance', bytes: 3 },
      { hook: 'site', bytes: 64 },
      { hook: 'spreadArray', bytes: 2 },
      { hook: 'newInstance', bytes: 0 },
    ]);
  });

  it('hands the write hook each name written, and leaves private names, super and deletes alone', () => {
    const { seen } = run("const o = {}; o.a = 1; o.b += 1; o.c++; [o.d] = [1]; delete o.a; class A { #p; m() { this.#p = 1; return this } } new A().m(); return o;");
    expect(seen.filter((entry) => entry.hook === 'write')).toStrictEqual(['a', 'b', 'c', 'd'].map((key) => ({ hook: 'write', key })));
  });

  it('charges a closure for the variables of the function it was made in that functions inside read, however it is named', () => {
    const { seen, result } = run(`
      function wrapped(i) { let a = i, b = 2, unread = 3; return () => a + b; }
      function declared() { const v = 1, w = 2; const f = () => v + w; let g; g = function () { return v }; function h() { return w } return [f, g, h]; }
      function inLiteral(x) { return { get: () => x }; }
      return [wrapped(1)(), declared().map((fn) => fn.name), inLiteral(5).get()];`);
    expect(result).toStrictEqual([3, ['f', 'g', 'h'], 5]);
    expect(seen.filter((entry) => entry.hook === 'site').map((entry) => entry.bytes)).toStrictEqual([
      80, // wrapped(1)'s arrow: a and b, not unread
      80, // declared(): h, charged as its body starts, for v and w
      80, // f
      80, // g
      48, // [f, g, h]
      64, // (fn) => fn.name, which reads none of the module's variables
      16 + 8 + 72, // inLiteral's object with its closure over x
      24 + 8 * 3, // the result's array literal
    ]);
  });

  it('hands the operator hooks what `+`, templates and arithmetic make, and leaves numbers written out alone', () => {
    const { seen } = run('let s = "a"; s += "b"; const t = `${s}!`; const u = `plain`; const n = 2 * 3 + 1; let b = 1n << 80n; b++; return [-b, -1, s + t];');
    expect(seen.filter((entry) => ['arithmetic', 'concat', 'template'].includes(entry.hook))).toStrictEqual([
      { hook: 'concat' }, // s += "b"
      { hook: 'template' },
      { hook: 'concat' }, // 2 * 3 + 1, whose 2 * 3 is folded
      { hook: 'arithmetic', bytes: 1 }, // 1n << 80n
      { hook: 'arithmetic', bytes: 1 }, // b++
      { hook: 'arithmetic', bytes: 1 }, // -b
      { hook: 'concat' },
    ]);
  });

  it('tells the hooks what a spread iterates, and what a generator’s frame holds when it is called', () => {
    const { seen, result } = run('function* pairs(n) { let i = 0, last; while (i < n) yield [i++, last]; } const list = [1]; return [[...list], [...pairs(2)], [...list.slice()], [...new Set(list)]];');
    expect(result).toStrictEqual([[1], [[0, undefined], [1, undefined]], [1], [1]]);
    expect(seen.filter((entry) => ['spreadSource', 'frame'].includes(entry.hook))).toStrictEqual([
      { hook: 'frame', bytes: 128 + 8 * 3 }, // n, i and last, as pairs(2) is called
      { hook: 'spreadSource', bytes: 1 }, // what a call gave: a generator
      { hook: 'spreadSource', bytes: 0 }, // an array
    ]);
  });

  it('charges a generator’s or an async function’s frame when it is called, once, whatever it is passed', async () => {
    const { seen, result } = run(`
      function* never(a) { let x = a; yield x; }
      const kept = [never(1), never(1, 'an extra argument')];
      kept[1].next();
      const one = async x => x + 1, none = async () => 2, rest = async (...r) => r.length;
      const o = { async m(a, b,) { "use strict"; return a + b; }, async *[Symbol.asyncIterator]() {} };
      class C { static async s({ a } = {}) { await null; return a; } }
      return Promise.all([one(1), none(), rest(1, 2), o.m(1, 1), C.s({ a: 3 }), never.length, one.length, o.m.length, rest.length]);`);
    expect(await result).toStrictEqual([2, 2, 2, 2, 3, 1, 1, 2, 0]);
    expect(seen.filter((entry) => entry.hook === 'frame')).toStrictEqual([
      { hook: 'frame', bytes: 128 + 8 * 2 }, // never(1): a and x
      { hook: 'frame', bytes: 128 + 8 * 2 }, // never(1, …), given an argument where its frame's carrier goes: as it starts
      ...[1, 0, 2, 1].map((declared) => ({ hook: 'frame', bytes: 128 + 8 * declared })), // one, none, o.m, C.s
    ]);
    expect(seen.filter((entry) => entry.hook === 'site' && entry.bytes === 128 + 8)).toHaveLength(1); // rest's array carries its frame
  });

  it('refuses dynamic import as Node refuses it in a function’s code', async () => {
    const { result } = run('return import("data:text/javascript,globalThis.ran = 1")');
    await expect(result).rejects.toThrow('A dynamic import callback was not specified.');
    expect((globalThis as { ran?: number }).ran).toBeUndefined();
  });

  it('refuses code that names a hook, however spelled, and `with` where code is sloppy', () => {
    expect(() => instrumentAllocations('const __wb$o = (x) => x;')).toThrow(RefusedCode);
    expect(() => instrumentAllocations('function f(\\u005f_wb$w) {}')).toThrow(/reserved/);
    expect(() => instrumentAllocations('globalThis.__wb$k;')).toThrow(/reserved/);
    expect(() => instrumentAllocations('with (scope) { x = {} }', { sloppy: true })).toThrow(/with/);
    expect(() => instrumentAllocations('const a = ;')).toThrow(RefusedCode);
  });

  it('keeps every line where it was, and maps each name’s column back to where the transpiler put it', () => {
    const code = [...Object.values(SAME_RESULT).map((snippet) => `(() => {${snippet}})();`), 'const x = { a: [1, { b: () => ({ c: new Set([1]) }) }] }; x.a[1]["b"] = { d: 1 }; throw new Error(x)'].join('\n');
    expectFaithful(code);
  });

  // Every TypeScript file of the course (starters, solutions, mutants, alternatives) and every shared case's handler,
  // as the browser sandbox gets it from the transpiler: a rewriting that broke one would break a lesson.
  it('rewrites every lesson file and every shared case’s handler into code that compiles, on its lines, names in place', () => {
    const files: [string, string][] = [];
    const collect = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== 'node_modules') collect(path);
        else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) files.push([path, readFileSync(path, 'utf8')]);
      }
    };
    collect('lessons');
    collect('solutions');
    for (const c of sandboxCases) for (const [path, source] of Object.entries(c.function.files ?? {})) files.push([`${c.name}: ${path}`, source]);
    expect(files.length).toBeGreaterThan(300);
    for (const [path, source] of files) {
      let code: string;
      try {
        code = transpileModule('handler.ts', source).code;
      } catch {
        continue; // a case about code that does not transpile
      }
      try {
        expectFaithful(code);
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
    }
  });
});
