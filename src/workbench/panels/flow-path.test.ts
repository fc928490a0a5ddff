import { describe, expect, it } from 'vitest';
import producerLesson from '../../../lessons/01-events-and-the-bus/architecture.ts';
import welcome from '../../../lessons/05-monitoring/architecture.ts';
import decoupling from '../../../lessons/08-decoupling/architecture.ts';
import failures from '../../../lessons/11-delivery-failures/architecture.ts';
import scheduler from '../../../lessons/13-scheduler/architecture.ts';
import pipes from '../../../lessons/14-pipes/architecture.ts';
import type { TraceStep } from '../../bus/trace.ts';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import type { DownstreamNode } from '../flow-state.ts';
import type { Invocation } from '../session.ts';
import { busNode, flowLayout, producerNode, resourceNode, ruleNode, SEND_NODE, targetNode } from './flow-layout.ts';
import { flowPath } from './flow-path.ts';

const T = Date.UTC(2026, 10, 22, 9);
const received = (bus = 'default', source = 'myapp.orders'): TraceStep => ({ type: 'received', time: T, bus, source, detailType: 'OrderPlaced' });
const rule = (name: string, matched: boolean): TraceStep => ({ type: 'rule', time: T, rule: name, matched });
const attempt = (ruleName: string, targetId: string, n: number, ok: boolean): TraceStep => ({ type: 'attempt', time: T + n, rule: ruleName, targetId, targetArn: 'arn', attempt: n, ok });
const run = (functionName: string, error?: string): Invocation => ({ functionName, at: T + 5, result: (error ? { functionError: 'Unhandled', error: { errorType: error, errorMessage: '' } } : {}) as Invocation['result'] });

/** Each edge's state (and order, when lit), by `from → to`. */
function edgesOf(architecture: LessonArchitecture, steps: TraceStep[], extra: { invocations?: Invocation[]; downstream?: DownstreamNode[] } = {}) {
  const layout = flowLayout(architecture);
  const path = flowPath(layout, architecture, { journey: { eventId: 'e-1', steps }, ...extra });
  return { path, edge: (from: string, to: string) => [...path.edges].find(([e]) => e.from === from && e.to === to)?.[1] };
}

describe('the event’s path through the Flow diagram', () => {
  it('lights the composer, the bus, the rule that matched and its delivered target, in travel order, and greys the rule that did not', () => {
    const { path, edge } = edgesOf(failures, [received(), rule('reserve-stock-for-orders', false), rule('count-orders', true), attempt('count-orders', 'orders-seen', 1, true)], {
      downstream: [{ name: 'orders-seen', kind: 'SQS queue', state: '1 message waiting', changed: true }],
    });
    expect(path.producer).toBe(SEND_NODE);
    expect(path.rules.get(ruleNode('default', 'reserve-stock-for-orders'))).toMatchObject({ matched: false });
    expect(edge(SEND_NODE, busNode('default'))).toEqual({ state: 'lit', order: 0 });
    expect(edge(busNode('default'), ruleNode('default', 'count-orders'))).toEqual({ state: 'lit', order: 1 });
    expect(edge(busNode('default'), ruleNode('default', 'reserve-stock-for-orders'))).toMatchObject({ state: 'unmatched' });
    expect(edge(ruleNode('default', 'count-orders'), targetNode('default', 'count-orders', 'orders-seen'))).toEqual({ state: 'lit', order: 2 });
    expect(edge(ruleNode('default', 'reserve-stock-for-orders'), targetNode('default', 'reserve-stock-for-orders', 'reserve-stock'))).toMatchObject({ state: 'idle' });
    expect(edge(targetNode('default', 'count-orders', 'orders-seen'), resourceNode('SQS queue orders-seen'))).toEqual({ state: 'lit', order: 3 });
  });

  it('draws a target EventBridge gave up on as failed, and its dead-letter edge too', () => {
    const steps: TraceStep[] = [
      received(),
      rule('reserve-stock-for-orders', true),
      attempt('reserve-stock-for-orders', 'reserve-stock', 1, false),
      { type: 'dead-lettered', time: T + 2, rule: 'reserve-stock-for-orders', targetId: 'reserve-stock', queueArn: 'arn', sent: true },
    ];
    const { path, edge } = edgesOf(failures, steps);
    const target = targetNode('default', 'reserve-stock-for-orders', 'reserve-stock');
    expect(path.targets.get(target)!.outcome).toBe('failed');
    expect(edge(ruleNode('default', 'reserve-stock-for-orders'), target)).toMatchObject({ state: 'failed' });
    expect(edge(target, resourceNode('SQS queue reserve-stock-dlq'))).toEqual({ state: 'failed', order: 3 });
    // The function was never reached: its table is not on the path.
    expect(edge(target, resourceNode('DynamoDB table stock-reservations'))).toMatchObject({ state: 'idle' });
  });

  it('takes a delivered event whose function failed as retrying while Lambda retries, then failed, lighting the on-failure queue', () => {
    const steps = [received('default', 'myapp.users'), rule('user-signed-up', true), attempt('user-signed-up', 'welcome-email', 1, true)];
    const target = targetNode('default', 'user-signed-up', 'welcome-email');
    expect(edgesOf(welcome, steps, { invocations: [run('welcome-email', 'TypeError')] }).path.targets.get(target)!.outcome).toBe('retrying');
    const { path, edge } = edgesOf(welcome, steps, {
      invocations: [run('welcome-email', 'TypeError'), run('welcome-email', 'TypeError'), run('welcome-email', 'TypeError')],
      downstream: [{ name: 'welcome-email-failures', kind: 'SQS queue', state: '1 message waiting', changed: true }],
    });
    expect(path.targets.get(target)!.outcome).toBe('failed');
    expect(edge(target, resourceNode('SQS queue welcome-email-failures'))).toEqual({ state: 'failed', order: 3 });
  });

  it('credits the producer function the learner ran, on the bus it publishes to, and lights only that bus’s rules', () => {
    const { path, edge } = edgesOf(producerLesson, [received('default', 'myapp.users'), rule('user-signed-up', true)], { invocations: [run('signup-producer')] });
    expect(path.producer).toBe(producerNode('signup-producer'));
    expect(edge(producerNode('signup-producer'), busNode('default'))).toMatchObject({ state: 'lit' });
    expect(edge(SEND_NODE, busNode('default'))).toMatchObject({ state: 'idle' });

    const commerce = edgesOf(decoupling, [received('commerce'), rule('charge-placed-orders', true), rule('commerce-events-on-the-default-bus', true)], { invocations: [run('checkout')] });
    expect(commerce.path.producer).toBe(producerNode('checkout'));
    expect(commerce.edge(busNode('commerce'), ruleNode('commerce', 'charge-placed-orders'))).toMatchObject({ state: 'lit' });
    // A rule of that name on another bus did not see the event.
    expect(commerce.edge(busNode('default'), ruleNode('default', 'commerce-events-on-the-default-bus'))).toMatchObject({ state: 'idle' });
    expect(commerce.path.rules.has(ruleNode('default', 'commerce-events-on-the-default-bus'))).toBe(false);
  });

  it('08: lights what the producer function wrote, although its edges pass a column, and the producer itself', () => {
    const { path, edge } = edgesOf(decoupling, [received('commerce'), rule('charge-placed-orders', true)], {
      invocations: [run('checkout')],
      downstream: [
        { name: 'orders', kind: 'DynamoDB table', state: '1 item', changed: true },
        { name: 'payments', kind: 'DynamoDB table', state: '0 items', changed: false },
      ],
    });
    expect(edge(producerNode('checkout'), resourceNode('DynamoDB table orders'))).toEqual({ state: 'lit', order: 3 });
    expect(edge(producerNode('checkout'), resourceNode('DynamoDB table payments'))).toMatchObject({ state: 'idle' });
    expect(path.litProducers).toEqual(new Set([producerNode('checkout')]));
  });

  it('13: lights the schedule and the schedule group with the function they invoke, as its invocations went', () => {
    const layout = flowLayout(scheduler);
    const escalate = layout.columns.flatMap((c) => c.nodes).find((n) => n.name === 'escalate-ticket' && n.column === 'targets')!;
    const ok = edgesOf(scheduler, [received('default', 'myapp.support'), rule('ticket-lifecycle', true)], { invocations: [run('escalate-ticket')] });
    expect(ok.edge('schedule:weekday-digest', escalate.id)).toEqual({ state: 'lit', order: 3 });
    expect(ok.edge('schedule-group:ticket-escalations', escalate.id)).toEqual({ state: 'lit', order: 3 });
    expect(ok.path.litProducers).toEqual(new Set([SEND_NODE, 'schedule:weekday-digest', 'schedule-group:ticket-escalations']));
    const failed = edgesOf(scheduler, [received('default', 'myapp.support'), rule('ticket-lifecycle', true)], { invocations: [run('escalate-ticket', 'Error')] });
    expect(failed.edge('schedule:weekday-digest', escalate.id)).toMatchObject({ state: 'failed' });
    const none = edgesOf(scheduler, [received('default', 'myapp.support'), rule('ticket-lifecycle', true)]);
    expect(none.edge('schedule:weekday-digest', escalate.id)).toMatchObject({ state: 'idle' });
    expect(none.path.litProducers).toEqual(new Set([SEND_NODE]));
  });

  it('14: lights the pipe’s edge to the bus once its enrichment ran, and its dead-letter queue once that filled', () => {
    const { path, edge } = edgesOf(pipes, [received('default', 'myapp.orders'), rule('orders-api', true), attempt('orders-api', 'orders-service', 1, true)], {
      invocations: [run('orders-service'), run('enrich-order-changes')],
      downstream: [{ name: 'outbox-failures', kind: 'SQS queue', state: '1 message waiting', changed: true }],
    });
    expect(edge('pipe:orders-outbox', busNode('default'))).toMatchObject({ state: 'lit' });
    expect(edge('pipe:orders-outbox', resourceNode('SQS queue outbox-failures'))).toEqual({ state: 'failed', order: 3 });
    expect(path.litProducers.has('pipe:orders-outbox')).toBe(true);
    const quiet = edgesOf(pipes, [received('default', 'myapp.orders'), rule('orders-api', false)]);
    expect(quiet.edge('pipe:orders-outbox', busNode('default'))).toMatchObject({ state: 'idle' });
    expect(quiet.edge('pipe:orders-outbox', resourceNode('SQS queue outbox-failures'))).toMatchObject({ state: 'idle' });
    expect(quiet.path.litProducers.has('pipe:orders-outbox')).toBe(false);
  });

  it('gives a function’s invocations only to the targets that delivered to it, and counts its retries per delivery', () => {
    const architecture: LessonArchitecture = {
      functions: [{ name: 'fn', handler: 'fn.handler' }],
      rules: [
        { name: 'first', targets: [{ id: 'fn', to: { function: 'fn' } }] },
        { name: 'second', targets: [{ id: 'fn', to: { function: 'fn' } }] },
      ],
      sampleEvents: [],
    };
    const one = edgesOf(architecture, [received(), rule('first', true), rule('second', false), attempt('first', 'fn', 1, true)], { invocations: [run('fn')] });
    const [first, second] = [...one.path.targets.values()];
    expect(first!.runs).toHaveLength(1);
    expect(second!.runs).toEqual([]);
    expect(second!.outcome).toBe('idle');
    // Delivered by both rules: three failed runs are the first tries and one retry, not every retry of one delivery.
    const both = edgesOf(architecture, [received(), rule('first', true), rule('second', true), attempt('first', 'fn', 1, true), attempt('second', 'fn', 1, true)], {
      invocations: [run('fn', 'Error'), run('fn', 'Error'), run('fn', 'Error')],
    });
    expect([...both.path.targets.values()].map((t) => t.outcome)).toEqual(['retrying', 'retrying']);
  });

  it('draws the edge into a target Lambda is still retrying as retrying, not failed', () => {
    const steps = [received('default', 'myapp.users'), rule('user-signed-up', true), attempt('user-signed-up', 'welcome-email', 1, true)];
    const { path, edge } = edgesOf(welcome, steps, { invocations: [run('welcome-email', 'TypeError')] });
    const target = [...path.targets.keys()].find((id) => id.endsWith(':welcome-email'))!;
    expect(edge(ruleNode('default', 'user-signed-up'), target)).toMatchObject({ state: 'retrying', order: 2 });
  });

  it('lights the target of the rule on the bus that received the event, not that of a rule of the same name on another', () => {
    const architecture: LessonArchitecture = {
      buses: ['a', 'b'],
      queues: [{ name: 'qa' }, { name: 'qb' }],
      rules: [
        { name: 'same', bus: 'a', targets: [{ id: 't', to: { queue: 'qa' } }] },
        { name: 'same', bus: 'b', targets: [{ id: 't', to: { queue: 'qb' } }] },
      ],
      sampleEvents: [],
    };
    const { path, edge } = edgesOf(architecture, [received('b'), rule('same', true), attempt('same', 't', 1, true)]);
    expect(path.targets.get(targetNode('b', 'same', 't'))!.outcome).toBe('delivered');
    expect(path.targets.get(targetNode('a', 'same', 't'))).toMatchObject({ steps: [], outcome: 'idle' });
    expect(edge(ruleNode('b', 'same'), targetNode('b', 'same', 't'))).toMatchObject({ state: 'lit' });
    expect(edge(ruleNode('a', 'same'), targetNode('a', 'same', 't'))).toMatchObject({ state: 'idle' });
  });
});
