// Under `npm run dev`, the workbench and workspace/NN-slug (what `npm test` grades) kept in step: the newer copy of
// each file wins (workspace-merge.ts), every save is written to workspace/ (workspace-sync.ts), and coming back to
// the page shows what the learner changed there in their own editor. A file changed on both sides is a conflict:
// the page keeps showing its copy, writes nothing of that file to workspace/, and lets the learner choose.

import type { Autosave, StorageLike } from './progress.ts';
import { reconcile, WorkspaceBase } from './workspace-merge.ts';
import { workspaceSync, type WorkspaceSyncOptions } from './workspace-sync.ts';

export interface DevWorkspace {
  /** Helper modules the learner added in workspace/: `npm test` runs them, so Send and Check do too. */
  helpers: Record<string, string>;
  /** Writes files the page saved to workspace/ (Autosave's `onSave`); files in conflict wait for the learner. */
  saved(changed: Readonly<Record<string, string>>): void;
  /** What changed in workspace/ since the page last looked, for the page to show; retries failed writes. */
  refresh(): Promise<Record<string, string>>;
  /** The learner's choice for a file in conflict: keep the page's copy (written to workspace/) or take workspace/'s. */
  resolve(file: string, keep: 'page' | 'workspace'): void;
}

const PULL_TIMEOUT_MS = 5_000;

export async function openDevWorkspace(options: {
  lessonId: string;
  editable: readonly string[];
  storage: StorageLike | undefined;
  autosave: Autosave;
  report: (problem: string | undefined) => void;
  /** A file changed both here and in workspace/ since they last agreed: `theirs` is workspace/'s text. */
  onConflict: (file: string, theirs: string) => void;
  /** Where the dev server is and how to reach it (tests); the page's own origin and fetch unless told. */
  connection?: Pick<WorkspaceSyncOptions, 'baseUrl' | 'fetch'>;
}): Promise<DevWorkspace | undefined> {
  const { editable, autosave } = options;
  const sync = workspaceSync(options.lessonId, { ...options.connection, onProblem: options.report });
  if (!sync) return undefined;
  const base = new WorkspaceBase(options.storage, options.lessonId);
  const ours = (files: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(files).filter(([file]) => editable.includes(file)));
  const helpers: Record<string, string> = {};
  const conflicts = new Map<string, string>();

  const write = (files: Readonly<Record<string, string>>) => {
    if (Object.keys(files).length === 0) return;
    // Only what this write put there is agreed: a later write may still fail, an earlier one may have been refused.
    void sync.push(files).then((written) => written && base.agree(files));
  };
  const conflict = (file: string, theirs: string) => {
    conflicts.set(file, theirs);
    options.onConflict(file, theirs);
  };

  /**
   * Reconciles the page's files with what workspace/ sent (`whole`: every file there, on opening; else only those
   * that changed since the last look); returns the workspace texts to show.
   */
  const take = (pulled: Readonly<Record<string, string>>, whole: boolean): Record<string, string> => {
    // The page's text as it is now, edits not yet stored included.
    const page = autosave.files;
    const files = editable.filter((file) => (whole || Object.hasOwn(pulled, file)) && !conflicts.has(file));
    const { show, write: toWrite, conflicts: both } = reconcile(files, page, pulled, base.get());
    for (const [file, text] of Object.entries(pulled)) if (!editable.includes(file)) helpers[file] = text;
    base.agree(Object.fromEntries(files.filter((file) => pulled[file] !== undefined && (show[file] !== undefined || pulled[file] === page[file])).map((file) => [file, pulled[file]!])));
    write(toWrite);
    for (const file of both) conflict(file, pulled[file]!);
    return show;
  };

  let opened = false;
  const open = async (pull: Promise<Record<string, string> | undefined | typeof timedOut>) => {
    const pulled = await pull;
    if (pulled === timedOut) options.report('The dev server did not send workspace/ in time: this page shows the copy saved in this browser. It tries again when you come back to the page.');
    if (pulled === timedOut || pulled === undefined) return {};
    opened = true;
    return take(pulled, true);
  };
  const timedOut = Symbol('timed out');
  const shown = await open(Promise.race([sync.pull(), new Promise<typeof timedOut>((resolve) => setTimeout(() => resolve(timedOut), PULL_TIMEOUT_MS))]));
  for (const [file, text] of Object.entries(shown)) autosave.edit(file, text);

  /** The look at workspace/ in progress: a save waits for it, so it cannot write over a conflict it is finding. */
  let looking: Promise<unknown> = Promise.resolve();
  return {
    helpers,
    saved(changed) {
      const mine = ours(changed);
      void looking.then(() => write(Object.fromEntries(Object.entries(mine).filter(([file]) => !conflicts.has(file)))));
    },
    refresh() {
      const look = (async () => {
        if (!opened) return open(sync.pull());
        const changed = await sync.pull();
        void sync.push({});
        return changed ? take(changed, false) : {};
      })();
      looking = look.catch(() => undefined);
      return look;
    },
    resolve(file, keep) {
      const theirs = conflicts.get(file);
      if (theirs === undefined) return;
      conflicts.delete(file);
      if (keep === 'page') write({ [file]: autosave.files[file] ?? '' });
      else base.agree({ [file]: theirs });
    },
  };
}
