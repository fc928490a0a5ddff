// For the panels' browser tests: a panel's context on a real account, as the page builds it. The lesson is loaded as
// its page loads it, the controller runs the learner's files in the Web Worker sandbox, and the view is what the panels read.

import { webWorkerHost } from '../../lambda/host/web-worker-host.ts';
import { composerText } from '../composer.ts';
import { WorkbenchController } from '../controller.ts';
import { loadWorkbenchLesson, solutionFiles, type WorkbenchLesson } from '../lesson-files.ts';
import { viewOf } from '../view.ts';
import { EVERY_LESSON, type PanelContext } from './panel.ts';

export interface PanelAccount {
  readonly lesson: WorkbenchLesson;
  readonly controller: WorkbenchController;
  readonly context: PanelContext;
  /** What the composer holds: the lesson's first sample until a test puts something else in it. */
  composer: string;
  /** The learner's files, the solution's until a test changes them; read afresh by every action. */
  files: () => Record<string, string>;
  /** Sends the lesson's sample event `index` through the controller, as Send event does. */
  send(index?: number): Promise<void>;
}

export async function panelAccount(lessonId: string, editable: readonly string[]): Promise<PanelAccount> {
  const lesson = await loadWorkbenchLesson(lessonId, editable);
  const controller = new WorkbenchController(lesson, webWorkerHost, () => account.files());
  const account: PanelAccount = {
    lesson,
    controller,
    context: { lesson, controller, view: viewOf(controller), panels: [...EVERY_LESSON], open: () => {}, composed: () => account.composer },
    composer: composerText(lesson.architecture.sampleEvents[0]!),
    files: () => solutionFiles(lesson),
    send(index = 0) {
      account.composer = composerText(lesson.architecture.sampleEvents[index]!);
      return controller.send(account.composer);
    },
  };
  return account;
}

/** Resolves once Preact has drawn what the last change of a signal or of state asked for. */
export const drawn = () => new Promise((resolve) => setTimeout(resolve));
