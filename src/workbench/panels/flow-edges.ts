// The Flow diagram's edges: which are drawn and how (pure, from the layout and the event's path), and the paths
// between the boxes, drawn from where the boxes are, again whenever the diagram changes size (a panel shown, a pane
// resized, a target's attempt lines growing). The SVG layer itself is ./FlowDiagram.tsx's. Decorative: the nodes'
// own text says where each leads, so the layer is hidden from assistive technology.

import type { FlowEdge, FlowLayout } from './flow-layout.ts';
import type { EdgeState, FlowPath } from './flow-path.ts';

export interface DrawnEdge {
  edge: FlowEdge;
  state: EdgeState;
  /** The lit edge's step along the event's path, for the order of the animation. */
  order: number;
  /** Crosses the diagram (into the downstream resources, past a column, or back): drawn only lit when the columns stack. */
  long: boolean;
  /** Passes a column: drawn only lit. */
  far: boolean;
}

/** Each of the layout's edges as the event's path (flowPath) has it, and how far across the diagram it reaches. */
export function drawnEdges(layout: FlowLayout, path: FlowPath['edges']): DrawnEdge[] {
  const columnOf = new Map(layout.columns.flatMap(({ nodes }, i) => nodes.map((n) => [n.id, i] as const)));
  const downstream = layout.columns.findIndex((c) => c.column === 'downstream');
  // What a producer's environment names further on (checkout's tables) would cross every column between.
  const far = (edge: FlowEdge) => edge.kind !== 'event' && columnOf.get(edge.to)! - columnOf.get(edge.from)! > 1;
  const long = (edge: FlowEdge) => edge.back || far(edge) || columnOf.get(edge.to) === downstream;
  return layout.edges.map((edge) => ({ edge, ...path.get(edge)!, long: long(edge), far: far(edge) }));
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * A path from one box to another, by where the boxes are (the columns sit side by side or stack by the panel's
 * width): rightwards into a box to the right, downwards into a box below; otherwise round the boxes, upwards along
 * the right of the diagram (`rightEdge`) into a box above, else under both.
 */
export function edgePath(from: Box, to: Box, rightEdge: number): string {
  if (to.left >= from.right - 1) {
    const y1 = besideTitle(from);
    const y2 = besideTitle(to);
    const bend = Math.max(12, (to.left - from.right) / 2);
    return `M ${from.right} ${y1} C ${from.right + bend} ${y1}, ${to.left - bend} ${y2}, ${to.left} ${y2}`;
  }
  if (to.top >= from.bottom - 1) {
    const x1 = (from.left + from.right) / 2;
    const x2 = (to.left + to.right) / 2;
    const bend = Math.max(10, (to.top - from.bottom) / 2);
    return `M ${x1} ${from.bottom} C ${x1} ${from.bottom + bend}, ${x2} ${to.top - bend}, ${x2} ${to.top}`;
  }
  if (to.bottom <= from.top) {
    const x = Math.min(rightEdge - 2, Math.max(from.right, to.right) + 8);
    const y1 = besideTitle(from);
    const y2 = besideTitle(to);
    return `M ${from.right} ${y1} H ${x} V ${y2} H ${to.right}`;
  }
  const x1 = (from.left + from.right) / 2;
  const x2 = (to.left + to.right) / 2;
  const below = Math.max(from.bottom, to.bottom) + 12;
  return `M ${x1} ${from.bottom} V ${below} H ${x2} V ${to.bottom}`;
}

/** Where an edge meets a box's side: level with its name, or its middle if that is higher (a target's attempts can run long). */
const besideTitle = (box: Box) => Math.min((box.top + box.bottom) / 2, box.top + 16);

/**
 * Draws the paths of the diagram's edge layer (`path.flow-edge`, each naming its ends' `data-node` in `data-from` and
 * `data-to`) between the boxes, and again as the diagram or a box resizes. Returns a function that stops watching.
 */
export function traceEdges(diagram: HTMLElement): () => void {
  const layer = diagram.querySelector<SVGSVGElement>('svg.flow-edges')!;
  const draw = () => {
    const origin = diagram.getBoundingClientRect();
    const boxOf = (id: string): Box | undefined => {
      const rect = diagram.querySelector(`[data-node="${CSS.escape(id)}"]`)?.getBoundingClientRect();
      return rect && { left: rect.left - origin.left, right: rect.right - origin.left, top: rect.top - origin.top, bottom: rect.bottom - origin.top };
    };
    // The layer counts in the diagram's scroll size: sized from it as it was, it would keep the diagram (and, on a
    // phone, the page) as wide as before the screen narrowed.
    layer.setAttribute('width', '0');
    layer.setAttribute('height', '0');
    layer.setAttribute('width', String(diagram.scrollWidth));
    layer.setAttribute('height', String(diagram.scrollHeight));
    for (const path of layer.querySelectorAll<SVGPathElement>('path.flow-edge')) {
      const from = boxOf(path.dataset.from!);
      const to = boxOf(path.dataset.to!);
      if (from && to) path.setAttribute('d', edgePath(from, to, origin.width));
    }
  };
  const observer = new ResizeObserver(() => draw());
  observer.observe(diagram);
  for (const box of diagram.querySelectorAll('[data-node]')) observer.observe(box);
  return () => observer.disconnect();
}
