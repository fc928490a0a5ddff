// The lesson's architecture as a diagram's data: five columns (producers | buses | rules | targets | downstream
// resources), the nodes in each with the grid rows they take, and the edges between them. Pure, so the Flow panel
// (./flow.ts) and the lesson text's static figure draw the same diagram, and a test can read it without a page.
//
// Rows are shared by all columns: each rule target takes a row, its rule spans its targets' rows, and a bus spans
// its rules', so a bus sits level with its rules and a rule with its targets. Producers and downstream resources
// stack from the top. An edge into an earlier column (a function that publishes back to a bus, a table's stream
// feeding a pipe) is marked `back`: drawn under the diagram rather than across it.

import type { LessonArchitecture, RuleSpec, TargetRef } from '../../lessons/architecture.ts';

export type FlowColumn = 'producers' | 'buses' | 'rules' | 'targets' | 'downstream';

/** The workbench panel that shows a node's resource (its logs, messages, items, emails, requests). */
export type FlowPanel = 'Logs' | 'Outbox' | 'Queues' | 'Tables' | 'SNS' | 'HTTP' | 'Pipes' | 'Buses' | 'Metrics';

/** `uses`: a resource a function's environment names, which it reads or writes. */
export type FlowEdgeKind = 'event' | 'delivery' | 'uses' | 'dead-letter' | 'on-failure' | 'stream' | 'schedules';

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
  opens?: FlowPanel;
  /** A rule's name and bus, as the trace names them. */
  rule?: { name: string; bus: string; schedule?: string };
  /** A rule's target: its rule and Id, as the trace names them. */
  target?: { rule: string; id: string };
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
export const targetNode = (rule: string, id: string) => `target:${rule}:${id}`;
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

const panelOfTarget = (ref: TargetRef): FlowPanel | undefined => {
  if ('apiDestination' in ref) return 'HTTP';
  if ('function' in ref) return 'Logs';
  if ('queue' in ref) return 'Queues';
  if ('topic' in ref) return 'SNS';
  if ('bus' in ref) return undefined;
  return 'Logs';
};

/**
 * The downstream resources, keyed as downstreamNow (../flow-state.ts) keys what they hold: SES, then tables,
 * queues, topics, and the alarms the architecture lists (alarms from a learner's file are known only once built).
 */
export function downstreamResources(architecture: LessonArchitecture): { key: string; name: string; kind: string; opens: FlowPanel }[] {
  const resource = (name: string, kind: string, opens: FlowPanel) => ({ key: `${kind} ${name}`, name, kind, opens });
  return [
    ...((architecture.emailIdentities ?? []).length > 0 ? [resource('SES', 'email', 'Outbox')] : []),
    ...(architecture.tables ?? []).map(({ name }) => resource(name, 'DynamoDB table', 'Tables')),
    ...(architecture.queues ?? []).map(({ name }) => resource(name, 'SQS queue', 'Queues')),
    ...(architecture.topics ?? []).map(({ name }) => resource(name, 'SNS topic', 'SNS')),
    ...(Array.isArray(architecture.alarms) ? architecture.alarms : []).map(({ name }) => resource(name, 'CloudWatch alarm', 'Metrics')),
  ];
}

export function flowLayout(architecture: LessonArchitecture): FlowLayout {
  const rules = architecture.rules ?? [];
  const functions = architecture.functions ?? [];
  const partnerSources = (architecture.partnerSources ?? []).map((p) => p.name);
  const buses = ['default', ...(architecture.buses ?? []), ...(architecture.partnerBuses ?? [])];
  const busOf = (rule: RuleSpec) => rule.bus ?? 'default';
  // Rules grouped by bus, so that a bus spans its own rules' rows and edges do not cross.
  const rulesInOrder = buses.flatMap((bus) => rules.filter((rule) => busOf(rule) === bus));
  const edges: FlowEdge[] = [];
  const columnOf = new Map<string, number>();
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
      targets.push({
        id: targetNode(rule.name, target.id),
        column: 'targets',
        row: nextRow + i,
        span: 1,
        name,
        kind,
        opens: panelOfTarget(target.to),
        target: { rule: rule.name, id: target.id },
        function: 'function' in target.to ? target.to.function : undefined,
      });
      edge(id, targetNode(rule.name, target.id), 'delivery');
    });
    nextRow += span;
  }
  const SCHEDULER = { id: 'scheduler', words: 'EventBridge Scheduler' };
  /** A node for what EventBridge Scheduler or a pipe invokes directly, one per resource, below the rules' targets. */
  const directTarget = (ref: TargetRef, via: { id: string; words: string }): string | undefined => {
    if ('bus' in ref) return busNode(ref.bus);
    const { name, kind } = describeTarget(ref);
    const id = `target:${via.id}:${Object.keys(ref)[0]}:${name}`;
    if (!targets.some((t) => t.id === id)) {
      targets.push({ id, column: 'targets', row: nextRow++, span: 1, name, kind, note: `invoked by ${via.words}`, opens: panelOfTarget(ref), function: 'function' in ref ? ref.function : undefined });
    }
    return id;
  };
  const rulesEnd = nextRow;

  // ---- Buses span their rules' rows ----
  const busNodes: FlowNode[] = [];
  let nextBusRow = 1;
  for (const bus of buses) {
    const own = ruleNodes.filter((r) => r.rule!.bus === bus);
    const row = own.length > 0 ? own[0]!.row : Math.max(nextBusRow, rulesEnd);
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
    nextBusRow = row + span;
  }

  // ---- Producers: the composer, the functions nothing invokes for them, partner sources, schedules, pipes ----
  const invokedElsewhere = new Set([
    ...rules.flatMap((rule) => rule.targets.flatMap((t) => ('function' in t.to ? [t.to.function] : []))),
    ...(architecture.pipes ?? []).flatMap((pipe) => [...(pipe.enrichment ? [pipe.enrichment.function] : []), ...('function' in pipe.target ? [pipe.target.function] : [])]),
    ...(architecture.schedules ?? []).flatMap((s) => ('function' in s.target.to ? [s.target.to.function] : [])),
    ...(architecture.scheduleGroups ?? []).flatMap((g) => (g.role?.targets ?? []).flatMap((t) => ('function' in t ? [t.function] : []))),
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
  const has = (key: string) => resources.some((r) => r.key === key);
  const queue = (name: string) => resourceNode(`SQS queue ${name}`);
  const topic = (name: string) => resourceNode(`SNS topic ${name}`);
  const refNode = (ref: TargetRef): string | undefined => {
    if ('queue' in ref && has(`SQS queue ${ref.queue}`)) return queue(ref.queue);
    if ('topic' in ref && has(`SNS topic ${ref.topic}`)) return topic(ref.topic);
    if ('bus' in ref && buses.includes(ref.bus)) return busNode(ref.bus);
    return undefined;
  };
  /** What a function's environment names: its tables, queues, topics, email identities, buses and schedule groups. */
  const writesOf = (fnName: string): string[] => {
    const fn = functions.find((f) => f.name === fnName);
    const values = Object.values(fn?.environment ?? {});
    const texts = values.filter((v): v is string => typeof v === 'string');
    const named = texts.flatMap((text) => {
      if (has(`DynamoDB table ${text}`)) return [resourceNode(`DynamoDB table ${text}`)];
      if (has(`SQS queue ${text}`)) return [queue(text)];
      if (has(`SNS topic ${text}`)) return [topic(text)];
      if ((architecture.emailIdentities ?? []).some((identity) => text === identity || text.endsWith(`@${identity}`))) return [resourceNode('email SES')];
      if (producers.some((p) => p.id === `schedule-group:${text}`)) return [`schedule-group:${text}`];
      return [];
    });
    const roles = values.flatMap((v) => (typeof v === 'object' && 'schedulerRole' in v.arn ? [`schedule-group:${v.arn.schedulerRole}`] : []));
    return [...named, ...roles.filter((id) => producers.some((p) => p.id === id)), ...busesNamed(fn?.environment, buses).map(busNode)];
  };
  for (const t of targets) {
    const rule = t.target ? rules.find((r) => r.name === t.target!.rule) : undefined;
    const spec = rule?.targets.find((s) => s.id === t.target!.id);
    if (spec) {
      const to = 'function' in spec.to ? undefined : refNode(spec.to);
      if (to) edge(t.id, to, 'delivery');
      if (spec.deadLetterQueue && has(`SQS queue ${spec.deadLetterQueue}`)) edge(t.id, queue(spec.deadLetterQueue), 'dead-letter');
    }
    if (t.function) {
      for (const to of writesOf(t.function)) edge(t.id, to, to.startsWith('schedule-group:') ? 'schedules' : 'uses');
      const onFailure = functions.find((f) => f.name === t.function)?.onFailure;
      const failureNode = onFailure && 'function' in onFailure ? undefined : onFailure && refNode(onFailure as TargetRef);
      if (failureNode) edge(t.id, failureNode, 'on-failure');
    } else if (!spec && t.kind !== 'Lambda function') {
      // A queue or topic a schedule or pipe sends to: the resource it fills.
      const to = refNode(t.kind === 'SQS queue' ? { queue: t.name } : { topic: t.name });
      if (to) edge(t.id, to, 'delivery');
    }
  }
  for (const p of producers.filter((p) => p.function)) for (const to of writesOf(p.function!)) if (!to.startsWith('bus:')) edge(p.id, to, 'uses');
  for (const pipe of architecture.pipes ?? []) {
    if (has(`DynamoDB table ${pipe.source.table}`)) edge(resourceNode(`DynamoDB table ${pipe.source.table}`), `pipe:${pipe.name}`, 'stream');
    const dead = pipe.source.deadLetter && refNode(pipe.source.deadLetter);
    if (dead) edge(`pipe:${pipe.name}`, dead, 'dead-letter');
  }

  // Producers and downstream resources sit level with what they feed or are fed by, where the rows allow.
  const rowOf = new Map([...busNodes, ...ruleNodes, ...targets, ...producers].map((n) => [n.id, n.row]));
  placeBeside(producers, (p) => edges.filter((e) => e.from === p.id && e.to.startsWith('bus:')).map((e) => rowOf.get(e.to)!));
  placeBeside(downstream, (d) => edges.filter((e) => e.to === d.id && !e.back && rowOf.has(e.from)).map((e) => rowOf.get(e.from)!));
  for (const nodes of [producers, busNodes, downstream]) nodes.sort((a, b) => a.row - b.row);

  const columns = COLUMNS.map(({ column, heading }) => ({
    column,
    heading,
    nodes: { producers, buses: busNodes, rules: ruleNodes, targets, downstream }[column],
  }));
  columns.forEach(({ nodes }, i) => nodes.forEach((node) => columnOf.set(node.id, i)));
  for (const e of edges) e.back = columnOf.get(e.to)! <= columnOf.get(e.from)!;
  const rows = Math.max(1, ...columns.flatMap(({ nodes }) => nodes.map((n) => n.row + n.span - 1)));
  return { columns, edges, rows };
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
