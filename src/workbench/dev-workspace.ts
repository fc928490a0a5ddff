// Under `npm run dev`, the workbench and workspace/NN-slug (what `npm test` grades) kept in step: on load the newer
// copy of each file wins (workspace-merge.ts; when both changed, the page keeps its copy and offers workspace/'s),
// every save is written to workspace/ (workspace-sync.ts), and coming back to the page shows what the learner
// changed there in their own editor, except in files with edits this tab has not saved yet.

import type { Autosave, StorageLike } from './progress.ts';
import { reconcile, WorkspaceBase } from './workspace-merge.ts';
import { workspaceSync } from './workspace-sync.ts';

export interface DevWorkspace {
  /** Helper modules the learner added in workspace/: `npm test` runs them, so Send and Check do too. */
  helpers: Record<string, string>;
  /** Files changed on both sides since they last agreed: workspace/'s text of each, for the page to offer. */
  conflicts: Record<string, string>;
  /** Writes files the page saved to workspace/ (Autosave's `onSave`). */
  saved(changed: Readonly<Record<string, string>>): void;
  /** What changed in workspace/ since the page last looked, for the page to show; retries failed writes. */
  refresh(): Promise<Record<string, string>>;
}

const PULL_TIMEOUT_MS = 5_000;

export async function openDevWorkspace(options: {
  lessonId: string;
  editable: readonly string[];
  storage: StorageLike | undefined;
  autosave: Autosave;
  report: (problem: string | undefined) => void;
}): Promise<DevWorkspace | undefined> {
  const { editable, autosave } = options;
  const sync = workspaceSync(options.lessonId, { onProblem: options.report });
  if (!sync) return undefined;
  const base = new WorkspaceBase(options.storage, options.lessonId);
  const ours = (files: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(files).filter(([file]) => editable.includes(file)));
  let pending: Record<string, string> = {};
  const saved = (changed: Readonly<Record<string, string>>) => {
    const mine = ours(changed);
    Object.assign(pending, mine);
    void sync.push(mine).then((written) => {
      if (!written) return;
      base.agree(pending);
      pending = {};
    });
  };

  const timedOut = Symbol('timed out');
  const pulled = await Promise.race([sync.pull(), new Promise<typeof timedOut>((resolve) => setTimeout(() => resolve(timedOut), PULL_TIMEOUT_MS))]);
  if (pulled === timedOut) options.report('The dev server did not send workspace/ in time: this page shows the copy saved in this browser, and writes your next saves to workspace/.');
  // Unreadable (reported by the sync) or late: the browser's copy is shown, and only new saves are written.
  if (pulled === timedOut || pulled === undefined) return { helpers: {}, conflicts: {}, saved, refresh: async () => ({}) };
  const page = autosave.files;
  const { show, write, conflicts } = reconcile(editable, page, pulled, base.get());
  for (const [file, text] of Object.entries(show)) autosave.edit(file, text);
  base.agree(Object.fromEntries(editable.filter((file) => pulled[file] !== undefined && (show[file] !== undefined || pulled[file] === page[file])).map((file) => [file, pulled[file]!])));
  if (Object.keys(write).length > 0) saved(write);

  const helpers = Object.fromEntries(Object.entries(pulled).filter(([file]) => !editable.includes(file)));
  return {
    helpers,
    conflicts: Object.fromEntries(conflicts.map((file) => [file, pulled[file]!])),
    saved,
    async refresh() {
      const changed = (await sync.pull()) ?? {};
      void sync.push({});
      const fresh = Object.fromEntries(Object.entries(changed).filter(([file]) => !editable.includes(file) || !autosave.hasUnsaved(file)));
      for (const [file, text] of Object.entries(fresh)) if (!editable.includes(file)) helpers[file] = text;
      base.agree(ours(fresh));
      return ours(fresh);
    },
  };
}
