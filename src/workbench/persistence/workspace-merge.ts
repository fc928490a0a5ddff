// Under `npm run dev` a learner's file lives in two places: this browser's storage and workspace/ (what npm test
// grades). When the page opens they can differ: the learner edited workspace/ in their own editor, or the page's
// last write there never landed (dev server stopped, a reload racing the write). Which copy is newer is decided
// against the base: the text both last agreed on. Only the side that moved away from the base has news; when
// both moved, neither is thrown away: the page keeps its copy, writes nothing, and says so.

import type { StorageLike } from './progress.ts';

export interface Reconciliation {
  /** Workspace texts the page should show (and save in the browser). */
  show: Record<string, string>;
  /** Browser texts workspace/ should be given. */
  write: Record<string, string>;
  /** Files changed on both sides since they last agreed. */
  conflicts: string[];
}

export function reconcile(
  editable: readonly string[],
  page: Readonly<Record<string, string>>,
  workspace: Readonly<Record<string, string>>,
  base: Readonly<Record<string, string>>,
): Reconciliation {
  const result: Reconciliation = { show: {}, write: {}, conflicts: [] };
  for (const file of editable) {
    const mine = page[file];
    const theirs = workspace[file];
    if (theirs === undefined) {
      if (mine !== undefined) result.write[file] = mine;
    } else if (mine === undefined || mine === theirs || base[file] === mine) {
      if (mine !== theirs) result.show[file] = theirs;
    } else if (base[file] === theirs) {
      result.write[file] = mine;
    } else {
      result.conflicts.push(file);
    }
  }
  return result;
}

/** The base per file, kept beside the learner's progress so it survives reloads. */
export class WorkspaceBase {
  readonly #storage: StorageLike | undefined;
  readonly #key: string;

  constructor(storage: StorageLike | undefined, lessonId: string) {
    this.#storage = storage;
    this.#key = `eventbridge-workbook:workspace-base:${lessonId}`;
  }

  get(): Record<string, string> {
    try {
      const value: unknown = JSON.parse(this.#storage?.getItem(this.#key) ?? '{}');
      return value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([, text]) => typeof text === 'string')) : {};
    } catch {
      return {};
    }
  }

  /** These texts are now the same in the browser and in workspace/. */
  agree(files: Readonly<Record<string, string>>): void {
    if (Object.keys(files).length === 0) return;
    try {
      this.#storage?.setItem(this.#key, JSON.stringify({ ...this.get(), ...files }));
    } catch {
      // Without room for the base, the next load finds both sides "changed" and keeps the page's copy: nothing is lost.
    }
  }
}
