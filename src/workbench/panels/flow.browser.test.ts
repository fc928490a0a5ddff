// The Flow panel in Chromium: what it says of each target in words, and a keyboard user's place kept while the
// panel is drawn again and again as an action runs.
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceStep } from '../../bus/trace.ts';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import type { FlowState } from '../flow-state.ts';
import type { Invocation } from '../session.ts';
import { renderFlow } from './flow.ts';

const T = Date.UTC(2026, 10, 22, 9);
const architecture: LessonArchitecture = {
  queues: [{ name: 'orders-seen' }],
  functions: [{ name: 'reserve', handler: 'reserve.handler' }],
  rules: [
    { name: 'count-orders', targets: [{ id: 'orders-seen', to: { queue: 'orders-seen' } }] },
    { name: 'reserve-stock', targets: [{ id: 'reserve', to: { function: 'reserve' } }] },
  ],
  sampleEvents: [],
};
const steps = (eventId: string): FlowState['journey'] => ({
  eventId,
  steps: [
    { type: 'received', time: T, bus: 'default', source: 'myapp.orders', detailType: 'OrderPlaced' },
    { type: 'rule', time: T, rule: 'count-orders', matched: true },
    { type: 'rule', time: T, rule: 'reserve-stock', matched: true },
    { type: 'attempt', time: T, rule: 'count-orders', targetId: 'orders-seen', targetArn: 'arn', attempt: 1, ok: true },
    { type: 'attempt', time: T, rule: 'reserve-stock', targetId: 'reserve', targetArn: 'arn', attempt: 1, ok: true },
  ] satisfies TraceStep[],
});
const failedRun: Invocation = { functionName: 'reserve', at: T + 1, result: { functionError: 'Unhandled', error: { errorType: 'Error', errorMessage: 'out of stock' } } as Invocation['result'] };
const actions = { panels: ['Logs', 'Queues'], open: () => {} };

let container: HTMLElement | undefined;
afterEach(() => container?.remove());
const panel = () => {
  container = document.createElement('div');
  document.body.append(container);
  return container;
};

describe('the Flow panel', () => {
  it('says how each target fared in words, and draws the edge into a target Lambda is retrying as retrying', () => {
    const flow = panel();
    renderFlow(flow, architecture, { journey: steps('e-1'), invocations: [failedRun] }, actions);
    const status = (id: string) => flow.querySelector(`[data-target="${id}"] .flow-status`)?.textContent;
    expect(status('orders-seen')).toBe('delivered');
    expect(status('reserve')).toBe('retrying');
    expect(flow.querySelector('[data-target="reserve"]')!.getAttribute('data-state')).toBe('retrying');
    const edges = [...flow.querySelectorAll('.flow-edge')].map((e) => e.getAttribute('data-state'));
    expect(edges).toContain('retrying');
    expect(edges).not.toContain('failed');
  });

  it('keeps focus on the node it was on when drawn again, on its link or on the rule itself', () => {
    const flow = panel();
    renderFlow(flow, architecture, { journey: steps('e-1') }, actions);
    flow.querySelector<HTMLElement>('[data-target="reserve"] .flow-open')!.focus();
    renderFlow(flow, architecture, { journey: steps('e-1'), invocations: [failedRun] }, actions);
    expect(document.activeElement).toBe(flow.querySelector('[data-target="reserve"] .flow-open'));
    flow.querySelector<HTMLElement>('[data-rule="count-orders"]')!.focus();
    renderFlow(flow, architecture, { journey: steps('e-1') }, actions);
    expect(document.activeElement).toBe(flow.querySelector('[data-rule="count-orders"]'));
  });

  it('counts the events whose paths it has drawn, once each however often it is drawn', () => {
    const flow = panel();
    const drawn = () => flow.querySelector<HTMLElement>('.flow-diagram')!.dataset.eventsDrawn;
    renderFlow(flow, architecture, {}, actions);
    expect(drawn()).toBe('0');
    renderFlow(flow, architecture, { journey: steps('e-1') }, actions);
    renderFlow(flow, architecture, { journey: steps('e-1') }, actions);
    expect(drawn()).toBe('1');
    renderFlow(flow, architecture, { journey: steps('e-2') }, actions);
    expect(drawn()).toBe('2');
  });

  it('says so when the rules have no targets yet', () => {
    const flow = panel();
    renderFlow(flow, { rules: [{ name: 'lonely', targets: [] }], sampleEvents: [] }, {}, actions);
    expect(flow.querySelector('[data-column="targets"]')!.textContent).toContain('No targets yet.');
  });
});
