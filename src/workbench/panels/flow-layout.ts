// The lesson's architecture as a diagram's data: five columns (producers | buses | rules | targets | downstream
// resources), the nodes in each with the grid rows they take, and the edges between them. Pure, so the Flow panel
// (./FlowPanel.tsx) and the lesson text's static figure draw the same diagram, and a test can read it without a page.
//
// Rows are shared by all columns: each rule target takes a row, its rule spans its targets' rows, and a bus spans
// its rules', so a bus sits level with its rules and a rule with its targets; a bus without rules, and what
// Scheduler, a pipe or a function's destination invokes directly, take the rows below. Producers and downstream
// resources sit level with what they feed or are fed by, where the rows allow. An edge into the same or an earlier
// column (a function that publishes back to a bus, a table's stream feeding a pipe) is marked `back`: drawn under
// the diagram rather than across it.

import type { LessonArchitecture, RuleSpec, TargetRef } from '../../lessons/architecture.ts';
import { type DownstreamNode, downstreamNow, resourceKey } from '../flow-state.ts';

export type FlowColumn = 'producers' | 'buses' | 'rules' | 'targets' | 'downstream';

/** The workbench panel that shows a node's resource (its logs, messages, items, emails, requests). */
/** The panel a node of the diagram opens. */
export type PanelName = 'Logs' | 'Outbox' | 'Queues' | 'Tables' | 'SNS' | 'HTTP' | 'Pipes' | 'Buses' | 'Metrics';

/** `uses`: a resource a function's environment names, which it reads or writes. */
export type FlowEdgeKind = 'event' | 'delivery' | 'uses' | 'dead-letter' | 'on-failure' | 'on-success' | 'stream' | 'schedules';

export interface FlowNode {
  id: string;
  column: FlowColumn;
  /** The first grid row the node takes, from 1, and how many it spans. */
  row: number;
  span: number;
  name: string;
  /** What it is, as AWS names it: `Lambda function`, `event bus`, `SQS queue`… */
  kind: string;
  /** A few words on what it does here: `runs on rate(1 hour)`, `from the orders table's stream`. */
  note?: string;
  opens?: PanelName;
  /** A rule's name and bus, as the trace names them. */
  rule?: { name: string; bus: string; schedule?: string };
  /** A rule's target: its rule's bus and name, and its Id, as the trace names them. */
  target?: { bus: string; rule: string; id: string };
  /** What a target invokes or sends to. */
  ref?: TargetRef;
  /** The function a target invokes, whose invocations it lists. */
  function?: string;
  /** A downstream resource's key in the Flow state (`kind name`, as downstreamNow names it). */
  resource?: string;
}

export interface FlowEdge {
  from: string;
  to: string;
  kind: FlowEdgeKind;
  /** Into the same or an earlier column. */
  back: boolean;
}

export interface FlowLayout {
  columns: { column: FlowColumn; heading: string; nodes: FlowNode[] }[];
  edges: FlowEdge[];
  /** How many grid rows the tallest column takes. */
  rows: number;
}

export const COLUMNS: readonly { column: FlowColumn; heading: string }[] = [
  { column: 'producers', heading: 'Producers' },
  { column: 'buses', heading: 'Event buses' },
  { column: 'rules', heading: 'Rules' },
  { column: 'targets', heading: 'Targets' },
  { column: 'downstream', heading: 'Downstream' },
];

/** The node that stands for an event the learner sends from the composer. */
export const SEND_NODE = 'send';

export const busNode = (bus: string) => `bus:${bus}`;
export const ruleNode = (bus: string, rule: string) => `rule:${bus}:${rule}`;
export const targetNode = (bus: string, rule: string, id: string) => `target:${bus}:${rule}:${id}`;
export const resourceNode = (key: string) => `resource:${key}`;
export const producerNode = (fn: string) => `producer:${fn}`;

/** A rule target's name and what it is (`Lambda function`, `SNS topic`…), as the panels name it. */
export const describeTarget = (ref: TargetRef): { name: string; kind: string } => {
  if ('apiDestination' in ref) return { name: ref.apiDestination, kind: 'API destination' };
  if ('function' in ref) return { name: ref.function, kind: 'Lambda function' };
  if ('queue' in ref) return { name: ref.queue, kind: 'SQS queue' };
  if ('topic' in ref) return { name: ref.topic, kind: 'SNS topic' };
  if ('bus' in ref) return { name: ref.bus, kind: 'event bus' };
  return { name: ref.logGroup, kind: 'log group' };
};

/** The panel that shows a resource of this kind (as describeTarget and downstreamNow name kinds), if any does. */
export function panelOf(kind: string): PanelName | undefined {
  switch (kind) {
    case 'API destination':
      return 'HTTP';
    case 'Lambda function':
    case 'log group':
      return 'Logs';
    case 'SQS queue':
      return 'Queues';
    case 'SNS topic':
      return 'SNS';
    case 'email':
      return 'Outbox';
    case 'DynamoDB table':
      return 'Tables';
    case 'CloudWatch alarm':
      return 'Metrics';
    default:
      return undefined;
  }
}

/**
 * The downstream resources, keyed as the Flow state keys what they hold (resourceKey): those downstreamNow
 * (../flow-state.ts) reports before the lesson runs. Alarms from a learner's file are known only once built.
 */
export function downstreamResources(architecture: LessonArchitecture): { key: string; name: string; kind: string; opens?: PanelName }[] {
  return downstreamNow(architecture, undefined).map(({ name, kind }) => ({ key: resourceKey({ kind, name }), name, kind, opens: panelOf(kind) }));
}

/** How many grid rows these nodes take: down to the last row any of them spans. */
export const rowsOf = (nodes: readonly FlowNode[]): number => Math.max(1, ...nodes.map((n) => n.row + n.span - 1));

/** Where each node's edges come from, by node id: the names (`nameOf`) of the nodes at their other ends, in edge order. */
export function sourcesOf(edges: readonly FlowEdge[], nameOf: (id: string) => string): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  for (const edge of edges) sources.set(edge.to, [...(sources.get(edge.to) ?? []), nameOf(edge.from)]);
  return sources;
}

export function flowLayout(architecture: LessonArchitecture): FlowLayout {
  const rules = architecture.rules ?? [];
  const functions = architecture.functions ?? [];
  const partnerSources = (architecture.partnerSources ?? []).map((p) => p.name);
  const buses = ['default', ...(architecture.buses ?? []), ...(architecture.partnerBuses ?? [])];
  const busOf = (rule: RuleSpec) => rule.bus ?? 'default';
  // Rules grouped by bus, so that a bus spans its own rules' rows and edges do not cross.
  const ruleOf = (bus: string, name: string) => rules.find((rule) => busOf(rule) === bus && rule.name === name);
  const rulesInOrder = buses.flatMap((bus) => rules.filter((rule) => busOf(rule) === bus));
  const edges: FlowEdge[] = [];
  const edge = (from: string, to: string, kind: FlowEdgeKind) => {
    if (!edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to, kind, back: false });
  };

  // ---- Rules and their targets: a target a row, its rule spanning its targets' rows (a rule without targets, one) ----
  const targets: FlowNode[] = [];
  const ruleNodes: FlowNode[] = [];
  let nextRow = 1;
  for (const rule of rulesInOrder) {
    const id = ruleNode(busOf(rule), rule.name);
    const span = Math.max(1, rule.targets.length);
    ruleNodes.push({
      id,
      column: 'rules',
      row: nextRow,
      span,
      name: rule.name,
      kind: 'rule',
      note: rule.schedule ? `runs on ${rule.schedule}` : undefined,
      rule: { name: rule.name, bus: busOf(rule), schedule: rule.schedule },
    });
    edge(busNode(busOf(rule)), id, 'event');
    rule.targets.forEach((target, i) => {
      const { name, kind } = describeTarget(target.to);
      const node = targetNode(busOf(rule), rule.name, target.id);
      targets.push({
        id: node,
        column: 'targets',
        row: nextRow + i,
        span: 1,
        name,
        kind,
        opens: panelOf(kind),
        target: { bus: busOf(rule), rule: rule.name, id: target.id },
        ref: target.to,
        function: 'function' in target.to ? target.to.function : undefined,
      });
      edge(id, node, 'delivery');
    });
    nextRow += span;
  }
  const SCHEDULER = { id: 'scheduler', words: 'EventBridge Scheduler' };
  /**
   * A node for what EventBridge Scheduler, a pipe or a function's destination invokes directly, one per resource
   * and invoker, below the rules' targets.
   */
  const directTarget = (ref: TargetRef, via: { id: string; words: string }): string | undefined => {
    if ('bus' in ref) return busNode(ref.bus);
    const { name, kind } = describeTarget(ref);
    const id = `direct:${via.id}:${Object.keys(ref)[0]}:${name}`;
    if (!targets.some((t) => t.id === id)) {
      targets.push({ id, column: 'targets', row: nextRow++, span: 1, name, kind, note: `invoked by ${via.words}`, opens: panelOf(kind), ref, function: 'function' in ref ? ref.function : undefined });
    }
    return id;
  };
  const rulesEnd = nextRow;

  // ---- Buses span their rules' rows; a bus without rules takes a row below them all ----
  const busNodes: FlowNode[] = [];
  let spareRow = rulesEnd;
  for (const bus of buses) {
    const own = ruleNodes.filter((r) => r.rule!.bus === bus);
    const row = own.length > 0 ? own[0]!.row : spareRow++;
    const span = own.length > 0 ? own.at(-1)!.row + own.at(-1)!.span - row : 1;
    busNodes.push({
      id: busNode(bus),
      column: 'buses',
      row,
      span,
      name: bus,
      kind: partnerSources.includes(bus) ? 'partner event bus' : 'event bus',
      opens: (architecture.busPolicies ?? []).some((p) => p.bus === bus) ? 'Buses' : undefined,
    });
  }

  // ---- Producers: the composer, the functions nothing invokes for them, partner sources, schedules, pipes ----
  const invokedElsewhere = new Set([
    ...rules.flatMap((rule) => rule.targets.flatMap((t) => ('function' in t.to ? [t.to.function] : []))),
    ...(architecture.pipes ?? []).flatMap((pipe) => [...(pipe.enrichment ? [pipe.enrichment.function] : []), ...('function' in pipe.target ? [pipe.target.function] : [])]),
    ...(architecture.schedules ?? []).flatMap((s) => ('function' in s.target.to ? [s.target.to.function] : [])),
    ...(architecture.scheduleGroups ?? []).flatMap((g) => (g.role?.targets ?? []).flatMap((t) => ('function' in t ? [t.function] : []))),
    // Lambda invokes a function's destinations: they put nothing on a bus of their own accord.
    ...functions.flatMap((f) => [f.onFailure, f.onSuccess].flatMap((d) => (d && 'function' in d ? [d.function] : []))),
  ]);
  const producers: FlowNode[] = [];
  const producer = (node: Omit<FlowNode, 'column' | 'row' | 'span'>) => producers.push({ ...node, column: 'producers', row: producers.length + 1, span: 1 });
  producer({ id: SEND_NODE, name: 'Send event', kind: 'PutEvents' });
  const sentTo = new Set(architecture.sampleEvents.filter((s) => !partnerSources.includes(s.entry.Source)).map((s) => s.entry.EventBusName ?? 'default'));
  for (const bus of sentTo) if (buses.includes(bus)) edge(SEND_NODE, busNode(bus), 'event');
  for (const fn of functions.filter((f) => !invokedElsewhere.has(f.name))) {
    producer({ id: producerNode(fn.name), name: fn.name, kind: 'Lambda function', opens: 'Logs', function: fn.name });
    const named = busesNamed(fn.environment, buses);
    for (const bus of named.length > 0 ? named : ['default']) edge(producerNode(fn.name), busNode(bus), 'event');
  }
  for (const source of partnerSources) {
    producer({ id: `partner:${source}`, name: source, kind: 'partner event source' });
    if (buses.includes(source)) edge(`partner:${source}`, busNode(source), 'event');
  }
  for (const schedule of architecture.schedules ?? []) {
    producer({ id: `schedule:${schedule.name}`, name: schedule.name, kind: 'Scheduler schedule', note: `runs on ${schedule.expression}${schedule.timezone ? ` (${schedule.timezone})` : ''}` });
    const to = directTarget(schedule.target.to, SCHEDULER);
    if (to) edge(`schedule:${schedule.name}`, to, 'event');
  }
  // A schedule's dead-letter queue is drawn with the downstream resources, below.
  for (const group of (architecture.scheduleGroups ?? []).filter((g) => g.role)) {
    const id = `schedule-group:${group.name}`;
    producer({ id, name: group.name, kind: 'schedule group', note: 'schedules created at run time' });
    for (const ref of group.role!.targets) {
      const to = directTarget(ref, SCHEDULER);
      if (to) edge(id, to, 'event');
    }
  }
  for (const pipe of architecture.pipes ?? []) {
    const id = `pipe:${pipe.name}`;
    producer({ id, name: pipe.name, kind: 'EventBridge pipe', note: `from the ${pipe.source.table} table’s stream${pipe.enrichment ? `, enriched by ${pipe.enrichment.function}` : ''}`, opens: 'Pipes' });
    const to = directTarget(pipe.target, { id: `pipe:${pipe.name}`, words: `pipe ${pipe.name}` });
    if (to) edge(id, to, 'event');
  }

  // ---- Downstream: what the targets and producers write to, and where failures go ----
  const resources = downstreamResources(architecture);
  const downstream: FlowNode[] = resources.map((r, i) => ({ id: resourceNode(r.key), column: 'downstream', row: i + 1, span: 1, name: r.name, kind: r.kind, opens: r.opens, resource: r.key }));
  const key = (kind: string, name: string) => resourceKey({ kind, name });
  const has = (kind: string, name: string) => resources.some((r) => r.key === key(kind, name));
  const queue = (name: string) => resourceNode(key('SQS queue', name));
  const topic = (name: string) => resourceNode(key('SNS topic', name));
  const refNode = (ref: TargetRef): string | undefined => {
    if ('queue' in ref && has('SQS queue', ref.queue)) return queue(ref.queue);
    if ('topic' in ref && has('SNS topic', ref.topic)) return topic(ref.topic);
    if ('bus' in ref && buses.includes(ref.bus)) return busNode(ref.bus);
    return undefined;
  };
  /** What a function's environment names: its tables, queues, topics, email identities, buses and schedule groups. */
  const writesOf = (fnName: string): string[] => {
    const fn = functions.find((f) => f.name === fnName);
    const values = Object.values(fn?.environment ?? {});
    const texts = values.filter((v): v is string => typeof v === 'string');
    const named = texts.flatMap((text) => {
      if (has('DynamoDB table', text)) return [resourceNode(key('DynamoDB table', text))];
      if (has('SQS queue', text)) return [queue(text)];
      if (has('SNS topic', text)) return [topic(text)];
      if ((architecture.emailIdentities ?? []).some((identity) => text === identity || text.endsWith(`@${identity}`))) return [resourceNode(key('email', 'SES'))];
      if (producers.some((p) => p.id === `schedule-group:${text}`)) return [`schedule-group:${text}`];
      return [];
    });
    const roles = values.flatMap((v) => (typeof v === 'object' && 'schedulerRole' in v.arn ? [`schedule-group:${v.arn.schedulerRole}`] : []));
    return [...named, ...roles.filter((id) => producers.some((p) => p.id === id)), ...busesNamed(fn?.environment, buses).map(busNode)];
  };
  /** Where Lambda sends a function's failed (or successful) asynchronous invocations: a queue, topic or bus, or a function's node. */
  const destinationOf = (fnName: string, which: 'onFailure' | 'onSuccess'): string | undefined => {
    const destination = functions.find((f) => f.name === fnName)?.[which];
    if (!destination) return undefined;
    if ('function' in destination) return directTarget(destination, { id: `${which}:${fnName}`, words: `${fnName}’s ${which === 'onFailure' ? 'on-failure' : 'on-success'} destination` });
    return refNode(destination as TargetRef);
  };
  // A destination's node joins the list as it is made, and is drawn with what it writes in turn.
  for (const t of targets) {
    const spec = t.target ? ruleOf(t.target.bus, t.target.rule)?.targets.find((s) => s.id === t.target!.id) : undefined;
    if (spec?.deadLetterQueue && has('SQS queue', spec.deadLetterQueue)) edge(t.id, queue(spec.deadLetterQueue), 'dead-letter');
    if (t.function) {
      for (const to of writesOf(t.function)) edge(t.id, to, to.startsWith('schedule-group:') ? 'schedules' : 'uses');
      const failure = destinationOf(t.function, 'onFailure');
      if (failure) edge(t.id, failure, 'on-failure');
      const success = destinationOf(t.function, 'onSuccess');
      if (success) edge(t.id, success, 'on-success');
    } else if (t.ref) {
      // A queue, topic or bus a rule, schedule or pipe sends to: the resource it fills.
      const to = refNode(t.ref);
      if (to) edge(t.id, to, 'delivery');
    }
  }
  for (const schedule of architecture.schedules ?? []) {
    const dead = schedule.target.deadLetterQueue;
    if (dead && has('SQS queue', dead)) edge(`schedule:${schedule.name}`, queue(dead), 'dead-letter');
  }
  for (const p of producers.filter((p) => p.function)) for (const to of writesOf(p.function!)) if (!to.startsWith('bus:')) edge(p.id, to, 'uses');
  for (const pipe of architecture.pipes ?? []) {
    if (has('DynamoDB table', pipe.source.table)) edge(resourceNode(key('DynamoDB table', pipe.source.table)), `pipe:${pipe.name}`, 'stream');
    const dead = pipe.source.deadLetter && refNode(pipe.source.deadLetter);
    if (dead) edge(`pipe:${pipe.name}`, dead, 'dead-letter');
  }

  // Producers and downstream resources sit level with what they feed or are fed by, where the rows allow.
  const busRow = new Map(busNodes.map((n) => [n.id, n.row]));
  placeBeside(producers, (p) => edges.filter((e) => e.from === p.id && busRow.has(e.to)).map((e) => busRow.get(e.to)!));
  // After the producers have moved: a table sits level with the producer that writes it, where that now is.
  const rowOf = new Map([...busNodes, ...ruleNodes, ...targets, ...producers].map((n) => [n.id, n.row]));
  placeBeside(downstream, (d) => edges.filter((e) => e.to === d.id && rowOf.has(e.from)).map((e) => rowOf.get(e.from)!));
  for (const nodes of [producers, busNodes, downstream]) nodes.sort((a, b) => a.row - b.row);

  const columns = COLUMNS.map(({ column, heading }) => ({
    column,
    heading,
    nodes: { producers, buses: busNodes, rules: ruleNodes, targets, downstream }[column],
  }));
  const columnOf = new Map(columns.flatMap(({ nodes }, i) => nodes.map((node) => [node.id, i] as const)));
  for (const e of edges) e.back = columnOf.get(e.to)! <= columnOf.get(e.from)!;
  return { columns, edges, rows: rowsOf(columns.flatMap(({ nodes }) => nodes)) };
}

/** The layout, with the downstream resources only a built lesson knows (alarms from a learner's file) added below the others. */
export function withStateOnlyResources(layout: FlowLayout, downstream: readonly Pick<DownstreamNode, 'name' | 'kind'>[]): FlowLayout {
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

/**
 * Gives each node the first free row at or below the highest of the rows it wants (`wants`): in the order of those
 * rows, a node wanting none last, so that the column reads top to bottom in its own order.
 */
function placeBeside(nodes: FlowNode[], wants: (node: FlowNode) => number[]): void {
  const wanted = new Map(nodes.map((n) => [n, Math.min(...wants(n))]));
  const order = [...nodes].sort((a, b) => wanted.get(a)! - wanted.get(b)!);
  let next = 1;
  for (const node of order) {
    const want = wanted.get(node)!;
    node.row = Math.max(next, Number.isFinite(want) ? want : next);
    next = node.row + 1;
  }
}

/** The buses a function's environment names (`BUS_NAME: 'commerce'`, or the ARN of one): those it puts events on. */
function busesNamed(environment: NonNullable<LessonArchitecture['functions']>[number]['environment'], buses: string[]): string[] {
  return Object.values(environment ?? {}).flatMap((value) => {
    const name = typeof value === 'string' ? value : 'bus' in value.arn ? value.arn.bus : undefined;
    return name !== undefined && buses.includes(name) ? [name] : [];
  });
}
