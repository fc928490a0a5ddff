// The workbench's dev-server client against the real workspace endpoint, over real HTTP on a loopback port, with
// a course of one lesson in a temporary folder (as src/server/workspace-endpoint.test.ts serves it).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WORKSPACE_PATH as SERVED_PATH } from '../../server/workspace-endpoint.ts';
import { startDevServer, type DevServer } from './dev-server.fixture.ts';
import { WORKSPACE_PATH, workspaceSync } from './workspace-sync.ts';

const LESSON = '03-welcome-email';
let server: DevServer;
let origin: string;
/** An address where nothing listens: what the page meets once `npm run dev` is stopped. */
let stopped: string;

beforeAll(async () => {
  server = await startDevServer(LESSON);
  origin = server.origin;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  stopped = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => server.close());
beforeEach(() => server.clearWorkspace());

const workspaceFile = (file: string) => server.onDisk(file);
const editInOwnEditor = (file: string, text: string) => server.editInOwnEditor(file, text);

/**
 * A page of the dev server: every request is recorded, and a PUT carries the page's Origin, as a browser's does.
 * `down` sends requests where nothing listens.
 */
function page(options: { down?: () => boolean; delay?: (body: string) => number } = {}) {
  const requests: string[] = [];
  const problems: (string | undefined)[] = [];
  const sync = workspaceSync(LESSON, {
    baseUrl: origin,
    onProblem: (message) => problems.push(message),
    fetch: async (input, init = {}) => {
      const url = String(input);
      requests.push(`${init.method ?? 'GET'} ${url.slice(origin.length)}`);
      await new Promise((resolve) => setTimeout(resolve, options.delay?.(String(init.body ?? '')) ?? 0));
      const headers = new Headers(init.headers);
      if (init.method === 'PUT') headers.set('Origin', origin);
      return fetch(options.down?.() ? url.replace(origin, stopped) : url, { ...init, headers });
    },
  })!;
  return { sync, requests, problems };
}

describe('workspaceSync under npm run dev', () => {
  it('writes each saved file to workspace/, where npm test grades it, once per change', async () => {
    const { sync, requests, problems } = page();
    expect(await sync.pull()).toEqual({});
    expect(await sync.push({ 'handler.ts': 'first' })).toBe(true);
    expect(workspaceFile('handler.ts')).toBe('first');
    await sync.push({ 'handler.ts': 'first' }); // saved again unchanged (a second tab's save, say): no request
    await sync.push({ 'handler.ts': 'second' });
    expect(workspaceFile('handler.ts')).toBe('second');
    expect(requests).toEqual([`GET ${WORKSPACE_PATH}${LESSON}`, `PUT ${WORKSPACE_PATH}${LESSON}/handler.ts`, `PUT ${WORKSPACE_PATH}${LESSON}/handler.ts`]);
    expect(problems).toEqual([]);
  });

  it('gives the page workspace/’s files when it opens, then only what changed there since (the learner’s own editor)', async () => {
    editInOwnEditor('handler.ts', 'from my editor');
    editInOwnEditor('lib/greeting.ts', 'export const hi = 1;');
    const { sync } = page();
    expect(await sync.pull()).toEqual({ 'handler.ts': 'from my editor', 'lib/greeting.ts': 'export const hi = 1;' });
    expect(await sync.pull()).toEqual({});
    await sync.push({ 'handler.ts': 'typed in the page' });
    expect(await sync.pull()).toEqual({});
    editInOwnEditor('handler.ts', 'from my editor again');
    expect(await sync.pull()).toEqual({ 'handler.ts': 'from my editor again' });
    // The page shows that text and saves it: nothing to write.
    expect(await sync.push({ 'handler.ts': 'from my editor again' })).toBe(true);
    expect(workspaceFile('handler.ts')).toBe('from my editor again');
  });

  it('writes a file again that was deleted from workspace/, with the page’s next save of it', async () => {
    const { sync } = page();
    await sync.push({ 'handler.ts': 'mine' });
    server.deleteInOwnEditor('handler.ts');
    expect(await sync.pull()).toEqual({});
    await sync.push({ 'handler.ts': 'mine' });
    expect(workspaceFile('handler.ts')).toBe('mine');
  });

  it('lands saves in the order they were made, however long each request takes', async () => {
    const { sync } = page({ delay: (body) => (body === 'older' ? 80 : 0) });
    const older = sync.push({ 'handler.ts': 'older' });
    const newer = sync.push({ 'handler.ts': 'newer' });
    expect(await Promise.all([older, newer])).toEqual([true, true]);
    expect(workspaceFile('handler.ts')).toBe('newer');
    // A pull waits for the writes before it: it never reads back what is still being written.
    void sync.push({ 'handler.ts': 'older' });
    expect(await sync.pull()).toEqual({});
  });

  it('reports a stopped dev server, keeps the edit, and writes it with the next save once the server answers', async () => {
    let down = true;
    const { sync, problems } = page({ down: () => down });
    expect(await sync.pull()).toBeUndefined();
    expect(problems).toEqual([
      `The dev server (npm run dev) did not answer, so this page could not read workspace/${LESSON}/: it shows the copy saved in this browser, which npm test does not grade.`,
    ]);
    expect(await sync.push({ 'handler.ts': 'typed while stopped' })).toBe(false);
    expect(problems[1]).toBe(
      `The dev server (npm run dev) did not answer, so workspace/${LESSON}/handler.ts does not have your latest edits, and npm test grades the older copy there. Your edits are saved in this browser, and written to workspace/ with your next save that gets through.`,
    );
    down = false;
    expect(await sync.push({})).toBe(true);
    expect(workspaceFile('handler.ts')).toBe('typed while stopped');
    expect(problems[2]).toBeUndefined();
    expect(problems).toHaveLength(3);
  });

  it('reports the endpoint’s refusal in its own words, and does not repeat a refused write', async () => {
    const { sync, requests, problems } = page();
    expect(await sync.push({ 'architecture.ts': 'x' })).toBe(false);
    expect(problems).toEqual([
      `workspace/${LESSON}/architecture.ts was not updated: architecture.ts is not a file you edit in lesson ${LESSON} (those are: handler.ts). npm test grades the older copy there. Your edits are saved in this browser, and written to workspace/ with your next save that gets through.`,
    ]);
    await sync.push({ 'handler.ts': 'fine' });
    expect(requests.filter((r) => r.includes('architecture.ts'))).toHaveLength(1);
    expect(problems.at(-1)).toBeUndefined();
  });

  it('is refused when a page from another origin calls it, and says so', async () => {
    const problems: (string | undefined)[] = [];
    const sync = workspaceSync(LESSON, {
      baseUrl: origin,
      onProblem: (message) => problems.push(message),
      fetch: (input, init) => fetch(input, { ...init, headers: { Origin: 'https://evil.example' } }),
    })!;
    expect(await sync.push({ 'handler.ts': 'x' })).toBe(false);
    expect(problems[0]).toMatch(/^workspace\/03-welcome-email\/handler\.ts was not updated: Refused: a page from https:\/\/evil\.example may not touch your workspace\./);
  });

  it('serves the path the endpoint serves', () => {
    expect(WORKSPACE_PATH).toBe(SERVED_PATH);
  });
});

describe('workspaceSync in a built site', () => {
  beforeEach(() => vi.stubEnv('DEV', false));
  afterEach(() => vi.unstubAllEnvs());

  it('does nothing: there is no dev server to write to', () => {
    expect(workspaceSync(LESSON, { baseUrl: origin })).toBeUndefined();
  });
});
