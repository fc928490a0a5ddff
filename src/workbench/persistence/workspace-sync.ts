// Under `npm run dev` only: keeps the workbench and workspace/NN-slug/ in step, through the dev server's endpoint
// (src/server/workspace-endpoint.ts), so `npm test` and `npm run grade` grade exactly what the learner sees.
//   - workspace/ wins over browser storage. When the page opens (and when it is shown again, after the learner
//     may have changed a file in their own editor), `pull()` gives the files that changed in workspace/ since
//     the page last read or wrote them; the page shows those. What the page shows is then what npm test grades.
//   - Every save goes to workspace/ too: `push()` writes each file whose text differs from workspace/'s, one
//     request at a time in order, so an older text never lands after a newer one.
// Failures (the dev server stopped, a file too large) are reported through `onProblem` in words a learner can
// act on, never thrown into the page; browser storage still holds the edits, and the next save tries again.
// In a built site `workspaceSync` returns undefined: `import.meta.env.DEV` is false there, so the bundler drops
// the client. Import this module behind `if (import.meta.env.DEV)` and no byte of it ships.

/** The endpoint's path, as src/server/workspace-endpoint.ts serves it (a test keeps the two equal). */
export const WORKSPACE_PATH = '/__workbook/workspace/';

export interface WorkspaceSyncOptions {
  /**
   * Where the dev server is. The page's own origin unless told: a same-origin PUT carries the Origin header the
   * endpoint checks. Tests pass the loopback address of a server of their own.
   * @example 'http://127.0.0.1:4321'
   */
  baseUrl?: string;
  /** The fetch to use (tests may wrap it to send the headers a browser would). */
  fetch?: typeof fetch;
  /** Called with a message when reading or writing workspace/ fails, and with undefined once a write succeeds again. */
  onProblem?: (message: string | undefined) => void;
}

export interface WorkspaceSync {
  /**
   * The files of workspace/NN-slug/ that changed there since this page last read or wrote them: on the first call,
   * every file there (the lesson's files the learner edits, and helper modules they added). The page shows them.
   * Undefined when workspace/ could not be read (reported through `onProblem`).
   */
  pull(): Promise<Record<string, string> | undefined>;
  /**
   * Writes to workspace/ the files whose text differs from what is there, and any whose earlier write failed;
   * true when all were written. `push({})` just retries what failed (when the page is shown again, say).
   */
  push(files: Readonly<Record<string, string>>): Promise<boolean>;
}

/** The client for one lesson, or undefined outside `npm run dev`. */
export function workspaceSync(lessonId: string, options: WorkspaceSyncOptions = {}): WorkspaceSync | undefined {
  return import.meta.env.DEV ? createWorkspaceSync(lessonId, options) : undefined;
}

function createWorkspaceSync(lessonId: string, options: WorkspaceSyncOptions): WorkspaceSync {
  const request = options.fetch ?? ((input, init) => fetch(input, init));
  const lessonUrl = `${options.baseUrl ?? ''}${WORKSPACE_PATH}${encodeURIComponent(lessonId)}`;
  const where = `workspace/${lessonId}/`;
  /** What workspace/ holds, as far as this page knows: from the last pull, and every write since. */
  const known = new Map<string, string>();
  /** Texts whose write failed: the next push tries them again, so a file edited once is not left behind. */
  const unwritten = new Map<string, string>();
  /** Reads and writes run one at a time, in order: a pull never reads what an earlier push is still writing. */
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const done = queue.then(task);
    queue = done.catch(() => undefined);
    return done;
  };
  let troubled = false;
  const problem = (message: string) => {
    troubled = true;
    options.onProblem?.(message);
  };

  async function write(file: string, text: string): Promise<boolean> {
    unwritten.set(file, text);
    if (known.get(file) === text) return unwritten.delete(file);
    const url = `${lessonUrl}/${file.split('/').map(encodeURIComponent).join('/')}`;
    let response: Response;
    try {
      // `keepalive` lets the last save (on pagehide) land after the tab closes; browsers allow it up to 64 KB in flight.
      const keepalive = new TextEncoder().encode(text).length < KEEPALIVE_LIMIT;
      response = await request(url, { method: 'PUT', body: text, keepalive, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    } catch {
      problem(`${NO_SERVER} so ${where}${file} does not have your latest edits, and npm test grades the older copy there. ${KEPT}`);
      return false;
    }
    if (!response.ok) {
      // A refusal (4xx: not a file the learner edits, too large) stays one for this text: only a new edit retries.
      if (response.status < 500) unwritten.delete(file);
      problem(`${where}${file} was not updated: ${await messageOf(response)} npm test grades the older copy there. ${KEPT}`);
      return false;
    }
    known.set(file, text);
    return unwritten.delete(file);
  }

  return {
    pull: () => inTurn(async () => {
      let response: Response;
      try {
        response = await request(lessonUrl, { cache: 'no-store' });
      } catch {
        problem(`${NO_SERVER} so this page could not read ${where}: it shows the copy saved in this browser, which npm test does not grade.`);
        return undefined;
      }
      if (!response.ok) {
        problem(`This page could not read ${where}: ${await messageOf(response)} It shows the copy saved in this browser, which npm test does not grade.`);
        return undefined;
      }
      let files: Record<string, string>;
      try {
        ({ files } = (await response.json()) as { files: Record<string, string> });
      } catch {
        problem(`This page could not read ${where}: the dev server's answer was not the workspace's files. It shows the copy saved in this browser, which npm test does not grade.`);
        return undefined;
      }
      const changed: Record<string, string> = {};
      for (const [file, text] of Object.entries(files)) {
        if (known.get(file) === text) continue;
        changed[file] = text;
        known.set(file, text);
        unwritten.delete(file); // changed in workspace/ after this page failed to write it: the newer text wins
      }
      // A file deleted from workspace/ is written again with the page's next save of it.
      for (const file of known.keys()) if (!Object.hasOwn(files, file)) known.delete(file);
      return changed;
    }),
    push(files) {
      const due = { ...files };
      return inTurn(async () => {
        let all = true;
        for (const [file, text] of Object.entries({ ...Object.fromEntries(unwritten), ...due })) all = (await write(file, text)) && all;
        if (all && troubled) {
          troubled = false;
          options.onProblem?.(undefined);
        }
        return all;
      });
    },
  };
}

const KEEPALIVE_LIMIT = 60 * 1024;
const NO_SERVER = 'The dev server (npm run dev) did not answer,';
const KEPT = 'Your edits are saved in this browser, and written to workspace/ with your next save that gets through.';

/** The endpoint's own explanation of a refusal, or the HTTP status when the body has none. */
async function messageOf(response: Response): Promise<string> {
  try {
    const { message } = (await response.json()) as { message?: unknown };
    if (typeof message === 'string') return message;
  } catch {
    // Not the endpoint's JSON (a proxy's page, say).
  }
  return `the dev server answered ${response.status} ${response.statusText}.`;
}
