import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { definedMemoryBytes, definedTableBytes } from './memory-meter.ts';

/** A module of the given sections after the magic number and version. */
const module = (...sections: number[][]) => new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
const types = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00]; // one type: () -> ()

describe('definedMemoryBytes: what a WebAssembly module may grow its own memory to, unseen', () => {
  it('is the declared maximum of a memory the module defines', () => {
    expect(definedMemoryBytes(module(types, [0x05, 0x04, 0x01, 0x01, 0x01, 0x02]))).toBe(2 * 65_536);
  });

  it('is all of a wasm32 memory (4 GiB) when the module declares no maximum', () => {
    expect(definedMemoryBytes(module([0x05, 0x03, 0x01, 0x00, 0x01]))).toBe(65_536 * 65_536);
  });

  it('reads a maximum written in several LEB128 bytes', () => {
    // 300 pages: 0xac 0x02.
    expect(definedMemoryBytes(module([0x05, 0x05, 0x01, 0x01, 0x01, 0xac, 0x02]))).toBe(300 * 65_536);
  });

  it('is nothing for a module with no memory of its own (an imported one is counted where JavaScript made it)', () => {
    expect(definedMemoryBytes(module(types))).toBe(0);
    // import "env" "memory" (memory min 1)
    expect(definedMemoryBytes(module([0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01]))).toBe(0);
  });

  it('agrees with WebAssembly on the modules it reads', async () => {
    const bytes = module([0x05, 0x04, 0x01, 0x01, 0x01, 0x02], [0x07, 0x07, 0x01, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00]);
    const { instance } = await WebAssembly.instantiate(bytes);
    const memory = instance.exports.mem as WebAssembly.Memory;
    memory.grow(1);
    expect(() => memory.grow(1)).toThrow(RangeError);
    expect(memory.buffer.byteLength).toBe(definedMemoryBytes(bytes));
  });
});

describe('definedTableBytes: what a WebAssembly module may grow its own tables to, unseen', () => {
  it('is the declared maximum of a table the module defines, at 32 bytes an element', () => {
    // table funcref, 1 element, at most 1000 (0xe8 0x07)
    expect(definedTableBytes(module([0x04, 0x06, 0x01, 0x70, 0x01, 0x01, 0xe8, 0x07]))).toBe(1000 * 32);
  });

  it('is the most V8 allows (ten million elements) for a table that declares no maximum', () => {
    expect(definedTableBytes(module([0x04, 0x04, 0x01, 0x6f, 0x00, 0x01]))).toBe(10_000_000 * 32);
  });

  it('reads an element type written as (ref null heap-type), and leaves memories to definedMemoryBytes', () => {
    // table (ref null func) 2, at most 3; and a memory of at most 2 pages
    const bytes = module([0x04, 0x06, 0x01, 0x63, 0x70, 0x01, 0x02, 0x03], [0x05, 0x04, 0x01, 0x01, 0x01, 0x02]);
    expect(definedTableBytes(bytes)).toBe(3 * 32);
    expect(definedMemoryBytes(bytes)).toBe(2 * 65_536);
  });

  it('is nothing for a module with no table of its own', () => {
    expect(definedTableBytes(module(types))).toBe(0);
  });

  it('agrees with WebAssembly on the modules it reads', async () => {
    // table funcref 1, at most 4, exported as "t"
    const bytes = module([0x04, 0x05, 0x01, 0x70, 0x01, 0x01, 0x04], [0x07, 0x05, 0x01, 0x01, 0x74, 0x01, 0x00]);
    const { instance } = await WebAssembly.instantiate(bytes);
    const table = instance.exports.t as WebAssembly.Table;
    table.grow(3);
    expect(() => table.grow(1)).toThrow(RangeError);
    expect(table.length * 32).toBe(definedTableBytes(bytes));
  });
});

/**
 * Runs `body` (the body of an async function given `meter`) in a thread of its own with the meter installed, as the
 * browser sandbox's worker installs it: what it returned, with the bytes counted then; or that it ran out of memory
 * (the meter then holds its thread until it is ended, as the browser host ends the worker).
 */
async function metered(limitMb: number, body: string): Promise<{ value?: unknown; usedBytes?: number; outOfMemory?: true }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
const send = parentPort.postMessage.bind(parentPort);
import(workerData.meter).then(async ({ installMemoryMeter }) => {
  const meter = installMemoryMeter(workerData.limitBytes, () => send({ outOfMemory: true }));
  try {
    const value = await new (async () => {}).constructor('meter', workerData.body)(meter);
    send({ value, usedBytes: meter.usedBytes() });
  } catch (error) {
    send({ error: String(error && error.stack || error) });
  }
});`,
    { eval: true, workerData: { meter: new URL('./memory-meter.ts', import.meta.url).href, limitBytes: limitMb * 1024 * 1024, body } },
  );
  try {
    const answer = await new Promise<{ value?: unknown; usedBytes?: number; outOfMemory?: true; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (answer.error) throw new Error(answer.error);
    return answer;
  } finally {
    await worker.terminate();
  }
}

const MB = 1024 * 1024;

describe('the memory meter’s hooks for the allocation sites the browser host rewrites', () => {
  it('charges a property added by a computed write by its name’s length, and one written again not at all', async () => {
    const { value } = await metered(
      64,
      `const write = globalThis['__wb$w'];
const name = 'n'.repeat(10_000);
const o = {};
const before = meter.usedBytes();
for (let i = 0; i < 200; i++) o[write(o, name + i) && name + i] = i;
const added = meter.usedBytes() - before;
for (let round = 0; round < 50; round++) for (let i = 0; i < 200; i++) o[write(o, name + i) && name + i] = round;
return [added, meter.usedBytes() - before - added, Object.keys(o).length];`,
    );
    const [added, again, keys] = value as number[];
    // 200 names of 10,000 characters: 2 MB, give or take a sample (64 KB).
    expect(added).toBeGreaterThan(1.5 * MB);
    expect(again).toBe(0);
    expect(keys).toBe(200);
  });

  it('charges a string built by + about its length once, one doubled by what each doubling adds, a template by all but its longest part, and gives them back when the invocation ends', async () => {
    const { value } = await metered(
      64,
      `const concat = globalThis['__wb$p'];
const template = globalThis['__wb$t'];
const start = meter.usedBytes();
let built = '';
for (let i = 0; i < 20_000; i++) built = i % 2 ? concat(built, 'abcdefghij') : template\`\${built}\${'abcdefghij'}\`;
const appended = meter.usedBytes() - start;
let doubled = 'x'.repeat(1_024);
for (let i = 0; i < 10; i++) doubled = concat(doubled, doubled);
const doubling = meter.usedBytes() - start - appended;
const filled = template(new Array(101).fill(''), ...new Array(100).fill('y'.repeat(20)));
const ofParts = meter.usedBytes() - start - appended - doubling;
meter.invocationEnded();
return [built.length, appended, doubled.length, doubling, filled.length, ofParts, meter.usedBytes() - start];`,
    );
    const [builtLength, appended, doubledLength, doubling, filledLength, ofParts, left] = value as number[];
    // 200,000 characters at two bytes: 400 KB, where the lengths of every string on the way sum to 2 GB.
    expect(builtLength).toBe(200_000);
    expect(appended).toBeGreaterThan(390_000);
    expect(appended).toBeLessThan(410_000);
    expect(doubledLength).toBe(1_048_576);
    // The kilobyte `repeat` copied, and what each doubling added: every character once, at two bytes.
    expect(doubling).toBe(1_048_576 * 2);
    // A template of a hundred short parts makes a string of its own: all of it but its longest part.
    expect(filledLength).toBe(2_000);
    expect(ofParts).toBe((2_000 - 20) * 2);
    expect(left).toBe(0);
  });

  it('charges a BigInt an operator made by its size, within a factor of two, and small ones not at all', async () => {
    const { value } = await metered(
      64,
      `const arithmetic = globalThis['__wb$m'];
const start = meter.usedBytes();
for (let i = 0; i < 1_000; i++) arithmetic(BigInt(i) * 12345678901234567890n);
const small = meter.usedBytes() - start;
arithmetic(1n << 8_000_000n);
return [small, meter.usedBytes() - start - small];`,
    );
    const [small, large] = value as number[];
    expect(small).toBe(0);
    // 8,000,000 bits: 1 MB.
    expect(large).toBeGreaterThanOrEqual(1_000_000);
    expect(large).toBeLessThanOrEqual(2_000_000);
  });
});

describe('the memory meter: what V8 and ICU keep besides what learner code holds', () => {
  it('charges a key Symbol.for registers once, for good, and answers the same symbol for it', async () => {
    const { value } = await metered(
      64,
      `const padding = 'k'.repeat(1_000);
const start = meter.usedBytes();
const first = [];
for (let i = 0; i < 1_000; i++) first.push(Symbol.for(padding + i));
const registered = meter.usedBytes() - start;
let same = 0;
for (let i = 0; i < 1_000; i++) if (Symbol.for(padding + i) === first[i] && Symbol.keyFor(first[i]) === padding + i) same++;
meter.invocationEnded();
return [registered, meter.usedBytes() - start, same, Symbol.for.name, Symbol.for.length];`,
    );
    const [registered, kept, same, name, length] = value as [number, number, number, string, number];
    // A thousand keys of about 1,000 characters at two bytes, and their symbols.
    expect(registered).toBeGreaterThan(2_000_000);
    expect(registered).toBeLessThan(2_200_000);
    expect(kept).toBe(registered);
    expect([same, name, length]).toStrictEqual([1_000, 'for', 1]);
  });

  it('charges Intl’s objects by what ICU holds, and what they format, and they format as before', async () => {
    const { value } = await metered(
      64,
      `const words = Array.from({ length: 100_000 }, () => 'word');
const lists = new Intl.ListFormat('en');
const start = meter.usedBytes();
const kept = [];
for (let i = 0; i < 100; i++) kept.push(new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }), Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }));
const formatters = meter.usedBytes() - start;
const list = lists.format(words);
const formatted = meter.usedBytes() - start - formatters;
return [formatters, formatted, list.length, kept[0].format(0), kept[1] instanceof Intl.DateTimeFormat, Intl.DateTimeFormat.prototype.constructor === Intl.DateTimeFormat,
  [...new Intl.Segmenter('en', { granularity: 'word' }).segment('two words')].length, new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(12.5)];`,
    );
    const [formatters, formatted, ...rest] = value as [number, number, ...unknown[]];
    // 200 formatters at 30 KB, with or without \`new\`, give or take a sample (64 KB).
    expect(formatters).toBeGreaterThan(5_800_000);
    expect(formatters).toBeLessThan(6_200_000);
    // "word, word, …, and word": 100,000 words, 99,998 commas and one ", and ": 600,002 characters, at two bytes.
    expect(rest[0]).toBe(600_002);
    expect(formatted).toBe(600_002 * 2);
    expect(rest.slice(1)).toStrictEqual(['1/1/1970', true, true, 3, '$12.50']);
  });

  it('charges a regular expression made from a string by its pattern, and a BigInt written out by its digits, and both work as before', async () => {
    const { value } = await metered(
      64,
      `const pattern = 'p'.repeat(2_000);
const start = meter.usedBytes();
const kept = [];
for (let i = 0; i < 200; i++) kept.push(i % 2 ? new RegExp(pattern + i) : RegExp(pattern + i, 'g'));
const compiled = meter.usedBytes() - start;
const big = 1n << 100_000n;
const written = [big.toString(2), String(big), big.toLocaleString('en-US')];
const digits = meter.usedBytes() - start - compiled;
class Pattern extends RegExp {}
const re = /x/g;
return [compiled, digits, written.map((text) => text.length), RegExp(re) === re, new Pattern('a+', 'y') instanceof Pattern, new Pattern('a+').test('caa'),
  kept[1].test('p'.repeat(2_000) + 1), re instanceof RegExp, 'a-b_c'.split(/[-_]/).length, String('text'), String(Symbol('s')), new String('boxed').length];`,
    );
    const [compiled, digits, lengths, ...rest] = value as [number, number, number[], ...unknown[]];
    // 200 patterns of about 2,000 characters at 16 bytes, and a kilobyte each, give or take a sample (64 KB).
    expect(compiled).toBeGreaterThan(6_400_000);
    expect(compiled).toBeLessThan(6_800_000);
    // 2^100,000 in binary (100,001 digits), in decimal (30,103), and in decimal with commas (40,137), at two bytes each.
    expect(lengths).toStrictEqual([100_001, 30_103, 40_137]);
    expect(digits).toBe((100_001 + 30_103 + 40_137) * 2);
    expect(rest).toStrictEqual([true, true, true, true, true, 3, 'text', 'Symbol(s)', 5]);
  });
});

describe('the memory meter: what built-ins make natively, counted as it is made', () => {
  it('charges small collections and what built-ins copy into them, within a sample of what V8 holds', async () => {
    const { value } = await metered(
      256,
      `const measured = {};
const measure = (name, make) => {
  const before = meter.usedBytes();
  const kept = make();
  measured[name] = meter.usedBytes() - before;
  return kept;
};
const thousand = Array.from({ length: 1_000 }, (_, i) => i);
const pairs = thousand.map((i) => [i, i]);
const big = new Set(thousand);
const buffer = new Uint8Array(1_024);
const hex = '0x' + 'f'.repeat(5_000);
// A WebAssembly module of one custom section of 100,000 bytes.
const wasm = new Uint8Array(100_013);
wasm.set([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00, 0xa1, 0x8d, 0x06, 0x01, 0x78]);
async function* stuck() { await new Promise(() => {}); }
const kept = [
  measure('maps', () => Array.from({ length: 200 }, () => new Map(pairs))),
  measure('sets', () => Array.from({ length: 200 }, () => new Set(thousand))),
  measure('unions', () => Array.from({ length: 200 }, () => big.union(new Set([-1])))),
  measure('aggregateErrors', () => Array.from({ length: 200 }, () => new AggregateError(thousand))),
  measure('arraysOf', () => Array.from({ length: 200 }, () => Array.of(...thousand))),
  measure('created', () => Array.from({ length: 20_000 }, () => Object.create(null, { a: { value: 1 }, b: { value: 2 } }))),
  measure('weakEntries', () => { const map = new WeakMap(); return Array.from({ length: 50_000 }, () => { const key = {}; map.set(key, 1); return key; }); }),
  measure('views', () => Array.from({ length: 50_000 }, (_, i) => buffer.subarray(i % 100))),
  measure('promises', () => Array.from({ length: 50_000 }, (_, i) => Promise.resolve(i))),
  measure('parsed', () => Array.from({ length: 50_000 }, () => JSON.parse('{"a":[1,2,3],"b":"xyz"}'))),
  measure('marks', () => { for (let i = 0; i < 20_000; i++) performance.mark('mark-' + (10_000 + i)); return 0; }),
  measure('signals', () => { const controller = new AbortController(); return Array.from({ length: 20_000 }, () => AbortSignal.any([controller.signal])); }),
  measure('typedJoins', () => Array.from({ length: 100 }, () => buffer.join('-'.repeat(63)))),
  measure('spliced', () => { const grown = []; for (let i = 0; i < 50; i++) grown.splice(grown.length, 0, ...thousand); return grown; }),
  measure('parsedBigInts', () => Array.from({ length: 100 }, () => BigInt(hex))),
  measure('getters', () => { const target = {}; for (let i = 0; i < 20_000; i++) target.__defineGetter__('g' + i, () => i); return target; }),
  measure('disposers', () => { const stack = new DisposableStack(); for (let i = 0; i < 50_000; i++) stack.defer(() => {}); return stack; }),
  measure('channels', () => Array.from({ length: 200 }, () => new MessageChannel())),
  measure('modules', () => Array.from({ length: 20 }, () => new WebAssembly.Module(wasm))),
  measure('requests', () => { const it = stuck(); return Array.from({ length: 10_000 }, () => it.next()); }),
  measure('sections', () => Array.from({ length: 20 }, () => WebAssembly.Module.customSections(new WebAssembly.Module(wasm), 'x'))),
  measure('listeners', () => { const target = new EventTarget(); for (let i = 0; i < 10_000; i++) target.addEventListener('ping', () => i); return target; }),
  measure('segmentIterators', () => { const segments = new Intl.Segmenter('en').segment('abc'); return Array.from({ length: 1_000 }, () => segments[Symbol.iterator]()); }),
  measure('raw', () => Array.from({ length: 200 }, (_, i) => String.raw({ raw: new Array(1_001).fill('abcde') }, ...thousand))),
];
const all = measure('all', () => Promise.all(thousand));
await all;
return [measured, kept.length];`,
    );
    const [measured] = value as [Record<string, number>];
    // Array.from's own arrays of what is kept, and a sample either way (at most one and a half times 64 KB).
    const sample = 96 * 1024;
    const arrays = 50_000 * 8 + sample;
    const expected: Record<string, [number, number]> = {
      maps: [200 * 1_000 * 24, 200 * 2_048 * 24 + arrays], // 24 bytes an entry, charged up to twice the size reached
      sets: [200 * 1_000 * 16, 200 * 2_048 * 16 + arrays],
      unions: [200 * 1_000 * 16, 200 * 2_048 * 16 + arrays],
      aggregateErrors: [200 * 1_000 * 8, 200 * (1_000 * 8 + 256) + arrays],
      arraysOf: [200 * 1_000 * 8, 200 * (1_000 * 8 + 48) + arrays],
      created: [20_000 * (48 + 2 * 40) - arrays, 20_000 * (48 + 2 * 40) + arrays],
      weakEntries: [50_000 * 64, 50_000 * 64 + 50_000 * 16 + arrays], // and the keys, as object literals would be
      views: [50_000 * 96, 50_000 * 96 + arrays],
      promises: [50_000 * 48, 50_000 * 48 + arrays],
      parsed: [50_000 * 23 * 4, 50_000 * 23 * 4 + arrays],
      marks: [20_000 * (128 + 10 * 2), 20_000 * (128 + 10 * 2)], // each entry and its name, for good
      signals: [20_000 * 256, 20_000 * (256 + 8) + sample],
      typedJoins: [100 * 1_023 * 64 * 2, 100 * 1_023 * 64 * 2 + sample], // 1,023 separators of 63 characters and the digits
      spliced: [50_000 * 8, 2 * 65_536 * 8 + sample], // 50,000 slots, charged as the array grows, ahead of it
      parsedBigInts: [100 * 20_000 / 8, 100 * 2 * 20_000 / 8], // 20,000 bits each, found within a factor of two
      getters: [20_000 * 40, 20_000 * (40 + 6) + sample], // a property each, and its name
      disposers: [50_000 * 32, 50_000 * 32 + sample],
      channels: [200 * 4_096, 200 * (4_096 + 4 * 96) + sample], // and the meter's own listeners on its ports
      modules: [20 * 100_013 * 4, 20 * 100_013 * 4 + sample], // its bytes and its code, four bytes a byte
      requests: [10_000 * 128, 10_000 * (128 + 8) + sample],
      sections: [20 * 100_013 * 5, 20 * 100_013 * 5 + sample], // each module, and the copy of its section
      listeners: [10_000 * 96, 10_000 * (96 + 64) + sample], // and each listener's closure
      segmentIterators: [1_000 * 4_000, 1_000 * (4_000 + 8) + sample],
      raw: [200 * (5_005 + 2_890) * 2, 200 * (5_005 + 2_890) * 2 + arrays], // 1,001 pieces and the numbers 0–999 between them
      all: [1_000 * 8, 1_000 * (8 + 240 + 52) + sample], // and each element's reaction, while it waits
    };
    for (const [name, [least, most]] of Object.entries(expected)) {
      expect(measured[name], name).toBeGreaterThanOrEqual(least - sample);
      expect(measured[name], name).toBeLessThanOrEqual(most);
    }
  });
});

describe('the memory meter: what Node.js also offers still works at a normal size, and is counted', () => {
  it('clones an event with buffers, arrays, Maps and Sets, and counts every buffer in the copy', async () => {
    const { value, usedBytes } = await metered(
      64,
      `const event = { detail: { id: 'e-1', tags: new Set(['a', 'b']), seen: new Map([['x', 1]]), at: new Date(0) }, parts: [new Uint8Array(2 << 20).fill(7), new Uint8Array(2 << 20).fill(9)] };
const before = meter.usedBytes();
const copy = structuredClone(event);
return [copy.detail.id, [...copy.detail.tags], [...copy.detail.seen], copy.detail.at.getTime(), copy.parts[1][5], copy.parts[0] !== event.parts[0], meter.usedBytes() - before];`,
    );
    const [id, tags, seen, at, byte, copied, counted] = value as [string, string[], unknown[], number, number, boolean, number];
    expect([id, tags, seen, at, byte, copied]).toEqual(['e-1', ['a', 'b'], [['x', 1]], 0, 9, true]);
    expect(counted).toBeGreaterThanOrEqual(4 * MB);
    expect(usedBytes).toBeLessThan(16 * MB);
  });

  it('calls a getter in a cloned object once, as the clone alone would, copies its answer and leaves the getter in place', async () => {
    const { value } = await metered(
      64,
      `let calls = 0;
const original = { id: 'e-1', get total() { calls++; return calls * 10; } };
Object.defineProperty(original, 'hidden', { get: () => 'never copied', enumerable: false, configurable: true });
const copy = structuredClone(original);
return [copy, calls, typeof Object.getOwnPropertyDescriptor(original, 'total').get, original.total];`,
    );
    expect(value).toEqual([{ id: 'e-1', total: 10 }, 1, 'function', 20]);
  });

  it('moves a transferred buffer rather than counting it twice', async () => {
    const { value } = await metered(
      64,
      `const buffer = new ArrayBuffer(8 << 20);
const before = meter.usedBytes();
const moved = structuredClone(buffer, { transfer: [buffer] });
return [buffer.byteLength, moved.byteLength, meter.usedBytes() - before];`,
    );
    const [left, moved, counted] = value as number[];
    expect([left, moved]).toEqual([0, 8 * MB]);
    expect(counted).toBeLessThan(MB);
  });

  it('ends a function whose one clone copies more than its memory', async () => {
    expect((await metered(16, `const parts = [new Uint8Array(4 << 20), new Uint8Array(4 << 20)];\nconst copies = [structuredClone(parts)];\nreturn structuredClone({ copies, again: structuredClone(parts) });`)).outOfMemory).toBe(true);
  });

  it('delivers messages over a MessageChannel, counting each while it waits in the queue', async () => {
    const { value } = await metered(
      64,
      `const { port1, port2 } = new MessageChannel();
const received = [];
const all = new Promise((resolve) => (port2.onmessage = (event) => { received.push(event.data.n + ':' + event.data.bytes.length); if (received.length === 3) resolve(); }));
const before = meter.usedBytes();
for (let n = 0; n < 3; n++) port1.postMessage({ n, bytes: new Uint8Array(1 << 20) });
const waiting = meter.usedBytes() - before;
await all;
port1.close();
return [received, waiting];`,
    );
    const [received, waiting] = value as [string[], number];
    expect(received).toEqual(['0:1048576', '1:1048576', '2:1048576']);
    expect(waiting).toBeGreaterThanOrEqual(6 * MB);
  });

  it('gzips 10 KB and back, and inflates a 2 MB chunk of compressed input a piece at a time', async () => {
    const { value } = await metered(
      64,
      `const text = Array.from({ length: 1000 }, (_, i) => 'line ' + i + ' ' + Math.random()).join('\\n').slice(0, 10_000);
const squeeze = (bytes, stream) => new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
const gzipped = await squeeze(new TextEncoder().encode(text), new CompressionStream('gzip'));
const back = new TextDecoder().decode(await squeeze(gzipped, new DecompressionStream('gzip')));
const random = crypto.getRandomValues(new Uint8Array(65536));
const big = new Uint8Array(2 << 20);
for (let at = 0; at < big.length; at += random.length) big.set(random, at);
const deflated = new Uint8Array(await squeeze(big, new CompressionStream('deflate')));
const writer = new DecompressionStream('deflate');
const inflating = new Response(writer.readable).arrayBuffer();
const w = writer.writable.getWriter();
await Promise.all([w.write(deflated), w.close()]);
const inflated = new Uint8Array(await inflating);
return [back === text, text.length, gzipped.byteLength < text.length, inflated.length, inflated.every((byte, i) => byte === big[i])];`,
    );
    expect(value).toEqual([true, 10_000, true, 2 * MB, true]);
  });

  it('ends a function that keeps what a decompression inflates, once it passes its memory', async () => {
    // 128 MB of zeros as raw deflate (see the decompression bomb in sandbox.cases.ts), in a 16 MB function.
    const { outOfMemory } = await metered(
      16,
      `const copies = Math.ceil((128 << 20) / 258);
const bomb = new Uint8Array(Math.ceil((11 + copies * 13 + 7) / 8));
let at = 0;
const put = (code, bits) => { for (let i = bits - 1; i >= 0; i--, at++) if ((code >> i) & 1) bomb[at >> 3] |= 1 << (at & 7); };
put(0b1, 1); put(0b10, 2); put(0x30, 8);
for (let i = 0; i < copies; i++) put(0xc5 << 5, 13);
put(0, 7);
const reader = new Blob([bomb]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
const hoard = [];
for (let step = await reader.read(); !step.done; step = await reader.read()) hoard.push(step.value);
return hoard.length;`,
    );
    expect(outOfMemory).toBe(true);
  });

  it('reads Blobs and bodies as text, JSON, Blobs, forms and streams', async () => {
    const { value } = await metered(
      64,
      `const blob = new Blob(['{"detail":', JSON.stringify({ userId: '12345' }), '}']);
const chunks = [];
const reader = blob.stream().getReader();
for (let step = await reader.read(); !step.done; step = await reader.read()) chunks.push(...step.value);
const body = new Response(new Uint8Array([104, 105]));
const streamed = [];
for await (const chunk of body.body) streamed.push(...chunk);
const form = await new Response('a=1&b=two', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }).formData();
const request = new Request('https://example.com', { method: 'POST', body: 'posted' });
const streamedRequest = new Request('https://example.com', { method: 'POST', body: new Blob(['stream', 'ed']).stream(), duplex: 'half' });
const described = new Response('x', { status: 201, statusText: 'Made', headers: { 'x-order': '1001' } });
return [await blob.text(), (await new Response(blob).json()).detail.userId, (await new Response('abc').blob()).size, form.get('b'), await request.text(), new TextDecoder().decode(new Uint8Array(chunks)), String.fromCharCode(...streamed), body.bodyUsed, await streamedRequest.text(), streamedRequest.method, [described.status, described.statusText, described.headers.get('x-order')]];`,
    );
    expect(value).toEqual(['{"detail":{"userId":"12345"}}', '12345', 3, 'two', 'posted', '{"detail":{"userId":"12345"}}', 'hi', true, 'streamed', 'POST', [201, 'Made', '1001']]);
  });

  it('counts text decoded from bytes, however short', async () => {
    const { value } = await metered(
      64,
      `const bytes = new TextEncoder().encode('héllo wörld');
const decoder = new TextDecoder();
const before = meter.usedBytes();
const texts = Array.from({ length: 100 }, () => decoder.decode(bytes));
const streamed = [];
const reader = new Blob([bytes]).stream().pipeThrough(new TextDecoderStream()).getReader();
for (let step = await reader.read(); !step.done; step = await reader.read()) streamed.push(step.value);
const encoded = [];
const encoder = new Blob(['ab']).stream().pipeThrough(new TextDecoderStream()).pipeThrough(new TextEncoderStream()).getReader();
for (let step = await encoder.read(); !step.done; step = await encoder.read()) encoded.push(...step.value);
return [texts[99], streamed.join(''), encoded, meter.usedBytes() - before];`,
    );
    const [text, streamed, encoded, counted] = value as [string, string, number[], number];
    expect([text, streamed, encoded]).toEqual(['héllo wörld', 'héllo wörld', [97, 98]]);
    expect(counted).toBeGreaterThanOrEqual(100 * 11 * 2);
  });

  it('keeps form and query entries, headers and URLs as the browser does, counting what they hold and giving back what is deleted', async () => {
    const { value } = await metered(
      64,
      `const form = new FormData();
form.append('name', 'Ann');
form.append('tag', 1);
form.set('tag', 'two');
form.append('file', new Blob(['abc']), 'a.txt');
const params = new URLSearchParams('a=1&b=2');
params.append('c', 3);
params.delete('a');
const headers = new Headers({ 'content-type': 'application/json' });
headers.append('x-tag', 'one');
headers.append('x-tag', 'two');
const url = new URL('/orders?id=1', 'https://example.com');
url.hash = 'top';
const long = 'x'.repeat(100_000);
const before = meter.usedBytes();
form.set('long', long);
const grown = meter.usedBytes() - before;
form.delete('long');
const shrunk = meter.usedBytes() - before;
let refused = '';
try {
  form.append('only a name');
} catch (error) {
  refused = error.name;
}
return [[...form].map(([key, value]) => key + '=' + (typeof value === 'string' ? value : value.name)), params.toString(), headers.get('x-tag'), url.href, URL.parse('https://a.example/b')?.host, grown, shrunk, refused];`,
    );
    const [entries, query, tags, href, host, grown, shrunk, refused] = value as [string[], string, string, string, string, number, number, string];
    expect([entries, query, tags, href, host, refused]).toEqual([['name=Ann', 'tag=two', 'file=a.txt'], 'b=2&c=3', 'one, two', 'https://example.com/orders?id=1#top', 'a.example', 'TypeError']);
    expect(grown).toBeGreaterThanOrEqual(200_000);
    expect(shrunk).toBeLessThan(1_000);
  });

  it('makes and grows a WebAssembly.Table, counting its elements', async () => {
    const { value } = await metered(
      64,
      `const before = meter.usedBytes();
const table = new WebAssembly.Table({ element: 'anyfunc', initial: 10 });
table.grow(1000);
return [table.length, meter.usedBytes() - before];`,
    );
    expect(value).toEqual([1010, 1010 * 32]);
  });
});
