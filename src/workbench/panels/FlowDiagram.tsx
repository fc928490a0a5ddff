// The Flow diagram, drawn: the layout's columns (./flow-layout.ts) as HTML lists in travel order, so a screen reader
// reads the diagram as a list and a narrow container stacks the columns (./flow.css), with the edges as a decorative
// SVG layer between the boxes (./flow-edges.ts). What each box says is its caller's: the workbench's Flow panel
// (./FlowPanel.tsx) shows the last event's path through it; the lesson text's figure (EventFlow.astro), rendered on
// the server with no client component, names its producer, bus, rules and targets in words.
//
// Every node and edge is keyed by the layout's ids, so drawing the diagram again while a function runs keeps the
// elements: a keyboard user's focus, a rule's reasons shown on hover or focus, and the animations under way.

import { Fragment, type ComponentChildren, type VNode } from 'preact';
import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import { type DrawnEdge, traceEdges } from './flow-edges.ts';
import { COLUMNS, type FlowColumn, type FlowLayout, type FlowNode } from './flow-layout.ts';
import type { EdgeState } from './flow-path.ts';
import './flow.css';

export interface FlowDiagramProps {
  /** The columns to draw (a column without nodes says so) and the edges between their nodes. */
  readonly layout: FlowLayout;
  /** The list's accessible name. */
  readonly label: string;
  readonly edges: readonly DrawnEdge[];
  /** Draws a node's box: a NodeBox. */
  readonly drawNode: (node: FlowNode) => VNode;
  /** The stages' names: headings in the workbench, plain text in a figure, whose page has headings of its own. */
  readonly stageName?: 'h4' | 'span';
  /** The event's path is travelling: its lit edges draw themselves in order, each node lighting as it arrives (flow.css). */
  readonly travelling?: boolean;
  /** How many events' paths the diagram has drawn, for a test to wait on. */
  readonly eventsDrawn?: number;
  /** Begins the ids the diagram makes, so that the workbench's diagram and a figure's never share one. */
  readonly idPrefix?: string;
}

const EMPTY: Partial<Record<FlowColumn, string>> = { rules: 'This lesson has no rules yet.', targets: 'No targets yet.' };

export function FlowDiagram({ layout, label, edges, drawNode, stageName: StageName = 'h4', travelling, eventsDrawn, idPrefix = 'flow' }: FlowDiagramProps) {
  const diagram = useRef<HTMLDivElement>(null);
  const markerId = `${idPrefix}-arrow-${useId()}`;
  // Drawn again when the boxes change: a box's size changing is the ResizeObserver's to see.
  useLayoutEffect(() => traceEdges(diagram.current!), [layout]);
  // A new event's path travels from its start, even while the last one's still travels: the elements are kept, so
  // their animations are rewound rather than made again.
  useLayoutEffect(() => {
    if (travelling) for (const animation of diagram.current!.getAnimations({ subtree: true })) animation.currentTime = 0;
  }, [eventsDrawn]);
  return (
    <div ref={diagram} class="flow-diagram" style={`--rows: ${layout.rows}`} data-animate={travelling ? '' : undefined} data-events-drawn={eventsDrawn}>
      <EdgeLayer edges={edges} markerId={markerId} />
      <ol class="flow" aria-label={label}>
        {layout.columns.map(({ column, heading, nodes }) => (
          <li key={column} class="flow-stage" data-column={column}>
            <StageName class="flow-stage-name">{heading}</StageName>
            {nodes.length === 0 ? (
              <p class="flow-empty">{EMPTY[column]}</p>
            ) : (
              <ul>
                {nodes.map((node) => (
                  <Fragment key={node.id}>{drawNode(node)}</Fragment>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

export interface NodeBoxProps {
  readonly node: FlowNode;
  /** `flow-rule`, `flow-target`, or `flow-node` for the rest. */
  readonly class: string;
  /** How the event's path left the node (`lit`, `matched`, `retrying`…); none in a figure. */
  readonly state?: string;
  readonly children: ComponentChildren;
  readonly [attribute: `data-${string}` | `aria-${string}`]: string | undefined;
  readonly tabIndex?: number;
}

/** A node's box: a list item placed on the diagram's grid, level with what it feeds or is fed by. */
export function NodeBox({ node, class: className, state, children, ...attributes }: NodeBoxProps) {
  const column = COLUMNS.findIndex((c) => c.column === node.column);
  return (
    <li class={className} data-node={node.id} data-state={state} style={`--row: ${node.row}; --span: ${node.span}; --column: ${column}`} {...attributes}>
      {children}
    </li>
  );
}

/** Where a node's edges come from, in words, for those who cannot see the edges or when the columns stack. */
export function FromLine({ sources }: { sources: readonly string[] | undefined }) {
  return sources ? <span class="flow-from">from {sources.join(', ')}</span> : null;
}

/** A box of a node's name, kind and note as the layout gives them, and where it is fed from (`sources`, by node id). */
export const plainNode = (sources: ReadonlyMap<string, string[]>) => (node: FlowNode) => (
  <NodeBox node={node} class={node.rule ? 'flow-rule' : 'flow-node'}>
    <span class="flow-title">
      <span class="flow-name">{node.name}</span>
      {node.kind && <span class="flow-kind">{` ${node.kind}`}</span>}
    </span>
    {node.note && <span class="flow-note">{node.note}</span>}
    <FromLine sources={sources.get(node.id)} />
  </NodeBox>
);

const isLit = (state: EdgeState) => state === 'lit' || state === 'retrying' || state === 'failed';

function EdgeLayer({ edges, markerId }: { edges: readonly DrawnEdge[]; markerId: string }) {
  return (
    <svg class="flow-edges" aria-hidden="true" focusable="false">
      {/* An arrowhead for each state an edge is in, in that state's colour (flow.css). */}
      <defs>
        {[...new Set(edges.map(({ state }) => state))].map((state) => (
          <marker key={state} id={`${markerId}-${state}`} class="flow-arrow" data-state={state} viewBox="0 0 8 8" refX={7} refY={4} markerWidth={8} markerHeight={8} markerUnits="userSpaceOnUse" orient="auto-start-reverse">
            <path d="M 0 0 L 8 4 L 0 8 z" />
          </marker>
        ))}
      </defs>
      {edges.map(({ edge, state, order, long, far }) => (
        // The layout has one edge for each pair of ends; its path (`d`) is traceEdges's, from where the boxes are.
        <path
          key={`${edge.from}→${edge.to}`}
          class="flow-edge"
          data-from={edge.from}
          data-to={edge.to}
          data-state={state}
          data-kind={edge.kind}
          data-back={edge.back ? '' : undefined}
          data-long={long ? '' : undefined}
          data-far={far ? '' : undefined}
          pathLength={1}
          marker-end={`url(#${markerId}-${state})`}
          style={isLit(state) ? `--order: ${order}` : undefined}
        />
      ))}
    </svg>
  );
}
