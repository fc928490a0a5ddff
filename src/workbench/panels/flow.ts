// The Flow panel: the lesson's architecture drawn as producer → bus → rules → targets → where failures go, and
// the last event's path lit through it. Each rule says whether it matched, with the pattern engine's reasons on
// hover or keyboard focus; each target lists its delivery attempts, retries and dead-lettering as the clock runs.

import type { TraceStep } from '../../bus/trace.ts';
import type { LessonArchitecture, RuleSpec, TargetRef, TargetSpec } from '../../lessons/architecture.ts';
import { clockTime, h, uniqueId } from '../dom.ts';
import type { FlowState } from '../flow-state.ts';
import type { Invocation } from '../session.ts';

/** A target's name and what it is (`Lambda function`, `SNS topic`…), as the panels name it. */
export const describe = (ref: TargetRef): { name: string; kind: string } => {
  if ('apiDestination' in ref) return { name: ref.apiDestination, kind: 'API destination' };
  if ('function' in ref) return { name: ref.function, kind: 'Lambda function' };
  if ('queue' in ref) return { name: ref.queue, kind: 'SQS queue' };
  if ('topic' in ref) return { name: ref.topic, kind: 'SNS topic' };
  if ('bus' in ref) return { name: ref.bus, kind: 'event bus' };
  return { name: ref.logGroup, kind: 'log group' };
};

/** Functions no rule targets: the lesson's producers (lesson 01's users service). */
const producers = (architecture: LessonArchitecture): string[] => {
  const targeted = new Set((architecture.rules ?? []).flatMap((rule) => rule.targets.flatMap((t) => ('function' in t.to ? [t.to.function] : []))));
  return (architecture.functions ?? []).map((fn) => fn.name).filter((name) => !targeted.has(name));
};


export function renderFlow(container: HTMLElement, architecture: LessonArchitecture, state: FlowState): void {
  const steps = state.journey?.steps ?? [];
  const received = steps.find((s): s is Extract<TraceStep, { type: 'received' }> => s.type === 'received');
  const buses = ['default', ...(architecture.buses ?? []), ...(architecture.partnerBuses ?? [])];
  const summary = received
    ? `Event from ${received.source} (${received.detailType}) received by the ${received.bus} bus at ${clockTime(received.time)}.`
    : (state.note ?? 'Send an event to see its path through the architecture.');

  container.replaceChildren(
    h('p', { class: 'flow-summary', 'data-flow-summary': true }, summary),
    h(
      'ol',
      { class: 'flow', 'aria-label': 'The lesson’s architecture, in the order an event travels' },
      h(
        'li',
        { class: 'flow-stage' },
        h('h4', {}, 'Producer'),
        h(
          'ul',
          {},
          ...producers(architecture).map((name) => h('li', { class: 'flow-node' }, name, h('span', { class: 'flow-kind' }, ' Lambda function'))),
          h('li', { class: 'flow-node', 'data-state': received ? 'lit' : 'idle' }, received ? received.source : 'Send event', h('span', { class: 'flow-kind' }, ' PutEvents')),
        ),
      ),
      h(
        'li',
        { class: 'flow-stage' },
        h('h4', {}, 'Event bus'),
        h('ul', {}, ...buses.map((bus) => h('li', { class: 'flow-node', 'data-state': received?.bus === bus ? 'lit' : 'idle' }, bus))),
      ),
      h(
        'li',
        { class: 'flow-stage flow-rules' },
        h('h4', {}, 'Rules and targets'),
        (architecture.rules ?? []).length === 0
          ? h('p', {}, 'This lesson has no rules yet.')
          : h('ul', {}, ...(architecture.rules ?? []).map((rule) => ruleNode(architecture, rule, steps, state.invocations ?? []))),
      ),
      (state.downstream ?? []).length > 0
        ? h(
            'li',
            { class: 'flow-stage flow-downstream-stage' },
            h('h4', {}, 'Downstream'),
            h(
              'ul',
              {},
              ...(state.downstream ?? []).map((node) =>
                h('li', { class: 'flow-node', 'data-state': node.changed ? 'lit' : 'idle', 'data-downstream': node.name }, node.name, h('span', { class: 'flow-kind' }, ` ${node.kind}: `), node.state, node.changed ? h('span', { class: 'sr-only' }, ' (changed)') : null),
              ),
            ),
          )
        : null,
    ),
  );
}

function ruleNode(architecture: LessonArchitecture, rule: RuleSpec, steps: TraceStep[], invocations: Invocation[]): HTMLElement {
  const step = steps.find((s): s is Extract<TraceStep, { type: 'rule' }> => s.type === 'rule' && s.rule === rule.name);
  const state = !step ? 'idle' : step.matched ? 'matched' : 'unmatched';
  const status = !step ? (rule.schedule ? `runs on ${rule.schedule}` : 'not evaluated yet') : step.matched ? 'matched' : 'did not match';
  const reasonsId = uniqueId('reasons');
  const reasons = step?.reasons ?? [];
  return h(
    'li',
    { class: 'flow-rule', 'data-state': state, 'data-rule': rule.name, tabindex: 0, 'aria-describedby': reasons.length > 0 ? reasonsId : undefined },
    h('span', { class: 'flow-name' }, `Rule ${rule.name}`),
    ' ',
    h('span', { class: 'flow-status' }, status),
    reasons.length > 0
      ? h('ul', { class: 'flow-reasons', role: 'tooltip', id: reasonsId }, ...reasons.map((r) => h('li', { 'data-ok': String(r.ok) }, `${r.ok ? '✓' : '✗'} ${r.message}`)))
      : null,
    h('ul', { class: 'flow-targets' }, ...rule.targets.map((target) => targetNode(architecture, rule, target, steps, invocations))),
  );
}

function targetNode(architecture: LessonArchitecture, rule: RuleSpec, target: TargetSpec, steps: TraceStep[], invocations: Invocation[]): HTMLElement {
  const mine = steps.filter((s) => s.type !== 'received' && s.type !== 'rule' && s.rule === rule.name && s.targetId === target.id);
  const { name, kind } = describe(target.to);
  const last = mine.at(-1);
  const state = !last ? 'idle' : last.type === 'attempt' ? (last.ok ? 'delivered' : 'failed') : last.type === 'retry-scheduled' ? 'retrying' : 'failed';
  const fn = 'function' in target.to ? (architecture.functions ?? []).find((f) => f.name === name) : undefined;
  const runs = fn ? invocations.filter((i) => i.functionName === fn.name) : [];
  // EventBridge's delivery to Lambda can succeed while the function then fails: for a delivered event, the
  // function's outcome is the target's (retrying while Lambda's own retries remain). A direct Run is not a delivery.
  const failedRuns = runs.filter((run) => run.result.functionError).length;
  const lambdaTries = (fn?.maximumRetryAttempts ?? 2) + 1;
  const outcome = state !== 'delivered' || failedRuns === 0 || !runs.at(-1)?.result.functionError ? state : failedRuns < lambdaTries ? 'retrying' : 'failed';
  const failureDestination = fn?.onFailure ? describe(fn.onFailure) : undefined;
  return h(
    'li',
    { class: 'flow-target', 'data-state': outcome, 'data-target': target.id },
    h('span', { class: 'flow-name' }, `→ ${name}`),
    h('span', { class: 'flow-kind' }, ` ${kind}`),
    mine.length > 0 ? h('ol', { class: 'flow-attempts' }, ...shortened(mine.map(stepLine))) : null,
    runs.length > 0
      ? h(
          'ol',
          { class: 'flow-attempts', 'aria-label': `Invocations of ${name}` },
          ...runs.map((run) =>
            h(
              'li',
              { 'data-ok': String(!run.result.functionError) },
              `${clockTime(run.at)} invocation ${run.result.functionError ? `✘ ${run.result.error?.errorType ?? 'Error'}: ${run.result.error?.errorMessage ?? ''}` : '✔ succeeded'}`,
            ),
          ),
        )
      : null,
    target.deadLetterQueue ? h('p', { class: 'flow-downstream' }, `Dead-letter queue: ${target.deadLetterQueue}`) : null,
    failureDestination ? h('p', { class: 'flow-downstream' }, `On failure after Lambda’s retries: ${failureDestination.name} (${failureDestination.kind})`) : null,
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
