import { describe, expect, it } from 'vitest';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { downstreamNow } from '../flow-state.ts';
import { busNode, flowLayout, type FlowLayout, resourceNode, ruleNode, SEND_NODE, targetNode, withStateOnlyResources } from './flow-layout.ts';

const lessons = Object.entries(import.meta.glob<LessonArchitecture>('../../../lessons/*/architecture.ts', { eager: true, import: 'default' })).map(
  ([path, architecture]) => [path.split('/').at(-2)!, architecture] as const,
);
const lesson = (prefix: string) => lessons.find(([id]) => id.startsWith(prefix))![1];

const nodes = (layout: FlowLayout) => layout.columns.flatMap((c) => c.nodes);
const node = (layout: FlowLayout, id: string) => nodes(layout).find((n) => n.id === id);
const edgesFrom = (layout: FlowLayout, id: string) => layout.edges.filter((e) => e.from === id).map((e) => e.to);

describe('the Flow diagram of every lesson', () => {
  it('covers all 15 lessons', () => expect(lessons).toHaveLength(15));

  it.each(lessons)('%s: every rule and each of its targets is a node, joined bus → rule → target', (_, architecture) => {
    const layout = flowLayout(architecture);
    for (const rule of architecture.rules ?? []) {
      const bus = rule.bus ?? 'default';
      expect(node(layout, ruleNode(bus, rule.name))).toMatchObject({ column: 'rules', name: rule.name, rule: { name: rule.name, bus } });
      expect(edgesFrom(layout, busNode(bus))).toContain(ruleNode(bus, rule.name));
      for (const target of rule.targets) {
        expect(node(layout, targetNode(bus, rule.name, target.id))).toMatchObject({ column: 'targets', target: { bus, rule: rule.name, id: target.id } });
        expect(edgesFrom(layout, ruleNode(bus, rule.name))).toContain(targetNode(bus, rule.name, target.id));
      }
    }
  });

  it.each(lessons)('%s: node ids are unique, each edge joins two of them, and only an edge into an earlier column is a back edge', (_, architecture) => {
    const layout = flowLayout(architecture);
    const ids = nodes(layout).map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    const column = new Map(layout.columns.flatMap((c, i) => c.nodes.map((n) => [n.id, i] as const)));
    for (const e of layout.edges) {
      expect(ids, `${e.from} → ${e.to}`).toContain(e.from);
      expect(ids, `${e.from} → ${e.to}`).toContain(e.to);
      expect(e.back, `${e.from} → ${e.to}`).toBe(column.get(e.to)! <= column.get(e.from)!);
    }
  });

  it.each(lessons)('%s: in each column the nodes take rows of their own, in the order they are listed, and a bus spans its rules as a rule spans its targets', (_, architecture) => {
    const layout = flowLayout(architecture);
    for (const { nodes } of layout.columns) {
      expect(nodes.map((n) => n.row)).toEqual(nodes.map((n) => n.row).sort((a, b) => a - b));
      const taken = nodes.flatMap((n) => Array.from({ length: n.span }, (_, i) => n.row + i));
      expect(new Set(taken).size).toBe(taken.length);
      expect(Math.max(0, ...taken)).toBeLessThanOrEqual(layout.rows);
      expect(Math.min(...taken)).toBeGreaterThanOrEqual(1);
    }
    const within = (inner: { row: number; span: number }, outer: { row: number; span: number }) => inner.row >= outer.row && inner.row + inner.span <= outer.row + outer.span;
    for (const e of layout.edges.filter((e) => e.from.startsWith('bus:') || e.from.startsWith('rule:'))) {
      if (e.kind !== 'event' && e.kind !== 'delivery') continue;
      const to = node(layout, e.to)!;
      if (to.column === 'rules' || to.column === 'targets') expect(within(to, node(layout, e.from)!), `${e.from} → ${e.to}`).toBe(true);
    }
  });

  it.each(lessons)('%s: the downstream column holds what the Flow state reports, under the same keys', (_, architecture) => {
    const layout = flowLayout(architecture);
    const keys = downstreamNow(architecture, undefined).map((r) => `${r.kind} ${r.name}`);
    expect(layout.columns.find((c) => c.column === 'downstream')!.nodes.map((n) => n.resource).sort()).toEqual(keys.sort());
  });
});

describe('the Flow diagram of a lesson', () => {
  it('01: the users service is a producer publishing to the default bus, and the composer sends there too', () => {
    const layout = flowLayout(lesson('01'));
    expect(node(layout, 'producer:signup-producer')).toMatchObject({ column: 'producers', kind: 'Lambda function', opens: 'Logs' });
    expect(edgesFrom(layout, 'producer:signup-producer')).toEqual([busNode('default')]);
    expect(edgesFrom(layout, SEND_NODE)).toEqual([busNode('default')]);
    expect(edgesFrom(layout, targetNode('default', 'user-signed-up', 'signups-seen'))).toEqual([resourceNode('SQS queue signups-seen')]);
  });

  it('08: two buses, commerce spanning its four rules; checkout publishes to commerce, and payment publishes back to it', () => {
    const layout = flowLayout(lesson('08'));
    const buses = layout.columns.find((c) => c.column === 'buses')!.nodes;
    expect(buses.map((b) => b.name)).toEqual(['default', 'commerce']);
    expect(buses[1]!.opens).toBe('Buses');
    expect(edgesFrom(layout, busNode('commerce'))).toHaveLength(4);
    expect(edgesFrom(layout, busNode('default'))).toEqual([ruleNode('default', 'commerce-events-on-the-default-bus')]);
    expect(buses[1]).toMatchObject({ span: 4 });
    expect(edgesFrom(layout, 'producer:checkout')).toEqual(expect.arrayContaining([busNode('commerce'), resourceNode('DynamoDB table orders')]));
    expect(layout.edges).toContainEqual({ from: targetNode('commerce', 'charge-placed-orders', 'payment'), to: busNode('commerce'), kind: 'uses', back: true });
  });

  it('05: a failing welcome email goes to its on-failure queue; the function sends through SES', () => {
    const layout = flowLayout(lesson('05'));
    const target = targetNode('default', 'user-signed-up', 'welcome-email');
    expect(layout.edges).toContainEqual({ from: target, to: resourceNode('SQS queue welcome-email-failures'), kind: 'on-failure', back: false });
    expect(edgesFrom(layout, target)).toContain(resourceNode('email SES'));
    expect(node(layout, resourceNode('email SES'))).toMatchObject({ opens: 'Outbox' });
  });

  it('10: the partner source feeds its partner bus, whose rule calls the API destination, dead-lettering to a queue', () => {
    const layout = flowLayout(lesson('10'));
    const source = 'aws.partner/dealflow.example/northwind/deals';
    expect(edgesFrom(layout, `partner:${source}`)).toEqual([busNode(source)]);
    // Level with its bus, which is level with its rule; the default bus, with no rules, below.
    const row = node(layout, ruleNode(source, 'invoice-won-deals'))!.row;
    expect([node(layout, `partner:${source}`)!.row, node(layout, busNode(source))!.row]).toEqual([row, row]);
    expect(node(layout, busNode('default'))!.row).toBeGreaterThan(row);
    expect(layout.columns.find((c) => c.column === 'buses')!.nodes.map((n) => n.name)).toEqual([source, 'default']);
    expect(node(layout, busNode(source))).toMatchObject({ kind: 'partner event bus' });
    // The samples all come from the partner, so the composer's events reach no other bus.
    expect(edgesFrom(layout, SEND_NODE)).toEqual([]);
    const target = targetNode(source, 'invoice-won-deals', 'issue-invoice');
    expect(node(layout, target)).toMatchObject({ kind: 'API destination', opens: 'HTTP' });
    expect(layout.edges).toContainEqual({ from: target, to: resourceNode('SQS queue invoice-dlq'), kind: 'dead-letter', back: false });
  });

  it('13: the schedule and the schedule group invoke escalate-ticket, which is no producer; the ticket rule’s function creates schedules', () => {
    const layout = flowLayout(lesson('13'));
    const escalate = nodes(layout).filter((n) => n.name === 'escalate-ticket');
    expect(escalate).toEqual([expect.objectContaining({ column: 'targets', function: 'escalate-ticket', note: 'invoked by EventBridge Scheduler' })]);
    expect(edgesFrom(layout, 'schedule:weekday-digest')).toEqual([escalate[0]!.id]);
    expect(edgesFrom(layout, 'schedule-group:ticket-escalations')).toEqual([escalate[0]!.id]);
    expect(node(layout, 'schedule:weekday-digest')!.note).toBe('runs on cron(0 9 ? * MON-FRI *) (Europe/Berlin)');
    expect(layout.edges).toContainEqual({ from: targetNode('default', 'ticket-lifecycle', 'schedule-escalation'), to: 'schedule-group:ticket-escalations', kind: 'schedules', back: true });
    expect(edgesFrom(layout, escalate[0]!.id)).toEqual([resourceNode('DynamoDB table escalations')]);
  });

  it('14: the pipe reads the orders table’s stream and puts events on the default bus; its enrichment function is no producer', () => {
    const layout = flowLayout(lesson('14'));
    expect(node(layout, 'pipe:orders-outbox')).toMatchObject({ column: 'producers', opens: 'Pipes', note: 'from the orders table’s stream, enriched by enrich-order-changes' });
    expect(layout.edges).toContainEqual({ from: resourceNode('DynamoDB table orders'), to: 'pipe:orders-outbox', kind: 'stream', back: true });
    expect(edgesFrom(layout, 'pipe:orders-outbox')).toEqual([busNode('default'), resourceNode('SQS queue outbox-failures')]);
    expect(nodes(layout).filter((n) => n.name === 'enrich-order-changes')).toEqual([]);
    expect(edgesFrom(layout, targetNode('default', 'orders-api', 'orders-service'))).toEqual([resourceNode('DynamoDB table orders')]);
  });

  it('12: a rule with two targets spans two rows, level with both', () => {
    const layout = flowLayout(lesson('12'));
    const rule = node(layout, ruleNode('default', 'award-points'))!;
    expect(rule.span).toBe(2);
    expect([node(layout, targetNode('default', 'award-points', 'award-points'))!.row, node(layout, targetNode('default', 'award-points', 'points-events'))!.row]).toEqual([rule.row, rule.row + 1]);
    expect(node(layout, ruleNode('default', 'send-receipts'))!.row).toBe(rule.row + 2);
  });

  it('gives a rule without targets a row of its own, between the rules around it, and a bus without rules one below them', () => {
    const layout = flowLayout({
      buses: ['quiet'],
      queues: [{ name: 'a' }, { name: 'c' }],
      rules: [
        { name: 'first', targets: [{ id: 'a', to: { queue: 'a' } }] },
        { name: 'no-targets-yet', targets: [] },
        { name: 'third', targets: [{ id: 'c', to: { queue: 'c' } }] },
      ],
      sampleEvents: [],
    });
    expect(['first', 'no-targets-yet', 'third'].map((name) => node(layout, ruleNode('default', name))!.row)).toEqual([1, 2, 3]);
    expect([node(layout, targetNode('default', 'first', 'a'))!.row, node(layout, targetNode('default', 'third', 'c'))!.row]).toEqual([1, 3]);
    expect(node(layout, busNode('default'))).toMatchObject({ row: 1, span: 3 });
    expect(node(layout, busNode('quiet'))!.row).toBe(4);
  });
});

/** What every layout keeps: unique ids, rows of a node's own in each column, a bus level with its rules. */
function expectWellLaidOut(layout: FlowLayout): void {
  const ids = nodes(layout).map((n) => n.id);
  expect(new Set(ids).size, ids.join(', ')).toBe(ids.length);
  for (const { column, nodes } of layout.columns) {
    const taken = nodes.flatMap((n) => Array.from({ length: n.span }, (_, i) => n.row + i));
    expect(new Set(taken).size, `${column}: ${nodes.map((n) => `${n.id}@${n.row}+${n.span}`).join(', ')}`).toBe(taken.length);
    expect(Math.max(0, ...taken)).toBeLessThanOrEqual(layout.rows);
  }
  for (const e of layout.edges) {
    expect(ids, `${e.from} → ${e.to}`).toContain(e.from);
    expect(ids, `${e.from} → ${e.to}`).toContain(e.to);
  }
}

describe('the Flow diagram of a hand-built architecture', () => {
  it('gives each bus without rules a row of its own, wherever it is listed among buses with rules', () => {
    const layout = flowLayout({
      buses: ['a', 'b', 'c'],
      queues: [{ name: 'q' }, { name: 'r' }],
      rules: [
        { name: 'to-q', bus: 'a', targets: [{ id: 'q', to: { queue: 'q' } }] },
        { name: 'to-r', bus: 'c', targets: [{ id: 'r', to: { queue: 'r' } }] },
      ],
      sampleEvents: [],
    });
    expectWellLaidOut(layout);
    const buses = layout.columns.find((c) => c.column === 'buses')!.nodes;
    expect(buses.map((b) => b.name)).toEqual(['a', 'c', 'default', 'b']);
  });

  it('places a downstream resource level with the producer that writes it, where the producer was moved to', () => {
    const layout = flowLayout({
      buses: ['x'],
      tables: [{ name: 't', partitionKey: { name: 'id', type: 'S' } }],
      queues: [{ name: 'q1' }, { name: 'q2' }],
      functions: [{ name: 'p', handler: 'p.handler', environment: { BUS: 'x', TABLE: 't' } }],
      rules: [
        { name: 'r1', targets: [{ id: 'q1', to: { queue: 'q1' } }] },
        { name: 'r2', targets: [{ id: 'q2', to: { queue: 'q2' } }] },
        { name: 'r3', bus: 'x', targets: [] },
      ],
      sampleEvents: [],
    });
    expectWellLaidOut(layout);
    expect(node(layout, 'producer:p')!.row).toBe(node(layout, busNode('x'))!.row);
    expect(node(layout, resourceNode('DynamoDB table t'))!.row).toBe(node(layout, 'producer:p')!.row);
  });

  it('takes a function another function’s on-failure or on-success invokes for no producer, and draws a schedule’s dead-letter queue', () => {
    const layout = flowLayout({
      queues: [{ name: 'schedule-dlq' }],
      functions: [
        { name: 'work', handler: 'work.handler', onFailure: { function: 'mop-up' }, onSuccess: { function: 'celebrate' } },
        { name: 'mop-up', handler: 'mop.handler' },
        { name: 'celebrate', handler: 'celebrate.handler' },
      ],
      rules: [{ name: 'do-work', targets: [{ id: 'work', to: { function: 'work' } }] }],
      schedules: [{ name: 'nightly', expression: 'rate(1 day)', target: { to: { function: 'work' }, deadLetterQueue: 'schedule-dlq' } }],
      sampleEvents: [],
    });
    expectWellLaidOut(layout);
    const producers = layout.columns.find((c) => c.column === 'producers')!.nodes.map((n) => n.id);
    expect(producers).not.toContain('producer:mop-up');
    expect(producers).not.toContain('producer:celebrate');
    const mopUp = nodes(layout).filter((n) => n.name === 'mop-up');
    expect(mopUp).toEqual([expect.objectContaining({ column: 'targets', function: 'mop-up' })]);
    expect(layout.edges).toContainEqual(expect.objectContaining({ to: mopUp[0]!.id, kind: 'on-failure' }));
    expect(layout.edges).toContainEqual(expect.objectContaining({ from: 'schedule:nightly', to: resourceNode('SQS queue schedule-dlq'), kind: 'dead-letter' }));
  });

  it('keys a rule’s targets by its bus too, so rules of one name on two buses have nodes of their own', () => {
    const layout = flowLayout({
      buses: ['a', 'b'],
      queues: [{ name: 'qa' }, { name: 'qb' }],
      rules: [
        { name: 'same', bus: 'a', targets: [{ id: 't', to: { queue: 'qa' } }] },
        { name: 'same', bus: 'b', targets: [{ id: 't', to: { queue: 'qb' } }] },
      ],
      sampleEvents: [],
    });
    expectWellLaidOut(layout);
    expect(node(layout, targetNode('a', 'same', 't'))).toMatchObject({ name: 'qa', target: { bus: 'a', rule: 'same', id: 't' } });
    expect(node(layout, targetNode('b', 'same', 't'))).toMatchObject({ name: 'qb', target: { bus: 'b', rule: 'same', id: 't' } });
    expect(edgesFrom(layout, ruleNode('b', 'same'))).toEqual([targetNode('b', 'same', 't')]);
    expect(edgesFrom(layout, targetNode('b', 'same', 't'))).toEqual([resourceNode('SQS queue qb')]);
  });

  it('lays out nothing but the composer and the default bus for an empty architecture', () => {
    const layout = flowLayout({ sampleEvents: [] });
    expectWellLaidOut(layout);
    expect(nodes(layout).map((n) => n.id)).toEqual([SEND_NODE, busNode('default')]);
    expect(layout.edges).toEqual([]);
    expect(layout.rows).toBe(1);
  });

  it('lays out an architecture with a bit of everything: empty buses, a partner bus, a pipe, a schedule, an API destination, a rule without targets, a function two rules target', () => {
    const partner = 'aws.partner/example.com/acme/deals';
    const layout = flowLayout({
      buses: ['empty-1', 'busy', 'empty-2'],
      partnerSources: [{ name: partner }],
      partnerBuses: [partner],
      tables: [{ name: 'orders', partitionKey: { name: 'id', type: 'S' }, stream: 'NEW_IMAGE' }],
      queues: [{ name: 'dlq' }, { name: 'from-pipe' }],
      functions: [
        { name: 'handle', handler: 'handle.handler', environment: { TABLE_NAME: 'orders' } },
        { name: 'tick', handler: 'tick.handler' },
      ],
      connections: [{ name: 'crm', authorization: { apiKey: { name: 'x-api-key', value: 'secret' } } }],
      apiDestinations: [{ name: 'crm-deals', connection: 'crm', endpoint: 'https://crm.example.com/deals', method: 'POST' }],
      rules: [
        { name: 'first', bus: 'busy', targets: [{ id: 'handle', to: { function: 'handle' } }] },
        { name: 'second', bus: 'busy', targets: [{ id: 'handle', to: { function: 'handle' } }, { id: 'crm', to: { apiDestination: 'crm-deals' }, deadLetterQueue: 'dlq' }] },
        { name: 'not-yet', bus: 'busy', targets: [] },
        { name: 'deals', bus: partner, targets: [{ id: 'handle', to: { function: 'handle' } }] },
      ],
      schedules: [{ name: 'every-hour', expression: 'rate(1 hour)', target: { to: { function: 'tick' } } }],
      pipes: [{ name: 'orders-pipe', source: { table: 'orders' }, target: { queue: 'from-pipe' } }],
      sampleEvents: [{ name: 'one', entry: { Source: 'myapp', DetailType: 'Thing', Detail: {}, EventBusName: 'busy' } }],
    });
    expectWellLaidOut(layout);
    // Two rules deliver to handle: two target nodes, each level with its own rule.
    expect(nodes(layout).filter((n) => n.name === 'handle').map((n) => n.id)).toEqual([targetNode('busy', 'first', 'handle'), targetNode('busy', 'second', 'handle'), targetNode(partner, 'deals', 'handle')]);
    expect(node(layout, busNode('busy'))).toMatchObject({ row: 1, span: 4 });
    expect(node(layout, ruleNode('busy', 'not-yet'))).toMatchObject({ row: 4, span: 1 });
    expect(node(layout, targetNode('busy', 'second', 'crm'))).toMatchObject({ kind: 'API destination', opens: 'HTTP' });
    expect(edgesFrom(layout, targetNode('busy', 'second', 'crm'))).toEqual([resourceNode('SQS queue dlq')]);
    expect(edgesFrom(layout, SEND_NODE)).toEqual([busNode('busy')]);
    expect(edgesFrom(layout, `partner:${partner}`)).toEqual([busNode(partner)]);
    const tick = nodes(layout).find((n) => n.name === 'tick')!;
    expect(tick).toMatchObject({ column: 'targets', note: 'invoked by EventBridge Scheduler' });
    expect(edgesFrom(layout, 'schedule:every-hour')).toEqual([tick.id]);
    const fromPipe = nodes(layout).find((n) => n.column === 'targets' && n.name === 'from-pipe')!;
    expect(edgesFrom(layout, 'pipe:orders-pipe')).toEqual([fromPipe.id]);
    expect(edgesFrom(layout, fromPipe.id)).toEqual([resourceNode('SQS queue from-pipe')]);
    // The buses without rules, below those with them, in the order listed.
    expect(layout.columns.find((c) => c.column === 'buses')!.nodes.map((n) => n.name)).toEqual(['busy', partner, 'default', 'empty-1', 'empty-2']);
  });
});

describe('the Flow diagram of a built lesson', () => {
  const architecture: LessonArchitecture = { queues: [{ name: 'q' }], rules: [{ name: 'r', targets: [{ id: 'q', to: { queue: 'q' } }] }], sampleEvents: [] };

  it('adds the downstream resources only the built lesson knows (alarms from a learner’s file) below the others, opening their panel', () => {
    const layout = flowLayout(architecture);
    const built = withStateOnlyResources(layout, [
      { kind: 'SQS queue', name: 'q' },
      { kind: 'CloudWatch alarm', name: 'errors' },
      { kind: 'CloudWatch alarm', name: 'throttles' },
    ]);
    const downstream = built.columns.find((c) => c.column === 'downstream')!.nodes;
    expect(downstream.map((n) => [n.id, n.row, n.opens])).toEqual([
      [resourceNode('SQS queue q'), 1, 'Queues'],
      [resourceNode('CloudWatch alarm errors'), 2, 'Metrics'],
      [resourceNode('CloudWatch alarm throttles'), 3, 'Metrics'],
    ]);
    expect(built.rows).toBe(3);
    expect(built.edges).toBe(layout.edges);
  });

  it('keeps the layout itself when the built lesson knows nothing more', () => {
    const layout = flowLayout(architecture);
    expect(withStateOnlyResources(layout, [{ kind: 'SQS queue', name: 'q' }])).toBe(layout);
  });
});
