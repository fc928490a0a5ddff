// The controller's state as a signal for the panels: a new value on every change the controller announces. The
// account itself (the session) changes in place as functions run, so `version` is what tells a panel there is news.

import { signal, type ReadonlySignal } from '@preact/signals';
import type { WorkbenchController, WorkbenchState } from './controller.ts';
import type { LessonSession } from './session.ts';

export interface WorkbenchView {
  readonly state: WorkbenchState;
  readonly session: LessonSession | undefined;
  /** Counts the controller's announcements: two views with the same version show the same account. */
  readonly version: number;
}

export function viewOf(controller: Pick<WorkbenchController, 'state' | 'session' | 'subscribe'>): ReadonlySignal<WorkbenchView> {
  const view = signal<WorkbenchView>({ state: controller.state, session: controller.session, version: 0 });
  controller.subscribe(() => (view.value = { state: controller.state, session: controller.session, version: view.peek().version + 1 }));
  return view;
}
