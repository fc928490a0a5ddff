import { describe, expect, it } from 'vitest';
import { BIG_STEP, boundsFor, clampShare, percent, readShare, shareAfterKey, shareAtPointer, STEP, writeShare } from './split.ts';

/** A Storage stand-in: a Map, optionally refusing writes as a full or disabled localStorage does. */
function memoryStorage(refuse = false) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (refuse) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('bounds', () => {
  it('keeps each pane at its least size', () => {
    expect(boundsFor(1000, 200, 300)).toEqual({ min: 0.2, max: 0.7 });
  });

  it('gives the least sizes way in proportion when the length cannot hold both', () => {
    expect(boundsFor(300, 200, 200)).toEqual({ min: 0.5, max: 0.5 });
    expect(boundsFor(100, 100, 300)).toEqual({ min: 0.25, max: 0.25 });
  });

  it('allows any share of a length not laid out yet (a hidden pane measures 0)', () => {
    expect(boundsFor(0, 200, 300)).toEqual({ min: 0, max: 1 });
  });

  it('clamps a share into them', () => {
    expect(clampShare(0.1, { min: 0.2, max: 0.7 })).toBe(0.2);
    expect(clampShare(0.9, { min: 0.2, max: 0.7 })).toBe(0.7);
    expect(clampShare(0.5, { min: 0.2, max: 0.7 })).toBe(0.5);
  });
});

describe('keyboard', () => {
  const bounds = { min: 0.2, max: 0.8 };

  it('moves a vertical line with Left and Right, a step at a time, a big step with Shift', () => {
    expect(shareAfterKey(0.5, { key: 'ArrowRight' }, 'vertical', bounds)).toBeCloseTo(0.5 + STEP);
    expect(shareAfterKey(0.5, { key: 'ArrowLeft' }, 'vertical', bounds)).toBeCloseTo(0.5 - STEP);
    expect(shareAfterKey(0.5, { key: 'ArrowRight', shiftKey: true }, 'vertical', bounds)).toBeCloseTo(0.5 + BIG_STEP);
  });

  it('moves a horizontal line with Up and Down: Down grows the top pane', () => {
    expect(shareAfterKey(0.5, { key: 'ArrowDown' }, 'horizontal', bounds)).toBeCloseTo(0.5 + STEP);
    expect(shareAfterKey(0.5, { key: 'ArrowUp' }, 'horizontal', bounds)).toBeCloseTo(0.5 - STEP);
  });

  it('ignores the arrows along the line, so they still scroll the page', () => {
    expect(shareAfterKey(0.5, { key: 'ArrowUp' }, 'vertical', bounds)).toBeUndefined();
    expect(shareAfterKey(0.5, { key: 'ArrowLeft' }, 'horizontal', bounds)).toBeUndefined();
    expect(shareAfterKey(0.5, { key: 'Tab' }, 'vertical', bounds)).toBeUndefined();
  });

  it('takes Home and End to the least and the largest share', () => {
    expect(shareAfterKey(0.5, { key: 'Home' }, 'vertical', bounds)).toBe(0.2);
    expect(shareAfterKey(0.5, { key: 'End' }, 'horizontal', bounds)).toBe(0.8);
  });

  it('stops at the bounds', () => {
    expect(shareAfterKey(0.79, { key: 'ArrowRight', shiftKey: true }, 'vertical', bounds)).toBe(0.8);
    expect(shareAfterKey(0.21, { key: 'ArrowUp' }, 'horizontal', bounds)).toBe(0.2);
  });
});

describe('pointer', () => {
  it('puts the line under the pointer', () => {
    expect(shareAtPointer(400, 100, 1000, { min: 0, max: 1 })).toBeCloseTo(0.3);
  });

  it('stops at the bounds when the pointer goes past them', () => {
    expect(shareAtPointer(50, 100, 1000, { min: 0.2, max: 0.8 })).toBe(0.2);
    expect(shareAtPointer(5000, 100, 1000, { min: 0.2, max: 0.8 })).toBe(0.8);
  });
});

describe('remembering', () => {
  it('reads back what it wrote, to a thousandth', () => {
    const storage = memoryStorage();
    writeShare(storage, 'k', 0.123456);
    expect(readShare(storage, 'k')).toBe(0.123);
  });

  it('forgets on reset', () => {
    const storage = memoryStorage();
    writeShare(storage, 'k', 0.4);
    writeShare(storage, 'k', undefined);
    expect(storage.items.has('k')).toBe(false);
    expect(readShare(storage, 'k')).toBeUndefined();
  });

  it('ignores what is not a share', () => {
    const storage = memoryStorage();
    for (const text of ['', 'wide', '1.5', '0', '-0.2', 'NaN', 'Infinity']) {
      storage.items.set('k', text);
      expect(readShare(storage, 'k'), text).toBeUndefined();
    }
  });

  it('works without storage, and with storage that refuses', () => {
    expect(readShare(undefined, 'k')).toBeUndefined();
    expect(() => writeShare(undefined, 'k', 0.4)).not.toThrow();
    expect(() => writeShare(memoryStorage(true), 'k', 0.4)).not.toThrow();
    const throwing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    expect(readShare(throwing, 'k')).toBeUndefined();
  });

  it('gives aria-valuenow a whole percentage', () => {
    expect(percent(0.426)).toBe(43);
  });
});
