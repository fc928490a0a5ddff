// The "Completed" marks beside lesson links (course home, previous/next). Pages are static HTML, so each link
// carries its mark hidden, `<span data-completed-mark="03-welcome-email" hidden>`, and this script shows the marks
// of the lessons browser storage records as completed (ProgressStore.markCompleted).
// It ships on every page before the editor, so it imports only progress.ts's `completedLessons` (not the store,
// Monaco or the simulator). Without storage (private mode, storage turned off) it shows no mark and throws nothing.

import { completedLessons, type StorageLike } from './progress.ts';

/** The attribute that names the lesson a mark belongs to. */
export const MARK_ATTRIBUTE = 'data-completed-mark';

/** Shows the marks of completed lessons under `root` and hides the others. */
export function showCompletedMarks(root: ParentNode, storage: StorageLike | undefined): void {
  const done = new Set(completedLessons(storage));
  for (const mark of root.querySelectorAll<HTMLElement>(`[${MARK_ATTRIBUTE}]`)) mark.hidden = !done.has(mark.getAttribute(MARK_ATTRIBUTE)!);
}

/**
 * Marks the page now, again when another tab completes a lesson (`storage`), and again when the page comes back
 * from the back/forward cache (`pageshow`): a learner who completes a lesson and presses Back sees it marked.
 */
export function keepCompletedMarks(page: Window = window): void {
  let storage: StorageLike | undefined;
  try {
    storage = page.localStorage;
  } catch {
    // Storage turned off: reading `localStorage` throws a SecurityError. No lesson is known to be complete.
  }
  const show = () => showCompletedMarks(page.document, storage);
  show();
  page.addEventListener('storage', show);
  page.addEventListener('pageshow', show);
}
