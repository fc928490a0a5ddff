// The Flow panel in Chromium, on a lesson's account built as the page builds it (the Web Worker sandbox, the
// controller, the view signal): what it says of each target in words, and what a learner has in hand (focus on a node,
// a rule's reasons, the path's animation) kept while the panel is drawn again with news.
import { signal } from '@preact/signals';
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { webWorkerHost } from '../../lambda/host/web-worker-host.ts';
import type { SampleEvent } from '../../lessons/architecture.ts';
import { composerText } from '../composer.ts';
import { WorkbenchController } from '../controller.ts';
import { learnerFiles, loadWorkbenchLesson, solutionFiles, type WorkbenchLesson } from '../lesson-files.ts';
import { viewOf, type WorkbenchView } from '../view.ts';
import { FlowPanel } from './FlowPanel.tsx';
import type { PanelContext } from './panel.ts';

/** Resolves once Preact has drawn what the last change of the view asked for. */
const drawn = () => new Promise((resolve) => setTimeout(resolve));

let panel: HTMLElement | undefined;
let controller: WorkbenchController | undefined;
afterEach(() => {
  if (panel) render(null, panel);
  panel?.remove();
  controller?.dispose();
  panel = controller = undefined;
});

function mount(context: PanelContext): HTMLElement {
  panel = document.body.appendChild(document.createElement('div'));
  panel.className = 'workbench-panel';
  render(<FlowPanel context={context} />, panel);
  return panel;
}

/**
 * The Flow panel of lesson `lessonId` on an account of its solution's files (or its starter's), with the panels a
 * lesson page shows; `opened` records the panels its nodes ask to open.
 */
async function flowOf(lessonId: string, editable: string[], files: 'solution' | 'starter' = 'solution') {
  const lesson = await loadWorkbenchLesson(lessonId, editable);
  const learner = files === 'solution' ? solutionFiles(lesson) : learnerFiles(lesson, {});
  controller = new WorkbenchController(lesson, webWorkerHost, () => learner);
  const opened: string[] = [];
  const flow = mount({ lesson, controller, view: viewOf(controller), panels: ['Flow', 'Logs', 'Metrics', 'Checks', 'History', 'Tables'], open: (name) => opened.push(name), composed: () => '' });
  const account = controller;
  const sample = (i: number) => lesson.architecture.sampleEvents[i]!;
  return {
    flow,
    opened,
    sample,
    /** Sends an event as Send event does, and waits for the panel to show it. */
    send: async (event: SampleEvent) => {
      await account.send(composerText(event));
      await drawn();
    },
    fastForward: async () => {
      await account.fastForward();
      await drawn();
    },
  };
}

const eventsDrawn = (flow: HTMLElement) => flow.querySelector<HTMLElement>('.flow-diagram')!.dataset.eventsDrawn;

describe('the Flow panel', () => {
  it('says how each target fared in words, and draws the edge into a target Lambda is retrying as retrying', async () => {
    // Lesson 05's starter handler fails a signup whose email is not where it looks.
    const { flow, send, sample } = await flowOf('05-monitoring', ['handler.ts', 'alarms.json'], 'starter');
    const target = () => flow.querySelector('[data-target="welcome-email"]')!;
    const edgeInto = () => flow.querySelector('.flow-edge[data-to^="target:"]')!.getAttribute('data-state');
    await send(sample(0));
    expect(target().querySelector('.flow-status')!.textContent).toBe('delivered');
    expect(edgeInto()).toBe('lit');
    await send(sample(1));
    expect(target().querySelector('.flow-status')!.textContent).toBe('retrying');
    expect(target().getAttribute('data-state')).toBe('retrying');
    expect(target().querySelector('[aria-label="Invocations of welcome-email"]')!.textContent).toMatch(/invocation ✘ \w+/);
    expect(target().textContent).toContain('On failure after Lambda’s retries: welcome-email-failures (SQS queue)');
    expect(edgeInto()).toBe('retrying');
  });

  it('keeps keyboard focus on the node it was on, its link or the rule itself, while it is drawn again with news', async () => {
    const { flow, send, sample, fastForward } = await flowOf('04-fan-out', ['audit.ts', 'analytics.ts']);
    await send(sample(0));
    const link = flow.querySelector<HTMLElement>('[data-target="signup-audit"] .flow-open')!;
    link.focus();
    await send(sample(1));
    expect(eventsDrawn(flow)).toBe('2');
    expect(document.activeElement).toBe(link);
    expect(link.isConnected).toBe(true);

    const rule = flow.querySelector<HTMLElement>('[data-rule="count-signups"]')!;
    rule.focus();
    await send(sample(0));
    expect(eventsDrawn(flow)).toBe('3');
    expect(document.activeElement).toBe(rule);
    await fastForward();
    expect(document.activeElement).toBe(rule);
  });

  it('shows an unmatched rule’s reasons on hover and on focus, and keeps them showing while it is drawn again with news', async () => {
    const { flow, send, sample } = await flowOf('04-fan-out', ['audit.ts', 'analytics.ts']);
    const deleted: SampleEvent = { ...sample(0), entry: { ...sample(0).entry, DetailType: 'UserDeleted' } };
    await send(deleted);
    const rule = () => flow.querySelector<HTMLElement>('[data-rule="audit-signups"]')!;
    expect(rule().dataset.state).toBe('unmatched');
    const reasons = () => rule().querySelector<HTMLElement>('[role="tooltip"]')!;
    expect(rule().getAttribute('aria-describedby')).toBe(reasons().id);
    expect(reasons().textContent).toContain('detail-type');
    const shown = () => getComputedStyle(reasons()).display !== 'none';
    expect(shown()).toBe(false);

    await userEvent.hover(rule());
    expect(shown()).toBe(true);
    await send(deleted);
    expect(eventsDrawn(flow)).toBe('2');
    expect(shown()).toBe(true);

    await userEvent.unhover(rule());
    rule().focus();
    expect(shown()).toBe(true);
    await send(deleted);
    expect(eventsDrawn(flow)).toBe('3');
    expect(shown()).toBe(true);
  });

  it('opens the panel that shows a node when it is clicked: a function its logs, a table its items', async () => {
    const { flow, send, sample, opened } = await flowOf('04-fan-out', ['audit.ts', 'analytics.ts']);
    await send(sample(0));
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
    const { flow, send, sample, fastForward } = await flowOf('04-fan-out', ['audit.ts', 'analytics.ts']);
    const edge = () => flow.querySelector<SVGPathElement>(`.flow-edge[data-to="target:default:audit-signups:signup-audit"]`)!;
    const travel = () => edge().getAnimations().find((animation) => (animation as CSSAnimation).animationName === 'flow-travel');
    await send(sample(0));
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
    await send(sample(1));
    expect(travel()!.currentTime).toBeLessThan(300);

    const diagram = flow.querySelector('.flow-diagram')!;
    await expect.poll(() => diagram.hasAttribute('data-animate'), { timeout: 5_000 }).toBe(false);
    expect(travel()).toBeUndefined();
    await send(sample(0));
    expect(travel()?.playState).toBe('running');
  });

  it('counts the events whose paths it has drawn, once each however often it is drawn', async () => {
    const { flow, send, sample, fastForward } = await flowOf('04-fan-out', ['audit.ts', 'analytics.ts']);
    expect(eventsDrawn(flow)).toBe('0');
    await send(sample(0));
    expect(eventsDrawn(flow)).toBe('1');
    await fastForward();
    expect(eventsDrawn(flow)).toBe('1');
    await send(sample(0));
    expect(eventsDrawn(flow)).toBe('2');
  });

  it('says so when the rules have no targets yet', () => {
    const lesson = { architecture: { rules: [{ name: 'lonely', targets: [] }], sampleEvents: [] } } as unknown as WorkbenchLesson;
    const view = signal<WorkbenchView>({ state: { flow: {}, before: [], busy: false, checking: false, problem: '', history: [] }, session: undefined, version: 0 });
    const flow = mount({ lesson, controller: {} as WorkbenchController, view, panels: [], open: () => {}, composed: () => '' });
    expect(flow.querySelector('[data-column="targets"]')!.textContent).toContain('No targets yet.');
    expect(flow.querySelector('[data-rule="lonely"] .flow-status')!.textContent).toBe('not evaluated yet');
  });
});
