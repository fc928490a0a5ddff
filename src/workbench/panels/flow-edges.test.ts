import { describe, expect, it } from 'vitest';
import decoupling from '../../../lessons/08-decoupling/architecture.ts';
import { drawnEdges, edgePath } from './flow-edges.ts';
import { busNode, flowLayout, producerNode, resourceNode, ruleNode } from './flow-layout.ts';
import { flowPath } from './flow-path.ts';

const box = (left: number, top: number, width = 100, height = 40) => ({ left, top, right: left + width, bottom: top + height });

/** Where a path starts and ends, and the directions it sets off and arrives in, whatever curve it takes between. */
function ends(d: string): { start: [number, number]; end: [number, number] } {
  const numbers = d.match(/-?[\d.]+/g)!.map(Number);
  const start: [number, number] = [numbers[0]!, numbers[1]!];
  // The last point: an `H x` or `V y` ending keeps the other coordinate from before.
  const last = d.trim().split(/\s+(?=[MCHV])/).reduce<[number, number]>(
    (at, command) => {
      const values = command.slice(1).match(/-?[\d.]+/g)!.map(Number);
      if (command[0] === 'H') return [values.at(-1)!, at[1]];
      if (command[0] === 'V') return [at[0], values.at(-1)!];
      return [values.at(-2)!, values.at(-1)!];
    },
    start,
  );
  return { start, end: last };
}

describe('an edge’s path between two node boxes', () => {
  it('runs from the right side into the left side of a box further right (the columns side by side)', () => {
    expect(ends(edgePath(box(0, 0), box(150, 100), 400))).toEqual({ start: [100, 16], end: [150, 116] });
    // A short box is met at its middle, a tall one (a target's day of retries) level with its name.
    expect(ends(edgePath(box(0, 0, 100, 20), box(150, 0, 100, 600), 400))).toEqual({ start: [100, 10], end: [150, 16] });
  });

  it('runs from the bottom into the top of a box below (the stages stacked)', () => {
    expect(ends(edgePath(box(0, 0), box(0, 100), 400))).toEqual({ start: [50, 40], end: [50, 100] });
  });

  it('goes up the right of the diagram, within it, into a box above (a function publishing back to its bus)', () => {
    const across = (d: string) => [...d.matchAll(/H (-?[\d.]+)/g)].map((m) => Number(m[1]));
    const path = edgePath(box(0, 200), box(0, 0), 400);
    expect(ends(path)).toEqual({ start: [100, 216], end: [100, 16] });
    expect(Math.max(...across(path))).toBeGreaterThan(100);
    // Boxes as wide as the diagram: it turns back within its width.
    const wide = edgePath(box(0, 200, 400), box(0, 0, 400), 400);
    expect(ends(wide)).toEqual({ start: [400, 216], end: [400, 16] });
    expect(Math.max(...across(wide))).toBeLessThanOrEqual(400);
  });

  it('goes under both boxes into one to the left on the same rows (a table’s stream feeding a pipe)', () => {
    const path = edgePath(box(500, 0), box(0, 10), 800);
    expect(ends(path)).toEqual({ start: [550, 40], end: [50, 50] });
    // Below both boxes on its way.
    expect(path).toMatch(/V (\d+)/);
    expect(Number(path.match(/V (\d+)/)![1])).toBeGreaterThan(50);
  });
});

describe('which edges cross the diagram', () => {
  const layout = flowLayout(decoupling);
  const edges = drawnEdges(layout, flowPath(layout, decoupling, {}).edges);
  const drawn = (from: string, to: string) => {
    const { long, far } = edges.find(({ edge }) => edge.from === from && edge.to === to)!;
    return { long, far };
  };

  it('takes every edge of the layout once, as the event’s path has it', () => {
    expect(edges.map(({ edge }) => edge)).toEqual(layout.edges);
    expect(edges.every(({ state }) => state === 'idle')).toBe(true);
  });

  it('marks an edge into the next column neither long nor far, one into the downstream resources or back long, and one past a column far', () => {
    expect(drawn(producerNode('checkout'), busNode('commerce'))).toEqual({ long: false, far: false });
    expect(drawn(busNode('commerce'), ruleNode('commerce', 'charge-placed-orders'))).toEqual({ long: false, far: false });
    const back = edges.find(({ edge }) => edge.back)!.edge;
    expect(drawn(back.from, back.to)).toEqual({ long: true, far: false });
    // checkout writes its orders table: from the producers past three columns.
    const table = edges.find(({ edge }) => edge.from === producerNode('checkout') && edge.to.startsWith(resourceNode('DynamoDB table')))!.edge;
    expect(drawn(table.from, table.to)).toEqual({ long: true, far: true });
  });
});
