// The Flow panel in Chromium, on a lesson's account built as the page builds it (the Web Worker sandbox, the
// controller, the view signal): what it says of each target in words, and what a learner has in hand (focus on a node,
// a rule's reasons, the path's animation) kept while the panel is drawn again with news.
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { SampleEvent } from '../../lessons/architecture.ts';
import type { WorkbenchController } from '../controller.ts';
import { learnerFiles, type WorkbenchLesson } from '../lesson-files.ts';
import type { WorkbenchView } from '../view.ts';
import { FlowPanel } from './FlowPanel.tsx';
import { drawPanel, renderPanel, type RenderedPanel } from './panel-harness.tsx';

const FAN_OUT = ['audit.ts', 'analytics.ts'];
let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());
const flowOf = async (lessonId: string, editable: string[]) => (panel = await renderPanel(lessonId, editable, FlowPanel));

const eventsDrawn = (flow: HTMLElement) => flow.querySelector<HTMLElement>('.flow-diagram')!.dataset.eventsDrawn;

describe('the Flow panel', () => {
  it('says how each target fared in words, and draws the edge into a target Lambda is retrying as retrying', async () => {
    // Lesson 05's starter handler fails a signup whose email is not where it looks.
    const { element: flow, sendSample, lesson } = await flowOf('05-monitoring', ['handler.ts', 'alarms.json']);
    panel!.files = () => learnerFiles(lesson, {});
    const target = () => flow.querySelector('[data-target="welcome-email"]')!;
    const edgeInto = () => flow.querySelector('.flow-edge[data-to^="target:"]')!.getAttribute('data-state');
    await sendSample('UserSignedUp');
    expect(target().querySelector('.flow-status')!.textContent).toBe('delivered');
    expect(edgeInto()).toBe('lit');
    await sendSample('UserSignedUpWithGoogle');
    expect(target().querySelector('.flow-status')!.textContent).toBe('retrying');
    expect(target().getAttribute('data-state')).toBe('retrying');
    expect(target().querySelector('[aria-label="Invocations of welcome-email"]')!.textContent).toMatch(/invocation ✘ \w+/);
    expect(target().textContent).toContain('On failure after Lambda’s retries: welcome-email-failures (SQS queue)');
    expect(edgeInto()).toBe('retrying');
  });

  it('keeps keyboard focus on the node it was on, its link or the rule itself, while it is drawn again with news', async () => {
    const { element: flow, sendSample, fastForward } = await flowOf('04-fan-out', FAN_OUT);
    await sendSample('UserSignedUp');
    const link = flow.querySelector<HTMLElement>('[data-target="signup-audit"] .flow-open')!;
    link.focus();
    await sendSample('UserSignedUp with Google');
    expect(eventsDrawn(flow)).toBe('2');
    expect(document.activeElement).toBe(link);
    expect(link.isConnected).toBe(true);

    const rule = flow.querySelector<HTMLElement>('[data-rule="count-signups"]')!;
    rule.focus();
    await sendSample('UserSignedUp');
    expect(eventsDrawn(flow)).toBe('3');
    expect(document.activeElement).toBe(rule);
    await fastForward();
    expect(document.activeElement).toBe(rule);
  });

  it('shows an unmatched rule’s reasons on hover and on focus, and keeps them showing while it is drawn again with news', async () => {
    const { element: flow, sendEvent, lesson } = await flowOf('04-fan-out', FAN_OUT);
    const [signup] = lesson.architecture.sampleEvents;
    const deleted: SampleEvent = { ...signup!, entry: { ...signup!.entry, DetailType: 'UserDeleted' } };
    await sendEvent(deleted);
    const rule = () => flow.querySelector<HTMLElement>('[data-rule="audit-signups"]')!;
    expect(rule().dataset.state).toBe('unmatched');
    const reasons = () => rule().querySelector<HTMLElement>('[role="tooltip"]')!;
    expect(rule().getAttribute('aria-describedby')).toBe(reasons().id);
    expect(reasons().textContent).toContain('detail-type');
    const shown = () => getComputedStyle(reasons()).display !== 'none';
    expect(shown()).toBe(false);

    await userEvent.hover(rule());
    expect(shown()).toBe(true);
    await sendEvent(deleted);
    expect(eventsDrawn(flow)).toBe('2');
    expect(shown()).toBe(true);

    await userEvent.unhover(rule());
    rule().focus();
    expect(shown()).toBe(true);
    await sendEvent(deleted);
    expect(eventsDrawn(flow)).toBe('3');
    expect(shown()).toBe(true);
  });

  it('opens the panel that shows a node when it is clicked: a function its logs, a table its items', async () => {
    const { element: flow, sendSample, opened } = await flowOf('04-fan-out', FAN_OUT);
    await sendSample('UserSignedUp');
    const functionLink = flow.querySelector<HTMLAnchorElement>('[data-target="signup-audit"] .flow-open')!;
    expect(functionLink.title).toBe('Show in Logs');
    const hash = location.hash;
    functionLink.click();
    flow.querySelector<HTMLAnchorElement>('[data-downstream="signup-audit"] .flow-open')!.click();
    expect(opened).toEqual(['Logs', 'Tables']);
    // The panel is opened instead of following the link.
    expect(location.hash).toBe(hash);
  });

  it('does not restart the path’s animation when drawn again while it travels, and travels from the start for the next event, even one sent meanwhile', async () => {
    const { element: flow, sendSample, fastForward } = await flowOf('04-fan-out', FAN_OUT);
    const edge = () => flow.querySelector<SVGPathElement>(`.flow-edge[data-to="target:default:audit-signups:signup-audit"]`)!;
    const travel = () => edge().getAnimations().find((animation) => (animation as CSSAnimation).animationName === 'flow-travel');
    await sendSample('UserSignedUp');
    const table = flow.querySelector<HTMLElement>('[data-downstream="signup-audit"]')!;
    const first = travel()!;
    expect(first.playState).toBe('running');
    expect(table.dataset.state).toBe('lit');
    // Held where it is, so that what a redraw does to it shows however fast the machine is.
    first.pause();
    first.currentTime = 300;
    // Fast-forward finds nothing to run, and is news: the table it finds unchanged since is no longer lit.
    await fastForward();
    expect(table.dataset.state).toBe('idle');
    expect(travel()).toBe(first);
    expect(first.currentTime).toBe(300);
    // The next event, sent while this one's path still travels, travels from its start.
    await sendSample('UserSignedUp with Google');
    expect(travel()!.currentTime).toBeLessThan(300);

    const diagram = flow.querySelector('.flow-diagram')!;
    await expect.poll(() => diagram.hasAttribute('data-animate'), { timeout: 5_000 }).toBe(false);
    expect(travel()).toBeUndefined();
    await sendSample('UserSignedUp');
    expect(travel()?.playState).toBe('running');
  });

  it('counts the events whose paths it has drawn, once each however often it is drawn', async () => {
    const { element: flow, sendSample, fastForward } = await flowOf('04-fan-out', FAN_OUT);
    expect(eventsDrawn(flow)).toBe('0');
    await sendSample('UserSignedUp');
    expect(eventsDrawn(flow)).toBe('1');
    await fastForward();
    expect(eventsDrawn(flow)).toBe('1');
    await sendSample('UserSignedUp');
    expect(eventsDrawn(flow)).toBe('2');
  });

  it('says so when the rules have no targets yet', () => {
    const lesson = { architecture: { rules: [{ name: 'lonely', targets: [] }], sampleEvents: [] } } as unknown as WorkbenchLesson;
    const view = signal<WorkbenchView>({ state: { flow: {}, before: [], busy: false, checking: false, problem: '', history: [] }, session: undefined, version: 0 });
    const { element: flow, dispose } = drawPanel(FlowPanel, { lesson, controller: {} as WorkbenchController, view, panels: [], open: () => {}, composed: () => '' });
    onTestFinished(dispose);
    expect(flow.querySelector('[data-column="targets"]')!.textContent).toContain('No targets yet.');
    expect(flow.querySelector('[data-rule="lonely"] .flow-status')!.textContent).toBe('not evaluated yet');
  });
});
