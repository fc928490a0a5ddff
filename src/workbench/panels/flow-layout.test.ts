import { describe, expect, it } from 'vitest';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { downstreamNow } from '../flow-state.ts';
import { busNode, flowLayout, type FlowLayout, resourceNode, ruleNode, SEND_NODE, targetNode } from './flow-layout.ts';

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
        expect(node(layout, targetNode(rule.name, target.id))).toMatchObject({ column: 'targets', target: { rule: rule.name, id: target.id } });
        expect(edgesFrom(layout, ruleNode(bus, rule.name))).toContain(targetNode(rule.name, target.id));
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
    expect(edgesFrom(layout, targetNode('user-signed-up', 'signups-seen'))).toEqual([resourceNode('SQS queue signups-seen')]);
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
    expect(layout.edges).toContainEqual({ from: targetNode('charge-placed-orders', 'payment'), to: busNode('commerce'), kind: 'uses', back: true });
  });

  it('05: a failing welcome email goes to its on-failure queue; the function sends through SES', () => {
    const layout = flowLayout(lesson('05'));
    const target = targetNode('user-signed-up', 'welcome-email');
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
    const target = targetNode('invoice-won-deals', 'issue-invoice');
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
    expect(layout.edges).toContainEqual({ from: targetNode('ticket-lifecycle', 'schedule-escalation'), to: 'schedule-group:ticket-escalations', kind: 'schedules', back: true });
    expect(edgesFrom(layout, escalate[0]!.id)).toEqual([resourceNode('DynamoDB table escalations')]);
  });

  it('14: the pipe reads the orders table’s stream and puts events on the default bus; its enrichment function is no producer', () => {
    const layout = flowLayout(lesson('14'));
    expect(node(layout, 'pipe:orders-outbox')).toMatchObject({ column: 'producers', opens: 'Pipes', note: 'from the orders table’s stream, enriched by enrich-order-changes' });
    expect(layout.edges).toContainEqual({ from: resourceNode('DynamoDB table orders'), to: 'pipe:orders-outbox', kind: 'stream', back: true });
    expect(edgesFrom(layout, 'pipe:orders-outbox')).toEqual([busNode('default'), resourceNode('SQS queue outbox-failures')]);
    expect(nodes(layout).filter((n) => n.name === 'enrich-order-changes')).toEqual([]);
    expect(edgesFrom(layout, targetNode('orders-api', 'orders-service'))).toEqual([resourceNode('DynamoDB table orders')]);
  });

  it('12: a rule with two targets spans two rows, level with both', () => {
    const layout = flowLayout(lesson('12'));
    const rule = node(layout, ruleNode('default', 'award-points'))!;
    expect(rule.span).toBe(2);
    expect([node(layout, targetNode('award-points', 'award-points'))!.row, node(layout, targetNode('award-points', 'points-events'))!.row]).toEqual([rule.row, rule.row + 1]);
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
    expect([node(layout, targetNode('first', 'a'))!.row, node(layout, targetNode('third', 'c'))!.row]).toEqual([1, 3]);
    expect(node(layout, busNode('default'))).toMatchObject({ row: 1, span: 3 });
    expect(node(layout, busNode('quiet'))!.row).toBe(4);
  });
});
