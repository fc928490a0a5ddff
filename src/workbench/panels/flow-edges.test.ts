import { describe, expect, it } from 'vitest';
import { edgePath } from './flow-edges.ts';

const box = (left: number, top: number, width = 100, height = 40) => ({ left, top, right: left + width, bottom: top + height });

describe('an edge’s path between two node boxes', () => {
  it('runs from the right side into the left side of a box further right (the columns side by side)', () => {
    expect(edgePath(box(0, 0), box(150, 100), 400)).toBe('M 100 16 C 125 16, 125 116, 150 116');
    // A short box is met at its middle, a tall one (a target's day of retries) level with its name.
    expect(edgePath(box(0, 0, 100, 20), box(150, 0, 100, 600), 400)).toBe('M 100 10 C 125 10, 125 16, 150 16');
  });

  it('runs from the bottom into the top of a box below (the stages stacked)', () => {
    expect(edgePath(box(0, 0), box(0, 100), 400)).toBe('M 50 40 C 50 70, 50 70, 50 100');
  });

  it('goes up the right of the diagram, within it, into a box above (a function publishing back to its bus)', () => {
    expect(edgePath(box(0, 200), box(0, 0), 400)).toBe('M 100 216 H 108 V 16 H 100');
    expect(edgePath(box(0, 200, 400), box(0, 0, 400), 400)).toBe('M 400 216 H 398 V 16 H 400');
  });

  it('goes under both boxes into one to the left on the same rows (a table’s stream feeding a pipe)', () => {
    expect(edgePath(box(500, 0), box(0, 10), 800)).toBe('M 550 40 V 62 H 50 V 50');
  });
});
