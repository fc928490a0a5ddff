import { describe, expect, it } from 'vitest';
import { definedMemoryBytes } from './memory-meter.ts';

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
