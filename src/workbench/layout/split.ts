// A split: two panes dividing one length, described by the first pane's share of it (0..1). The arithmetic a
// splitter needs (bounds from each pane's least size, arrow keys, a pointer's position, the remembered share) kept
// free of the DOM, so it runs and is tested in Node and can serve any view that draws panes.

/** Which way the line between the panes runs (ARIA's aria-orientation of the separator). */
export type Orientation =
  /** A vertical line between a left and a right pane: Left and Right arrows move it. */
  | 'vertical'
  /** A horizontal line between a top and a bottom pane: Up and Down arrows move it. */
  | 'horizontal';

export interface SplitSpec {
  /** Where the share is remembered in localStorage. */
  key: string;
  /** The first pane's share until the learner moves the splitter, and after a reset. */
  initial: number;
  /** The least size of the first and of the second pane, in CSS pixels. */
  minFirst: number;
  minSecond: number;
}

/** The shares the first pane may take, so that neither pane falls under its least size. */
export interface Bounds {
  min: number;
  max: number;
}

/** Every layout key starts with the prefix the workbook's other saved state uses. */
export const LAYOUT_PREFIX = 'eventbridge-workbook:layout:';

/** One arrow key press moves the splitter this much of the length; with Shift, `BIG_STEP`. */
export const STEP = 0.02;
export const BIG_STEP = 0.1;

/**
 * The bounds for a length of `length` pixels. When the length cannot hold both least sizes, they give way in
 * proportion, so the splitter still has one position and never jumps out of the length.
 */
export function boundsFor(length: number, minFirst: number, minSecond: number): Bounds {
  if (!(length > 0)) return { min: 0, max: 1 };
  if (minFirst + minSecond >= length) {
    const at = minFirst + minSecond > 0 ? minFirst / (minFirst + minSecond) : 0.5;
    return { min: at, max: at };
  }
  return { min: minFirst / length, max: 1 - minSecond / length };
}

export const clampShare = (share: number, { min, max }: Bounds): number => Math.min(max, Math.max(min, share));

const DECREASE: Record<Orientation, string> = { vertical: 'ArrowLeft', horizontal: 'ArrowUp' };
const INCREASE: Record<Orientation, string> = { vertical: 'ArrowRight', horizontal: 'ArrowDown' };

/**
 * The share after a key press on the separator (the WAI-ARIA window splitter pattern): the arrows across the line
 * move it a step (a big step with Shift), Home and End take the first pane to its least and its largest. Undefined
 * for a key the splitter does not use, so the page can let it through.
 */
export function shareAfterKey(share: number, key: { key: string; shiftKey?: boolean }, orientation: Orientation, bounds: Bounds): number | undefined {
  const step = key.shiftKey ? BIG_STEP : STEP;
  if (key.key === DECREASE[orientation]) return clampShare(share - step, bounds);
  if (key.key === INCREASE[orientation]) return clampShare(share + step, bounds);
  if (key.key === 'Home') return bounds.min;
  if (key.key === 'End') return bounds.max;
  return undefined;
}

/** The share that puts the line under a pointer at `position`, for a length starting at `start` (same axis, pixels). */
export function shareAtPointer(position: number, start: number, length: number, bounds: Bounds): number {
  if (!(length > 0)) return bounds.min;
  return clampShare((position - start) / length, bounds);
}

/** The share as a whole percentage, for aria-valuenow. */
export const percent = (share: number): number => Math.round(share * 100);

/** What is remembered under `key`, if it is a share at all: anything else (edited by hand, an old format) is ignored. */
export function readShare(storage: Pick<Storage, 'getItem'> | undefined, key: string): number | undefined {
  let text: string | null = null;
  try {
    text = storage?.getItem(key) ?? null;
  } catch {
    return undefined;
  }
  if (text === null || text.trim() === '') return undefined;
  const share = Number(text);
  return Number.isFinite(share) && share > 0 && share < 1 ? share : undefined;
}

/** Remembers a share, or forgets it (`undefined`, after a reset). Storage that refuses is not an error: the layout still works. */
export function writeShare(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, key: string, share: number | undefined): void {
  try {
    if (share === undefined) storage?.removeItem(key);
    else storage?.setItem(key, String(Math.round(share * 1000) / 1000));
  } catch {
    // Full or turned off: the share lasts until the page closes.
  }
}
