// Under `npm run dev` only: the workbench reads and writes the learner's files in workspace/ through this
// endpoint, so `npm test` and `npm run grade` grade exactly what the learner sees in the browser.
//   GET /__workbook/workspace/NN-slug         200 { "files": { "handler.ts": "…" } }: the workspace files that
//                                             count (src/lessons/views.ts), helper modules the learner added too
//   PUT /__workbook/workspace/NN-slug/FILE    the request body becomes workspace/NN-slug/FILE; 204
// Only the files a lesson lists as editable can be written (a new helper module is made in the terminal for now),
// only from this machine (the socket's address: `astro dev --host` must not open it to the network) and from the
// dev server's own pages (Origin, and Host against DNS rebinding), and at most 1 MB each.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { editableFilesOf } from '../lessons/node-loader.ts';
import { describesLesson, replaces } from '../lessons/views.ts';

export const WORKSPACE_PATH = '/__workbook/workspace/';
const MAX_BYTES = 1024 * 1024;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

type Next = (error?: unknown) => void;

/** Connect-style middleware for Vite's dev server (and a plain node:http server in tests). */
export function workspaceEndpoint(root: string) {
  return (req: IncomingMessage, res: ServerResponse, next: Next) => {
    const url = new URL(req.url ?? '/', 'http://dev');
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
  if (!LOCAL_HOSTS.has(host.replace(/:\d+$/, ''))) return reply(res, 403, { message: `Refused: the workspace is served to this machine only, not to host ${host}.` });
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return reply(res, 403, { message: `Refused: a page from ${origin} may not touch your workspace.` });

  const slash = rest.indexOf('/');
  const lessonId = slash === -1 ? rest : rest.slice(0, slash);
  const file = slash === -1 ? '' : rest.slice(slash + 1);
  const editable = editableFilesOf(root, lessonId);
  if (!editable) return reply(res, 404, { message: `There is no lesson ${lessonId} in lessons/.` });
  const dir = join(root, 'workspace', lessonId);

  if (req.method === 'GET' && file === '') {
    const inStarter = (name: string) => !describesLesson(name) && existsSync(join(root, 'lessons', lessonId, name));
    const counts = (name: string) => replaces(name, editable, inStarter);
    const names = existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).map((name) => name.split('\\').join('/')) : [];
    const files = Object.fromEntries(names.filter((name) => counts(name) && statSync(join(dir, name)).isFile()).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
    return reply(res, 200, { files });
  }
  if (req.method === 'PUT' && file !== '') {
    if (!editable.includes(file)) return reply(res, 403, { message: `${file} is not a file you edit in lesson ${lessonId} (those are: ${editable.join(', ')}).` });
    const body = await readBody(req);
    if (body === undefined) return reply(res, 413, { message: `${file} is larger than ${MAX_BYTES / 1024 / 1024} MB; nothing was written.` });
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    // Written whole or not at all: `npm run grade -- --watch` may read the file at any moment.
    // The partial file sits beside the lesson's folder, not in it, where the grader would take it for the learner's.
    const partial = join(root, 'workspace', `.saving-${lessonId}-${file.replaceAll('/', '_')}`);
    writeFileSync(partial, body);
    renameSync(partial, join(dir, file));
    res.statusCode = 204;
    return res.end();
  }
  res.setHeader('Allow', file === '' ? 'GET' : 'PUT');
  return reply(res, 405, { message: `${req.method} is not supported here: GET ${WORKSPACE_PATH}NN-slug reads a lesson's files, PUT ${WORKSPACE_PATH}NN-slug/FILE writes one.` });
}

/** The body as UTF-8 text, or undefined when it passes the size limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
