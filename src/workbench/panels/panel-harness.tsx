// For the panels' component tests in Chromium: one panel drawn as the page draws it, in a panel element of its own, on
// a real account (./panel-account.ts), with the learner's actions named as the toolbar and the sample list name them.

import { render, type ComponentType } from 'preact';
import type { LessonSession } from '../session.ts';
import { drawn, panelAccount, type PanelAccount } from './panel-account.ts';
import type { PanelProps } from './panel.ts';

export interface RenderedPanel extends PanelAccount {
  /** The running account; throws before an action built one. */
  session(): LessonSession;
  /** The element the panel is drawn in, as the page's tab panel holds it. */
  element: HTMLElement;
  /** Sends the lesson's sample of that name, as Send event does, and waits for the panel to draw what it did. */
  sendSample(name: string): Promise<void>;
  /** Fast-forward, and the panel drawn. */
  fastForward(): Promise<void>;
  dispose(): void;
}

export async function renderPanel(lessonId: string, editable: readonly string[], Panel: ComponentType<PanelProps>): Promise<RenderedPanel> {
  const account = await panelAccount(lessonId, editable);
  const { lesson, controller } = account;
  const element = document.body.appendChild(document.createElement('div'));
  element.className = 'workbench-panel';
  render(<Panel context={account.context} />, element);
  return Object.assign(account, {
    element,
    session: () => {
      if (!controller.session) throw new Error(`No account yet: ${controller.state.problem || 'nothing was sent'}.`);
      return controller.session;
    },
    sendSample: async (name: string) => {
      const index = lesson.architecture.sampleEvents.findIndex((sample) => sample.name === name);
      if (index < 0) throw new Error(`Lesson ${lessonId} has no sample named ${name}.`);
      await account.send(index);
      await drawn();
    },
    fastForward: async () => {
      await controller.fastForward();
      await drawn();
    },
    dispose: () => {
      render(null, element);
      element.remove();
      controller.dispose();
    },
  });
}

/** Selects all the text of `node`, as a learner dragging over it would. */
export function selectText(node: Node): Selection {
  const selection = document.getSelection()!;
  selection.selectAllChildren(node);
  return selection;
}
