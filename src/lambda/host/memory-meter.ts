// The browser sandbox's memory bound, kept inside the worker because a browser offers nothing outside it:
// Workers have no `resourceLimits` in browsers, `performance.memory` is not exposed to workers (and is the
// page's own heap, refreshed every 20 minutes unless Chromium runs with --enable-precise-memory-info), and
// `performance.measureUserAgentSpecificMemory()` needs a cross-origin isolated page, which the sandbox frame's
// opaque origin is not (and it answers after the next garbage collection, seconds late). Checked in Chromium 156:
// in the sandbox worker `performance.memory`, `measureUserAgentSpecificMemory` and `SharedArrayBuffer` are all
// undefined and `crossOriginIsolated` is false. (https://developer.mozilla.org/docs/Web/API/Performance/memory,
// https://developer.mozilla.org/docs/Web/API/Performance/measureUserAgentSpecificMemory; Blink's memory_info.cc for
// the 20-minute cache and quantised figures.)
//
// So the worker counts what learner code allocates, from before any learner code runs: every allocation API
// below is replaced by one that charges its bytes first. The originals live only in this function's closure:
// prototypes' `constructor` points at the replacements too, and a Proxy does not give up its target, so learner
// code that replaces or deletes a replacement (as it may any built-in) gets nothing back that allocates uncounted;
// and the meter's own work uses only intrinsics it captured, so replacing those on their prototypes misleads it in
// nothing. Collected allocations are given back through a FinalizationRegistry. Past the limit the meter tells the
// host and then holds the worker in a loop, so that nothing more is allocated before the host ends it from outside
// (web-worker-host.ts removes its frame).
//
// What it counts:
// - ArrayBuffers, however made: `new ArrayBuffer`, typed arrays given a length or a list (their constructors
//   and `from`/`of`, `slice`, `map`, `filter`, `toReversed`, `toSorted`, `with`, `fromBase64`/`fromHex`),
//   `ArrayBuffer.prototype.slice`/`transfer`/`resize`, `TextEncoder.encode`, the bodies of Blob, Response and
//   Request read as bytes; and any buffer a typed array is laid over;
// - structured clones (`structuredClone`, and a MessagePort's messages as they are delivered): every object,
//   array, Map, Set and buffer in the copy, each charged apart, so that a part kept after the rest is dropped stays
//   counted. What a clone will copy is checked before it is made, by walking the original; a getter the clone would
//   call is called by the meter instead, once, and its answer stands in its place until the clone is made (a getter
//   that answers one long string ten thousand times is ten thousand copies); a buffer it transfers is given back;
// - messages waiting in a MessagePort's queue (each cloned when posted, and held until delivered, or for as long as
//   the receiving port is never started): charged to that port from when they are posted until they are delivered,
//   or it is closed or collected; a message to a port that was itself transferred, which the meter cannot follow,
//   is charged for good;
// - what the browser makes from a Blob or a body: a Response or Request copies its body when made (a stream body
//   chunk by chunk, as it is read: the same chunk given a million times is a million copies), and its headers,
//   status text and URL; its reads and a Blob's make new copies: `text()` (below), `json()` (as a clone), `blob()`,
//   `formData()`, and the chunks of `Blob.prototype.stream()` and of a body's stream, each charged as it passes,
//   since the stream learner code gets is the meter's own, pulling from the browser's one chunk at a time; a Blob is
//   checked by its parts before it is made;
// - compression and decompression (`CompressionStream`, `DecompressionStream`), `TextDecoderStream` and
//   `TextEncoderStream`: what they give out, chunk by chunk, as it passes. A decompression is fed its input 1 KB at a
//   time, because the browser inflates all of a written chunk at once, before anything can be charged: a kilobyte of
//   deflate inflates to a megabyte at most;
// - text decoded from bytes (`TextDecoder.decode`, `text()`, `TextDecoderStream`), at two bytes a character and at
//   any length (a few kilobytes decoded again and again make a new string each time), charged for good: a string
//   cannot be watched for its collection;
// - WebAssembly memory: `new WebAssembly.Memory` and `grow` from JavaScript, and memory a module defines for
//   itself, charged at its declared maximum when instantiated (4 GiB when it declares none), since a module
//   grows that memory from inside WebAssembly, where no JavaScript runs to count it;
// - WebAssembly tables, at 32 bytes an element: `new WebAssembly.Table` and `grow` from JavaScript, and tables a
//   module defines for itself, at their declared maximum (V8's ten million elements when they declare none), as
//   memory is;
// - `Blob`s, whose bytes the browser keeps outside the worker;
// - strings the browser copies into objects of its own: `FormData` and `URLSearchParams` entries and `Headers` (by
//   what `append`, `set` and `delete` add or take away, and what a query string or headers given whole hold), and a
//   `URL`'s serialisation, made or set (one 1 MB string appended to a FormData again and again grew Chromium by 7 GB
//   in 15 s before);
// - promises' reactions (what `then`, `catch`, `finally`, Promise.all and its kin add, and what V8 adds through `then`
//   when a promise is resolved with another) while they wait, promises awaited while they are pending (seen where V8
//   reads their `constructor`), and microtasks (`queueMicrotask`, and `process.nextTick`, built on it) while they are
//   queued: a chain of promises each waiting on the next, or microtasks each queuing two more, never let a task run,
//   so nothing else the event loop does can stop them;
// - on the heap, the usual ways to hoard: arrays grown by `push`/`unshift`, made by `Array.from` or `split`, copied
//   by `concat`, `slice`, `splice`, `flat`, `flatMap`, `map`, `filter` and their `to…` kin, or filled by `fill` (8
//   bytes a slot, and 48 more for each entry when the entries are objects: an estimate, since what an object holds is
//   not seen),
//   Maps and Sets by their entries likewise, and strings over 64 K characters from `repeat`, `padStart` and `padEnd`
//   (charged for good); arrays of fewer than HEAP_STEP entries are sampled (below), a small array pushed to each time
//   its length passes a power of two it never passed, up to twice that;
// - what learner code makes by syntax, which the browser host rewrites to call the meter (./allocation-sites.ts):
//   object and array literals (spread ones by their length), closures (with the variables of the function they were
//   made in that functions inside it read, which V8 keeps in a context), classes and `new` instances (`new Array(n)`
//   by its slots, an instance's fields by their number), `arguments` and rest elements' arrays and objects, and slots
//   and properties added by writing (`a[i] = v`, `a[i]++`, `[a[i]] = list`, `o[key] = v`, `o.x = v`, a computed name
//   by its length; writing one again, or through a setter, adds nothing); and what built-ins make without syntax: properties added by
//   `Object.assign`, `Object.defineProperty`/`defineProperties`, `Reflect.set`/`defineProperty`, lists of keys and
//   entries (`Object.keys`, `values`, `entries`, `getOwnPropertyDescriptors`, `Reflect.ownKeys`, …), groups
//   (`Object.groupBy`, `Map.groupBy`), arrays from iterators' `toArray`, `match` and `Reflect.construct`/`apply`,
//   `Object.fromEntries`'s objects and `bind`'s functions (by their bound arguments). All sampled: about one charge
//   every SITE_SAMPLE_BYTES, each given back when what carries it is collected. Code made at run time (`new Function`, `eval`, …) is rewritten too (./dynamic-code.ts);
// - what JSON.parse builds from a text of 1 K characters or more, by the text's length, given back when what it
//   returned is collected;
// - strings of 1 K characters or more copied by String's methods (`toUpperCase`, `normalize`, `replaceAll`, `repeat`,
//   `padStart`, `toWellFormed`, …), `join`, JSON.stringify and the global functions that encode and decode
//   (`encodeURIComponent`, `escape`, `btoa`, …): charged to the invocation that makes them (init counts as one), and
//   given back when it ends, so a warm function is never ended for strings it dropped long ago. The price: strings
//   kept in module scope are charged only for the invocation that made them;
// - what operators make, which the rewriting hands the meter too, charged to the invocation likewise: BigInts past
//   2^1024 by their size (and those from `BigInt.asIntN`/`asUintN`), and strings of 1 K characters or more made by `+`,
//   `+=` (on a variable, or a named property of one or of `this`) and template literals, by what they add to the longest of their parts: V8 shares the parts until it flattens
//   the string into one copy, so a string built piece by piece is charged about its length once, and one doubled
//   (`s += s`) by what each doubling adds;
// - what else V8 keeps for learner code: the frame of a generator or an async function, from its call until it is
//   collected (carried by a parameter the rewriting adds, which V8 keeps in that frame, started or not, suspended or
//   not), a symbol with its description, the objects a spread iterator other than an array's
//   gives out (entry pairs, segments), and an Error's stack frames past the default ten (see chargeStack);
// - what V8 and ICU keep besides: a key Symbol.for registers (for good), Intl's objects by what ICU holds for each, the
//   strings and parts they format, a regular expression made from a string by its compiled code, and a BigInt written
//   out as a string (by its methods or String);
// - what other built-ins make natively: small Maps and Sets as they grow (as small arrays are), a Set's `union` and
//   its kin, an AggregateError's copy of its errors, `Array.of`, `Object.create`'s properties, WeakMap and WeakSet
//   entries and FinalizationRegistry cells (carried by their keys), typed arrays' `subarray` views, promises from
//   `Promise.resolve`/`reject`/`withResolvers`, the arrays Promise.all, allSettled and Array.fromAsync settle to (to
//   the invocation), JSON.parse's results of shorter texts (sampled), an Error's own size, `String.raw`, signals from
//   `AbortSignal.timeout` and `any`, `performance.mark` and `measure` entries (for good: clearing them gives nothing
//   back), TypedArray `join`, URLSearchParams `toString`, what `splice` inserts, `BigInt()` of a string,
//   `__defineGetter__`, a DisposableStack's disposers, a class's members (by the rewriting), and the buffers Web
//   Crypto answers (which the frame makes for the worker: ./frame-crypto.ts hands them here), MessageChannels and
//   BroadcastChannels by their ports, a WebAssembly module by its bytes and code (four bytes a byte) and the custom
//   sections it copies out, requests queued on an async generator and Atomics.waitAsync's waiters while they wait,
//   event listeners, and a Segmenter's iterators.
// What it cannot see: an awaited promise given a `constructor` of its own that answers Promise (an own property, or a
// prototype between it and Promise.prototype): V8 then reads that instead, and a chain of async functions each
// awaiting such a promise grows unseen, at about 200 bytes a link; a part of what JSON.parse returned kept after the
// rest (`JSON.parse(text).items`); a part of a sample kept after what carries it is collected (a sample stands for
// what was made around it); the frame of a generator never started that was called with an argument where the
// carrier goes, or that has a rest parameter (a started one is charged as its body starts), and of a function with a
// rest parameter that assigns it anew; a long string copied by `+` with a short part
// and then flattened (`big + i`, then a regular expression: charged for the short part); a regular expression made
// through an existing one's `constructor` (which stays V8's own, see the RegExp section below); strings from
// `String.fromCharCode`/`fromCodePoint` (a wrapper takes fewer arguments than the built-in: 60,000 codes, which honest
// decoding passes, overflowed the worker's stack); what RegExp.prototype.exec answers (its arrays, and their indices
// with the `d` flag: wrapping exec turns off V8's fast paths for every regular expression, 8 times slower in Node.js
// 24); iterators kept unconsumed (`map.entries()`, about 50 bytes each); a long string added to in place where the rewriting cannot read
// the target again unchanged (`a[i] += x`, `f().s += x`) and flattened each time; strings shorter than 1 K
// characters, however made (a string made by `repeat`, `toUpperCase`, `+`, a template, `toISOString` or
// `randomUUID` and kept is charged only for its slot: 900 characters kept by the hundred thousand were 50 times what
// was charged), and strings taken out of a clone (counted
// with the object that held them while it lives; one over 64 K characters, for good); and what a non-configurable
// getter answers a clone, counted only once the copy is made; wasm stacks suspended by WebAssembly's promise
// integration (`WebAssembly.promising`: Node.js 24 has it, so it stays), and what WasmGC code makes inside wasm. Those are bounded only by what Chromium lets a renderer hold: a worker
// that holds more takes down its renderer, which is the sandbox frames' own (Chromium 156 puts sandboxed frames in a
// process apart from the page's, one for all of a page's sandboxes). The page lives on and the host ends those sandboxes when their frames stop
// answering (web-worker-host.ts); the machine meanwhile held some gigabytes. (Playwright reports such a
// frame's crash as the page's, "The chromium page crashed", which is why a browser test cannot show it.)
// And memory given back by the garbage collector returns to the count only between tasks (FinalizationRegistry
// callbacks and WeakRefs cannot observe a collection within one synchronous stretch), so a function that
// allocates and drops more than its memory without ever yielding to a timer is counted as holding all of it; and
// text charged for good is never given back, so a warm function that decodes more text over its life than its
// memory is ended as if it held it all.
// APIs that hold large native memory and that Lambda's Node.js runtime does not have (canvases, images, media
// codecs) are removed rather than counted, and so are nested workers, whose own globals the meter never sees, and
// `FileReader`/`FileReaderSync`, whose results the browser makes where the meter cannot charge them before they
// exist (Node.js has neither). A stream the meter hands out in place of the browser's (a body's, a Blob's, a
// compression's readable side) is a default stream, not a byte stream, so it has no BYOB reader.

import { HOOKS, withoutHooks } from './allocation-hooks.ts';

/** What the worker sends the host, outside the runtime's protocol, when the function ran out of memory. */
export const OUT_OF_MEMORY_MESSAGE = 'sandbox-out-of-memory';

const WASM_PAGE = 65_536;
/** A wasm32 memory's largest size: what a module that declares no maximum may grow to. */
const WASM32_MAX_PAGES = 65_536;
/** Bytes a plain array's element takes (a pointer or a double). */
const ARRAY_ELEMENT_BYTES = 8;
/** Bytes a Map's and a Set's entry take (key, value and hash-table links; key and links). */
const MAP_ENTRY_BYTES = 24;
const SET_ENTRY_BYTES = 16;
/** Bytes a small object or array held in a collection takes besides its slot (V8: header, a few fields). */
const SMALL_OBJECT_BYTES = 48;
/** Error.stackTraceLimit unless learner code changes it; a frame of a stack V8 keeps; a deeper stack than a worker's. */
const DEFAULT_STACK_FRAMES = 10;
const STACK_FRAME_BYTES = 64;
const MAX_STACK_FRAMES = 20_000;
/** A symbol, besides its description. */
const SYMBOL_BYTES = 32;
/**
 * What an object in a structured clone is charged besides its entries: a small object's size, and what watching it
 * for its collection takes (its FinalizationRegistry cell, its charge and the weak tables' entries), about as much
 * again twice over: without it, a clone of many small objects grew Chromium by 300 MB before a 128 MB function's bound.
 */
const CLONED_OBJECT_BYTES = SMALL_OBJECT_BYTES + 128;
/** Collections are charged once they pass this many entries, and again each time they grow by as many. */
const HEAP_STEP = 1024;
/** Strings longer than this (in characters) from repeat and padding are charged. */
const LARGE_STRING = 65_536;
/**
 * What a message waiting in a port's queue takes besides its data: measured in Chromium 156, about 1.9 KB for each
 * of a quarter of a million empty messages (its envelope, and the task that will deliver it).
 */
const QUEUED_MESSAGE_BYTES = 2048;
/** The most of a compressed chunk a DecompressionStream is given at once: deflate inflates a kilobyte to a megabyte at most. */
const DECOMPRESSION_PIECE = 1024;
/**
 * Strings copied by String's methods, `join` and JSON.stringify are charged from this many characters on, to the
 * invocation that makes them.
 */
const COPIED_STRING = 1024;
/** BigInts are charged from this size on (2^1024: past any Number), and V8 makes none longer than BIGINT_MAX_BITS. */
const BIGINT_LARGE = 2n ** 1024n;
const BIGINT_MAX_BITS = 2 ** 30;
/**
 * What JSON.parse is charged for each character of its text: an estimate. Measured in Chromium 156, a text of numbers
 * (`[1,1,…]`) builds 2 bytes for each character, one of empty objects (`[{},{},…]`) 9.
 */
const PARSED_BYTES_PER_CHARACTER = 4;
/**
 * What a reaction `then` adds takes while it waits: the reaction, its derived promise, and the meter's callbacks and
 * registry cell around it. Measured in Chromium 156 with 200,000 reactions waiting on one promise: 240 bytes each
 * (72 without the meter's part).
 */
const PENDING_REACTION_BYTES = 240;
/**
 * What stays of a reaction once its callback has run, until the registry's cleanup (a task) drops its cell: measured
 * in Chromium 156 over 200,000 reactions run in one stretch of microtasks, 52 bytes each.
 */
const RAN_REACTION_BYTES = 52;
/**
 * What an awaited promise is charged while it is pending, for each time it is awaited: its waiting async function
 * (about 200 bytes a link of a chain of them, measured in Chromium 156), and the meter's reaction and record that see
 * it settle.
 */
const AWAITED_PROMISE_BYTES = 400;
/**
 * What a queued microtask takes until it runs, with the meter's callback around it: measured in Chromium 156 with
 * 300,000 queued, 112 bytes each, and 180 of heap V8 grew by for each (it grows the heap ahead of what a queue that
 * outlives every collection holds): the heap's growth is what the function is held to.
 */
const QUEUED_MICROTASK_BYTES = 180;
/**
 * Learner code's allocation sites (./allocation-sites.ts) are sampled: their estimated bytes add up, and each time
 * about this many more have been made (a random amount between half and one and a half times it, so that code cannot
 * tell which allocation is watched), the one being made then is charged with all of them, given back when it is
 * collected. Watching every object would cost a registry cell each; watching one in a thousand costs nothing
 * measurable, and what a function keeps is still found within a sample's worth.
 */
const SITE_SAMPLE_BYTES = 64 * 1024;
/** What a property added to an object takes (a dictionary entry: key, value, details, and room to grow). */
const PROPERTY_BYTES = 40;
/**
 * `new Array(n)` lays out its n slots at once below about this many (V8's largest array made fast, one regular heap
 * object); above, it starts as a dictionary that grows as slots are written (charged as they are).
 */
const PREALLOCATED_SLOTS = 16_384;
/** A write this far past an array's end or more turns V8's array into a dictionary, one entry a write. */
const SPARSE_GAP = 1024;
/**
 * What Intl's objects hold in ICU, measured in Node.js 24 (its V8 and ICU are Chromium's) by the resident memory of
 * 5,000 kept: a DateTimeFormat 29 KB, a RelativeTimeFormat 10 KB, a Segmenter 8 KB, a Locale 1.2 KB, the others about
 * 3 KB; a Segmenter's `segment` 2.5 KB, and 2 KB more for an iterator over it.
 */
const INTL_OBJECT_BYTES: Record<string, number> = { DateTimeFormat: 30_000, RelativeTimeFormat: 10_000, Segmenter: 8_000, Locale: 1_500, other: 3_000, segments: 4_000 };
/** A regular expression compiled from a string, besides 16 bytes a character of its pattern (see the RegExp section below). */
const REGEXP_BYTES = 1024;
const REGEXP_BYTES_PER_CHARACTER = 16;
/** An Error besides its message and frames past ten (measured in Node.js 24: 290 bytes with ten frames and a cause). */
const ERROR_BYTES = 256;
/** A typed array's or a promise's object (a view shares its buffer). */
const VIEW_BYTES = 96;
const PROMISE_BYTES = 48;
/** A closure's object (what it keeps of its context aside). */
const CLOSURE_BYTES = 64;
/** An AbortSignal with its timer or its sources' links, and an entry of the performance timeline (estimates). */
const SIGNAL_BYTES = 256;
const TIMELINE_ENTRY_BYTES = 128;
/** A MessageChannel's or BroadcastChannel's ports and pipes (estimate), and what a wasm module keeps a byte of its code. */
const CHANNEL_BYTES = 4096;
const MODULE_BYTES_PER_BYTE = 4;
/** A request queued inside V8 with its promise: an async generator's `next`, an Atomics.waitAsync waiter. */
const QUEUED_REQUEST_BYTES = 128;
/** A listener an EventTarget keeps: its record, and the callback's wrapper (estimate). */
const LISTENER_BYTES = 96;
/** A disposer a DisposableStack keeps (a callback and its record). */
const DISPOSER_BYTES = 32;
/** A WeakMap's or WeakSet's entry, or a FinalizationRegistry's cell (measured in Node.js 24: 45–130 bytes). */
const WEAK_ENTRY_BYTES = 64;
/** What an element of a WebAssembly.Table takes (measured in V8 13: 32 bytes a funcref element, 8 an externref). */
const TABLE_ELEMENT_BYTES = 32;
/** The most elements V8 lets a table have: what a module's table that declares no maximum may grow to. */
const TABLE_MAX_ELEMENTS = 10_000_000;

export function installMemoryMeter(limitBytes: number, exceeded: () => void): { usedBytes(): number; invocationEnded(): void; chargeHeld(value: unknown): unknown } {
  const g = globalThis as unknown as Record<string, any>;
  const { defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const { apply, construct } = Reflect;
  const ProxyCtor = Proxy;
  const toNumber = Number;
  const toText = String;
  const OriginalArrayBuffer = ArrayBuffer;
  const OriginalUint8Array = Uint8Array;
  const isView = ArrayBuffer.isView;
  const byteLengthOf = getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')!.get!;
  const TypedArray = getPrototypeOf(Uint8Array) as { prototype: object };
  const bufferOfView = getOwnPropertyDescriptor(TypedArray.prototype, 'buffer')!.get!;
  const bufferOfDataView = getOwnPropertyDescriptor(DataView.prototype, 'buffer')!.get!;
  const typedArrayTag = getOwnPropertyDescriptor(TypedArray.prototype, Symbol.toStringTag)!.get!;
  const isTypedArray = (value: unknown) => apply(typedArrayTag, value, []) !== undefined;
  const blobSize = getOwnPropertyDescriptor(Blob.prototype, 'size')!.get!;
  const stringLength = (value: string) => value.length;
  const PromiseCtor = Promise;
  const then = Promise.prototype.then;
  const reject = Promise.reject;
  const register = FinalizationRegistry.prototype.register;
  const weakSetHas = WeakSet.prototype.has;
  const weakSetAdd = WeakSet.prototype.add;
  const weakMapGet = WeakMap.prototype.get;
  const weakMapSet = WeakMap.prototype.set;
  const { ownKeys } = Reflect;
  const { create, hasOwn } = Object;
  const isArray = Array.isArray;
  const OriginalWeakSet = WeakSet;
  const OriginalMap = Map;
  const OriginalSet = Set;
  const OriginalBlob = Blob;
  const mapSize = getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;
  const setSize = getOwnPropertyDescriptor(Set.prototype, 'size')!.get!;
  const mapForEach = Map.prototype.forEach;
  const setForEach = Set.prototype.forEach;
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const byteOffsetOfView = getOwnPropertyDescriptor(TypedArray.prototype, 'byteOffset')!.get!;
  const byteLengthOfView = getOwnPropertyDescriptor(TypedArray.prototype, 'byteLength')!.get!;
  const byteOffsetOfDataView = getOwnPropertyDescriptor(DataView.prototype, 'byteOffset')!.get!;
  const byteLengthOfDataView = getOwnPropertyDescriptor(DataView.prototype, 'byteLength')!.get!;

  let used = 0;
  let tripped = false;
  /** Every buffer and object already charged (or not to be charged: a wasm memory's own buffer). */
  const known = new WeakSet<object>();
  /** What each tracked object is charged, so growing it charges the difference and collecting it gives it back. */
  const charges = new WeakMap<object, { bytes: number }>();
  const released = new FinalizationRegistry<{ bytes: number }>((charge) => void (used -= charge.bytes));

  const outOfMemory = (): never => {
    if (!tripped) {
      tripped = true;
      exceeded();
    }
    // Held here until the host ends the worker: returning (or throwing, which learner code could catch) would let
    // the function allocate on.
    for (;;) {
      /* the host ends the worker */
    }
  };
  /** Checks that `bytes` more still fit, before they are allocated. */
  const fits = (bytes: number) => {
    if (!(bytes >= 0)) return;
    if (used + bytes > limitBytes) outOfMemory();
  };
  /** Charges `target` (once) at `bytes`, given back when it is collected. */
  const charge = (target: object, bytes: number) => {
    const existing = apply(weakMapGet, charges, [target]) as { bytes: number } | undefined;
    if (existing) {
      if (bytes <= existing.bytes) return;
      fits(bytes - existing.bytes);
      used += bytes - existing.bytes;
      existing.bytes = bytes;
      return;
    }
    if (apply(weakSetHas, known, [target])) return;
    fits(bytes);
    const record = { bytes };
    apply(weakSetAdd, known, [target]);
    apply(weakMapSet, charges, [target, record]);
    apply(register, released, [target, record]);
    used += bytes;
  };
  /** Set below, where WebAssembly gives the shared buffers' class away: SharedArrayBuffers are counted as ArrayBuffers are. */
  let isShared = (_value: unknown): _value is object => false;
  let chargeShared = (_buffer: object) => {};
  const chargeBuffer = (buffer: unknown) => {
    if (buffer instanceof OriginalArrayBuffer) charge(buffer, apply(byteLengthOf, buffer, []) as number);
    else if (isShared(buffer)) chargeShared(buffer);
  };
  /** Charges whatever buffer a value holds: an ArrayBuffer itself, or the one under a typed array or DataView. */
  const chargeHeld = (value: unknown) => {
    if (value instanceof OriginalArrayBuffer || isShared(value)) chargeBuffer(value);
    else if (isView(value)) chargeBuffer(isTypedArray(value) ? apply(bufferOfView, value, []) : apply(bufferOfDataView, value, []));
    return value;
  };
  /** Charges `target` `bytes` more than it holds already. */
  const chargeMore = (target: object, bytes: number) => charge(target, ((apply(weakMapGet, charges, [target]) as { bytes: number } | undefined)?.bytes ?? 0) + bytes);
  /** What cannot be watched for its collection (a string, a message the meter cannot follow) is charged for good. */
  const permanent = {};
  const chargeForGood = (bytes: number) => chargeMore(permanent, bytes);
  const chargeString = (characters: number) => {
    if (characters > LARGE_STRING) chargeText(characters);
  };
  /**
   * Text decoded from bytes (TextDecoder, a body or a Blob read as text), at any length: an input of a few kilobytes
   * may be decoded as often as learner code likes, each time into a new string.
   */
  const chargeText = (characters: number) => {
    if (!(characters > 0)) return;
    fits(characters * 2);
    chargeForGood(characters * 2);
  };
  /** What the current invocation is charged for strings and BigInts it made (see chargeCopiedString). */
  let invocationBytes = 0;
  /** What cannot be watched for its collection but is likely let go soon (a copied string, a BigInt): until the invocation ends. */
  const chargeToInvocation = (bytes: number) => {
    fits(bytes);
    used += bytes;
    invocationBytes += bytes;
  };
  /**
   * A string copied by String's methods, `join` or JSON.stringify, of COPIED_STRING characters or more: charged to the
   * invocation that made it, and given back when that invocation ends (as init's are when init ends). A string cannot
   * be watched for its collection, and charged for good, what a warm function copies and drops on every invocation
   * would add up until it was ended for memory it no longer holds.
   */
  const chargeCopiedString = (text: unknown) => {
    if (typeof text === 'string' && stringLength(text) >= COPIED_STRING) chargeToInvocation(stringLength(text) * 2);
    return text;
  };
  // Many small allocations (learner code's allocation sites, small arrays and copies) are sampled: see
  // SITE_SAMPLE_BYTES. What is made adds up, and the allocation that passes the threshold carries the sum.
  const random = Math.random;
  let sitePending = 0;
  let siteThreshold = SITE_SAMPLE_BYTES;
  const sample = (made: unknown) => {
    const bytes = sitePending;
    sitePending = 0;
    siteThreshold = SITE_SAMPLE_BYTES * (0.5 + random());
    // A symbol made by Symbol() may be watched for its collection as an object may.
    if ((typeof made !== 'object' || made === null) && typeof made !== 'function' && typeof made !== 'symbol') return;
    fits(bytes);
    used += bytes;
    apply(register, released, [made, { bytes }]);
  };
  /** Adds `bytes` that `made` (an object or function) was just made with, or grew by, to the sample. */
  const site = (made: unknown, bytes: number) => {
    if (bytes > 0) {
      sitePending += bytes;
      if (sitePending >= siteThreshold) sample(made);
    }
    return made;
  };
  /** Gives back what a buffer was charged once it is detached (transferred away: its memory is the new buffer's). */
  const discharge = (target: unknown) => {
    const record = typeof target === 'object' && target !== null ? (apply(weakMapGet, charges, [target]) as { bytes: number } | undefined) : undefined;
    if (record && bufferLength(target) === 0) {
      used -= record.bytes;
      record.bytes = 0;
    }
  };
  /** An ArrayBuffer's length, or undefined for anything else (a fake with its prototype included). */
  const bufferLength = (value: unknown): number | undefined => {
    if (!(value instanceof OriginalArrayBuffer)) return undefined;
    try {
      return apply(byteLengthOf, value, []) as number;
    } catch {
      return undefined;
    }
  };
  /** The bytes a buffer, or a view over an unshared buffer, shows (read with the meter's own getters); else undefined. */
  const viewedBytes = (value: unknown): { buffer: ArrayBuffer; offset: number; length: number } | undefined => {
    const whole = bufferLength(value);
    if (whole !== undefined) return { buffer: value as ArrayBuffer, offset: 0, length: whole };
    if (!isView(value)) return undefined;
    const typed = isTypedArray(value);
    const buffer = apply(typed ? bufferOfView : bufferOfDataView, value, []) as ArrayBuffer;
    if (bufferLength(buffer) === undefined) return undefined;
    return { buffer, offset: apply(typed ? byteOffsetOfView : byteOffsetOfDataView, value, []) as number, length: apply(typed ? byteLengthOfView : byteLengthOfDataView, value, []) as number };
  };
  /** What a body or a Blob part copies: a string's UTF-8 (three bytes a character at most), a buffer's bytes. */
  const bodyBytes = (body: unknown) => (typeof body === 'string' ? stringLength(body) * 3 : (viewedBytes(body)?.length ?? 0));
  /** An own data property's value, read without running a getter: the meter runs no learner code of its own accord. */
  const ownValue = (owner: unknown, key: PropertyKey): unknown => {
    if ((typeof owner !== 'object' && typeof owner !== 'function') || owner === null) return undefined;
    const descriptor = getOwnPropertyDescriptor(owner, key);
    return descriptor && hasOwn(descriptor, 'value') ? descriptor.value : undefined;
  };
  /** Objects with no prototype, so that nothing learner code puts on Object.prototype configures what the meter makes. */
  const bare = <T extends object>(fields: T): T => {
    const object = create(null) as T;
    const keys = ownKeys(fields) as (keyof T)[];
    for (let i = 0; i < keys.length; i++) object[keys[i]!] = fields[keys[i]!];
    return object;
  };
  /** What a structuredClone or postMessage transfers (moves rather than copies): its list, read once, as the meter's own array. */
  const transferredBy = (option: unknown): unknown[] => {
    const list = isArray(option) ? option : ownValue(option, 'transfer');
    const items: unknown[] = [];
    if (isArray(list)) for (let i = 0; i < list.length; i++) items[i] = ownValue(list, i);
    return items;
  };

  /**
   * Walks what structured cloning `root` copies (as structuredClone and postMessage do), reporting each copy as it is
   * found: each object with what it holds itself (a small object's size, its slots and its short strings), each
   * ArrayBuffer, each long string (holder undefined). What `skip` lists is transferred, not copied. An original is
   * walked by its property descriptors, an own enumerable getter (which the clone calls) by what `accessor` says it
   * answers; a copy just made (no `accessor`), whose properties are all data, is read directly. `report` answers
   * false to stop. An object is reported before its entries are walked, so a walk against a budget stops early.
   */
  const walkClone = (root: unknown, skip: unknown[], report: (holder: object | undefined, bytes: number) => boolean, accessor?: (owner: object, key: PropertyKey, descriptor: PropertyDescriptor) => unknown) => {
    // A Set, not a WeakSet: it lives for one walk, and is several times faster.
    const seen = new OriginalSet<unknown>();
    for (let i = 0; i < skip.length; i++) apply(setAdd, seen, [skip[i]]);
    const pending: unknown[] = [root];
    let count = 1;
    /** Bytes of short strings the object being walked holds. */
    let held = 0;
    const entry = (value: unknown) => {
      if (typeof value === 'string') {
        if (stringLength(value) > LARGE_STRING) pending[count++] = value;
        else held += stringLength(value) * 2;
      } else if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
        pending[count++] = value;
      }
    };
    const mapEntry = (value: unknown, key: unknown) => (entry(key), entry(value));
    const property = accessor
      ? (owner: object, key: PropertyKey) => {
          const descriptor = getOwnPropertyDescriptor(owner, key);
          if (!descriptor) return;
          if (hasOwn(descriptor, 'value')) entry(descriptor.value);
          else if (descriptor.enumerable) entry(accessor(owner, key, descriptor));
        }
      : (owner: object, key: PropertyKey) => hasOwn(owner, key) && entry((owner as Record<PropertyKey, unknown>)[key]);
    while (count > 0) {
      const value = pending[--count];
      pending[count] = undefined;
      if (typeof value === 'string') {
        if (!report(undefined, stringLength(value) * 2)) return;
        continue;
      }
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null || apply(setHas, seen, [value])) continue;
      const node = value as object;
      apply(setAdd, seen, [node]);
      const bytes = bufferLength(node);
      if (bytes !== undefined) {
        if (!report(node, bytes)) return;
        continue;
      }
      // Shared memory and a Blob's bytes are shared by the copy, not copied.
      if (isShared(value)) continue;
      if (node instanceof OriginalBlob || typeof node === 'function') {
        if (!report(node, CLONED_OBJECT_BYTES)) return;
        continue;
      }
      if (isView(node)) {
        entry(isTypedArray(node) ? apply(bufferOfView, node, []) : apply(bufferOfDataView, node, []));
        if (!report(node, CLONED_OBJECT_BYTES)) return;
        continue;
      }
      held = 0;
      const mapEntries = node instanceof OriginalMap ? sizeOf(mapSize, node) : undefined;
      const setEntries = mapEntries === undefined && node instanceof OriginalSet ? sizeOf(setSize, node) : undefined;
      if (mapEntries !== undefined) {
        if (!report(node, CLONED_OBJECT_BYTES + mapEntries * MAP_ENTRY_BYTES)) return;
        apply(mapForEach, node, [mapEntry]);
      } else if (setEntries !== undefined) {
        if (!report(node, CLONED_OBJECT_BYTES + setEntries * SET_ENTRY_BYTES)) return;
        apply(setForEach, node, [entry]);
      } else if (isArray(node)) {
        const length = toNumber(ownValue(node, 'length'));
        if (!report(node, CLONED_OBJECT_BYTES + length * ARRAY_ELEMENT_BYTES)) return;
        for (let i = 0; i < length; i++) property(node, i);
      } else {
        // An object's keys are as many as it holds already: walked before it is reported, so that it is reported once.
        const keys = ownKeys(node);
        for (let i = 0; i < keys.length; i++) if (typeof keys[i] === 'string') property(node, keys[i]!);
        if (!report(node, CLONED_OBJECT_BYTES + keys.length * 2 * ARRAY_ELEMENT_BYTES + held)) return;
        held = 0;
      }
      if (held > 0 && !report(node, held)) return;
    }
  };
  /** A Map's or Set's size by its own getter, or undefined for a fake that only has the prototype. */
  const sizeOf = (getter: () => number, value: object): number | undefined => {
    try {
      return apply(getter, value, []) as number;
    } catch {
      return undefined;
    }
  };
  /**
   * Checks that a structured clone of `value` fits, counting only as far as the function's memory has room for, and
   * then runs `clone`. A getter the clone would call is called here instead, once, and what it answers stands in
   * its place as a data property until the clone is made: counted, it cannot answer the clone something larger (a
   * getter that answers the same long string ten thousand times is ten thousand copies). One that cannot be
   * redefined (non-configurable) is called again by the clone, and what it answers then is charged after.
   */
  const cloneWithin = <T>(value: unknown, transferred: unknown[], extraBytes: number, clone: (bytes: number) => T): T => {
    const redefined: { owner: object; key: PropertyKey; descriptor: PropertyDescriptor }[] = [];
    try {
      let total = extraBytes;
      const room = limitBytes - used;
      walkClone(value, transferred, (_holder, bytes) => (total += bytes) <= room, (owner, key, descriptor) => {
        const answer = descriptor.get ? apply(descriptor.get, owner, []) : undefined;
        if (descriptor.configurable) {
          defineProperty(owner, key, bare({ value: answer, writable: true, enumerable: true, configurable: true }));
          redefined[redefined.length] = { owner, key, descriptor: bare(descriptor) };
        }
        return answer;
      });
      fits(total);
      return clone(total);
    } finally {
      for (let i = 0; i < redefined.length; i++) defineProperty(redefined[i]!.owner, redefined[i]!.key, redefined[i]!.descriptor);
    }
  };
  /**
   * Charges a clone just made (structuredClone's result, a message's data) for every object and buffer in it. They
   * are all new, so each is charged without the checks `charge` makes of what was charged before; an array, reported
   * again for the short strings it holds, has its charge raised.
   */
  const chargeClone = (clone: unknown) => {
    walkClone(clone, [], (holder, bytes) => {
      if (!holder) return chargeString(bytes / 2), true;
      const existing = apply(weakMapGet, charges, [holder]) as { bytes: number } | undefined;
      fits(bytes);
      used += bytes;
      if (existing) existing.bytes += bytes;
      else {
        const record = { bytes };
        apply(weakMapSet, charges, [holder, record]);
        apply(register, released, [holder, record]);
      }
      return true;
    });
    return clone;
  };

  /** Puts `value` where the original was, as writable and configurable as it was (learner code may replace it). */
  const replace = (target: object, key: PropertyKey, value: unknown) => defineProperty(target, key, { ...getOwnPropertyDescriptor(target, key), value });
  /** Replaces a method by one that runs `before` on its arguments and `after` on its result. */
  const wrapMethod = (target: object | undefined, key: PropertyKey, after: (result: any, self: any, args: any[]) => unknown, before?: (self: any, args: any[]) => void) => {
    const descriptor = target && getOwnPropertyDescriptor(target, key);
    if (!descriptor || typeof descriptor.value !== 'function') return;
    const original = descriptor.value as (...args: unknown[]) => unknown;
    const wrapped = {
      [key as string](this: unknown, ...args: unknown[]) {
        before?.(this, args);
        return after(apply(original, this, args), this, args);
      },
    }[key as string]!;
    defineProperty(target, key, { ...descriptor, value: wrapped });
  };
  const afterPromise = (result: unknown) => (result instanceof PromiseCtor ? apply(then, result, [chargeHeld]) : result);
  /** A constructor that charges what it builds: the same class to `instanceof`, `extends` and its statics. */
  const wrapConstructor = (owner: Record<string, any>, name: string, before: (args: any[]) => any[], after: (built: any, args: any[]) => void) => {
    const Original = owner[name] as (new (...args: unknown[]) => object) | undefined;
    if (typeof Original !== 'function') return;
    const Wrapped: object = new ProxyCtor(Original, {
      construct(target, args, newTarget): object {
        const checked = before(args);
        // `new Wrapped` builds the original class; a learner's subclass of it keeps its own prototype.
        const built: object = construct(target, checked, newTarget === Wrapped ? target : newTarget);
        after(built, checked);
        return built;
      },
    });
    replace(Original.prototype, 'constructor', Wrapped);
    replace(owner, name, Wrapped);
  };
  const toLength = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'bigint' ? toNumber(value) : NaN);

  // ArrayBuffers.
  wrapConstructor(
    g,
    'ArrayBuffer',
    (args) => {
      // Converted once, here: a length whose valueOf answered differently a second time would go uncounted.
      const length = toNumber(args[0] ?? 0);
      fits(length);
      args[0] = length;
      return args;
    },
    chargeBuffer,
  );
  for (const method of ['slice', 'transfer', 'transferToFixedLength']) wrapMethod(OriginalArrayBuffer.prototype, method, chargeHeld);
  wrapMethod(OriginalArrayBuffer.prototype, 'resize', (result, self) => (chargeBuffer(self), result), (self, args) => {
    const current = apply(weakMapGet, charges, [self]) as { bytes: number } | undefined;
    fits(toNumber(args[0]) - (current?.bytes ?? 0));
  });

  // Typed arrays: a length is checked before it is allocated; a list, or a buffer from elsewhere, after.
  const typedArrays = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'];
  for (const name of typedArrays) {
    const elementBytes = (g[name] as { BYTES_PER_ELEMENT?: number } | undefined)?.BYTES_PER_ELEMENT ?? 8;
    wrapConstructor(
      g,
      name,
      (args) => {
        const source = args[0] as unknown;
        // A length, or a list's length; a buffer from elsewhere is charged as it is laid over. A list whose length
        // getter answers differently on a second read is charged only once built (the one check after the fact).
        const length = typeof source === 'object' && source !== null ? (source instanceof OriginalArrayBuffer ? NaN : toNumber((source as { length?: unknown }).length)) : toLength(source);
        if (length === length) fits(length * elementBytes);
        return args;
      },
      chargeHeld,
    );
    for (const method of ['fromBase64', 'fromHex']) wrapMethod(g[name], method, chargeHeld);
  }
  for (const method of ['slice', 'map', 'filter', 'toReversed', 'toSorted', 'with']) wrapMethod(TypedArray.prototype, method, chargeHeld);
  wrapConstructor(g, 'DataView', (args) => (chargeBuffer(args[0]), args), () => {});

  // WebAssembly memory made from JavaScript, and the buffers it hands out (already counted as the memory).
  const wasm = g.WebAssembly as Record<string, any> | undefined;
  if (wasm) {
    // The copies of a module's custom sections it hands out.
    wrapMethod(wasm.Module, 'customSections', (sections) => {
      if (isArray(sections)) for (let i = 0; i < sections.length; i++) chargeHeld(sections[i]);
      return sections;
    });
    const Memory = wasm.Memory as { prototype: object };
    const memoryBuffer = getOwnPropertyDescriptor(Memory.prototype, 'buffer')!.get!;
    defineProperty(Memory.prototype, 'buffer', {
      get() {
        const buffer = apply(memoryBuffer, this, []) as object;
        apply(weakSetAdd, known, [buffer]);
        return buffer;
      },
      configurable: true,
      enumerable: true,
    });
    const pages = (descriptor: any) => toNumber(descriptor?.initial ?? descriptor?.minimum ?? 0);
    // A shared memory's buffer is a SharedArrayBuffer (Chromium makes one even where the SharedArrayBuffer global
    // is withheld), whose size needs that class's own getter.
    const SharedBuffer = (() => {
      try {
        return getPrototypeOf(apply(memoryBuffer, new wasm.Memory({ initial: 0, maximum: 0, shared: true }), [])).constructor as new (...args: unknown[]) => object;
      } catch {
        return undefined;
      }
    })();
    const sharedByteLengthOf = SharedBuffer && getOwnPropertyDescriptor(SharedBuffer.prototype, 'byteLength')!.get!;
    const memoryBytes = (memory: object) => {
      const buffer = apply(memoryBuffer, memory, []) as object;
      return (buffer instanceof OriginalArrayBuffer || !sharedByteLengthOf ? apply(byteLengthOf, buffer, []) : apply(sharedByteLengthOf, buffer, [])) as number;
    };
    const chargeMemory = (memory: object) => charge(memory, memoryBytes(memory));
    // That buffer's class is reachable from its prototype even where the global is withheld, and makes shared
    // buffers of any size (and growable ones): it is counted as ArrayBuffer is. (An independent hostile corpus held
    // 1 GB in a 128 MB function through it.)
    if (SharedBuffer && sharedByteLengthOf) {
      const sharedPrototype = SharedBuffer.prototype;
      chargeShared = (buffer) => charge(buffer, apply(sharedByteLengthOf, buffer, []) as number);
      isShared = (value): value is object => value instanceof SharedBuffer;
      const owner: Record<string, any> = g.SharedArrayBuffer === SharedBuffer ? g : { SharedArrayBuffer: SharedBuffer };
      wrapConstructor(owner, 'SharedArrayBuffer', (args) => {
        const length = toNumber(args[0] ?? 0);
        fits(length);
        args[0] = length;
        return args;
      }, chargeBuffer);
      wrapMethod(sharedPrototype, 'slice', chargeHeld);
      wrapMethod(sharedPrototype, 'grow', (result, self) => (chargeBuffer(self), result), (self, args) => {
        const current = apply(weakMapGet, charges, [self]) as { bytes: number } | undefined;
        fits(toNumber(args[0]) - (current?.bytes ?? 0));
      });
    }
    wrapConstructor(wasm, 'Memory', (args) => (fits(pages(args[0]) * WASM_PAGE), args), chargeMemory);
    wrapMethod(Memory.prototype, 'grow', (result, self) => (chargeMemory(self), result), (self, args) => {
      // A memory made by a module is charged at its maximum already (below); one made here, page by page.
      if (apply(weakMapGet, charges, [self])) fits(toNumber(args[0]) * WASM_PAGE);
    });

    // Tables made from JavaScript, element by element, checked before they are made or grown. (A table a module
    // defines is charged at its maximum with the module's memory, below.)
    const Table = wasm.Table as { prototype: object } | undefined;
    const tableLength = Table && getOwnPropertyDescriptor(Table.prototype, 'length')?.get;
    if (Table && tableLength) {
      const chargeTable = (table: object) => charge(table, (apply(tableLength, table, []) as number) * TABLE_ELEMENT_BYTES);
      const madeHere = (table: unknown) => typeof table === 'object' && table !== null && apply(weakMapGet, charges, [table]) !== undefined;
      wrapConstructor(wasm, 'Table', (args) => (fits(toNumber(args[0]?.initial ?? args[0]?.minimum ?? 0) * TABLE_ELEMENT_BYTES), args), chargeTable);
      wrapMethod(Table.prototype, 'grow', (result, self) => (madeHere(self) && chargeTable(self), result), (self, args) => madeHere(self) && fits(toNumber(args[0]) * TABLE_ELEMENT_BYTES));
    }

    // Memory a module defines for itself grows from inside WebAssembly: it is charged at its maximum up front.
    const declared = new WeakMap<object, number>();
    const declaredBy = (module: unknown) => (typeof module === 'object' && module !== null ? ((apply(weakMapGet, declared, [module]) as number | undefined) ?? 0) : 0);
    const bytesOf = (source: unknown) => {
      if (source instanceof OriginalArrayBuffer) return new OriginalUint8Array(source);
      if (!isView(source)) return undefined;
      const buffer = (isTypedArray(source) ? apply(bufferOfView, source, []) : apply(bufferOfDataView, source, [])) as ArrayBuffer;
      return new OriginalUint8Array(buffer, (source as ArrayBufferView).byteOffset, (source as ArrayBufferView).byteLength);
    };
    const noteModule = (module: object, source: unknown) => {
      const bytes = bytesOf(source);
      if (bytes) {
        apply(weakMapSet, declared, [module, definedMemoryBytes(bytes) + definedTableBytes(bytes)]);
        // A module keeps its bytes and the code compiled from them.
        charge(module, bytes.length * MODULE_BYTES_PER_BYTE);
      }
      return module;
    };
    wrapConstructor(wasm, 'Module', (args) => args, (module, args) => noteModule(module, args[0]));
    wrapConstructor(wasm, 'Instance', (args) => (fits(declaredBy(args[0])), args), (instance, args) => charge(instance, declaredBy(args[0])));
    const compile = wasm.compile as (source: unknown) => Promise<object>;
    const instantiate = wasm.instantiate as (source: unknown, imports?: unknown) => Promise<any>;
    replace(wasm, 'compile', {
      compile(source: unknown) {
        return apply(then, apply(compile, wasm, [source]), [(module: object) => noteModule(module, source)]);
      },
    }.compile);
    replace(wasm, 'instantiate', {
      instantiate(source: unknown, imports?: unknown) {
        const bytes = bytesOf(source);
        const reserved = bytes ? definedMemoryBytes(bytes) + definedTableBytes(bytes) : declaredBy(source);
        fits(reserved);
        return apply(then, apply(instantiate, wasm, [source, imports]), [
          (result: any) => {
            charge(bytes ? result.instance : result, reserved);
            if (bytes) noteModule(result.module, source);
            return result;
          },
        ]);
      },
    }.instantiate);
    // Streaming compilation reads a Response the meter would have to follow; Lambda handlers have no use for it.
    for (const name of ['compileStreaming', 'instantiateStreaming']) delete wasm[name];
  }

  // Structured clones: what is copied is checked before (as far as data properties show it) and charged after, object
  // by object, so a part kept after the rest is dropped stays counted. A buffer transferred away is given back.
  const originalClone = g.structuredClone as ((value: unknown, options?: unknown) => unknown) | undefined;
  if (typeof originalClone === 'function') {
    replace(g, 'structuredClone', {
      structuredClone(...args: unknown[]) {
        const transferred = transferredBy(args[1]);
        const clone = cloneWithin(args[0], transferred, 0, () => apply(originalClone, g, args));
        for (let i = 0; i < transferred.length; i++) transferAway(transferred[i]);
        return chargeClone(clone);
      },
    }.structuredClone);
  }

  // Messages over a MessageChannel wait, cloned, in the receiving port's queue until they are delivered, or for good
  // if that port is never started: each is charged to the receiving port from when it is posted until it is delivered
  // (its data is then charged as a clone), and given back if the port is closed or collected. A message to a port the
  // meter cannot follow (one that was itself transferred) is charged for good.
  const MessagePortClass = g.MessagePort as { prototype: Record<string, any> } | undefined;
  /** Transferring a port moves it, with its queue, to an object the meter cannot follow. */
  let transferPort = (_port: object) => {};
  if (typeof g.MessageChannel === 'function' && MessagePortClass) {
    const channelPort = (name: string) => getOwnPropertyDescriptor(g.MessageChannel.prototype, name)?.get;
    const port1Of = channelPort('port1');
    const port2Of = channelPort('port2');
    const listen = MessagePortClass.prototype.addEventListener as (type: string, listener: (event: object) => void) => void;
    const messageData = g.MessageEvent && getOwnPropertyDescriptor(g.MessageEvent.prototype, 'data')?.get;
    const post = MessagePortClass.prototype.postMessage as (...args: unknown[]) => void;
    type Queue = { bytes: number; sizes: Record<number, number>; first: number; next: number };
    const partners = new WeakMap<object, object>();
    const queues = new WeakMap<object, Queue>();
    /** Closed ports and ports transferred away: what they post goes nowhere. */
    const silent = new OriginalWeakSet<object>();
    const lost = new OriginalWeakSet<object>();
    const queueAt = (port: object) => {
      let queue = apply(weakMapGet, queues, [port]) as Queue | undefined;
      if (!queue) {
        queue = { bytes: 0, sizes: create(null) as Record<number, number>, first: 0, next: 0 };
        apply(weakMapSet, queues, [port, queue]);
        apply(register, released, [port, queue]);
      }
      return queue;
    };
    const emptyQueue = (port: object) => {
      const queue = apply(weakMapGet, queues, [port]) as Queue | undefined;
      if (!queue) return 0;
      const bytes = queue.bytes;
      used -= bytes;
      queue.bytes = 0;
      queue.sizes = create(null) as Record<number, number>;
      queue.first = queue.next;
      return bytes;
    };
    const follow = (port: object) => {
      const delivered = () => {
        const queue = apply(weakMapGet, queues, [port]) as Queue | undefined;
        if (!queue || queue.first === queue.next) return;
        const bytes = queue.sizes[queue.first]!;
        delete queue.sizes[queue.first++];
        queue.bytes -= bytes;
        used -= bytes;
      };
      apply(listen, port, ['message', (event: object) => (delivered(), chargeClone(messageData ? apply(messageData, event, []) : ownValue(event, 'data')))]);
      apply(listen, port, ['messageerror', delivered]);
    };
    wrapConstructor(g, 'MessageChannel', (args) => args, (channel) => {
      const port1 = (port1Of ? apply(port1Of, channel, []) : ownValue(channel, 'port1')) as object;
      const port2 = (port2Of ? apply(port2Of, channel, []) : ownValue(channel, 'port2')) as object;
      apply(weakMapSet, partners, [port1, port2]);
      apply(weakMapSet, partners, [port2, port1]);
      follow(port1);
      follow(port2);
      site(channel, CHANNEL_BYTES);
    });
    wrapConstructor(g, 'BroadcastChannel', (args) => args, (channel) => void site(channel, CHANNEL_BYTES));
    transferPort = (port) => {
      if (!apply(weakMapGet, partners, [port]) || apply(weakSetHas, lost, [port])) return;
      apply(weakSetAdd, lost, [port]);
      apply(weakSetAdd, silent, [port]);
      chargeForGood(emptyQueue(port));
    };
    replace(MessagePortClass.prototype, 'postMessage', {
      postMessage(this: object, ...args: unknown[]) {
        const transferred = transferredBy(args[1]);
        let bytes = 0;
        const result = cloneWithin(args[0], transferred, QUEUED_MESSAGE_BYTES, (estimate) => ((bytes = estimate), apply(post, this, args)));
        for (let i = 0; i < transferred.length; i++) transferAway(transferred[i]);
        const receiver = typeof this === 'object' && this !== null ? (apply(weakMapGet, partners, [this]) as object | undefined) : undefined;
        if (!receiver || apply(weakSetHas, lost, [receiver])) chargeForGood(bytes);
        else if (!apply(weakSetHas, silent, [this]) && !apply(weakSetHas, silent, [receiver])) {
          const queue = queueAt(receiver);
          queue.sizes[queue.next++] = bytes;
          queue.bytes += bytes;
          used += bytes;
        }
        return result;
      },
    }.postMessage);
    wrapMethod(MessagePortClass.prototype, 'close', (result) => result, (self) => {
      if (typeof self !== 'object' || self === null) return;
      apply(weakSetAdd, silent, [self]);
      emptyQueue(self);
    });
  }
  /** After a clone or a message: what it transferred (a buffer, a port) has moved. */
  const transferAway = (item: unknown) => {
    if (typeof item !== 'object' || item === null) return;
    discharge(item);
    transferPort(item);
  };

  // Streams whose chunks are made in the browser, not by learner code: each chunk is charged as it passes, before
  // the learner or a native consumer (a Response reading a stream to its end) holds it. The stream the learner gets
  // is the meter's own, pulling from the browser's one chunk at a time, and only when read.
  const OriginalReadableStream = g.ReadableStream as (new (source: object, strategy: object) => object) | undefined;
  const OriginalWritableStream = g.WritableStream as (new (sink: object, strategy: object) => object) | undefined;
  if (OriginalReadableStream && OriginalWritableStream) {
    const getReader = g.ReadableStream.prototype.getReader as () => object;
    const cancelStream = g.ReadableStream.prototype.cancel as (reason: unknown) => Promise<void>;
    const read = g.ReadableStreamDefaultReader.prototype.read as () => Promise<{ done: boolean; value: unknown }>;
    const cancelRead = g.ReadableStreamDefaultReader.prototype.cancel as (reason: unknown) => Promise<void>;
    const enqueue = g.ReadableStreamDefaultController.prototype.enqueue as (chunk: unknown) => void;
    const closeQueue = g.ReadableStreamDefaultController.prototype.close as () => void;
    const getWriter = g.WritableStream.prototype.getWriter as () => object;
    const write = g.WritableStreamDefaultWriter.prototype.write as (chunk: unknown) => Promise<void>;
    const closeWriter = g.WritableStreamDefaultWriter.prototype.close as () => Promise<void>;
    const abortWriter = g.WritableStreamDefaultWriter.prototype.abort as (reason: unknown) => Promise<void>;
    /** A chunk made in the browser: a buffer or a view is charged as any buffer is, a long string for good. */
    const chargeChunk = (chunk: unknown) => (typeof chunk === 'string' ? (chargeText(stringLength(chunk)), chunk) : chargeHeld(chunk));
    const metered = (source: object, chargeEach: (chunk: unknown) => unknown = chargeChunk): object => {
      let reader: object | undefined;
      return new OriginalReadableStream(
        bare({
          pull: (controller: object) => {
            reader ??= apply(getReader, source, []) as object;
            return apply(then, apply(read, reader, []), [(step: { done: boolean; value: unknown }) => (ownValue(step, 'done') ? apply(closeQueue, controller, []) : apply(enqueue, controller, [chargeEach(ownValue(step, 'value'))]))]);
          },
          cancel: (reason: unknown) => (reader ? apply(cancelRead, reader, [reason]) : apply(cancelStream, source, [reason])),
        }),
        bare({ highWaterMark: 0 }),
      );
    };
    /**
     * A learner's stream handed to a Response or Request, which copies every chunk into its body (the same chunk
     * enqueued a million times is a million copies): each is charged again as it is read, to the stream, which the
     * body holds until it is read.
     */
    const meteredCopies = (source: object) => {
      const copies = {};
      const stream = metered(source, (chunk) => (chargeMore(copies, viewedBytes(chunk)?.length ?? 0), chunk));
      return { stream, copies };
    };

    // Bodies: a Response or Request copies its body when made, and makes every read a copy again.
    const heldCopies = new WeakMap<object, object>();
    /** What a Response or Request holds of the learner's strings besides its body: its headers, and its status text or URL. */
    const textsHeldBy = (name: 'Response' | 'Request', textKey: 'statusText' | 'url') => {
      const headersOf = getOwnPropertyDescriptor(g[name].prototype, 'headers')?.get;
      const textOf = getOwnPropertyDescriptor(g[name].prototype, textKey)?.get;
      return (message: object) => {
        let bytes = textOf ? textBytes(apply(textOf, message, [])) : 0;
        const headers = headersOf && (apply(headersOf, message, []) as object);
        if (headers && headersForEach) apply(headersForEach, headers, [(value: unknown, key: unknown) => void (bytes += textBytes(value) + textBytes(key))]);
        return bytes;
      };
    };
    const textsHeldByResponse = textsHeldBy('Response', 'statusText');
    const textsHeldByRequest = textsHeldBy('Request', 'url');
    wrapConstructor(
      g,
      'Response',
      (args) => {
        if (args[0] instanceof OriginalReadableStream) {
          const { stream, copies } = meteredCopies(args[0]);
          args[0] = stream;
          args[2] = copies;
        } else {
          fits(bodyBytes(args[0]));
        }
        return args;
      },
      (response, args) => {
        if (args[2]) apply(weakMapSet, heldCopies, [response, args[2]]);
        else charge(response, bodyBytes(args[0]));
        chargeMore(response, textsHeldByResponse(response));
      },
    );
    wrapConstructor(
      g,
      'Request',
      (args) => {
        const body = ownValue(args[1], 'body');
        if (body instanceof OriginalReadableStream) {
          // The learner's options, seen through an object of the meter's that gives the metered stream as the body.
          const { stream, copies } = meteredCopies(body);
          args[1] = create(args[1] as object, bare({ body: bare({ value: stream, enumerable: true }) }));
          args[2] = copies;
        } else {
          fits(bodyBytes(body));
        }
        return args;
      },
      (request, args) => {
        if (args[2]) apply(weakMapSet, heldCopies, [request, args[2]]);
        else charge(request, bodyBytes(ownValue(args[1], 'body')));
        chargeMore(request, textsHeldByRequest(request));
      },
    );
    const afterText = (result: unknown) => (result instanceof PromiseCtor ? apply(then, result, [(text: string) => (chargeText(stringLength(text)), text)]) : result);
    const afterClone = (result: unknown) => (result instanceof PromiseCtor ? apply(then, result, [chargeClone]) : result);
    const afterBlob = (result: unknown) => (result instanceof PromiseCtor ? apply(then, result, [(blob: object) => (charge(blob, apply(blobSize, blob, []) as number), blob)]) : result);
    const formDataForEach = g.FormData?.prototype.forEach as ((each: (value: unknown) => void) => void) | undefined;
    const chargeFormEntry = (value: unknown) => (typeof value === 'string' ? chargeText(stringLength(value)) : value instanceof OriginalBlob && charge(value, apply(blobSize, value, []) as number));
    const afterFormData = (result: unknown) => (result instanceof PromiseCtor && formDataForEach ? apply(then, result, [(form: object) => (apply(formDataForEach, form, [chargeFormEntry]), form)]) : result);
    for (const name of ['Response', 'Request']) {
      const prototype = g[name]?.prototype as object | undefined;
      const body = prototype && getOwnPropertyDescriptor(prototype, 'body');
      if (!prototype || !body?.get) continue;
      const nativeBody = body.get;
      const meteredBodies = new WeakMap<object, object>();
      defineProperty(prototype, 'body', {
        ...body,
        get() {
          const stream = apply(nativeBody, this, []) as object | null;
          if (stream === null) return stream;
          let mine = apply(weakMapGet, meteredBodies, [this]) as object | undefined;
          if (!mine) apply(weakMapSet, meteredBodies, [this, (mine = metered(stream))]);
          return mine;
        },
      });
      wrapMethod(prototype, 'text', afterText);
      wrapMethod(prototype, 'json', afterClone);
      wrapMethod(prototype, 'blob', afterBlob);
      wrapMethod(prototype, 'formData', afterFormData);
    }
    wrapMethod(OriginalBlob.prototype, 'text', afterText);
    wrapMethod(OriginalBlob.prototype, 'stream', (stream) => metered(stream));

    // Transform streams made by the browser: what they give out is charged as it passes, and a decompression's input
    // is fed a piece at a time, since the browser inflates all of a written chunk at once (a kilobyte of deflate
    // inflates to a megabyte at most).
    const pieceWriter = (target: object): object => {
      let writer: object | undefined;
      const writerOf = () => (writer ??= apply(getWriter, target, []) as object);
      return new OriginalWritableStream(
        bare({
          write: async (chunk: unknown) => {
            const bytes = viewedBytes(chunk);
            if (!bytes || bytes.length <= DECOMPRESSION_PIECE) return apply(write, writerOf(), [chunk]);
            for (let at = 0; at < bytes.length; at += DECOMPRESSION_PIECE) {
              const piece = bytes.length - at < DECOMPRESSION_PIECE ? bytes.length - at : DECOMPRESSION_PIECE;
              await apply(write, writerOf(), [new OriginalUint8Array(bytes.buffer, bytes.offset + at, piece)]);
            }
          },
          close: () => apply(closeWriter, writerOf(), []),
          abort: (reason: unknown) => apply(abortWriter, writerOf(), [reason]),
        }),
        bare({ highWaterMark: 1 }),
      );
    };
    const meterSide = (name: string, side: 'readable' | 'writable', make: (native: object) => object) => {
      const prototype = g[name]?.prototype as object | undefined;
      const descriptor = prototype && getOwnPropertyDescriptor(prototype, side);
      if (!prototype || !descriptor?.get) return;
      const nativeSide = descriptor.get;
      const made = new WeakMap<object, object>();
      defineProperty(prototype, side, {
        ...descriptor,
        get() {
          let mine = apply(weakMapGet, made, [this]) as object | undefined;
          if (!mine) apply(weakMapSet, made, [this, (mine = make(apply(nativeSide, this, []) as object))]);
          return mine;
        },
      });
    };
    for (const name of ['CompressionStream', 'DecompressionStream', 'TextDecoderStream', 'TextEncoderStream']) meterSide(name, 'readable', (native) => metered(native));
    meterSide('DecompressionStream', 'writable', pieceWriter);
  }

  // Blobs, and bodies read as bytes. A Blob is checked before it is made, by its parts, when they are given as a list.
  const partsBytes = (parts: unknown) => {
    let total = 0;
    if (isArray(parts)) for (let i = 0; i < parts.length; i++) total += bodyBytes(ownValue(parts, i));
    return total;
  };
  wrapConstructor(g, 'Blob', (args) => (fits(partsBytes(args[0])), args), (blob) => charge(blob, apply(blobSize, blob, []) as number));
  wrapConstructor(g, 'File', (args) => (fits(partsBytes(args[0])), args), (blob) => charge(blob, apply(blobSize, blob, []) as number));
  for (const name of ['Blob', 'Response', 'Request']) {
    for (const method of ['arrayBuffer', 'bytes']) wrapMethod(g[name]?.prototype, method, afterPromise);
  }
  wrapMethod(g.TextEncoder?.prototype, 'encode', chargeHeld);
  // A decoded string is as long as its bytes at most, at two bytes a character: a long one is checked before, and
  // every one is charged for good after.
  wrapMethod(g.TextDecoder?.prototype, 'decode', (text) => (chargeText(stringLength(text)), text), (_self, args) => {
    const bytes = viewedBytes(args[0])?.length ?? 0;
    if (bytes > LARGE_STRING) fits(bytes * 2);
  });

  // Strings the browser copies into objects of its own: form and query entries, headers and URLs, charged to the
  // object by what each call adds (checked before) or takes away. A name or value that is not a string is made one
  // here, once, as the browser would make it one, so that what is counted is what is copied.
  const textBytes = (value: unknown) => (typeof value === 'string' ? stringLength(value) * 2 : 0);
  const asText = (value: unknown) => `${value as string}`;
  /** Raises or lowers what `target` is charged by `bytes`. */
  const chargeChange = (target: object, bytes: number) => {
    if (bytes > 0) return chargeMore(target, bytes);
    const record = apply(weakMapGet, charges, [target]) as { bytes: number } | undefined;
    if (!record) return;
    const given = -bytes < record.bytes ? -bytes : record.bytes;
    record.bytes -= given;
    used -= given;
  };
  for (const name of ['FormData', 'URLSearchParams', 'Headers']) {
    const prototype = g[name]?.prototype as Record<string, (...args: unknown[]) => unknown> | undefined;
    if (!prototype) continue;
    // Headers gives all the values of a name as one, joined; the others as a list.
    const valuesOf = name === 'Headers' ? prototype.get! : prototype.getAll!;
    /** What the entries of a name hold now. */
    const held = (self: object, key: string) => {
      const values = apply(valuesOf, self, [key]);
      if (typeof values === 'string') return textBytes(key) + textBytes(values);
      let bytes = 0;
      if (isArray(values)) for (let i = 0; i < values.length; i++) bytes += textBytes(key) + textBytes(ownValue(values, i));
      return bytes;
    };
    /** Makes a name and a value strings (a FormData's value may be a Blob), leaving too few arguments for the browser to refuse. */
    const asTexts = (args: unknown[]) => {
      if (args.length < 2) return;
      args[0] = asText(args[0]);
      if (!(name === 'FormData' && args[1] instanceof OriginalBlob)) args[1] = asText(args[1]);
    };
    const wrapEntries = (method: string, change: (self: object, args: unknown[]) => number) => {
      const original = prototype[method];
      if (typeof original !== 'function') return;
      replace(prototype, method, {
        [method](this: object, ...args: unknown[]) {
          const bytes = change(this, args);
          fits(bytes);
          const result = apply(original, this, args);
          chargeChange(this, bytes);
          return result;
        },
      }[method]);
    };
    wrapEntries('append', (_self, args) => (asTexts(args), textBytes(args[0]) + textBytes(args[1])));
    wrapEntries('set', (self, args) => (asTexts(args), args.length < 2 ? 0 : textBytes(args[0]) + textBytes(args[1]) - held(self, args[0] as string)));
    wrapEntries('delete', (self, args) => (args.length < 1 ? 0 : -held(self, (args[0] = asText(args[0])) as string)));
  }
  // What a query string or headers given whole hold is read back once they are made.
  const searchText = g.URLSearchParams?.prototype.toString as (() => string) | undefined;
  if (searchText) {
    wrapConstructor(g, 'URLSearchParams', (args) => (fits(textBytes(args[0])), args), (params) => charge(params, textBytes(apply(searchText, params, []))));
  }
  const headersForEach = g.Headers?.prototype.forEach as ((each: (value: unknown, key: unknown) => void) => void) | undefined;
  if (headersForEach) {
    wrapConstructor(g, 'Headers', (args) => args, (headers) => {
      let bytes = 0;
      apply(headersForEach, headers, [(value: unknown, key: unknown) => void (bytes += textBytes(value) + textBytes(key))]);
      charge(headers, bytes);
    });
  }
  // A URL holds its serialisation (its href), which its setters change: charged by its length whenever it grows.
  const URLClass = g.URL as ({ prototype: object; parse?: (...args: unknown[]) => unknown } & Record<string, unknown>) | undefined;
  const hrefOf = URLClass && getOwnPropertyDescriptor(URLClass.prototype, 'href')?.get;
  if (URLClass && hrefOf) {
    const chargeURL = (url: unknown) => (typeof url === 'object' && url !== null && charge(url, textBytes(apply(hrefOf, url, []))), url);
    wrapConstructor(g, 'URL', (args) => (fits(textBytes(args[0]) + textBytes(args[1])), args), chargeURL);
    wrapMethod(URLClass, 'parse', chargeURL, (_self, args) => fits(textBytes(args[0]) + textBytes(args[1])));
    for (const part of ['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash']) {
      const descriptor = getOwnPropertyDescriptor(URLClass.prototype, part);
      const set = descriptor?.set;
      if (!set) continue;
      defineProperty(URLClass.prototype, part, {
        ...descriptor,
        set(this: object, value: unknown) {
          const text = asText(value);
          fits(textBytes(text) * 3);
          apply(set, this, [text]);
          chargeURL(this);
        },
      });
    }
  }

  // Heap: the usual ways to hoard. A collection is charged by its length in steps of HEAP_STEP entries, at a slot
  // an entry and a small object's size more when its entries are objects (what an object holds beyond that is not
  // seen, but how many there are is bounded); a large string from repeat or padding is charged for good, since a
  // string cannot be watched for its collection.
  const chargeCollection = (collection: object, entries: number, entryBytes: number) => {
    if (entries > HEAP_STEP) charge(collection, (entries + HEAP_STEP) * entryBytes);
  };
  /** A collection just made: charged whole when large, sampled when small (many small copies add up as well). */
  const chargeMade = (collection: unknown, entries: number, entryBytes: number) => {
    if (typeof collection !== 'object' || collection === null) return collection;
    if (entries > HEAP_STEP) chargeCollection(collection, entries, entryBytes);
    else site(collection, SMALL_OBJECT_BYTES + entries * entryBytes);
    return collection;
  };
  /** What one more entry like `sample` costs: its slot, and a small object's own size if it is one. */
  const entryBytes = (slot: number, sample: unknown) => slot + ((typeof sample === 'object' && sample !== null) || typeof sample === 'function' ? SMALL_OBJECT_BYTES : 0);
  const arrayLength = (self: unknown) => (self !== null && typeof self === 'object' ? toNumber((self as unknown[]).length) : 0);
  wrapMethod(Array.prototype, 'fill', (result) => result, (self) => chargeCollection(self, arrayLength(self), ARRAY_ELEMENT_BYTES));
  /** How far ahead each small collection grown is charged: a queue that shrinks and grows again is not charged again. */
  const grownTo = new WeakMap<object, number>();
  const clz32 = Math.clz32;
  /**
   * A collection grown to `length` entries by `added`: once a step, not every call, so growing stays cheap. A large one
   * every HEAP_STEP entries; a small one, each time its length passes a power of two (about when V8 grows its store,
   * by half again and 16), up to twice that length: what its store will take, sampled.
   */
  const chargeGrowth = (collection: unknown, length: number, added: number, entry: number) => {
    if (length > HEAP_STEP) {
      if (length % HEAP_STEP < added + 1) chargeCollection(collection as object, length, entry);
    } else if (clz32(length) < clz32(length - added) && typeof collection === 'object' && collection !== null) {
      const chargedTo = (apply(weakMapGet, grownTo, [collection]) as number | undefined) ?? 0;
      const ahead = length < 16 ? 16 : 2 * length;
      if (ahead > chargedTo) {
        apply(weakMapSet, grownTo, [collection, ahead]);
        site(collection, (ahead - chargedTo) * entry);
      }
    }
  };
  for (const method of ['push', 'unshift']) {
    const original = Array.prototype[method as 'push'] as (...items: unknown[]) => number;
    replace(Array.prototype, method, {
      [method](this: unknown[], ...items: unknown[]) {
        chargeGrowth(this, arrayLength(this) + items.length, items.length, entryBytes(ARRAY_ELEMENT_BYTES, items[0]));
        return apply(original, this, items);
      },
    }[method]);
  }
  wrapMethod(Array, 'from', (result) => chargeMade(result, arrayLength(result), ARRAY_ELEMENT_BYTES), (_self, args) => {
    const source = args[0] as { length?: unknown } | null | undefined;
    if (typeof source === 'object' && source !== null) fits(toNumber(source.length) * ARRAY_ELEMENT_BYTES);
  });
  // Arrays copied from others, charged by their length once made: a slot an entry (the entries are the original's),
  // and a small object's size more for `map` and `flatMap` when their callback makes objects. `concat` checks first
  // what it will copy: the arrays it joins.
  const chargeCopy = (result: unknown) => (isArray(result) ? chargeMade(result, arrayLength(result), ARRAY_ELEMENT_BYTES) : result);
  const chargeMapped = (result: unknown) => (isArray(result) ? chargeMade(result, arrayLength(result), entryBytes(ARRAY_ELEMENT_BYTES, ownValue(result, 0))) : result);
  for (const method of ['slice', 'flat', 'filter', 'toSorted', 'toReversed', 'toSpliced', 'with']) wrapMethod(Array.prototype, method, chargeCopy);
  // `splice` makes an array of what it removes, and grows its array by what it inserts beyond that.
  wrapMethod(Array.prototype, 'splice', chargeCopy, (self, args) => {
    const length = arrayLength(self);
    // A count that is not a number is converted by splice itself, once: taken as nothing removed here.
    let removed = args.length >= 2 && typeof args[1] === 'number' && args[1] > 0 ? args[1] : 0;
    if (removed > length) removed = length;
    const added = args.length - 2 - removed;
    if (added > 0) chargeGrowth(self, length + added, added, entryBytes(ARRAY_ELEMENT_BYTES, args[2]));
  });
  for (const method of ['map', 'flatMap']) wrapMethod(Array.prototype, method, chargeMapped);
  wrapMethod(String.prototype, 'split', chargeCopy);
  // What JSON.parse builds from a text of COPIED_STRING characters or more is charged to what it returns, by the
  // text's length, checked before. Walked object by object as a clone is, a 4 KB text took 8 times as long to parse.
  const originalParse = JSON.parse;
  replace(JSON, 'parse', {
    parse(...args: unknown[]) {
      const bytes = typeof args[0] === 'string' && stringLength(args[0]) >= COPIED_STRING ? stringLength(args[0]) * PARSED_BYTES_PER_CHARACTER : 0;
      fits(bytes);
      const result = apply(originalParse, JSON, args);
      if (bytes > 0 && typeof result === 'object' && result !== null) charge(result, bytes);
      // A shorter text's, sampled: ten small objects parsed are ten objects made.
      else if (typeof args[0] === 'string') site(result, stringLength(args[0]) * PARSED_BYTES_PER_CHARACTER);
      return result;
    },
  }.parse);
  wrapMethod(Array.prototype, 'concat', chargeCopy, (self, args) => {
    let length = arrayLength(self);
    for (let i = 0; i < args.length; i++) length += isArray(args[i]) ? arrayLength(args[i]) : 1;
    fits(length * ARRAY_ELEMENT_BYTES);
  });
  // Maps and Sets, as arrays grow (`new Map(entries)` adds each entry through `set`): a thousand Maps of a thousand
  // entries each are as much as one of a million.
  wrapMethod(Map.prototype, 'set', (result) => result, (self, args) => chargeGrowth(self, (apply(mapSize, self, []) as number) + 1, 1, entryBytes(MAP_ENTRY_BYTES, args[1])));
  wrapMethod(Set.prototype, 'add', (result) => result, (self, args) => chargeGrowth(self, (apply(setSize, self, []) as number) + 1, 1, entryBytes(SET_ENTRY_BYTES, args[0])));
  // Weak collections' entries and a registry's cells, carried by the key or target they last as long as.
  const chargeWeakEntry = (_self: unknown, args: unknown[]) => void site(args[0], WEAK_ENTRY_BYTES);
  wrapMethod(WeakMap.prototype, 'set', (result) => result, chargeWeakEntry);
  wrapMethod(WeakSet.prototype, 'add', (result) => result, chargeWeakEntry);
  wrapMethod(FinalizationRegistry.prototype, 'register', (result) => result, chargeWeakEntry);
  wrapMethod(Array, 'of', chargeCopy);
  // An object made with properties described: each a property.
  wrapMethod(Object, 'create', (made, _self, args) => (args[1] === undefined ? site(made, SMALL_OBJECT_BYTES) : site(made, SMALL_OBJECT_BYTES + ownKeys(made as object).length * PROPERTY_BYTES)));
  // Strings longer than LARGE_STRING from repeat and padding are charged for good before they are made; shorter
  // ones, and every copy of COPIED_STRING characters or more, to the invocation.
  const chargeShorterCopy = (result: unknown) => (typeof result === 'string' && stringLength(result) <= LARGE_STRING ? chargeCopiedString(result) : result);
  wrapMethod(String.prototype, 'repeat', chargeShorterCopy, (self, args) => chargeString(stringLength(toText(self)) * toNumber(args[0])));
  for (const method of ['padStart', 'padEnd']) wrapMethod(String.prototype, method, chargeShorterCopy, (_self, args) => chargeString(toNumber(args[0])));
  // A copy as long as the string it is made from is checked before it is made.
  for (const method of ['toUpperCase', 'toLowerCase', 'toLocaleUpperCase', 'toLocaleLowerCase', 'normalize', 'replace', 'replaceAll', 'concat']) {
    wrapMethod(String.prototype, method, chargeCopiedString, (self) => typeof self === 'string' && fits(stringLength(self) * 2));
  }
  // A string that is already well formed comes back as it is, uncopied (and code that checks what it is given, as
  // Node's FormData does, calls this on every string).
  wrapMethod(String.prototype, 'toWellFormed', (result, self) => (result === self ? result : chargeCopiedString(result)));
  // The global functions that copy a string: encoding a URI component makes up to three characters of one, base64
  // four of three.
  for (const name of ['encodeURIComponent', 'encodeURI', 'decodeURIComponent', 'decodeURI', 'escape', 'unescape', 'btoa', 'atob']) wrapMethod(g, name, chargeCopiedString);
  wrapMethod(Array.prototype, 'join', chargeCopiedString);
  wrapMethod(JSON, 'stringify', chargeCopiedString);
  wrapMethod(String, 'raw', chargeCopiedString);
  for (const method of ['join', 'toLocaleString']) wrapMethod(TypedArray.prototype, method, chargeCopiedString);
  // A query string serialised anew on each call.
  wrapMethod(g.URLSearchParams?.prototype as object | undefined, 'toString', chargeCopiedString);
  // The disposers a DisposableStack keeps until it is disposed, each carried by the stack (sampled).
  for (const Stack of [g.DisposableStack, g.AsyncDisposableStack] as ({ prototype: object } | undefined)[]) {
    for (const method of ['defer', 'use', 'adopt']) wrapMethod(Stack?.prototype, method, (result) => result, (self) => void site(self, DISPOSER_BYTES));
  }
  // Accessors added the old way, as Object.defineProperty adds them.
  for (const method of ['__defineGetter__', '__defineSetter__']) {
    wrapMethod(Object.prototype, method, (result) => result, (self, args) => {
      if ((typeof self === 'object' && self !== null) || typeof self === 'function') chargeWrite(self as object, args[0]);
    });
  }
  // A typed array's view of part of its buffer is an object of its own; the buffer is charged already.
  wrapMethod(TypedArray.prototype, 'subarray', (view) => site(view, VIEW_BYTES));
  // A Set's union and its kin make a Set natively, not through `add`.
  for (const method of ['union', 'intersection', 'difference', 'symmetricDifference']) {
    wrapMethod(Set.prototype, method, (made) => chargeMade(made, made instanceof OriginalSet ? (apply(setSize, made, []) as number) : 0, SET_ENTRY_BYTES));
  }
  // Promises made by Promise's own functions (those made by `new` and by async functions are charged where they are).
  for (const method of ['resolve', 'reject']) wrapMethod(PromiseCtor, method, (made) => site(made, PROMISE_BYTES));
  wrapMethod(PromiseCtor, 'withResolvers', (made) => site(made, SMALL_OBJECT_BYTES + PROMISE_BYTES + 2 * CLOSURE_BYTES));
  // What waits for an answer inside V8: an async generator's requests (each `next` on one that is still running is
  // queued, with its promise), and Atomics.waitAsync's waiters, each carried by its promise.
  const asyncGeneratorPrototype = (getPrototypeOf(async function* () {}) as { prototype: object }).prototype;
  for (const method of ['next', 'return', 'throw']) wrapMethod(asyncGeneratorPrototype, method, (promise) => site(promise, QUEUED_REQUEST_BYTES));
  // A listener added to an EventTarget, kept with it; a Segmenter's iterator, with its copy of ICU's break iterator.
  wrapMethod(g.EventTarget?.prototype as object | undefined, 'addEventListener', (result) => result, (self) => void site(self, LISTENER_BYTES));
  const segmentsPrototype = g.Intl?.Segmenter ? (getPrototypeOf(new (g.Intl.Segmenter as new () => { segment(text: string): object })().segment('')) as object) : undefined;
  wrapMethod(segmentsPrototype, Symbol.iterator, (iterator) => site(iterator, INTL_OBJECT_BYTES.segments!));
  wrapMethod(g.Atomics as object, 'waitAsync', (waiting) => {
    const promise = ownValue(waiting, 'value');
    if (ownValue(waiting, 'async') === true) site(promise, QUEUED_REQUEST_BYTES);
    return waiting;
  });
  // Signals that a timer or their sources keep (AbortSignal.timeout's timer holds its signal until it fires), and the
  // entries `performance.mark` and `measure` add to the timeline, which keeps them until it is cleared (charged for good).
  for (const method of ['timeout', 'any']) wrapMethod(g.AbortSignal as object | undefined, method, (signal) => site(signal, SIGNAL_BYTES));
  const chargeTimelineEntry = (_self: unknown, args: unknown[]) => chargeForGood(TIMELINE_ENTRY_BYTES + (typeof args[0] === 'string' ? stringLength(args[0]) * 2 : 0));
  const performancePrototype = typeof g.performance === 'object' && g.performance !== null ? (getPrototypeOf(g.performance) as object) : undefined;
  for (const method of ['mark', 'measure']) wrapMethod(performancePrototype, method, (entry) => entry, chargeTimelineEntry);
  // What Promise.all and allSettled answer is an array of what each element settled to (and an object each, for
  // allSettled), and Array.fromAsync an array of what it awaited. It is made where the meter cannot see it, once they
  // have all settled, so it is charged to the invocation when asked for, by the elements it was given in an array.
  const chargeSettled = (entry: number) => (_self: unknown, args: unknown[]) => {
    if (isArray(args[0])) chargeToInvocation(SMALL_OBJECT_BYTES + arrayLength(args[0]) * entry);
  };
  wrapMethod(PromiseCtor, 'all', (result) => result, chargeSettled(ARRAY_ELEMENT_BYTES));
  wrapMethod(PromiseCtor, 'allSettled', (result) => result, chargeSettled(ARRAY_ELEMENT_BYTES + SMALL_OBJECT_BYTES));
  wrapMethod(Array, 'fromAsync', (result) => result, chargeSettled(ARRAY_ELEMENT_BYTES));

  // Promises and microtasks: a chain of promises each waiting on the next (`const f = () => Promise.resolve().then(f)`)
  // or a doubling queue of microtasks never lets a task run, so nothing the event loop does between tasks can stop
  // it, and it grew Chromium by 4 GB in 30 s. Each reaction `then` adds is charged until its callback runs (all but
  // its registry cell, kept until the registry's cleanup), or until it is collected unrun (its promise never settled
  // and nobody holds it); each queued microtask until it runs.
  // Replacing `then` also makes V8 call it where it would otherwise add the reaction itself: when a promise is
  // resolved with another (a `then` callback or an async function returning one, `new Promise`'s resolve given one)
  // and for each element of Promise.all and its kin. An `await` of a native promise still adds its reaction unseen.
  const originalThen = then;
  replace(PromiseCtor.prototype, 'then', {
    then(this: unknown, onFulfilled: unknown, onRejected: unknown) {
      fits(PENDING_REACTION_BYTES);
      used += PENDING_REACTION_BYTES;
      const pending = { bytes: PENDING_REACTION_BYTES };
      const ran = () => {
        used -= pending.bytes - RAN_REACTION_BYTES;
        pending.bytes = RAN_REACTION_BYTES;
      };
      // A missing callback passes the value or the reason on, as the original does.
      const fulfilled = typeof onFulfilled === 'function' ? (value: unknown) => (ran(), apply(onFulfilled, undefined, [value])) : (value: unknown) => (ran(), value);
      const rejected = typeof onRejected === 'function' ? (reason: unknown) => (ran(), apply(onRejected, undefined, [reason])) : (reason: unknown) => {
        ran();
        throw reason;
      };
      apply(register, released, [fulfilled, pending]);
      readByThen = true;
      try {
        return apply(originalThen, this, [fulfilled, rejected]);
      } finally {
        readByThen = false;
      }
    },
  }.then);
  // An `await` of a native promise adds its reaction without calling `then`. But once Promise.prototype's
  // `constructor` is an accessor, V8 reads it for each promise awaited (the check PromiseResolve otherwise skips), so
  // a chain of async functions each awaiting the next is seen there: each read charges the promise read until it
  // settles, or is collected unsettled. The read `then` itself makes (its species lookup) is left to `then`. Seeing a
  // promise settle takes a reaction on it, which counts as handling it: a rejected promise whose constructor is read
  // and that nothing else handles is not reported as an unhandled rejection.
  let readByThen = false;
  const awaited = new WeakMap<object, { bytes: number; settled: boolean }>();
  const chargeAwaited = (promise: object) => {
    let record = apply(weakMapGet, awaited, [promise]) as { bytes: number; settled: boolean } | undefined;
    if (!record) {
      const fresh = { bytes: 0, settled: false };
      const settle = () => {
        used -= fresh.bytes;
        fresh.bytes = 0;
        fresh.settled = true;
      };
      readByThen = true;
      try {
        apply(originalThen, promise, [settle, settle]);
      } catch {
        // Not a promise (an object made from Promise.prototype): nothing waits on it.
        return;
      } finally {
        readByThen = false;
      }
      apply(weakMapSet, awaited, [promise, fresh]);
      apply(register, released, [promise, fresh]);
      record = fresh;
    }
    if (record.settled) return;
    fits(AWAITED_PROMISE_BYTES);
    used += AWAITED_PROMISE_BYTES;
    record.bytes += AWAITED_PROMISE_BYTES;
  };
  defineProperty(PromiseCtor.prototype, 'constructor', {
    get(this: unknown) {
      if (!readByThen && typeof this === 'object' && this !== null) chargeAwaited(this);
      return PromiseCtor;
    },
    // As assigning to an inherited writable property does: the object gets a property of its own.
    set(this: unknown, value: unknown) {
      if (typeof this === 'object' && this !== null) defineProperty(this, 'constructor', { value, writable: true, enumerable: true, configurable: true });
    },
    configurable: true,
  });
  const originalQueueMicrotask = g.queueMicrotask as ((callback: () => void) => void) | undefined;
  if (typeof originalQueueMicrotask === 'function') {
    replace(g, 'queueMicrotask', {
      queueMicrotask(callback: unknown) {
        if (typeof callback !== 'function') return apply(originalQueueMicrotask, g, [callback]);
        fits(QUEUED_MICROTASK_BYTES);
        used += QUEUED_MICROTASK_BYTES;
        return apply(originalQueueMicrotask, g, [
          () => {
            used -= QUEUED_MICROTASK_BYTES;
            apply(callback, undefined, []);
          },
        ]);
      },
    }.queueMicrotask);
  }

  // Learner code's allocation sites, which the browser host rewrites to call these (./allocation-sites.ts): objects,
  // arrays, closures and instances made by syntax, and slots and properties added by writing to a computed key. What
  // they make is sampled (SITE_SAMPLE_BYTES). The hooks are read-only globals; learner code may call them, and so
  // charge itself more, but never less.
  const NodeTypeError = TypeError;
  const arraySlots = (array: unknown[]) => toNumber(array.length) * ARRAY_ELEMENT_BYTES;
  let writtenKey: unknown;
  let spreadMadeEntries = false;
  const SymbolIterator = Symbol.iterator;
  class FrameCarrier {}
  const hooks: Record<keyof typeof HOOKS, (...args: any[]) => unknown> = {
    site: (made: unknown, bytes: unknown) => site(made, typeof bytes === 'number' && bytes < 2 ** 31 ? bytes : 0),
    // An array, or `arguments`: by its length.
    spreadArray: (array: unknown) => {
      const madeEntries = spreadMadeEntries;
      spreadMadeEntries = false;
      if (typeof array !== 'object' || array === null) return array;
      let bytes = SMALL_OBJECT_BYTES + arraySlots(array as unknown[]);
      // What an iterator other than an array's gave out, it made: an entry pair, a segment, a match is an object each.
      if (madeEntries && isArray(array)) for (let i = 0; i < array.length; i++) if (typeof array[i] === 'object' && array[i] !== null) bytes += SMALL_OBJECT_BYTES;
      return site(array, bytes);
    },
    spreadSource: (iterable: unknown, callee: unknown) => {
      if (isArray(iterable)) return iterable;
      const isObject = (typeof iterable === 'object' && iterable !== null) || typeof iterable === 'function';
      if (!(isObject ? typeof (iterable as Record<symbol, unknown>)[SymbolIterator] === 'function' : typeof iterable === 'string')) {
        throw new NodeTypeError(`${String(callee)} is not a function or its return value is not iterable`);
      }
      spreadMadeEntries = true;
      return iterable;
    },
    // A generator's or an async function's frame, carried by one of its parameters (an object only the meter makes
    // and no learner code can name) from its call until it is collected with the frame.
    frame: (bytes: unknown, carrier?: unknown) => (carrier instanceof FrameCarrier ? carrier : site(new FrameCarrier(), typeof bytes === 'number' && bytes < 2 ** 31 ? bytes : 0)),
    spreadObject: (object: unknown) => site(object, typeof object === 'object' && object !== null ? SMALL_OBJECT_BYTES + ownKeys(object).length * ARRAY_ELEMENT_BYTES : 0),
    newInstance: (made: unknown) => {
      const error = isError(made);
      if (error) chargeStack(made as object);
      return site(made, (error ? ERROR_BYTES : SMALL_OBJECT_BYTES) + (isArray(made) ? (arraySlots(made) < PREALLOCATED_SLOTS * ARRAY_ELEMENT_BYTES ? arraySlots(made) : PREALLOCATED_SLOTS * ARRAY_ELEMENT_BYTES) : 0));
    },
    caught: (value: unknown) => {
      if (!isError(value)) return;
      chargeStack(value as object);
      // What V8 said of a call the rewriting put in, said as the learner's code would have had it said (as logs are;
      // with the same String and RegExp methods, which learner code may have replaced, as it may for its logs).
      const message = getOwnPropertyDescriptor(value as object, 'message');
      const tidied = message && typeof message.value === 'string' && message.configurable ? withoutHooks(message.value) : undefined;
      if (tidied !== undefined && tidied !== message!.value) defineProperty(value as object, 'message', { ...message, value: tidied });
    },
    // A key written for the first time adds a slot or a property; writing it again, in place, adds nothing. The key is
    // handed back as it came: an object's is converted by the write itself, after the value, as V8 does. Noted last,
    // since what runs before (a Proxy's trap) may write too.
    write: (target: unknown, key: unknown, deleting?: boolean) => {
      if (!deleting && (typeof target === 'object' ? target !== null : typeof target === 'function')) chargeWrite(target as object, key);
      writtenKey = key;
      return target;
    },
    key: () => writtenKey,
    importCall: () => apply(reject, PromiseCtor, [new NodeTypeError('A dynamic import callback was not specified.')]),
    // What operators make: a BigInt by its size, a long string by what it adds to the longest of its parts (the
    // rest it shares with them until V8 flattens it; a string built piece by piece is charged about its length once).
    arithmetic: (value: unknown) => (typeof value === 'bigint' ? chargeBigInt(value) : value),
    // `arguments`, not a rest parameter: no array is made for each call.
    concat: function (this: unknown) {
      const parts = arguments;
      let value = parts[0] as string;
      let longest = 0;
      for (let i = 1; i < parts.length; i++) {
        const before = value;
        value = value + (parts[i] as string);
        // What each addition joined, as strings (from lengths: converting a part again would call its toString again).
        if (typeof value === 'string') {
          const part = parts[i];
          const right = typeof before === 'string' ? stringLength(value) - stringLength(before) : typeof part === 'string' ? stringLength(part) : stringLength(value);
          if ((i === 1 || typeof before !== 'string') && stringLength(value) - right > longest) longest = stringLength(value) - right;
          if (right > longest) longest = right;
        }
      }
      if (typeof value === 'string') {
        if (stringLength(value) >= COPIED_STRING) chargeAdded(value, longest);
      } else if (typeof value === 'bigint') chargeBigInt(value);
      return value;
    },
    template: function (this: unknown, strings: readonly string[]) {
      const values = arguments;
      let value = strings[0]!;
      let longest = stringLength(value);
      for (let i = 1; i < values.length; i++) {
        const part = `${values[i]}`;
        const after = strings[i]!;
        if (stringLength(part) > longest) longest = stringLength(part);
        if (stringLength(after) > longest) longest = stringLength(after);
        value = value + part + after;
      }
      if (stringLength(value) >= COPIED_STRING) chargeAdded(value, longest);
      return value;
    },
  };
  /** A string of `value`'s length made from parts of which the longest was `longest` characters: charged for the rest. */
  function chargeAdded(value: string, longest: number) {
    const added = stringLength(value) - longest;
    if (added > 0) chargeToInvocation(added * 2);
  }
  /**
   * A BigInt an operator or BigInt.asIntN/asUintN made, charged to the invocation (as a copied string is) by its
   * size, found within a factor of two: past 2^1024 by the number of bits it takes to hold.
   */
  function chargeBigInt(value: bigint) {
    if (value < BIGINT_LARGE && value > -BIGINT_LARGE) return value;
    let bits = 2048;
    while (bits < BIGINT_MAX_BITS && asIntN(bits, value) !== value) bits *= 2;
    chargeToInvocation(bits / 8);
    return value;
  }
  // Symbols, each with its description: kept by the thousand in an array, they are about ten times what its slots are.
  const OriginalSymbol = Symbol;
  const symbolDescription = getOwnPropertyDescriptor(OriginalSymbol.prototype, 'description')!.get!;
  const MeteredSymbol = new ProxyCtor(OriginalSymbol, {
    apply(target, self, args) {
      const symbol = apply(target, self, args) as symbol;
      const description = apply(symbolDescription, symbol, []) as string | undefined;
      return site(symbol, SYMBOL_BYTES + (description === undefined ? 0 : stringLength(description) * 2));
    },
  });
  replace(OriginalSymbol.prototype, 'constructor', MeteredSymbol);
  replace(g, 'Symbol', MeteredSymbol);
  // Symbol.for's registry keeps every key it was given for as long as the function's environment lives: a new key
  // is charged for good, with its symbol (a key asked for again gives the same one).
  const symbolFor = OriginalSymbol.for;
  const keyFor = OriginalSymbol.keyFor;
  const registeredKeys = new OriginalSet<string>();
  replace(OriginalSymbol, 'for', {
    for(key: unknown) {
      const symbol = apply(symbolFor, OriginalSymbol, [key]) as symbol;
      const registered = apply(keyFor, OriginalSymbol, [symbol]) as string;
      if (!apply(setHas, registeredKeys, [registered])) {
        apply(setAdd, registeredKeys, [registered]);
        chargeForGood(SYMBOL_BYTES + SET_ENTRY_BYTES + stringLength(registered) * 2);
      }
      return symbol;
    },
  }.for);

  // Intl's objects hold ICU's formatters, outside V8's heap: each is charged what it was measured to hold (Node.js 24,
  // 5,000 kept of each), carried by the object. What they format is a string copied as String's methods copy (a list
  // of a million words formats into one), and a Segmenter's `segment` clones its break iterator.
  /** A Proxy of a class that learner code may call with or without `new`, charging what it makes by `bytesOf`. */
  const chargedWhenMade = (Original: object, bytesOf: (made: unknown, args: unknown[]) => number): object => {
    const Metered: object = new ProxyCtor(Original as () => unknown, {
      construct: (target, args, newTarget) => {
        const made = construct(target, args, newTarget === Metered ? target : newTarget);
        return site(made, bytesOf(made, args)) as object;
      },
      apply: (target, self, args) => {
        const made = apply(target, self, args);
        return site(made, bytesOf(made, args));
      },
    });
    return Metered;
  };
  const chargeFormatted = (result: unknown) => (isArray(result) ? chargeMade(result, arrayLength(result), ARRAY_ELEMENT_BYTES + SMALL_OBJECT_BYTES) : chargeCopiedString(result));
  const intl = g.Intl as Record<string, any> | undefined;
  for (const name of intl ? (ownKeys(intl) as string[]) : []) {
    const Original = intl![name];
    if (typeof Original !== 'function' || typeof Original.prototype !== 'object') continue;
    const bytes = INTL_OBJECT_BYTES[name] ?? INTL_OBJECT_BYTES.other!;
    // DateTimeFormat, NumberFormat and Collator may be called without `new`, as functions, and build the same.
    const Metered = chargedWhenMade(Original, () => bytes);
    replace(Original.prototype, 'constructor', Metered);
    replace(intl!, name, Metered);
    for (const method of ['format', 'formatToParts', 'formatRange', 'formatRangeToParts']) wrapMethod(Original.prototype, method, chargeFormatted);
    wrapMethod(Original.prototype, 'segment', (segments) => site(segments, INTL_OBJECT_BYTES.segments!));
  }
  wrapMethod(Array.prototype, 'toLocaleString', chargeCopiedString);
  // A BigInt written out is a string as long as its digits (a million bits are 300,000 decimal ones), by its own
  // methods or by String (by `+` and templates, the rewriting's hooks charge it).
  for (const method of ['toString', 'toLocaleString']) wrapMethod(BigInt.prototype, method, chargeCopiedString);
  const OriginalString = String;
  const MeteredString = new ProxyCtor(OriginalString, {
    apply: (target, self, args) => (typeof args[0] === 'bigint' ? chargeCopiedString(apply(target, self, args)) : apply(target, self, args)),
  });
  replace(OriginalString.prototype, 'constructor', MeteredString);
  replace(g, 'String', MeteredString);

  // Regular expressions made from a string at run time, each with its own compiled code and bytecode (V8 compiles one
  // per distinct pattern): about a kilobyte, and 16 bytes a character of its pattern (measured in Node.js 24 with
  // thousands of distinct patterns kept, each run: 10 to 30 bytes a character). A literal's share the code of its
  // source text. RegExp.prototype.constructor stays the original: setting it turns off V8's fast paths for every
  // regular expression (split, replace and matchAll with one ran 12 times slower in Node.js 24).
  const OriginalRegExp = RegExp;
  const regExpSource = getOwnPropertyDescriptor(OriginalRegExp.prototype, 'source')!.get!;
  const regExpBytes = (made: unknown) => {
    try {
      return REGEXP_BYTES + stringLength(apply(regExpSource, made, []) as string) * REGEXP_BYTES_PER_CHARACTER;
    } catch {
      return 0; // not a regular expression (a subclass's constructor may answer any object)
    }
  };
  // RegExp(re) without `new` answers re itself, made already.
  replace(g, 'RegExp', chargedWhenMade(OriginalRegExp, (made, args) => (made === args[0] ? 0 : regExpBytes(made))));
  // An AggregateError copies the errors it is given into an array of its own.
  const OriginalAggregateError = AggregateError;
  const MeteredAggregateError = chargedWhenMade(OriginalAggregateError, (made) => SMALL_OBJECT_BYTES + arrayLength(ownValue(made, 'errors')) * ARRAY_ELEMENT_BYTES);
  replace(OriginalAggregateError.prototype, 'constructor', MeteredAggregateError);
  replace(g, 'AggregateError', MeteredAggregateError);
  wrapMethod(OriginalRegExp.prototype, 'compile', (result, self) => site(self, regExpBytes(self)));

  // An Error's stack: V8 keeps a frame of it for each of up to Error.stackTraceLimit frames (ten, unless learner code
  // raises it) from when it is made. Past ten, an Error made by `new`, caught (`catch (e)`), or given a stack by
  // Error.captureStackTrace is charged for the frames it has, counted as V8 counts them for Error.prepareStackTrace,
  // which is the meter's own for that moment (or, if learner code made it an accessor, taken to be as many frames as
  // it may have), once: an Error thrown and caught again and again is one stack.
  const OriginalError = Error;
  const { captureStackTrace } = OriginalError as unknown as { captureStackTrace: (target: object) => void };
  const stacksCharged = new OriginalWeakSet<object>();
  const countFrames = (_error: unknown, frames: unknown[]) => frames.length;
  function chargeStack(error: object) {
    const limit = ownValue(OriginalError, 'stackTraceLimit');
    if (!(typeof limit === 'number' && limit > DEFAULT_STACK_FRAMES) || apply(weakSetHas, stacksCharged, [error])) return;
    apply(weakSetAdd, stacksCharged, [error]);
    const prepare = getOwnPropertyDescriptor(OriginalError, 'prepareStackTrace');
    let frames = limit < MAX_STACK_FRAMES ? limit : MAX_STACK_FRAMES;
    if (!prepare || (hasOwn(prepare, 'value') && prepare.configurable)) {
      try {
        defineProperty(OriginalError, 'prepareStackTrace', { value: countFrames, writable: true, configurable: true, enumerable: false });
        const probe: { stack?: unknown } = {};
        captureStackTrace(probe);
        if (typeof probe.stack === 'number') frames = probe.stack;
      } catch {
        // Error made non-extensible by learner code: the frames it may have, then.
      } finally {
        if (prepare) defineProperty(OriginalError, 'prepareStackTrace', prepare);
        else delete (OriginalError as { prepareStackTrace?: unknown }).prepareStackTrace;
      }
    }
    site(error, frames * STACK_FRAME_BYTES);
  }
  /** Whether a value is an Error (Error.isError reads no property and runs no Proxy trap; instanceof where it is missing). */
  const isErrorBuiltIn = (OriginalError as unknown as { isError?: (value: unknown) => boolean }).isError;
  const isError = (value: unknown) => (isErrorBuiltIn ? isErrorBuiltIn(value) : value instanceof OriginalError);
  wrapMethod(OriginalError, 'captureStackTrace', (result, _self, args) => {
    if (typeof args[0] === 'object' && args[0] !== null) chargeStack(args[0]);
    return result;
  });

  const { asIntN } = BigInt;
  const ObjectPrototype = Object.prototype;
  const ArrayPrototype = Array.prototype;
  for (const name of ['asIntN', 'asUintN']) wrapMethod(BigInt, name, (result) => (typeof result === 'bigint' ? chargeBigInt(result) : result));
  // BigInt("0x…") parses a BigInt as long as its digits.
  const OriginalBigInt = BigInt;
  const MeteredBigInt = new ProxyCtor(OriginalBigInt, { apply: (target, self, args) => chargeBigInt(apply(target, self, args) as bigint) });
  replace(OriginalBigInt.prototype, 'constructor', MeteredBigInt);
  replace(g, 'BigInt', MeteredBigInt);
  function chargeWrite(target: object, key: unknown) {
    // A key that is an object is charged as a new property without looking: looking would convert it a second time.
    if ((typeof key === 'object' && key !== null) || typeof key === 'function') return void site(target, PROPERTY_BYTES);
    if (hasOwn(target, key as PropertyKey)) return;
    if (setterFor(target, key as PropertyKey)) return;
    if (isArray(target) && typeof key === 'number' && key >= target.length) {
      const gap = key - target.length;
      return void site(target, gap < SPARSE_GAP ? (gap + 1) * ARRAY_ELEMENT_BYTES : PROPERTY_BYTES);
    }
    // A new name is a new string, kept as long as the property: by its length.
    site(target, isArray(target) ? ARRAY_ELEMENT_BYTES : PROPERTY_BYTES + (typeof key === 'string' ? stringLength(key) : 0));
  }
  /**
   * Whether a write of `key` to `target` goes to a setter up its prototypes, which adds nothing to `target`. Not looked
   * for past a plain object's or an array's prototype (a setter there would only have the write charged as adding).
   */
  function setterFor(target: object, key: PropertyKey) {
    const prototype = getPrototypeOf(target);
    if (prototype === ObjectPrototype || prototype === ArrayPrototype) return false;
    for (let owner = prototype; owner !== null; owner = getPrototypeOf(owner)) {
      const descriptor = getOwnPropertyDescriptor(owner, key);
      if (descriptor) return !hasOwn(descriptor, 'value');
    }
    return false;
  }
  for (const name of ownKeys(hooks) as (keyof typeof HOOKS)[]) {
    // Named as they are called, so that a stack through one (a Symbol added to a string) names it where withoutHooks finds it.
    defineProperty(hooks[name], 'name', { value: HOOKS[name] });
    defineProperty(g, HOOKS[name], { value: hooks[name], writable: false, configurable: false, enumerable: false });
  }

  // What the built-ins add to objects and make of them without syntax: properties defined, set or assigned (a new one
  // charged as a computed write's is), lists of keys and entries (by their length), objects from entries, bound functions.
  const addsProperty = (target: unknown, key: unknown) => void hooks.write(target, key);
  wrapMethod(Object, 'defineProperty', (result) => result, (_self, args) => addsProperty(args[0], args[1]));
  wrapMethod(Reflect, 'defineProperty', (result) => result, (_self, args) => addsProperty(args[0], args[1]));
  wrapMethod(Reflect, 'set', (result) => result, (_self, args) => addsProperty(args[0], args[1]));
  const addsPropertiesOf = (target: unknown, source: unknown) => {
    if (typeof source !== 'object' || source === null) return;
    const keys = ownKeys(source);
    for (let i = 0; i < keys.length; i++) addsProperty(target, keys[i]);
  };
  wrapMethod(Object, 'defineProperties', (result) => result, (_self, args) => addsPropertiesOf(args[0], args[1]));
  wrapMethod(Object, 'assign', (result) => result, (_self, args) => {
    for (let i = 1; i < args.length; i++) addsPropertiesOf(args[0], args[i]);
  });
  for (const name of ['keys', 'values', 'getOwnPropertyNames', 'getOwnPropertySymbols']) wrapMethod(Object, name, chargeCopy);
  wrapMethod(Reflect, 'ownKeys', chargeCopy);
  wrapMethod(Object, 'entries', (result) => (isArray(result) ? chargeMade(result, arrayLength(result), ARRAY_ELEMENT_BYTES + SMALL_OBJECT_BYTES + 2 * ARRAY_ELEMENT_BYTES) : result));
  wrapMethod(Object, 'fromEntries', (result) => (typeof result === 'object' && result !== null ? site(result, SMALL_OBJECT_BYTES + ownKeys(result).length * PROPERTY_BYTES) : result));
  wrapMethod(Function.prototype, 'bind', (result, _self, args) => site(result, SMALL_OBJECT_BYTES + ARRAY_ELEMENT_BYTES * (4 + args.length)));
  wrapMethod(Object, 'getOwnPropertyDescriptors', (result) => (typeof result === 'object' && result !== null ? site(result, SMALL_OBJECT_BYTES + ownKeys(result).length * (PROPERTY_BYTES + SMALL_OBJECT_BYTES)) : result));
  // Arrays made by calling or constructing Array (or anything) through Reflect, and grouped entries.
  for (const name of ['construct', 'apply']) wrapMethod(Reflect, name, chargeCopy);
  // A group is an array and a key (a property, or a Map's entry): by the groups made, and the items put in them.
  for (const owner of [Object, Map] as unknown as Record<string, unknown>[]) {
    wrapMethod(owner, 'groupBy', (result, _self, args) => {
      if (typeof result !== 'object' || result === null) return result;
      const groups = result instanceof OriginalMap ? (sizeOf(mapSize, result) ?? 0) : ownKeys(result).length;
      return site(result, SMALL_OBJECT_BYTES + arrayLength(args[0]) * ARRAY_ELEMENT_BYTES + groups * (PROPERTY_BYTES + SMALL_OBJECT_BYTES));
    });
  }
  const iteratorPrototype = (g.Iterator as { prototype?: object } | undefined)?.prototype;
  wrapMethod(iteratorPrototype, 'toArray', chargeCopy);
  wrapMethod(String.prototype, 'match', (result) => (isArray(result) ? chargeMade(result, arrayLength(result), ARRAY_ELEMENT_BYTES + SMALL_OBJECT_BYTES / 2) : result));

  // A nested worker would be a realm of its own, with allocation APIs the meter never replaced; a FileReader's
  // results are made where the meter cannot charge them (and Node.js has no FileReader); animation frames and
  // `scheduler.postTask` queue callbacks the meter does not see, and Node.js has neither.
  for (const name of ['requestAnimationFrame', 'cancelAnimationFrame', 'scheduler', 'TaskController', 'TaskSignal', 'Worker', 'SharedWorker', 'FileReader', 'FileReaderSync', 'OffscreenCanvas', 'ImageData', 'createImageBitmap', 'ImageBitmap', 'VideoFrame', 'AudioData', 'VideoEncoder', 'VideoDecoder', 'AudioEncoder', 'AudioDecoder', 'ImageDecoder', 'EncodedVideoChunk', 'EncodedAudioChunk']) {
    // Where the browser defines it: on the global itself, or on a prototype of it (WorkerGlobalScope's).
    for (let owner: Record<string, unknown> | null = g; owner !== null && owner !== ObjectPrototype; owner = getPrototypeOf(owner) as Record<string, unknown> | null) delete owner[name];
  }

  return {
    usedBytes: () => used,
    // What the host hands the function from outside (the frame's Web Crypto answers): a buffer, or one under a view.
    chargeHeld,
    invocationEnded() {
      used -= invocationBytes;
      invocationBytes = 0;
    },
  };
}

/**
 * The bytes of the memories a WebAssembly module defines for itself (its memory section), at their declared
 * maximum: what it may grow to without the meter seeing. Imported memories are JavaScript's, counted there.
 */
export function definedMemoryBytes(bytes: Uint8Array): number {
  let total = 0;
  readSections(bytes, 5, ({ leb, more }) => {
    const count = leb();
    for (let i = 0; i < count && more(); i++) {
      const flags = leb();
      leb(); // initial pages
      const maximum = flags & 1 ? leb() : undefined;
      // memory64 (flag 4) may grow past 4 GiB; a declared maximum still bounds it.
      total += (maximum ?? (flags & 4 ? Number.MAX_SAFE_INTEGER / WASM_PAGE : WASM32_MAX_PAGES)) * WASM_PAGE;
    }
  });
  return total;
}

/**
 * The bytes of the tables a WebAssembly module defines for itself (its table section), at their declared maximum, or
 * at the most V8 allows when they declare none: a module grows its own tables from inside (`table.grow`), where no
 * JavaScript runs to count them. Imported tables are JavaScript's, counted there.
 */
export function definedTableBytes(bytes: Uint8Array): number {
  let total = 0;
  readSections(bytes, 4, ({ leb, next, more }) => {
    const count = leb();
    for (let i = 0; i < count && more(); i++) {
      let elementType = next();
      // A table with an initial value (0x40 0x00, its type, then a constant expression, which this reader does not
      // follow): it is counted, and the tables after it at the most.
      const initialised = elementType === 0x40;
      if (initialised) {
        next();
        elementType = next();
      }
      if (elementType === 0x63 || elementType === 0x64) leb(); // (ref null? heap type)
      const flags = leb();
      leb(); // initial elements
      const maximum = flags & 1 ? leb() : undefined;
      total += (maximum ?? TABLE_MAX_ELEMENTS) * TABLE_ELEMENT_BYTES;
      if (initialised) return void (total += (count - i - 1) * TABLE_MAX_ELEMENTS * TABLE_ELEMENT_BYTES);
    }
  });
  return total;
}

/** Calls `read` on each section of a module with the id given, with readers of its bytes and LEB128 numbers. */
function readSections(bytes: Uint8Array, id: number, read: (reader: { leb(): number; next(): number | undefined; more(): boolean }) => void): void {
  let at = 8; // magic and version
  let end = 0;
  const leb = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) return value;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return value;
    }
  };
  const reader = { leb, next: () => bytes[at++], more: () => at < end };
  while (at < bytes.length) {
    const sectionId = bytes[at++];
    const size = leb();
    end = at + size;
    if (sectionId === id) read(reader);
    at = end;
  }
}
