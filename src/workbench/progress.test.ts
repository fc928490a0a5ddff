import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, PROGRESS_VERSION, ProgressStore, type SaveState, type StorageLike } from './progress.ts';

/** Web Storage's behaviour, with a quota: a write that would pass it throws QuotaExceededError as browsers do. */
class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  readonly quota: number;
  constructor(quota = Infinity) {
    this.quota = quota;
  }
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    const used = [...this.items].reduce((sum, [k, v]) => sum + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const refusing: StorageLike = {
  length: 0,
  key: () => null,
  getItem: () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  },
  removeItem: () => undefined,
};

describe('ProgressStore', () => {
  it('gives back what was saved, per lesson, after a reload (a new store on the same storage)', () => {
    const storage = new MemoryStorage();
    expect(new ProgressStore(storage, () => 1000).save('02-rules', { 'pattern.json': '{"source":["myapp.users"]}' })).toEqual({ ok: true, savedAt: 1000 });
    new ProgressStore(storage).save('03-email', { 'handler.ts': 'export const handler = 1;' });
    const reloaded = new ProgressStore(storage);
    expect(reloaded.load('02-rules')).toEqual({ progress: { version: PROGRESS_VERSION, files: { 'pattern.json': '{"source":["myapp.users"]}' }, savedAt: 1000 } });
    expect(reloaded.load('03-email').progress.files).toEqual({ 'handler.ts': 'export const handler = 1;' });
    expect(reloaded.load('04-never-opened')).toEqual({ progress: { version: PROGRESS_VERSION, files: {}, savedAt: 0 } });
  });

  it('leaves a record it cannot read in place, and sets it aside before saving, never over it', () => {
    const storage = new MemoryStorage();
    const key = ProgressStore.keyOf('03-email');
    const newer = JSON.stringify({ version: PROGRESS_VERSION + 1, files: { 'handler.ts': 'work from the future' }, savedAt: 1, completedAt: 1 });
    storage.setItem(key, newer);
    const store = new ProgressStore(storage, () => 42);
    const loaded = store.load('03-email');
    expect(loaded.progress.files).toEqual({});
    expect(loaded.problem).toMatch(/different version of the workbook/);
    // Only reading (an old tab opening the page) moves nothing.
    expect(storage.getItem(key)).toBe(newer);
    expect(store.save('03-email', { 'handler.ts': 'mine' })).toEqual({ ok: true, savedAt: 42 });
    expect(storage.getItem(`${key}:unreadable:42`)).toBe(newer);
    expect(store.load('03-email').progress.files).toEqual({ 'handler.ts': 'mine' });
    storage.setItem(ProgressStore.keyOf('02-rules'), '{ not json');
    expect(new ProgressStore(storage).load('02-rules').problem).toMatch(/could not be read/);
  });

  it('says so when storage is full or refused, and never saves over a record it could not set aside', () => {
    const full = new MemoryStorage(120);
    const store = new ProgressStore(full);
    const result = store.save('03-email', { 'handler.ts': 'x'.repeat(500) });
    expect(result).toMatchObject({ ok: false, reason: 'full' });
    expect(result.ok || result.message).toMatch(/storage for this site is full.*Download my work/);

    expect(new ProgressStore(refusing).save('03-email', { 'handler.ts': 'x' })).toMatchObject({ ok: false, reason: 'unavailable' });
    expect(new ProgressStore(refusing).load('03-email').problem).toMatch(/not letting the workbook save/);
    expect(new ProgressStore(undefined).save('03-email', {})).toMatchObject({ ok: false, reason: 'unavailable' });

    const cramped = new MemoryStorage(105); // room for a small save, not for a copy set aside
    const key = ProgressStore.keyOf('03-email');
    cramped.setItem(key, '{ damaged }');
    const blocked = new ProgressStore(cramped);
    expect(blocked.load('03-email')).toMatchObject({ unreadable: '{ damaged }' });
    const refused = blocked.save('03-email', { 'handler.ts': 'y' });
    expect(refused).toMatchObject({ ok: false, reason: 'blocked' });
    expect(refused.ok || refused.message).toMatch(/nothing new is saved over it/);
    expect(blocked.markCompleted('03-email')).toMatchObject({ ok: false, reason: 'blocked' });
    expect(cramped.getItem(key)).toBe('{ damaged }');
  });

  it('remembers which lessons were completed, for the home page and navigation', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, () => 5);
    store.save('03-email', { 'handler.ts': 'done' });
    store.markCompleted('03-email');
    store.markCompleted('01-events');
    store.save('02-rules', { 'pattern.json': '{}' });
    expect(store.completedLessons()).toEqual(['01-events', '03-email']);
    // Completing keeps the files, and saving later keeps the completion.
    store.save('03-email', { 'handler.ts': 'done, then tidied' });
    expect(store.load('03-email').progress).toMatchObject({ files: { 'handler.ts': 'done, then tidied' }, completedAt: 5 });
  });
});

describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves within a second of the last edit, once for a burst of typing, and reports each state', () => {
    const storage = new MemoryStorage();
    const states: SaveState['kind'][] = [];
    const autosave = new Autosave(new ProgressStore(storage), '02-rules', { onState: (s) => states.push(s.kind) });
    const writes = vi.spyOn(storage, 'setItem');
    for (const text of ['{', '{"', '{"source": ["myapp.users"]}']) {
      autosave.edit('pattern.json', text);
      vi.advanceTimersByTime(100);
    }
    expect(autosave.state.kind).toBe('unsaved');
    expect(writes).not.toHaveBeenCalled();
    vi.advanceTimersByTime(900);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(autosave.state.kind).toBe('saved');
    expect(new ProgressStore(storage).load('02-rules').progress.files).toEqual({ 'pattern.json': '{"source": ["myapp.users"]}' });
    expect(states).toEqual(['unsaved', 'unsaved', 'unsaved', 'saved']);
  });

  it('keeps edits that could not be saved and saves them when storage has room again', () => {
    const storage = new MemoryStorage(150);
    const autosave = new Autosave(new ProgressStore(storage), '03-email');
    autosave.edit('handler.ts', 'x'.repeat(400));
    expect(autosave.flush()).toMatchObject({ kind: 'failed' });
    expect(autosave.files['handler.ts']).toHaveLength(400);
    autosave.edit('handler.ts', 'short');
    vi.advanceTimersByTime(1000);
    expect(autosave.state.kind).toBe('saved');
    expect(new ProgressStore(storage).load('03-email').progress.files).toEqual({ 'handler.ts': 'short' });
  });

  it('keeps two tabs on one lesson from wiping each other’s work', () => {
    const storage = new MemoryStorage();
    const tabA = new Autosave(new ProgressStore(storage), '04-fan-out');
    const tabB = new Autosave(new ProgressStore(storage), '04-fan-out');
    tabB.edit('audit.ts', 'work from tab B');
    tabB.flush();
    tabA.flush(); // tab A is hidden with no edits of its own
    expect(new ProgressStore(storage).load('04-fan-out').progress.files).toEqual({ 'audit.ts': 'work from tab B' });
    tabA.edit('analytics.ts', 'work from tab A');
    tabA.flush();
    expect(new ProgressStore(storage).load('04-fan-out').progress.files).toEqual({ 'audit.ts': 'work from tab B', 'analytics.ts': 'work from tab A' });
  });

  it('saves nothing after dispose', () => {
    const storage = new MemoryStorage();
    const states: SaveState[] = [];
    const autosave = new Autosave(new ProgressStore(storage), '03-email', { onState: (s) => states.push(s) });
    autosave.edit('handler.ts', 'typed');
    autosave.dispose();
    vi.advanceTimersByTime(5000);
    expect(states.map((s) => s.kind)).toEqual(['unsaved']);
    expect(storage.length).toBe(0);
  });

  it('starts from the saved files of the lesson', () => {
    const storage = new MemoryStorage();
    new ProgressStore(storage).save('03-email', { 'handler.ts': 'mine' });
    expect(new Autosave(new ProgressStore(storage), '03-email').files).toEqual({ 'handler.ts': 'mine' });
  });
});
