// The Flow panel: the lesson's architecture drawn as a diagram (producers | buses | rules | targets | downstream
// resources, laid out by ./flow-layout.ts) with the last event's path lit through it (./flow-path.ts), its edges
// lighting in the order the event travelled them. Each rule says whether it matched, with the pattern engine's
// reasons on hover or keyboard focus; each target lists its delivery attempts, retries and dead-lettering as the
// clock runs. A node whose resource another panel shows (a function's logs, a queue's messages) opens it.
//
// The nodes are HTML lists in travel order, so a screen reader reads the diagram as a list and a narrow panel
// stacks the columns (flow.css); the edges are a decorative SVG layer between the boxes (./flow-edges.ts).

import type { TraceStep } from '../../bus/trace.ts';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { clockTime, h, uniqueId } from '../dom.ts';
import { type DownstreamNode, type FlowState, resourceKey } from '../flow-state.ts';
import type { Invocation } from '../session.ts';
import { drawEdges } from './flow-edges.ts';
import { COLUMNS, describeTarget, type FlowEdge, type FlowLayout, flowLayout, type FlowNode, type FlowPanel, panelOf, resourceNode, rowsOf, SEND_NODE, sourcesOf } from './flow-layout.ts';
import { type FlowPath, flowPath } from './flow-path.ts';
import './flow.css';

/** What a click on a node may do: open one of the workbench's panels. */
export interface FlowActions {
  /** The panels the workbench has, by their tab's name. */
  panels: readonly string[];
  open(panel: FlowPanel): void;
}

const layouts = new WeakMap<LessonArchitecture, FlowLayout>();
/**
 * Per panel: what stops its edges being redrawn, the event whose path it drew and when that began to travel, and
 * how many events' paths it has drawn (the diagram's `data-events-drawn`, for a test to wait on).
 */
const drawn = new WeakMap<HTMLElement, { stop: () => void; eventId?: string; startedAt: number; events: number }>();
/**
 * How long the path takes to travel, and a little more (flow.css: an edge starts 0.45 s after the step before it,
 * the last, step 3, at 1.35 s, and takes 0.45 s; a node lights as the event reaches its column, the fifth at 1.8 s).
 */
const TRAVEL_SECONDS = 2.5;

export function renderFlow(container: HTMLElement, architecture: LessonArchitecture, state: FlowState, actions?: FlowActions): void {
  if (!layouts.has(architecture)) layouts.set(architecture, flowLayout(architecture));
  const layout = withStateOnlyResources(layouts.get(architecture)!, state.downstream ?? []);
  const path = flowPath(layout, architecture, state);
  const received = state.journey?.steps.find((s): s is Extract<TraceStep, { type: 'received' }> => s.type === 'received');
  const summary = received
    ? `Event from ${received.source} (${received.detailType}) received by the ${received.bus} bus at ${clockTime(received.time)}.`
    : (state.note ?? 'Send an event to see its path through the architecture.');

  const draw = new NodeDrawer(layout, architecture, state, path, received, actions);
  const diagram = h(
    'div',
    { class: 'flow-diagram' },
    h(
      'ol',
      { class: 'flow', 'aria-label': 'The lesson’s architecture, in the order an event travels' },
      ...layout.columns
        .filter(({ column, nodes }) => column !== 'downstream' || nodes.length > 0)
        .map(({ column, heading, nodes }) =>
          h(
            'li',
            { class: 'flow-stage', 'data-column': column },
            h('h4', { class: 'flow-stage-name' }, heading),
            nodes.length === 0 && column === 'rules'
              ? h('p', { class: 'flow-empty' }, 'This lesson has no rules yet.')
              : nodes.length === 0 && column === 'targets'
                ? h('p', { class: 'flow-empty' }, 'No targets yet.')
                : h('ul', {}, ...nodes.map((node) => draw.node(node))),
          ),
        ),
    ),
  );
  diagram.style.setProperty('--rows', String(layout.rows));

  // A new event's path travels, for as long as that takes: the panel is drawn again as the event's deliveries and
  // invocations come in, and each drawing takes up the travel where the last left it. Later drawings (another
  // panel's tab, the clock) show the path lit at once.
  const previous = drawn.get(container);
  previous?.stop();
  const eventId = state.journey?.eventId;
  const startedAt = eventId && eventId === previous?.eventId ? previous.startedAt : performance.now();
  const events = (previous?.events ?? 0) + (eventId && eventId !== previous?.eventId ? 1 : 0);
  diagram.dataset.eventsDrawn = String(events);
  const elapsed = (performance.now() - startedAt) / 1000;
  if (eventId && elapsed < TRAVEL_SECONDS) {
    diagram.dataset.animate = '';
    diagram.style.setProperty('--elapsed', `${elapsed.toFixed(3)}s`);
  }
  // The panel is drawn again and again while an action runs: a keyboard user's focus stays on the node it was on.
  const active = container.ownerDocument.activeElement;
  const focusedNode = active && container.contains(active) ? active.closest<HTMLElement>('[data-node]') : null;
  const refocus = focusedNode && { node: focusedNode.dataset.node!, link: active!.classList.contains('flow-open') };
  container.replaceChildren(h('p', { class: 'flow-summary', 'data-flow-summary': true }, summary), diagram);
  if (refocus) {
    const box = diagram.querySelector<HTMLElement>(`[data-node="${CSS.escape(refocus.node)}"]`);
    (refocus.link ? box?.querySelector<HTMLElement>('.flow-open') : box)?.focus({ preventScroll: true });
  }
  const columnOf = new Map(layout.columns.flatMap(({ nodes }, i) => nodes.map((n) => [n.id, i] as const)));
  const downstream = layout.columns.findIndex((c) => c.column === 'downstream');
  // What a producer's environment names further on (checkout's tables) would cross every column between.
  const far = (edge: FlowEdge) => edge.kind !== 'event' && columnOf.get(edge.to)! - columnOf.get(edge.from)! > 1;
  const long = (edge: FlowEdge) => edge.back || far(edge) || columnOf.get(edge.to) === downstream;
  const stop = drawEdges(
    diagram,
    layout.edges.map((edge) => ({ edge, ...path.edges.get(edge)!, long: long(edge), far: far(edge) })),
    uniqueId('flow-arrow'),
  );
  drawn.set(container, { stop, eventId, startedAt, events });
}

/** The layout, with the downstream resources only a built lesson knows (alarms from a learner's file) added. */
function withStateOnlyResources(layout: FlowLayout, downstream: DownstreamNode[]): FlowLayout {
  const column = layout.columns.find((c) => c.column === 'downstream')!;
  const extra = downstream.filter((d) => !column.nodes.some((n) => n.resource === resourceKey(d)));
  if (extra.length === 0) return layout;
  const below = Math.max(0, ...column.nodes.map((n) => n.row));
  const nodes: FlowNode[] = [
    ...column.nodes,
    ...extra.map((d, i) => ({ id: resourceNode(resourceKey(d)), column: 'downstream' as const, row: below + i + 1, span: 1, name: d.name, kind: d.kind, resource: resourceKey(d), opens: panelOf(d.kind) })),
  ];
  return { ...layout, columns: layout.columns.map((c) => (c === column ? { ...c, nodes } : c)), rows: Math.max(layout.rows, rowsOf(nodes)) };
}

class NodeDrawer {
  readonly #architecture: LessonArchitecture;
  readonly #state: FlowState;
  readonly #path: FlowPath;
  readonly #received?: Extract<TraceStep, { type: 'received' }>;
  readonly #actions?: FlowActions;
  /** Where each node's edges come from, in words, for those who cannot see the edges or when the columns stack. */
  readonly #from: Map<string, string[]>;

  constructor(layout: FlowLayout, architecture: LessonArchitecture, state: FlowState, path: FlowPath, received: Extract<TraceStep, { type: 'received' }> | undefined, actions?: FlowActions) {
    this.#architecture = architecture;
    this.#state = state;
    this.#path = path;
    this.#received = received;
    this.#actions = actions;
    const names = new Map(layout.columns.flatMap((c) => c.nodes.map((n) => [n.id, n.id === SEND_NODE ? 'events you send' : n.name])));
    this.#from = sourcesOf(layout.edges, (id) => names.get(id)!);
  }

  node(node: FlowNode): HTMLElement {
    if (node.rule) return this.#rule(node);
    if (node.column === 'targets') return this.#target(node);
    if (node.resource) return this.#resource(node);
    const lit = this.#path.litProducers.has(node.id) || node.id === this.#path.bus;
    // The composer's node says what was sent, once it was.
    const name = node.id === SEND_NODE && lit && this.#received ? this.#received.source : node.name;
    return h('li', this.#box(node, 'flow-node', lit ? 'lit' : 'idle'), this.#title(node, name), node.note ? h('span', { class: 'flow-note' }, node.note) : null, this.#fromLine(node));
  }

  #box(node: FlowNode, className: string, state: string): Record<string, string | number | undefined> {
    const column = COLUMNS.findIndex((c) => c.column === node.column);
    return { class: className, 'data-node': node.id, 'data-state': state, style: `--row: ${node.row}; --span: ${node.span}; --column: ${column}` };
  }

  /**
   * The node's name and kind: a link to the panel showing it, when the workbench has that panel. A link to the
   * panel rather than a button, so its name (a function called `checkout`) is never taken for a toolbar button's.
   */
  #title(node: FlowNode, name = node.name): HTMLElement {
    const content = [h('span', { class: 'flow-name' }, name), h('span', { class: 'flow-kind' }, ` ${node.kind}`)];
    const panel = node.opens && this.#actions?.panels.includes(node.opens) ? node.opens : undefined;
    if (!panel) return h('span', { class: 'flow-title' }, ...content);
    const link = h('a', { href: `#panel-${panel.toLowerCase()}`, class: 'flow-title flow-open', title: `Show in ${panel}` }, ...content);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      this.#actions!.open(panel);
    });
    return link;
  }

  #fromLine(node: FlowNode): HTMLElement | null {
    const from = this.#from.get(node.id);
    return from ? h('span', { class: 'flow-from' }, `from ${from.join(', ')}`) : null;
  }

  #rule(node: FlowNode): HTMLElement {
    const rule = node.rule!;
    const step = this.#path.rules.get(node.id);
    const state = !step ? 'idle' : step.matched ? 'matched' : 'unmatched';
    const status = !step ? (rule.schedule ? `runs on ${rule.schedule}` : 'not evaluated yet') : step.matched ? 'matched' : 'did not match';
    const reasonsId = uniqueId('reasons');
    const reasons = step?.reasons ?? [];
    return h(
      'li',
      { ...this.#box(node, 'flow-rule', state), 'data-rule': rule.name, tabindex: 0, 'aria-describedby': reasons.length > 0 ? reasonsId : undefined },
      h('span', { class: 'flow-title' }, h('span', { class: 'flow-name' }, rule.name), h('span', { class: 'flow-kind' }, ' rule')),
      ' ',
      h('span', { class: 'flow-status' }, status),
      this.#fromLine(node),
      reasons.length > 0
        ? h('ul', { class: 'flow-reasons', role: 'tooltip', id: reasonsId }, ...reasons.map((r) => h('li', { 'data-ok': String(r.ok) }, `${r.ok ? '✓' : '✗'} ${r.message}`)))
        : null,
    );
  }

  #target(node: FlowNode): HTMLElement {
    const { steps, runs, outcome } = this.#path.targets.get(node.id)!;
    const rule = node.target ? (this.#architecture.rules ?? []).find((r) => (r.bus ?? 'default') === node.target!.bus && r.name === node.target!.rule) : undefined;
    const spec = rule?.targets.find((t) => t.id === node.target!.id);
    const fn = node.function ? (this.#architecture.functions ?? []).find((f) => f.name === node.function) : undefined;
    const failureDestination = fn?.onFailure ? describeTarget(fn.onFailure) : undefined;
    return h(
      'li',
      { ...this.#box(node, 'flow-target', outcome), 'data-target': node.target?.id },
      this.#title(node),
      // In words as well as colour and border: how the target fared.
      outcome !== 'idle' && ' ',
      outcome !== 'idle' && h('span', { class: 'flow-status' }, outcome),
      node.note ? h('span', { class: 'flow-note' }, node.note) : null,
      this.#fromLine(node),
      steps.length > 0 ? h('ol', { class: 'flow-attempts', 'aria-label': `Deliveries to ${node.name}` }, ...shortened(steps.map(stepLine))) : null,
      runs.length > 0 ? h('ol', { class: 'flow-attempts', 'aria-label': `Invocations of ${node.name}` }, ...runs.map(invocationLine)) : null,
      spec?.deadLetterQueue ? h('p', { class: 'flow-downstream' }, `Dead-letter queue: ${spec.deadLetterQueue}`) : null,
      failureDestination ? h('p', { class: 'flow-downstream' }, `On failure after Lambda’s retries: ${failureDestination.name} (${failureDestination.kind})`) : null,
    );
  }

  #resource(node: FlowNode): HTMLElement {
    const now = (this.#state.downstream ?? []).find((d) => resourceKey(d) === node.resource);
    const changed = this.#path.changed.has(node.id);
    return h(
      'li',
      { ...this.#box(node, 'flow-node', changed ? 'lit' : 'idle'), 'data-downstream': node.name },
      this.#title(node),
      now ? h('span', { class: 'flow-state' }, now.state) : null,
      changed ? h('span', { class: 'sr-only' }, ' (changed)') : null,
      this.#fromLine(node),
    );
  }
}

function invocationLine(run: Invocation): HTMLElement {
  return h(
    'li',
    { 'data-ok': String(!run.result.functionError) },
    `${clockTime(run.at)} invocation ${run.result.functionError ? `✘ ${run.result.error?.errorType ?? 'Error'}: ${run.result.error?.errorMessage ?? ''}` : '✔ succeeded'}`,
  );
}

/** A day of retries is 185 attempts: show how it began and how it ended. */
function shortened(lines: HTMLElement[]): HTMLElement[] {
  if (lines.length <= 10) return lines;
  return [...lines.slice(0, 4), h('li', {}, `… ${lines.length - 8} more steps …`), ...lines.slice(-4)];
}

function stepLine(step: TraceStep): HTMLElement {
  const at = clockTime(step.time);
  switch (step.type) {
    case 'attempt':
      return h('li', { 'data-ok': String(step.ok) }, `${at} attempt ${step.attempt} ${step.ok ? '✔ delivered' : `✘ ${step.errorCode}: ${step.errorMessage ?? ''}`}`);
    case 'retry-scheduled':
      return h('li', {}, `${at} retry ${step.attempt} scheduled for ${clockTime(step.at)} (fast-forward to run it)`);
    case 'dead-lettered':
      return h('li', { 'data-ok': 'false' }, `${at} ${step.sent ? 'sent to the dead-letter queue' : 'could not be sent to the dead-letter queue'}${step.exhausted ? ` (${step.exhausted})` : ''}`);
    case 'dropped':
      return h('li', { 'data-ok': 'false' }, `${at} dropped: ${step.reason}`);
    default:
      return h('li', {}, at);
  }
}
