// For the panels' component tests in Chromium: one panel drawn as the page draws it, in a panel element of its own, on
// a real account as the page builds it. The lesson is loaded as its page loads it, the controller runs the learner's
// files in the Web Worker sandbox, the view is what the panels read, and the panels listed are the ones the lesson's
// page shows. The learner's actions are named as the toolbar and the sample list name them.

import { render, type ComponentType } from 'preact';
import { webWorkerHost } from '../../lambda/host/web-worker-host.ts';
import type { SampleEvent } from '../../lessons/architecture.ts';
import { composerText } from '../composer.ts';
import { WorkbenchController } from '../controller.ts';
import { loadWorkbenchLesson, solutionFiles, type WorkbenchLesson } from '../lesson-files.ts';
import type { LessonSession } from '../session.ts';
import { viewOf } from '../view.ts';
import { PANELS } from './index.ts';
import type { PanelContext, PanelProps } from './panel.ts';

export interface DrawnPanel {
  /** The element the panel is drawn in, as the page's tab panel holds it. */
  readonly element: HTMLElement;
  /** Takes the panel off the page, and ends its account if it has one. */
  dispose(): void;
}

export interface RenderedPanel extends DrawnPanel {
  readonly lesson: WorkbenchLesson;
  readonly controller: WorkbenchController;
  readonly context: PanelContext;
  /** The names of the panels the panel asked to open (`context.open`), in order. */
  readonly opened: string[];
  /** What the composer holds: the lesson's first sample until a test puts something else in it. */
  composer: string;
  /**
   * The learner's files, the solution's until a test changes them (`learnerFiles(lesson, {})` for the starter's);
   * read afresh by every action.
   */
  files: () => Record<string, string>;
  /** The running account; throws before an action built one. */
  session(): LessonSession;
  /** Puts the lesson's sample event `index` (or the event given) in the composer and sends it, as Send event does. */
  send(event?: number | SampleEvent): Promise<void>;
  /** Sends the event as `send` does, and waits for the panel to draw what it did. */
  sendEvent(event: SampleEvent): Promise<void>;
  /** Sends the lesson's sample of that name, and waits for the panel to draw what it did. */
  sendSample(name: string): Promise<void>;
  /** Fast-forward, and the panel drawn. */
  fastForward(): Promise<void>;
}

/** Panel `Panel` of lesson `lessonId` (its `editable` files as the page gives them), on an account of its own. */
export async function renderPanel(lessonId: string, editable: readonly string[], Panel: ComponentType<PanelProps>): Promise<RenderedPanel> {
  const lesson = await loadWorkbenchLesson(lessonId, editable);
  const controller = new WorkbenchController(lesson, webWorkerHost, () => panel.files());
  const opened: string[] = [];
  const context: PanelContext = {
    lesson,
    controller,
    view: viewOf(controller),
    // As ui.tsx lists them for Panels.tsx.
    panels: PANELS.filter((spec) => spec.shows(lesson.architecture)).map((spec) => spec.name),
    open: (name) => void opened.push(name),
    composed: () => panel.composer,
  };
  const panel: Omit<RenderedPanel, keyof DrawnPanel> = {
    lesson,
    controller,
    context,
    opened,
    composer: composerText(lesson.architecture.sampleEvents[0]!),
    files: () => solutionFiles(lesson),
    session: () => {
      if (!controller.session) throw new Error(`No account yet: ${controller.state.problem || 'nothing was sent'}.`);
      return controller.session;
    },
    send: (event = 0) => {
      panel.composer = composerText(typeof event === 'number' ? lesson.architecture.sampleEvents[event]! : event);
      return controller.send(panel.composer);
    },
    sendEvent: async (event) => {
      await panel.send(event);
      await drawn();
    },
    sendSample: (name) => {
      const sample = lesson.architecture.sampleEvents.find((event) => event.name === name);
      if (!sample) throw new Error(`Lesson ${lessonId} has no sample named ${name}.`);
      return panel.sendEvent(sample);
    },
    fastForward: async () => {
      await controller.fastForward();
      await drawn();
    },
  };
  const { element, dispose } = drawPanel(Panel, context);
  return Object.assign(panel, {
    element,
    dispose: () => {
      dispose();
      controller.dispose();
    },
  });
}

/** Panel `Panel` given `context` as it is, for a test that makes one up. */
export function drawPanel(Panel: ComponentType<PanelProps>, context: PanelContext): DrawnPanel {
  const element = document.body.appendChild(document.createElement('div'));
  element.className = 'workbench-panel';
  render(<Panel context={context} />, element);
  return {
    element,
    dispose: () => {
      render(null, element);
      element.remove();
    },
  };
}

/** Resolves once Preact has drawn what the last change of a signal or of state asked for. */
export const drawn = () => new Promise((resolve) => setTimeout(resolve));

/** Selects all the text of `node`, as a learner dragging over it would. */
export function selectText(node: Node): Selection {
  const selection = document.getSelection()!;
  selection.selectAllChildren(node);
  return selection;
}
