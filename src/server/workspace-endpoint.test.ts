import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { learnerFiles, loadLessons, REPO_ROOT } from '../lessons/node-loader.ts';
import { workspaceEndpoint } from './workspace-endpoint.ts';

// A course of one lesson in a temporary folder, served over real HTTP as the dev server serves it.
let root: string;
let server: Server;
let base: string;
const LESSON = '03-welcome-email';

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'workbook-workspace-'));
  cpSync(join(REPO_ROOT, 'lessons', LESSON), join(root, 'lessons', LESSON), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'src'), join(root, 'src')); // what the lesson's architecture.ts imports
  const endpoint = workspaceEndpoint(root);
  server = createServer((req, res) => endpoint(req, res, () => ((res.statusCode = 404), res.end('not the workspace'))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__workbook/workspace`;
});
/** The headers a page of the dev server sends with a write. */
const fromPage = () => ({ Origin: new URL(base).origin });

afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the dev server’s workspace endpoint', () => {
  it('writes what the learner typed into workspace/, where npm test grades it, and reads it back', async () => {
    expect(await (await fetch(`${base}/${LESSON}`)).json()).toEqual({ files: {} });
    const text = "export const handler = async () => 'typed in the browser';\n";
    const put = await fetch(`${base}/${LESSON}/handler.ts`, { method: 'PUT', body: text, headers: fromPage() });
    expect(put.status).toBe(204);
    expect(readFileSync(join(root, 'workspace', LESSON, 'handler.ts'), 'utf8')).toBe(text);
    expect(await (await fetch(`${base}/${LESSON}`)).json()).toEqual({ files: { 'handler.ts': text } });
    const [lesson] = await loadLessons({ root, only: [3] });
    expect(learnerFiles(lesson!)['handler.ts']).toBe(text);
    expect(Object.keys(lesson!.workspace!)).toEqual(['handler.ts']);
  });

  it('shows the browser every workspace file npm test counts, a helper module the learner added too', async () => {
    mkdirSync(join(root, 'workspace', LESSON, 'lib'), { recursive: true });
    writeFileSync(join(root, 'workspace', LESSON, 'lib', 'greeting.ts'), 'export const hi = 1;\n');
    const { files } = (await (await fetch(`${base}/${LESSON}`)).json()) as { files: Record<string, string> };
    const [lesson] = await loadLessons({ root, only: [3] });
    const counted = Object.fromEntries(Object.entries(learnerFiles(lesson!)).filter(([name]) => name in lesson!.workspace!));
    expect(Object.keys(files).sort()).toEqual(['handler.ts', 'lib/greeting.ts']);
    expect(Object.keys(counted).sort()).toEqual(Object.keys(files).sort());
  });

  it('refuses files the lesson does not let the learner edit, paths out of the workspace, and unknown lessons', async () => {
    const refused = await fetch(`${base}/${LESSON}/architecture.ts`, { method: 'PUT', body: 'x', headers: fromPage() });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe(`architecture.ts is not a file you edit in lesson ${LESSON} (those are: handler.ts).`);
    expect(readFileSync(join(root, 'lessons', LESSON, 'architecture.ts'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'lessons', LESSON, 'architecture.ts'), 'utf8'));
    expect((await fetch(`${base}/${LESSON}/..%2F..%2Fpackage.json`, { method: 'PUT', body: 'x', headers: fromPage() })).status).toBe(403);
    expect((await fetch(`${base}/${LESSON}/%E0%A4%A`, { method: 'PUT', body: 'x', headers: fromPage() })).status).toBe(400);
    expect((await fetch(`${base}/..%2Flessons/handler.ts`, { method: 'PUT', body: 'x', headers: fromPage() })).status).toBe(404);
    expect((await fetch(`${base}/99-nothing`)).status).toBe(404);
    expect(existsSync(join(root, 'package.json'))).toBe(false);
  });

  it('refuses other sites’ pages and other host names, so no web page can rewrite a learner’s files', async () => {
    const fromElsewhere = await fetch(`${base}/${LESSON}/handler.ts`, { method: 'PUT', body: 'x', headers: { Origin: 'https://evil.example' } });
    expect(fromElsewhere.status).toBe(403);
    const sandboxed = await fetch(`${base}/${LESSON}/handler.ts`, { method: 'PUT', body: 'x', headers: { Origin: 'null' } });
    expect(sandboxed.status).toBe(403);
    expect(readFileSync(join(root, 'workspace', LESSON, 'handler.ts'), 'utf8')).not.toBe('x');
    // A DNS-rebinding page reaches 127.0.0.1 under its own host name (fetch will not send another Host header).
    const rebound = await new Promise<number>((resolve, reject) =>
      request(`${base}/${LESSON}`, { headers: { Host: 'evil.example' } }, (res) => resolve(res.resume().statusCode!)).on('error', reject).end(),
    );
    expect(rebound).toBe(403);
  });

  it('answers a too-large file and a wrong method with what to do instead, and passes other paths on', async () => {
    const huge = await fetch(`${base}/${LESSON}/handler.ts`, { method: 'PUT', body: 'x'.repeat(1024 * 1024 + 1), headers: fromPage() });
    expect(huge.status).toBe(413);
    const wrong = await fetch(`${base}/${LESSON}/handler.ts`, { method: 'DELETE', headers: fromPage() });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('PUT');
    expect(await (await fetch(base.replace('/__workbook/workspace', '/lessons/'))).text()).toBe('not the workspace');
  });
});

// What a hostile page, a confused tool or a planted link could send, proven by what is (not) on disk afterwards.
describe('the workspace endpoint under attack', () => {
  const port = () => Number(new URL(base).port);
  const outside = () => join(root, 'outside');
  const handlerOnDisk = () => join(root, 'workspace', LESSON, 'handler.ts');

  /** A request exactly as given: node:http sends the path and headers unnormalised, as fetch would not. */
  const raw = (method: string, path: string, headers: Record<string, string> = {}, body = '') =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: port(), method, path, headers: { Origin: new URL(base).origin, ...headers } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (data: string) => (text += data)).on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject).end(body);
    });

  /** Every regular file under `dir` that holds `text`, links not followed. */
  const holding = (dir: string, text: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return holding(path, text);
      return entry.isFile() && readFileSync(path, 'utf8').includes(text) ? [path] : [];
    });

  beforeEach(() => {
    rmSync(join(root, 'workspace'), { recursive: true, force: true });
    rmSync(outside(), { recursive: true, force: true });
    mkdirSync(join(outside(), 'lesson'), { recursive: true });
    writeFileSync(join(outside(), 'secret.txt'), 'the learner’s ssh key');
    writeFileSync(join(outside(), 'lesson', 'handler.ts'), 'the learner’s ssh key');
  });

  it('refuses a path out of workspace/ in every encoding, and writes nothing anywhere', async () => {
    const absolute = encodeURIComponent(join(outside(), 'pwned.txt'));
    const paths = [
      `${LESSON}/../../outside/pwned.txt`,
      `${LESSON}/%2e%2e/%2e%2e/outside/pwned.txt`,
      `${LESSON}/%2E%2E/%2E%2E/outside/pwned.txt`,
      `${LESSON}/%252e%252e%252f%252e%252e%252foutside%252fpwned.txt`,
      `${LESSON}/..%2f..%2foutside%2fpwned.txt`,
      `${LESSON}/..%5c..%5coutside%5cpwned.txt`,
      `${LESSON}/..\\..\\outside\\pwned.txt`,
      `${LESSON}/${absolute}`,
      `${LESSON}//${absolute}`,
      `${LESSON}/handler.ts%00.txt`,
      `${LESSON}/handler.ts%00`,
      `${LESSON}/%E2%80%A4%E2%80%A4/%E2%80%A4%E2%80%A4/outside/pwned.txt`, // U+2024 ONE DOT LEADER
      `${LESSON}/%EF%BC%8E%EF%BC%8E%EF%BC%8F%EF%BC%8E%EF%BC%8E%EF%BC%8Fpwned.txt`, // fullwidth ．．／
      `${LESSON}/%C0%AE%C0%AE%C0%AFpwned.txt`, // overlong UTF-8 for ../
      `..%2f..%2foutside/handler.ts`,
      `%2e%2e/handler.ts`,
      `${encodeURIComponent(outside())}/handler.ts`,
    ];
    for (const path of paths) {
      const { status } = await raw('PUT', `/__workbook/workspace/${path}`, {}, 'pwned');
      expect([path, status >= 400 && status < 500]).toEqual([path, true]);
    }
    expect(holding(root, 'pwned')).toEqual([]);
    expect(existsSync(join(root, 'workspace', LESSON, 'handler.ts'))).toBe(false);
    for (const path of ['..%2foutside', '%2e%2e', `${LESSON}/..%2f..%2foutside%2fsecret.txt`, `${LESSON}/%2e%2e/%2e%2e/outside/secret.txt`]) {
      const { status, text } = await raw('GET', `/__workbook/workspace/${path}`);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(text).not.toContain('ssh key');
    }
  });

  it('never follows a link in workspace/ that leads out of it, to read or to write', async () => {
    mkdirSync(join(root, 'workspace', LESSON), { recursive: true });
    symlinkSync(join(outside(), 'secret.txt'), handlerOnDisk());
    expect(await (await fetch(`${base}/${LESSON}`)).json()).toEqual({ files: {} });
    const put = await raw('PUT', `/__workbook/workspace/${LESSON}/handler.ts`, {}, 'pwned');
    expect(put.status).toBe(403);
    expect(JSON.parse(put.text).message).toBe(`Refused: workspace/${LESSON}/handler.ts is a symbolic link; the workbench does not follow links out of workspace/. Nothing was written.`);

    mkdirSync(join(outside(), 'lib'));
    writeFileSync(join(outside(), 'lib', 'greeting.ts'), 'the learner’s ssh key');
    rmSync(handlerOnDisk());
    symlinkSync(join(outside(), 'lib'), join(root, 'workspace', LESSON, 'lib'));
    expect(await (await fetch(`${base}/${LESSON}`)).json()).toEqual({ files: {} });

    rmSync(join(root, 'workspace', LESSON), { recursive: true });
    symlinkSync(join(outside(), 'lesson'), join(root, 'workspace', LESSON));
    const read = await raw('GET', `/__workbook/workspace/${LESSON}`);
    expect(read.status).toBe(403);
    expect(read.text).not.toContain('ssh key');
    expect((await raw('PUT', `/__workbook/workspace/${LESSON}/handler.ts`, {}, 'pwned')).status).toBe(403);

    expect(holding(root, 'pwned')).toEqual([]);
    expect(readFileSync(join(outside(), 'secret.txt'), 'utf8')).toBe('the learner’s ssh key');
  });

  it('refuses writes without an Origin or from another origin, and any Host but this server’s', async () => {
    const put = (headers: Record<string, string>) => raw('PUT', `/__workbook/workspace/${LESSON}/handler.ts`, headers, 'pwned').then((r) => r.status);
    const here = new URL(base).origin;
    const noOrigin = await new Promise<number>((resolve, reject) =>
      request(`${base}/${LESSON}/handler.ts`, { method: 'PUT' }, (res) => resolve(res.resume().statusCode!)).on('error', reject).end('pwned'),
    );
    expect(noOrigin).toBe(403);
    expect(await put({ Origin: `http://127.0.0.1:${port() + 1}` })).toBe(403);
    expect(await put({ Origin: here.replace('http:', 'https:') })).toBe(403);
    for (const host of ['evil.example', `evil.example:${port()}`, `localhost.evil.example:${port()}`, `localhost.:${port()}`, `127.0.0.1:${port() + 1}`, '127.0.0.1', `127.0.0.1:${port()}@evil.example`, `127.0.0.2:${port()}`]) {
      expect([host, await put({ Host: host, Origin: `http://${host}` })]).toEqual([host, 403]);
      expect([host, (await raw('GET', `/__workbook/workspace/${LESSON}`, { Host: host })).status]).toEqual([host, 403]);
    }
    expect(holding(root, 'pwned')).toEqual([]);
    // This server under each of its own names is served.
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`]) {
      expect([host, await put({ Host: host, Origin: `http://${host}` })]).toEqual([host, 204]);
    }
  });

  it('refuses a body over 1 MB as soon as it is declared, before reading it, and closes the connection', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port(), '127.0.0.1', () =>
        socket.write(`PUT /__workbook/workspace/${LESSON}/handler.ts HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nOrigin: ${new URL(base).origin}\r\nContent-Length: ${1024 * 1024 + 1}\r\n\r\npwned`),
      );
      let text = '';
      socket.setEncoding('utf8').on('data', (data: string) => (text += data));
      socket.on('error', () => {});
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('handler.ts is larger than 1 MB; nothing was written.');
    expect(existsSync(handlerOnDisk())).toBe(false);
  });

  it('stops reading a chunked body that never ends once it passes 1 MB', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect(port(), '127.0.0.1', () => {
        socket.write(`PUT /__workbook/workspace/${LESSON}/handler.ts HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\nOrigin: ${new URL(base).origin}\r\nTransfer-Encoding: chunked\r\n\r\n`);
        const pour = () => {
          while (text === '' && !socket.destroyed) if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return void socket.once('drain', pour);
        };
        pour();
      });
      socket.setEncoding('utf8').on('data', (data: string) => (text += data));
      socket.on('error', () => {});
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(existsSync(handlerOnDisk())).toBe(false);
  });

  it('writes a file of exactly 1 MB', async () => {
    const body = 'y'.repeat(1024 * 1024);
    expect((await raw('PUT', `/__workbook/workspace/${LESSON}/handler.ts`, {}, body)).status).toBe(204);
    expect(readFileSync(handlerOnDisk(), 'utf8')).toBe(body);
  });

  it('never leaves a partial file when many saves of one file overlap', { timeout: 60_000 }, async () => {
    const size = 768 * 1024;
    const bodies = Array.from({ length: 16 }, (_, i) => String.fromCharCode(65 + i).repeat(size));
    // Another thread reads the file all the while, as `npm run grade -- --watch` or the learner's editor may.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const reader = new Worker(
      `const { workerData: { path, size, stop }, parentPort } = require('node:worker_threads');
       const { readFileSync } = require('node:fs');
       let reads = 0; const torn = [];
       while (Atomics.load(stop, 0) === 0) {
         let text;
         try { text = readFileSync(path, 'latin1'); } catch { continue; }
         reads++;
         if (text.length !== size || text !== text[0].repeat(size)) torn.push(text.length);
       }
       parentPort.postMessage({ reads, torn });`,
      { eval: true, workerData: { path: handlerOnDisk(), size, stop } },
    );
    const seen = new Promise<{ reads: number; torn: number[] }>((resolve) => reader.once('message', resolve));
    for (let round = 0; round < 3; round++) {
      const statuses = await Promise.all(bodies.map((body) => raw('PUT', `/__workbook/workspace/${LESSON}/handler.ts`, {}, body).then((r) => r.status)));
      expect(statuses.every((status) => status === 204)).toBe(true);
      expect(bodies).toContain(readFileSync(handlerOnDisk(), 'utf8'));
    }
    Atomics.store(stop, 0, 1);
    const { reads, torn } = await seen;
    await reader.terminate();
    expect(reads).toBeGreaterThan(0);
    expect(torn).toEqual([]);
    expect(readdirSync(join(root, 'workspace')).filter((name) => name.startsWith('.saving-'))).toEqual([]);
  });
});
