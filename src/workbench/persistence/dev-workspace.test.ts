// The page and workspace/ kept in step under `npm run dev`, against the real workspace endpoint over real HTTP on a
// loopback port: a reload after writes that never landed, edits made in the learner's own editor, and both at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDevWorkspace, type DevWorkspace } from './dev-workspace.ts';
import { startDevServer, type DevServer } from './dev-server.fixture.ts';
import { Autosave, ProgressStore, type StorageLike } from './progress.ts';

const LESSON = '03-welcome-email';
const FILE = 'handler.ts';
let server: DevServer;
let origin: string;

beforeAll(async () => {
  server = await startDevServer(LESSON);
  origin = server.origin;
});
afterAll(() => server.close());
beforeEach(() => server.clearWorkspace());

const onDisk = () => server.onDisk(FILE);
const editInOwnEditor = (text: string) => server.editInOwnEditor(FILE, text);
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

function browserStorage(): StorageLike {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k), key: (i) => [...items.keys()][i] ?? null, get length() { return items.size; } };
}

/** A page of the dev server on `storage`: `down()` true sends its requests where nothing listens; reads take `readMs`. */
async function openPage(storage: StorageLike, down: () => boolean = () => false, readMs: () => number = () => 0) {
  const conflicts: [string, string][] = [];
  let dev: DevWorkspace | undefined;
  const autosave = new Autosave(new ProgressStore(storage), LESSON, { delayMs: 10, onSave: (changed) => dev?.saved(changed) });
  dev = await openDevWorkspace({
    lessonId: LESSON,
    editable: [FILE],
    storage,
    autosave,
    report: () => undefined,
    onConflict: (file, theirs) => conflicts.push([file, theirs]),
    connection: {
      baseUrl: origin,
      fetch: async (input, init = {}) => {
        if (down()) throw new TypeError('fetch failed');
        if (!init.method) await new Promise((resolve) => setTimeout(resolve, readMs()));
        const headers = new Headers(init.headers);
        if (init.method === 'PUT') headers.set('Origin', origin);
        return fetch(input, { ...init, headers });
      },
    },
  });
  return { autosave, dev: dev!, conflicts };
}

describe('the page and workspace/ under npm run dev', () => {
  it('writes edits whose write never landed (server stopped) on the next load, instead of taking the older copy', async () => {
    editInOwnEditor('A0');
    const storage = browserStorage();
    let stopped = false;
    const first = await openPage(storage, () => stopped);
    first.autosave.edit(FILE, 'A1');
    await settle();
    expect(onDisk()).toBe('A1');
    stopped = true;
    first.autosave.edit(FILE, 'A2');
    await settle();
    expect(onDisk()).toBe('A1');

    const reloaded = await openPage(storage);
    await settle();
    expect(onDisk()).toBe('A2');
    expect(reloaded.autosave.files[FILE]).toBe('A2');
    expect(reloaded.conflicts).toEqual([]);
  });

  it('shows what the learner changed in their own editor, on load and when they come back to the page', async () => {
    editInOwnEditor('A0');
    const storage = browserStorage();
    const first = await openPage(storage);
    first.autosave.edit(FILE, 'A1');
    await settle();
    editInOwnEditor('B');
    const reloaded = await openPage(storage);
    expect(reloaded.autosave.files[FILE]).toBe('B');
    editInOwnEditor('C');
    const shown = await reloaded.dev.refresh();
    expect(shown).toEqual({ [FILE]: 'C' });
    // The page shows it (its editor's change is saved like any edit), and writes nothing older back.
    reloaded.autosave.edit(FILE, shown[FILE]!);
    await settle();
    expect(onDisk()).toBe('C');
  });

  it('treats a file changed on both sides as a conflict: nothing of it is written until the learner chooses', async () => {
    editInOwnEditor('A0');
    const storage = browserStorage();
    const { autosave, dev, conflicts } = await openPage(storage);
    autosave.edit(FILE, 'page edit, not saved yet');
    editInOwnEditor('edited in my own editor');
    expect(await dev.refresh()).toEqual({});
    expect(conflicts).toEqual([[FILE, 'edited in my own editor']]);
    await settle();
    autosave.edit(FILE, 'more page edits');
    await settle();
    expect(onDisk()).toBe('edited in my own editor');

    dev.resolve(FILE, 'page');
    await settle();
    expect(onDisk()).toBe('more page edits');
  });

  it('holds a save made while it is still reading workspace/, so the save cannot write over the conflict being found', async () => {
    editInOwnEditor('A0');
    let slow = 0;
    const { autosave, dev, conflicts } = await openPage(browserStorage(), () => false, () => slow);
    slow = 200;
    autosave.edit(FILE, 'page edit');
    editInOwnEditor('own editor edit');
    const looking = dev.refresh();
    await settle(); // the page's save fires while the read is still on its way
    await looking;
    await settle();
    expect(conflicts).toEqual([[FILE, 'own editor edit']]);
    expect(onDisk()).toBe('own editor edit');
  });

  it('finds the conflict on load too, and takes workspace/’s copy when the learner chooses it', async () => {
    editInOwnEditor('A0');
    const storage = browserStorage();
    let stopped = false;
    const first = await openPage(storage, () => stopped);
    stopped = true;
    first.autosave.edit(FILE, 'page copy');
    await settle();
    editInOwnEditor('own editor copy');

    const reloaded = await openPage(storage);
    expect(reloaded.conflicts).toEqual([[FILE, 'own editor copy']]);
    expect(reloaded.autosave.files[FILE]).toBe('page copy');
    reloaded.dev.resolve(FILE, 'workspace');
    reloaded.autosave.edit(FILE, 'own editor copy');
    await settle();
    expect(onDisk()).toBe('own editor copy');
    // Agreed now: the next load neither writes nor offers anything.
    const again = await openPage(storage);
    expect(again.conflicts).toEqual([]);
    expect(again.autosave.files[FILE]).toBe('own editor copy');
  });
});
