import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the dev server’s workspace endpoint', () => {
  it('writes what the learner typed into workspace/, where npm test grades it, and reads it back', async () => {
    expect(await (await fetch(`${base}/${LESSON}`)).json()).toEqual({ files: {} });
    const text = "export const handler = async () => 'typed in the browser';\n";
    const put = await fetch(`${base}/${LESSON}/handler.ts`, { method: 'PUT', body: text });
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
    const refused = await fetch(`${base}/${LESSON}/architecture.ts`, { method: 'PUT', body: 'x' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe(`architecture.ts is not a file you edit in lesson ${LESSON} (those are: handler.ts).`);
    expect(readFileSync(join(root, 'lessons', LESSON, 'architecture.ts'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'lessons', LESSON, 'architecture.ts'), 'utf8'));
    expect((await fetch(`${base}/${LESSON}/..%2F..%2Fpackage.json`, { method: 'PUT', body: 'x' })).status).toBe(403);
    expect((await fetch(`${base}/${LESSON}/%E0%A4%A`, { method: 'PUT', body: 'x' })).status).toBe(400);
    expect((await fetch(`${base}/..%2Flessons/handler.ts`, { method: 'PUT', body: 'x' })).status).toBe(404);
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
    const huge = await fetch(`${base}/${LESSON}/handler.ts`, { method: 'PUT', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
    const wrong = await fetch(`${base}/${LESSON}/handler.ts`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('PUT');
    expect(await (await fetch(base.replace('/__workbook/workspace', '/lessons/'))).text()).toBe('not the workspace');
  });
});
