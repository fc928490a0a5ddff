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
//   `ArrayBuffer.prototype.slice`/`transfer`/`resize`, `TextEncoder.encode`, `structuredClone` of a buffer,
//   the bodies of Blob, Response and Request read as bytes; and any buffer a typed array is laid over;
// - WebAssembly memory: `new WebAssembly.Memory` and `grow` from JavaScript, and memory a module defines for
//   itself, charged at its declared maximum when instantiated (4 GiB when it declares none), since a module
//   grows that memory from inside WebAssembly, where no JavaScript runs to count it;
// - `Blob`s, whose bytes the browser keeps outside the worker;
// - on the heap, the usual ways to hoard: arrays grown by `push`/`unshift`, made by `Array.from` or filled by
//   `fill` (8 bytes a slot, and 48 more for each entry when the entries are objects: an estimate, since what an
//   object holds is not seen), Maps and Sets by their entries likewise, and strings
//   over 64 K characters from `repeat`, `padStart` and `padEnd` (charged for good: a string cannot be watched
//   for its collection).
// What it cannot see: arrays written index by index, objects' own properties, and strings built by concatenation,
// `join` or JSON. Those are bounded only by what Chromium lets a renderer hold: a worker that holds more takes
// down its renderer, which is the sandbox frames' own (Chromium 156 puts sandboxed frames in a process apart from
// the page's, one for all of a page's sandboxes). The page lives on and the host ends those sandboxes when their
// frames stop answering (web-worker-host.ts); the machine meanwhile held some gigabytes. (Playwright reports such a
// frame's crash as the page's, "The chromium page crashed", which is why a browser test cannot show it.)
// And memory given back by the garbage collector returns to the count only between tasks (FinalizationRegistry
// callbacks and WeakRefs cannot observe a collection within one synchronous stretch), so a function that
// allocates and drops more than its memory without ever yielding to a timer is counted as holding all of it.
// APIs that hold large native memory and that Lambda's Node.js runtime does not have (canvases, images, media
// codecs) are removed rather than counted, and so are nested workers, whose own globals the meter never sees.

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
/** Collections are charged once they pass this many entries, and again each time they grow by as many. */
const HEAP_STEP = 1024;
/** Strings longer than this (in characters) from repeat and padding are charged. */
const LARGE_STRING = 65_536;

export function installMemoryMeter(limitBytes: number, exceeded: () => void): { usedBytes(): number } {
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
  const register = FinalizationRegistry.prototype.register;
  const weakSetHas = WeakSet.prototype.has;
  const weakSetAdd = WeakSet.prototype.add;
  const weakMapGet = WeakMap.prototype.get;
  const weakMapSet = WeakMap.prototype.set;

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
  /** Puts `value` where the original was, as writable and configurable as it was (learner code may replace it). */
  const replace = (target: object, key: PropertyKey, value: unknown) => defineProperty(target, key, { ...getOwnPropertyDescriptor(target, key), value });
  /** Replaces a method by one that runs `before` on its arguments and `after` on its result. */
  const wrapMethod = (target: object | undefined, key: PropertyKey, after: (result: any, self: any) => unknown, before?: (self: any, args: any[]) => void) => {
    const descriptor = target && getOwnPropertyDescriptor(target, key);
    if (!descriptor || typeof descriptor.value !== 'function') return;
    const original = descriptor.value as (...args: unknown[]) => unknown;
    const wrapped = {
      [key as string](this: unknown, ...args: unknown[]) {
        before?.(this, args);
        return after(apply(original, this, args), this);
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
      if (bytes) apply(weakMapSet, declared, [module, definedMemoryBytes(bytes)]);
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
        const reserved = bytes ? definedMemoryBytes(bytes) : declaredBy(source);
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

  // Blobs, and bodies read as bytes.
  wrapConstructor(g, 'Blob', (args) => args, (blob) => charge(blob, apply(blobSize, blob, []) as number));
  wrapConstructor(g, 'File', (args) => args, (blob) => charge(blob, apply(blobSize, blob, []) as number));
  for (const name of ['Blob', 'Response', 'Request']) {
    for (const method of ['arrayBuffer', 'bytes']) wrapMethod(g[name]?.prototype, method, afterPromise);
  }
  wrapMethod(g.TextEncoder?.prototype, 'encode', chargeHeld);
  wrapMethod(g, 'structuredClone', chargeHeld);

  // Heap: the usual ways to hoard. A collection is charged by its length in steps of HEAP_STEP entries, at a slot
  // an entry and a small object's size more when its entries are objects (what an object holds beyond that is not
  // seen, but how many there are is bounded); a large string from repeat or padding is charged for good, since a
  // string cannot be watched for its collection.
  const chargeCollection = (collection: object, entries: number, entryBytes: number) => {
    if (entries > HEAP_STEP) charge(collection, (entries + HEAP_STEP) * entryBytes);
  };
  /** What one more entry like `sample` costs: its slot, and a small object's own size if it is one. */
  const entryBytes = (slot: number, sample: unknown) => slot + ((typeof sample === 'object' && sample !== null) || typeof sample === 'function' ? SMALL_OBJECT_BYTES : 0);
  const arrayLength = (self: unknown) => (self !== null && typeof self === 'object' ? toNumber((self as unknown[]).length) : 0);
  wrapMethod(Array.prototype, 'fill', (result) => result, (self) => chargeCollection(self, arrayLength(self), ARRAY_ELEMENT_BYTES));
  for (const method of ['push', 'unshift']) {
    const original = Array.prototype[method as 'push'] as (...items: unknown[]) => number;
    replace(Array.prototype, method, {
      [method](this: unknown[], ...items: unknown[]) {
        const length = arrayLength(this) + items.length;
        // Once a step, not every call: pushing stays cheap.
        if (length > HEAP_STEP && length % HEAP_STEP < items.length + 1) chargeCollection(this, length, entryBytes(ARRAY_ELEMENT_BYTES, items[0]));
        return apply(original, this, items);
      },
    }[method]);
  }
  wrapMethod(Array, 'from', (result) => (chargeCollection(result, arrayLength(result), ARRAY_ELEMENT_BYTES), result), (_self, args) => {
    const source = args[0] as { length?: unknown } | null | undefined;
    if (typeof source === 'object' && source !== null) fits(toNumber(source.length) * ARRAY_ELEMENT_BYTES);
  });
  const mapSize = getOwnPropertyDescriptor(Map.prototype, 'size')!.get!;
  const setSize = getOwnPropertyDescriptor(Set.prototype, 'size')!.get!;
  wrapMethod(Map.prototype, 'set', (result) => result, (self, args) => {
    const size = (apply(mapSize, self, []) as number) + 1;
    if (size % HEAP_STEP === 0) chargeCollection(self, size, entryBytes(MAP_ENTRY_BYTES, args[1]));
  });
  wrapMethod(Set.prototype, 'add', (result) => result, (self, args) => {
    const size = (apply(setSize, self, []) as number) + 1;
    if (size % HEAP_STEP === 0) chargeCollection(self, size, entryBytes(SET_ENTRY_BYTES, args[0]));
  });
  const permanent = {};
  const chargeString = (characters: number) => {
    if (!(characters > LARGE_STRING)) return;
    fits(characters * 2);
    const existing = apply(weakMapGet, charges, [permanent]) as { bytes: number } | undefined;
    charge(permanent, (existing?.bytes ?? 0) + characters * 2);
  };
  wrapMethod(String.prototype, 'repeat', (result) => result, (self, args) => chargeString(stringLength(toText(self)) * toNumber(args[0])));
  for (const method of ['padStart', 'padEnd']) wrapMethod(String.prototype, method, (result) => result, (_self, args) => chargeString(toNumber(args[0])));

  // A nested worker would be a realm of its own, with allocation APIs the meter never replaced.
  for (const name of ['Worker', 'SharedWorker', 'OffscreenCanvas', 'ImageData', 'createImageBitmap', 'ImageBitmap', 'VideoFrame', 'AudioData', 'VideoEncoder', 'VideoDecoder', 'AudioEncoder', 'AudioDecoder', 'ImageDecoder', 'EncodedVideoChunk', 'EncodedAudioChunk']) {
    delete g[name];
  }

  return { usedBytes: () => used };
}

/**
 * The bytes of the memories a WebAssembly module defines for itself (its memory section), at their declared
 * maximum: what it may grow to without the meter seeing. Imported memories are JavaScript's, counted there.
 */
export function definedMemoryBytes(bytes: Uint8Array): number {
  let at = 8; // magic and version
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
  let total = 0;
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 5) {
      const count = leb();
      for (let i = 0; i < count && at < end; i++) {
        const flags = leb();
        leb(); // initial pages
        const maximum = flags & 1 ? leb() : undefined;
        // memory64 (flag 4) may grow past 4 GiB; a declared maximum still bounds it.
        total += (maximum ?? (flags & 4 ? Number.MAX_SAFE_INTEGER / WASM_PAGE : WASM32_MAX_PAGES)) * WASM_PAGE;
      }
    }
    at = end;
  }
  return total;
}
