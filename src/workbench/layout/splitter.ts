// A splitter on the page: an element with role="separator" between two panes that the learner drags, moves with the
// arrow keys, or double-clicks to put back. The share is a CSS custom property (the panes' flex-grow reads it; see
// layout.css), remembered in localStorage and put back before first paint by the lesson page (no layout shift).
// The arithmetic is ./split.ts.

import { boundsFor, clampShare, percent, readShare, shareAfterKey, shareAtPointer, writeShare, type Orientation, type SplitSpec } from './split.ts';

export interface SplitterOptions {
  separator: HTMLElement;
  orientation: Orientation;
  spec: SplitSpec;
  /** The custom property on <html> that carries the share. */
  property: string;
  /**
   * The length the two panes divide, and where the line would be at share 0 (client pixels along the axis):
   * what lies between the panes besides the separator (a toolbar) is the caller's to account for.
   */
  measure(): { start: number; length: number };
  /** aria-valuetext: the share in words, e.g. "Lesson text 42% of the width". */
  describe(percentage: number): string;
  storage: Storage | undefined;
}

/**
 * `measure` for a separator between two pane elements: the length is the two panes' (what lies between them, the
 * separator's margins or a toolbar, moves with the line but belongs to neither), and share 0 puts the line where
 * the first pane would have no size.
 */
export function measureBetween(first: HTMLElement, separator: HTMLElement, second: HTMLElement, orientation: Orientation): () => { start: number; length: number } {
  return () => {
    const [a, line, b] = [first, separator, second].map((element) => element.getBoundingClientRect()) as [DOMRect, DOMRect, DOMRect];
    if (orientation === 'vertical') return { start: a.left + (line.left - a.right) + line.width / 2, length: a.width + b.width };
    return { start: a.top + (line.top - a.bottom) + line.height / 2, length: a.height + b.height };
  };
}

export interface Splitter {
  /** The share now. */
  readonly share: number;
  /** Back to the spec's initial share, forgetting the remembered one. */
  reset(): void;
}

export function attachSplitter(options: SplitterOptions): Splitter {
  const { separator, orientation, spec, property, storage } = options;
  const root = document.documentElement;
  let share = readShare(storage, spec.key) ?? spec.initial;

  const bounds = () => {
    const { length } = options.measure();
    return boundsFor(length, spec.minFirst, spec.minSecond);
  };
  // A share remembered on a bigger screen may not fit this one: it is shown within the bounds, and kept for later.
  const current = () => clampShare(share, bounds());
  const show = () => {
    const shown = current();
    const { min, max } = bounds();
    root.style.setProperty(property, String(shown));
    separator.setAttribute('aria-valuenow', String(percent(shown)));
    separator.setAttribute('aria-valuemin', String(percent(min)));
    separator.setAttribute('aria-valuemax', String(percent(max)));
    separator.setAttribute('aria-valuetext', options.describe(percent(shown)));
  };
  const set = (next: number, remember: boolean) => {
    share = next;
    show();
    if (remember) writeShare(storage, spec.key, share);
  };

  separator.addEventListener('keydown', (event) => {
    const next = shareAfterKey(current(), event, orientation, bounds());
    if (next === undefined) return;
    event.preventDefault();
    set(next, true);
  });

  // Dragging: the pointer is captured, so the line keeps following it over Monaco (which would take the pointer's
  // events) and outside the window; the share is saved once, when the drag ends.
  const axis = (event: PointerEvent) => (orientation === 'vertical' ? event.clientX : event.clientY);
  separator.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    separator.setPointerCapture(event.pointerId);
    separator.dataset.dragging = 'true';
    separator.focus({ preventScroll: true });
  });
  separator.addEventListener('pointermove', (event) => {
    if (!separator.hasPointerCapture(event.pointerId)) return;
    const { start, length } = options.measure();
    set(shareAtPointer(axis(event), start, length, boundsFor(length, spec.minFirst, spec.minSecond)), false);
  });
  const endDrag = (event: PointerEvent) => {
    if (separator.dataset.dragging !== 'true') return;
    if (separator.hasPointerCapture(event.pointerId)) separator.releasePointerCapture(event.pointerId);
    delete separator.dataset.dragging;
    writeShare(storage, spec.key, share);
  };
  separator.addEventListener('pointerup', endDrag);
  separator.addEventListener('pointercancel', endDrag);

  const reset = () => {
    share = spec.initial;
    show();
    writeShare(storage, spec.key, undefined);
  };
  separator.addEventListener('dblclick', reset);

  // The bounds depend on the panes' lengths, which a resized window changes.
  addEventListener('resize', show);
  show();

  return {
    get share() {
      return current();
    },
    reset,
  };
}
