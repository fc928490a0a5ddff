// Under `npm run dev` only: the workbench reads and writes the learner's files in workspace/ through this
// endpoint, so `npm test` and `npm run grade` grade exactly what the learner sees in the browser.
//   GET /__workbook/workspace/NN-slug         200 { "files": { "handler.ts": "…" } }: the workspace files that
//                                             count (src/lessons/views.ts), helper modules the learner added too
//   PUT /__workbook/workspace/NN-slug/FILE    the request body becomes workspace/NN-slug/FILE; 204
// Only the files a lesson lists as editable can be written (a new helper module is made in the terminal for now),
// only from this machine (the socket's address: `astro dev --host` must not open it to the network) and from the
// dev server's own pages (Origin, required for a write, and Host, name and port, against DNS rebinding), and at most
// 1 MB each. Symbolic links in workspace/ are never followed: a link there may lead anywhere on the disk.

import { randomUUID } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { editableFilesOf } from '../lessons/node-loader.ts';
import { describesLesson, replaces } from '../lessons/views.ts';

export const WORKSPACE_PATH = '/__workbook/workspace/';
const MAX_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

type Next = (error?: unknown) => void;

/** Connect-style middleware for Vite's dev server (and a plain node:http server in tests). */
export function workspaceEndpoint(root: string) {
  return (req: IncomingMessage, res: ServerResponse, next: Next) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://dev');
    } catch {
      return next();
    }
    if (!url.pathname.startsWith(WORKSPACE_PATH)) return next();
    let rest: string;
    try {
      rest = decodeURIComponent(url.pathname.slice(WORKSPACE_PATH.length));
    } catch {
      return reply(res, 400, { message: `The path ${url.pathname} is not valid percent-encoding.` });
    }
    handle(root, req, res, rest).catch((error: unknown) => reply(res, 500, { message: `The workspace endpoint failed: ${(error as Error).message}` }));
  };
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse, rest: string) {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return reply(res, 403, { message: 'Refused: the workspace is served to this machine only.' });
  const host = req.headers.host ?? '';
  if (!isThisServer(host, req.socket.localPort)) return reply(res, 403, { message: `Refused: the workspace is served to this machine only, not to host ${host}.` });
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return reply(res, 403, { message: `Refused: a page from ${origin} may not touch your workspace.` });
  // Browsers send Origin with every PUT, same-origin ones too: a write without it comes from no page of the dev server.
  if (origin === undefined && req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 403, { message: 'Refused: a write to your workspace must come from a page of the dev server (it has no Origin header).' });

  const slash = rest.indexOf('/');
  const lessonId = slash === -1 ? rest : rest.slice(0, slash);
  const file = slash === -1 ? '' : rest.slice(slash + 1);
  const editable = editableFilesOf(root, lessonId);
  if (!editable) return reply(res, 404, { message: `There is no lesson ${lessonId} in lessons/.` });
  const workspace = join(root, 'workspace');
  const dir = join(workspace, lessonId);

  if (req.method === 'GET' && file === '') {
    const link = linkOnTheWay(workspace, lessonId);
    if (link) return reply(res, 403, { message: `Refused: ${link} is a symbolic link; the workbench does not follow links out of workspace/.` });
    const inStarter = (name: string) => !describesLesson(name) && existsSync(join(root, 'lessons', lessonId, name));
    const counts = (name: string) => replaces(name, editable, inStarter);
    const files = Object.fromEntries(filesUnder(dir).filter(counts).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    return reply(res, 200, { files });
  }
  if (req.method === 'PUT' && file !== '') {
    if (!editable.includes(file) || !isInside(dir, file)) return reply(res, 403, { message: `${file} is not a file you edit in lesson ${lessonId} (those are: ${editable.join(', ')}).` });
    const link = linkOnTheWay(workspace, `${lessonId}/${file}`);
    if (link) return reply(res, 403, { message: `Refused: ${link} is a symbolic link; the workbench does not follow links out of workspace/. Nothing was written.` });
    const body = await readBody(req);
    if (body === undefined) {
      // The rest of the body is not read: the connection closes once this answer is sent.
      res.setHeader('Connection', 'close');
      return reply(res, 413, { message: `${file} is larger than ${MAX_BYTES / 1024 / 1024} MB; nothing was written.` });
    }
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    // Written whole or not at all: `npm run grade -- --watch` may read the file at any moment, and two saves may
    // overlap. Each goes to a partial file of its own (`wx`: never an existing file, nor a link planted there), then
    // is renamed over the file in one step. The partial file sits beside the lesson's folder, on the same disk but
    // not in it, where the grader would take it for the learner's.
    const partial = join(workspace, `.saving-${lessonId}-${file.replaceAll('/', '_')}-${randomUUID()}`);
    try {
      writeFileSync(partial, body, { flag: 'wx' });
      renameSync(partial, join(dir, file));
    } finally {
      rmSync(partial, { force: true });
    }
    res.statusCode = 204;
    return res.end();
  }
  res.setHeader('Allow', file === '' ? 'GET' : 'PUT');
  return reply(res, 405, { message: `${req.method} is not supported here: GET ${WORKSPACE_PATH}NN-slug reads a lesson's files, PUT ${WORKSPACE_PATH}NN-slug/FILE writes one.` });
}

/** Whether `host` (a Host header) names this machine and the port the request came in on. */
function isThisServer(host: string, localPort: number | undefined): boolean {
  const match = /^(127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?$/.exec(host);
  return match !== null && Number(match[2] ?? 80) === localPort;
}

/** Whether `path` (relative, `/`-separated) stays inside `dir`: a lesson's `files` could name `../x`. */
function isInside(dir: string, path: string): boolean {
  const full = resolve(dir, path);
  return !path.includes('\0') && full.startsWith(resolve(dir) + sep);
}

/** The first symbolic link among the folders and file `path` (`/`-separated) names under `base`, as a path from `base`. */
function linkOnTheWay(base: string, path: string): string | undefined {
  let current = base;
  for (const part of path.split('/')) {
    current = join(current, part);
    try {
      if (lstatSync(current).isSymbolicLink()) return `workspace/${relative(base, current).split(sep).join('/')}`;
    } catch {
      return undefined; // does not exist yet, nor does anything below it
    }
  }
  return undefined;
}

/** The regular files under `dir`, by `/`-separated path, without following symbolic links to files or folders. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`);
    return entry.isFile() ? [`${prefix}${entry.name}`] : [];
  });
}

/** The body as UTF-8 text, or undefined as soon as it is known to pass the size limit (from Content-Length, or while reading). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_BYTES) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BYTES) return void chunks.push(chunk);
      chunks.length = 0;
      resolve(undefined);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
