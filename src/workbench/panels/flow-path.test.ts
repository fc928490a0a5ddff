import { describe, expect, it } from 'vitest';
import producerLesson from '../../../lessons/01-events-and-the-bus/architecture.ts';
import welcome from '../../../lessons/05-monitoring/architecture.ts';
import decoupling from '../../../lessons/08-decoupling/architecture.ts';
import failures from '../../../lessons/11-delivery-failures/architecture.ts';
import type { TraceStep } from '../../bus/trace.ts';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import type { DownstreamNode } from '../flow-state.ts';
import type { Invocation } from '../session.ts';
import { busNode, flowLayout, producerNode, resourceNode, ruleNode, SEND_NODE, targetNode } from './flow-layout.ts';
import { edgeKey, flowPath } from './flow-path.ts';

const T = Date.UTC(2026, 10, 22, 9);
const received = (bus = 'default', source = 'myapp.orders'): TraceStep => ({ type: 'received', time: T, bus, source, detailType: 'OrderPlaced' });
const rule = (name: string, matched: boolean): TraceStep => ({ type: 'rule', time: T, rule: name, matched });
const attempt = (ruleName: string, targetId: string, n: number, ok: boolean): TraceStep => ({ type: 'attempt', time: T + n, rule: ruleName, targetId, targetArn: 'arn', attempt: n, ok });
const run = (functionName: string, error?: string): Invocation => ({ functionName, at: T + 5, result: (error ? { functionError: 'Unhandled', error: { errorType: error, errorMessage: '' } } : {}) as Invocation['result'] });

/** Each edge's state (and order, when lit), by `from → to`. */
function edgesOf(architecture: LessonArchitecture, steps: TraceStep[], extra: { invocations?: Invocation[]; downstream?: DownstreamNode[] } = {}) {
  const layout = flowLayout(architecture);
  const path = flowPath(layout, architecture, { journey: { eventId: 'e-1', steps }, ...extra });
  return { path, edge: (from: string, to: string) => [...path.edges].find(([e]) => edgeKey(e) === `${from} → ${to}`)?.[1] };
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
    expect(edge(ruleNode('default', 'count-orders'), targetNode('count-orders', 'orders-seen'))).toEqual({ state: 'lit', order: 2 });
    expect(edge(ruleNode('default', 'reserve-stock-for-orders'), targetNode('reserve-stock-for-orders', 'reserve-stock'))).toMatchObject({ state: 'idle' });
    expect(edge(targetNode('count-orders', 'orders-seen'), resourceNode('SQS queue orders-seen'))).toEqual({ state: 'lit', order: 3 });
  });

  it('draws a target EventBridge gave up on as failed, and its dead-letter edge too', () => {
    const steps: TraceStep[] = [
      received(),
      rule('reserve-stock-for-orders', true),
      attempt('reserve-stock-for-orders', 'reserve-stock', 1, false),
      { type: 'dead-lettered', time: T + 2, rule: 'reserve-stock-for-orders', targetId: 'reserve-stock', queueArn: 'arn', sent: true },
    ];
    const { path, edge } = edgesOf(failures, steps);
    const target = targetNode('reserve-stock-for-orders', 'reserve-stock');
    expect(path.targets.get(target)!.outcome).toBe('failed');
    expect(edge(ruleNode('default', 'reserve-stock-for-orders'), target)).toMatchObject({ state: 'failed' });
    expect(edge(target, resourceNode('SQS queue reserve-stock-dlq'))).toEqual({ state: 'failed', order: 3 });
    // The function was never reached: its table is not on the path.
    expect(edge(target, resourceNode('DynamoDB table stock-reservations'))).toMatchObject({ state: 'idle' });
  });

  it('takes a delivered event whose function failed as retrying while Lambda retries, then failed, lighting the on-failure queue', () => {
    const steps = [received('default', 'myapp.users'), rule('user-signed-up', true), attempt('user-signed-up', 'welcome-email', 1, true)];
    const target = targetNode('user-signed-up', 'welcome-email');
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
});
