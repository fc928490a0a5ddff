// The Flow diagram's edges: an SVG layer under the node boxes, its paths drawn from where the boxes are, again
// whenever the diagram changes size (a panel shown, a pane resized, a target's attempt lines growing). Decorative:
// the nodes' own text says where each leads, so the layer is hidden from assistive technology.

import type { FlowEdge } from './flow-layout.ts';
import type { EdgeState } from './flow-path.ts';

const SVG = 'http://www.w3.org/2000/svg';

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

const svg = <K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
};

/**
 * Draws `edges` between the boxes of `diagram` (found by `data-node`), and draws them again as it resizes.
 * Returns a function that stops watching.
 */
export function drawEdges(diagram: HTMLElement, edges: DrawnEdge[], markerId: string): () => void {
  const layer = svg('svg', { class: 'flow-edges', 'aria-hidden': 'true', focusable: 'false' });
  const defs = svg('defs', {});
  for (const state of ['idle', 'lit', 'retrying', 'failed', 'unmatched'] as const) {
    const marker = svg('marker', { id: `${markerId}-${state}`, class: 'flow-arrow', 'data-state': state, viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 8 4 L 0 8 z' }));
    defs.append(marker);
  }
  layer.append(defs);
  const paths = edges.map(({ edge, state, order, long, far }) => {
    const path = svg('path', { class: 'flow-edge', 'data-state': state, 'data-kind': edge.kind, pathLength: 1, 'marker-end': `url(#${markerId}-${state})` });
    if (edge.back) path.setAttribute('data-back', '');
    if (long) path.setAttribute('data-long', '');
    if (far) path.setAttribute('data-far', '');
    if (state === 'lit' || state === 'retrying' || state === 'failed') path.style.setProperty('--order', String(order));
    layer.append(path);
    return { edge, path };
  });
  diagram.prepend(layer);

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
    for (const { edge, path } of paths) {
      const from = boxOf(edge.from);
      const to = boxOf(edge.to);
      if (from && to) path.setAttribute('d', edgePath(from, to, origin.width));
    }
  };
  const observer = new ResizeObserver(() => draw());
  observer.observe(diagram);
  for (const box of diagram.querySelectorAll('[data-node]')) observer.observe(box);
  return () => observer.disconnect();
}
