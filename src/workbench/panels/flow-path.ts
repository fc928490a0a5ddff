// The last event's path through the Flow diagram, as data: which producer sent it, which bus received it, which
// rules matched, how each target fared, which downstream resources changed, and the edges that lights, numbered in
// the order the event travelled them (the panel animates them in that order). Pure: the layout and the Flow state in.

import type { TraceStep } from '../../bus/trace.ts';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { type FlowState, resourceKey } from '../flow-state.ts';
import type { Invocation } from '../session.ts';
import { busNode, type FlowEdge, type FlowLayout, type FlowNode, SEND_NODE } from './flow-layout.ts';

export type TargetOutcome = 'idle' | 'delivered' | 'retrying' | 'failed';

/**
 * `lit`: the event went this way; `retrying`: it went, and is to be tried again there; `failed`: it went, and
 * failed there; `unmatched`: a rule it did not match.
 */
export type EdgeState = 'idle' | 'lit' | 'retrying' | 'failed' | 'unmatched';

export interface FlowPath {
  /** The node that sent the event: the composer, a producer function, a partner source. */
  producer?: string;
  bus?: string;
  /** The producers that took part: the one that sent the event, and any with an edge lit (a schedule that invoked its function, a pipe that ran). */
  litProducers: Set<string>;
  /** How each rule on that bus judged the event, by node id. */
  rules: Map<string, Extract<TraceStep, { type: 'rule' }>>;
  /** Each target's trace steps (attempts, retries, dead-lettering) and how it fared. */
  targets: Map<string, { steps: TraceStep[]; runs: Invocation[]; outcome: TargetOutcome }>;
  /** Downstream resources the last action changed, by node id. */
  changed: Set<string>;
  /** Each edge's state and, when lit, its step along the path (0 from the producer). */
  edges: Map<FlowEdge, { state: EdgeState; order: number }>;
}

/** How an edge into a target is drawn, by how the target fared. */
const edgeStateOf = (outcome: TargetOutcome): EdgeState => (outcome === 'delivered' ? 'lit' : outcome);

export function flowPath(layout: FlowLayout, architecture: LessonArchitecture, state: FlowState): FlowPath {
  const steps = state.journey?.steps ?? [];
  const invocations = state.invocations ?? [];
  const received = steps.find((s): s is Extract<TraceStep, { type: 'received' }> => s.type === 'received');
  const nodes = layout.columns.flatMap((c) => c.nodes);
  const changedKeys = new Set((state.downstream ?? []).filter((d) => d.changed).map(resourceKey));
  const changed = new Set(nodes.filter((n) => n.resource && changedKeys.has(n.resource)).map((n) => n.id));
  const bus = received ? busNode(received.bus) : undefined;
  const producer = received ? senderOf(layout, received.source, bus!, invocations) : undefined;
  const runsOf = (fn: string) => invocations.filter((i) => i.functionName === fn);

  // A rule's target has the trace steps of its rule (on the bus that received the event) and Id. Lambda's
  // invocations name only their function: they go to the targets that delivered to it, else to what invokes it
  // directly (Scheduler, a pipe, a destination).
  const targetNodes = nodes.filter((n) => n.column === 'targets');
  const stepsOf = (node: FlowNode) =>
    node.target && node.target.bus === received?.bus ? steps.filter((s) => s.type !== 'received' && s.type !== 'rule' && s.rule === node.target!.rule && s.targetId === node.target!.id) : [];
  const delivered = (mine: TraceStep[]) => mine.some((s) => s.type === 'attempt' && s.ok);
  const deliveriesTo = new Map<string, number>();
  for (const node of targetNodes) if (node.function && delivered(stepsOf(node))) deliveriesTo.set(node.function, (deliveriesTo.get(node.function) ?? 0) + 1);
  const targets = new Map<string, { steps: TraceStep[]; runs: Invocation[]; outcome: TargetOutcome }>();
  for (const node of targetNodes) {
    const mine = stepsOf(node);
    const deliveries = node.function ? (deliveriesTo.get(node.function) ?? 0) : 0;
    const ours = node.target ? delivered(mine) : deliveries === 0;
    const runs = node.function && ours ? runsOf(node.function) : [];
    targets.set(node.id, { steps: mine, runs, outcome: node.target ? targetOutcome(architecture, node, mine, runs, deliveries) : runsOutcome(runs) });
  }

  const rules = new Map<string, Extract<TraceStep, { type: 'rule' }>>();
  for (const node of nodes.filter((n) => n.rule && busNode(n.rule.bus) === bus)) {
    const step = steps.find((s): s is Extract<TraceStep, { type: 'rule' }> => s.type === 'rule' && s.rule === node.rule!.name);
    if (step) rules.set(node.id, step);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outcomeOf = (id: string) => targets.get(id)?.outcome ?? 'idle';
  const deadLettered = (id: string) => targets.get(id)?.steps.some((s) => s.type === 'dead-lettered' && s.sent) ?? false;
  /** A pipe ran when its enrichment function did (a pipe without one shows only through what it fills). */
  const pipeRan = (id: string) => {
    const pipe = (architecture.pipes ?? []).find((p) => `pipe:${p.name}` === id);
    return pipe?.enrichment ? runsOf(pipe.enrichment.function).length > 0 : false;
  };
  const edges = new Map<FlowEdge, { state: EdgeState; order: number }>();
  for (const edge of layout.edges) {
    const from = byId.get(edge.from)!;
    const to = byId.get(edge.to)!;
    let state: EdgeState = 'idle';
    let order = 0;
    if (edge.from === producer && edge.to === bus) state = 'lit';
    else if (from.column === 'producers') {
      // What a producer does besides sending the event: a schedule or pipe invoking its target, a function
      // writing its tables, a pipe's batch given up on.
      order = 3;
      if (to.column === 'targets') state = edgeStateOf(outcomeOf(to.id));
      else if (edge.kind === 'dead-letter') state = changed.has(to.id) ? 'failed' : 'idle';
      else if (to.column === 'buses') state = pipeRan(from.id) ? 'lit' : 'idle';
      else if (changed.has(to.id) && (from.id === producer || pipeRan(from.id))) state = 'lit';
    } else if (from.column === 'buses' && to.column === 'rules') {
      const step = rules.get(to.id);
      state = !step ? 'idle' : step.matched ? 'lit' : 'unmatched';
      order = 1;
    } else if (from.column === 'rules' && to.column === 'targets') {
      state = edgeStateOf(outcomeOf(to.id));
      order = 2;
    } else if (from.column === 'targets' && outcomeOf(from.id) !== 'idle') {
      order = 3;
      if (edge.kind === 'dead-letter') state = deadLettered(from.id) ? 'failed' : 'idle';
      else if (to.column === 'targets') state = outcomeOf(to.id) === 'idle' ? 'idle' : edge.kind === 'on-failure' ? 'failed' : 'lit';
      else if (changed.has(to.id)) state = edge.kind === 'on-failure' ? 'failed' : 'lit';
    }
    edges.set(edge, { state, order });
  }
  const litProducers = new Set(
    nodes.filter((n) => n.column === 'producers' && (n.id === producer || [...edges].some(([e, { state }]) => e.from === n.id && state !== 'idle' && state !== 'unmatched'))).map((n) => n.id),
  );
  return { producer, bus, litProducers, rules, targets, changed, edges };
}

/**
 * Which producer put the event on its bus: a partner source of that name, a producer function the last action
 * invoked, else the composer.
 */
function senderOf(layout: FlowLayout, source: string, bus: string, invocations: Invocation[]): string {
  const into = layout.edges.filter((e) => e.to === bus).map((e) => e.from);
  if (into.includes(`partner:${source}`)) return `partner:${source}`;
  const ran = into.find((id) => id.startsWith('producer:') && invocations.some((i) => `producer:${i.functionName}` === id));
  return ran ?? SEND_NODE;
}

/**
 * How a rule's target fared. EventBridge's delivery to Lambda can succeed while the function then fails: for a
 * delivered event, the function's outcome is the target's (retrying while Lambda's own retries remain, for each of
 * the `deliveries` the function had from this event's rules). A direct Run is not a delivery.
 */
function targetOutcome(architecture: LessonArchitecture, node: FlowNode, steps: TraceStep[], runs: Invocation[], deliveries: number): TargetOutcome {
  const last = steps.at(-1);
  const delivery: TargetOutcome = !last ? 'idle' : last.type === 'attempt' ? (last.ok ? 'delivered' : 'failed') : last.type === 'retry-scheduled' ? 'retrying' : 'failed';
  const fn = node.function ? (architecture.functions ?? []).find((f) => f.name === node.function) : undefined;
  const failedRuns = runs.filter((run) => run.result.functionError).length;
  if (delivery !== 'delivered' || failedRuns === 0 || !runs.at(-1)?.result.functionError) return delivery;
  return failedRuns < Math.max(1, deliveries) * ((fn?.maximumRetryAttempts ?? 2) + 1) ? 'retrying' : 'failed';
}

/** A resource EventBridge Scheduler, a pipe or a destination invokes: how its last invocation went. */
function runsOutcome(runs: Invocation[]): TargetOutcome {
  const last = runs.at(-1);
  return !last ? 'idle' : last.result.functionError ? 'failed' : 'delivered';
}
