// The JavaScript a lesson page really transfers once the editor is in: read from the static server's ledger
// (static-server.ts), which sees every script, including those fetched by Web Workers, and split into
//   - page: what the HTML loads before the editor (the static analysis of page-weight.ts names these files),
//   - editor: what `import()` brings into the main thread afterwards (Monaco, the workbench, lesson data),
//   - workers: scripts that run off the main thread, one line per worker.
// The Lambda sandbox is the odd one: the page fetches its code as an ordinary module and starts it as a blob:
// worker inside a sandboxed frame (src/lambda/host/web-worker-host.ts), so it is told apart by its chunk name.
import type { Served } from './static-server.ts';

export interface JsTransfer {
  path: string;
  bytes: number;
  part: 'page' | 'editor' | 'worker';
  /** For part `worker`: which worker, e.g. `ts.worker` or `lambda sandbox`. */
  worker?: string;
}

export interface JsTotals {
  page: number;
  editor: number;
  workers: Record<string, number>;
  total: number;
  files: JsTransfer[];
}

const isJs = (served: Served) => served.type.startsWith('text/javascript');
/** `/_astro/ts.worker-CVbFdYz4.js` → `ts.worker`. */
const workerName = (path: string) => (path.split('/').pop() ?? path).replace(/[-.][\w-]{8}\.js$/, '').replace(/^_virtual_/, '');

export function classifyJs(served: Served[], beforeEditor: ReadonlySet<string>): JsTransfer[] {
  const byPath = new Map(served.map((s) => [s.path, s]));
  // A module a worker imports is fetched with the worker's destination; its referrer is the worker's script.
  const rootWorker = (s: Served): string => {
    const parent = s.referer ? byPath.get(new URL(s.referer).pathname) : undefined;
    return parent && parent.dest === 'worker' && parent !== s ? rootWorker(parent) : workerName(s.path);
  };
  return served.filter(isJs).map((s): JsTransfer => {
    if (s.dest === 'worker' || s.dest === 'sharedworker') return { path: s.path, bytes: s.bytes, part: 'worker', worker: rootWorker(s) };
    if (/lambda-sandbox-worker/.test(s.path)) return { path: s.path, bytes: s.bytes, part: 'worker', worker: 'lambda sandbox' };
    return { path: s.path, bytes: s.bytes, part: beforeEditor.has(s.path) ? 'page' : 'editor' };
  });
}

export function totals(files: JsTransfer[]): JsTotals {
  const sum = (part: JsTransfer['part']) => files.filter((f) => f.part === part).reduce((n, f) => n + f.bytes, 0);
  const workers: Record<string, number> = {};
  for (const f of files) if (f.part === 'worker') workers[f.worker!] = (workers[f.worker!] ?? 0) + f.bytes;
  return { page: sum('page'), editor: sum('editor'), workers, total: files.reduce((n, f) => n + f.bytes, 0), files };
}
