// The Flow panel: the lesson's architecture drawn as a diagram (producers | buses | rules | targets | downstream
// resources, laid out by ./flow-layout.ts, drawn by ./FlowDiagram.tsx) with the last event's path lit through it
// (./flow-path.ts), its edges lighting in the order the event travelled them. Each rule says whether it matched, with
// the pattern engine's reasons on hover or keyboard focus; each target lists its delivery attempts, retries and
// dead-lettering as the clock runs. A node whose resource another panel shows (a function's logs, a queue's
// messages) opens it.

import type { VNode } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { TraceStep } from '../../bus/trace.ts';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { clockTime } from '../dom.ts';
import { type DownstreamNode, downstreamNow, resourceKey } from '../flow-state.ts';
import type { Invocation } from '../session.ts';
import { drawnEdges } from './flow-edges.ts';
import { describeTarget, flowLayout, type FlowNode, type PanelName, SEND_NODE, sourcesOf, withStateOnlyResources } from './flow-layout.ts';
import { flowPath, type TargetOutcome } from './flow-path.ts';
import { FlowDiagram, FromLine, NodeBox } from './FlowDiagram.tsx';
import { panelId, type PanelContext, type PanelProps } from './panel.ts';

type Received = Extract<TraceStep, { type: 'received' }>;

export function FlowPanel({ context }: PanelProps) {
  const { architecture } = context.lesson;
  const {
    state: { flow, before },
    session,
  } = context.view.value;
  // What each downstream resource holds now, lit where the last action changed it.
  const was = new Map(before.map((node) => [resourceKey(node), node.state]));
  const downstream: DownstreamNode[] = downstreamNow(architecture, session).map((node) => ({ ...node, changed: was.has(resourceKey(node)) && was.get(resourceKey(node)) !== node.state }));
  // Laid out again only when the resources themselves change (a learner's alarms built), not what they hold.
  const resources = downstream.map(resourceKey).join('\n');
  const layout = useMemo(() => {
    const withResources = withStateOnlyResources(flowLayout(architecture), downstream);
    return { ...withResources, columns: withResources.columns.filter(({ column, nodes }) => column !== 'downstream' || nodes.length > 0) };
  }, [architecture, resources]);
  const sources = useMemo(() => {
    const names = new Map(layout.columns.flatMap((c) => c.nodes.map((n) => [n.id, n.id === SEND_NODE ? 'events you send' : n.name])));
    return sourcesOf(layout.edges, (id) => names.get(id)!);
  }, [layout]);
  const state = { ...flow, downstream };
  const path = flowPath(layout, architecture, state);
  const received = state.journey?.steps.find((s): s is Received => s.type === 'received');
  const summary = received
    ? `Event from ${received.source} (${received.detailType}) received by the ${received.bus} bus at ${clockTime(received.time)}.`
    : (state.note ?? 'Send an event to see its path through the architecture.');
  const { travelling, events } = useTravel(state.journey?.eventId);

  const title = (node: FlowNode, name?: string) => <NodeTitle node={node} name={name} panel={node.opens && context.panels.includes(node.opens) ? node.opens : undefined} open={context.open} />;
  const drawNode = (node: FlowNode): VNode => {
    const from = sources.get(node.id);
    if (node.rule) return <RuleBox node={node} step={path.rules.get(node.id)} from={from} />;
    if (node.column === 'targets') return <TargetBox node={node} title={title(node)} fared={path.targets.get(node.id)!} architecture={architecture} from={from} />;
    if (node.resource) {
      const changed = path.changed.has(node.id);
      const now = downstream.find((d) => resourceKey(d) === node.resource);
      return (
        <NodeBox node={node} class="flow-node" state={changed ? 'lit' : 'idle'} data-downstream={node.name}>
          {title(node)}
          {now && <span class="flow-state">{now.state}</span>}
          {changed && <span class="sr-only"> (changed)</span>}
          <FromLine sources={from} />
        </NodeBox>
      );
    }
    const lit = path.litProducers.has(node.id) || node.id === path.bus;
    return (
      <NodeBox node={node} class="flow-node" state={lit ? 'lit' : 'idle'}>
        {/* The composer's node says what was sent, once it was. */}
        {title(node, node.id === SEND_NODE && lit && received ? received.source : undefined)}
        {node.note && <span class="flow-note">{node.note}</span>}
        <FromLine sources={from} />
      </NodeBox>
    );
  };

  return (
    <>
      <p class="flow-summary" data-flow-summary>
        {summary}
      </p>
      <FlowDiagram layout={layout} label="The lesson’s architecture, in the order an event travels" edges={drawnEdges(layout, path.edges)} drawNode={drawNode} travelling={travelling} eventsDrawn={events} />
    </>
  );
}

/**
 * How long a new event's path travels, and a little more (flow.css: an edge starts 0.45 s after the step before it,
 * the last, step 3, at 1.35 s, and takes 0.45 s; a node lights as the event reaches its column, the fifth at 1.8 s).
 */
const TRAVEL_MS = 2500;

/**
 * Whether the event `eventId`'s path is still travelling, and how many events' paths the panel has drawn (once each,
 * however often it is drawn). The panel is drawn again and again as the event's deliveries and invocations come in;
 * its elements are kept, so their animations go on. Once the path has arrived the panel is drawn still, so that the
 * next event's path travels from its start.
 */
function useTravel(eventId: string | undefined): { travelling: boolean; events: number } {
  const latest = useRef({ eventId: undefined as string | undefined, startedAt: 0, events: 0 });
  if (eventId && eventId !== latest.current.eventId) latest.current = { eventId, startedAt: performance.now(), events: latest.current.events + 1 };
  const left = latest.current.startedAt + TRAVEL_MS - performance.now();
  const travelling = eventId !== undefined && left > 0;
  const [, arrived] = useState(0);
  useEffect(() => {
    if (!travelling) return;
    const timer = setTimeout(() => arrived((n) => n + 1), left);
    return () => clearTimeout(timer);
  }, [eventId, travelling]);
  return { travelling, events: latest.current.events };
}

/**
 * The node's name and kind: a link to the panel showing it, when the workbench has that panel. A link to the panel
 * rather than a button, so its name (a function called `checkout`) is never taken for a toolbar button's.
 */
function NodeTitle({ node, name = node.name, panel, open }: { node: FlowNode; name?: string | undefined; panel: PanelName | undefined; open: PanelContext['open'] }) {
  const content = (
    <>
      <span class="flow-name">{name}</span>
      <span class="flow-kind">{` ${node.kind}`}</span>
    </>
  );
  if (!panel) return <span class="flow-title">{content}</span>;
  return (
    <a
      href={`#${panelId(panel)}`}
      class="flow-title flow-open"
      title={`Show in ${panel}`}
      onClick={(event) => {
        event.preventDefault();
        open(panel);
      }}
    >
      {content}
    </a>
  );
}

/** A rule: whether it matched, and the pattern engine's reasons, field by field, on hover or keyboard focus. */
function RuleBox({ node, step, from }: { node: FlowNode; step: Extract<TraceStep, { type: 'rule' }> | undefined; from: string[] | undefined }) {
  const reasonsId = `flow-reasons-${useId()}`;
  const rule = node.rule!;
  const state = !step ? 'idle' : step.matched ? 'matched' : 'unmatched';
  const status = !step ? (rule.schedule ? `runs on ${rule.schedule}` : 'not evaluated yet') : step.matched ? 'matched' : 'did not match';
  const reasons = step?.reasons ?? [];
  return (
    <NodeBox node={node} class="flow-rule" state={state} data-rule={rule.name} tabIndex={0} aria-describedby={reasons.length > 0 ? reasonsId : undefined}>
      <span class="flow-title">
        <span class="flow-name">{rule.name}</span>
        <span class="flow-kind"> rule</span>
      </span>{' '}
      <span class="flow-status">{status}</span>
      <FromLine sources={from} />
      {reasons.length > 0 && (
        <ul class="flow-reasons" role="tooltip" id={reasonsId}>
          {reasons.map((reason, i) => (
            <li key={i} data-ok={String(reason.ok)}>{`${reason.ok ? '✓' : '✗'} ${reason.message}`}</li>
          ))}
        </ul>
      )}
    </NodeBox>
  );
}

interface TargetBoxProps {
  node: FlowNode;
  title: VNode;
  fared: { steps: TraceStep[]; runs: Invocation[]; outcome: TargetOutcome };
  architecture: LessonArchitecture;
  from: string[] | undefined;
}

/** A target: how it fared, in words as well as colour and border, its deliveries and invocations, and where failures go. */
function TargetBox({ node, title, fared: { steps, runs, outcome }, architecture, from }: TargetBoxProps) {
  const rule = node.target ? (architecture.rules ?? []).find((r) => (r.bus ?? 'default') === node.target!.bus && r.name === node.target!.rule) : undefined;
  const spec = rule?.targets.find((t) => t.id === node.target!.id);
  const fn = node.function ? (architecture.functions ?? []).find((f) => f.name === node.function) : undefined;
  const failureDestination = fn?.onFailure ? describeTarget(fn.onFailure) : undefined;
  return (
    <NodeBox node={node} class="flow-target" state={outcome} data-target={node.target?.id}>
      {title}
      {outcome !== 'idle' && ' '}
      {outcome !== 'idle' && <span class="flow-status">{outcome}</span>}
      {node.note && <span class="flow-note">{node.note}</span>}
      <FromLine sources={from} />
      {steps.length > 0 && (
        <ol class="flow-attempts" aria-label={`Deliveries to ${node.name}`}>
          {shortened(steps.map((step, i) => <StepLine key={i} step={step} />))}
        </ol>
      )}
      {runs.length > 0 && (
        <ol class="flow-attempts" aria-label={`Invocations of ${node.name}`}>
          {runs.map((run, i) => (
            <InvocationLine key={i} run={run} />
          ))}
        </ol>
      )}
      {spec?.deadLetterQueue && <p class="flow-downstream">{`Dead-letter queue: ${spec.deadLetterQueue}`}</p>}
      {failureDestination && <p class="flow-downstream">{`On failure after Lambda’s retries: ${failureDestination.name} (${failureDestination.kind})`}</p>}
    </NodeBox>
  );
}

/** A day of retries is 185 attempts: show how it began and how it ended. */
function shortened(lines: VNode[]): VNode[] {
  if (lines.length <= 10) return lines;
  return [...lines.slice(0, 4), <li key="more">{`… ${lines.length - 8} more steps …`}</li>, ...lines.slice(-4)];
}

function InvocationLine({ run }: { run: Invocation }) {
  const { functionError, error } = run.result;
  return <li data-ok={String(!functionError)}>{`${clockTime(run.at)} invocation ${functionError ? `✘ ${error?.errorType ?? 'Error'}: ${error?.errorMessage ?? ''}` : '✔ succeeded'}`}</li>;
}

function StepLine({ step }: { step: TraceStep }) {
  const at = clockTime(step.time);
  switch (step.type) {
    case 'attempt':
      return <li data-ok={String(step.ok)}>{`${at} attempt ${step.attempt} ${step.ok ? '✔ delivered' : `✘ ${step.errorCode}: ${step.errorMessage ?? ''}`}`}</li>;
    case 'retry-scheduled':
      return <li>{`${at} retry ${step.attempt} scheduled for ${clockTime(step.at)} (fast-forward to run it)`}</li>;
    case 'dead-lettered':
      return <li data-ok="false">{`${at} ${step.sent ? 'sent to the dead-letter queue' : 'could not be sent to the dead-letter queue'}${step.exhausted ? ` (${step.exhausted})` : ''}`}</li>;
    case 'dropped':
      return <li data-ok="false">{`${at} dropped: ${step.reason}`}</li>;
    default:
      return <li>{at}</li>;
  }
}
