import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, completedLessons, type LessonProgress, PROGRESS_VERSION, ProgressStore, type SaveState, type StorageLike } from './progress.ts';

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

/**
 * Browser tabs of one site sharing localStorage: each tab has its own Storage object and window, and a write in
 * one tab fires `storage` on every other tab's window (never its own), with that tab's Storage as `storageArea`.
 */
/** Two tabs of one lesson, each autosaving; tab B adopts what tab A saves, and what it was shown is kept. */
function twoTabsAutosaving() {
  const [a, b] = tabsOnOneSite(2) as [Tab, Tab];
  const tabA = new Autosave(new ProgressStore(a.storage), '04-fan-out');
  const storeB = new ProgressStore(b.storage);
  const tabB = new Autosave(storeB, '04-fan-out');
  const shownInB: Record<string, string>[] = [];
  storeB.watch('04-fan-out', (progress) => shownInB.push(tabB.adopt(progress.files)), b.window);
  return { a, b, tabA, tabB, shownInB };
}

type Tab = { storage: StorageLike; window: EventTarget };

function tabsOnOneSite(count: number) {
  const shared = new MemoryStorage();
  const tabs: Tab[] = [];
  const announce = (from: StorageLike, key: string, oldValue: string | null, newValue: string | null) => {
    for (const tab of tabs) {
      if (tab.storage !== from) tab.window.dispatchEvent(Object.assign(new Event('storage'), { key, oldValue, newValue, storageArea: tab.storage }));
    }
  };
  for (let i = 0; i < count; i++) {
    const storage: StorageLike = {
      get length() {
        return shared.length;
      },
      key: (index) => shared.key(index),
      getItem: (key) => shared.getItem(key),
      setItem(key, value) {
        const old = shared.getItem(key);
        shared.setItem(key, value);
        announce(storage, key, old, value);
      },
      removeItem(key) {
        const old = shared.getItem(key);
        shared.removeItem(key);
        announce(storage, key, old, null);
      },
    };
    tabs.push({ storage, window: new EventTarget() });
  }
  return tabs;
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

describe('ProgressStore.watch', () => {
  it('tells a tab what another tab saved for its lesson, and its completion', () => {
    const [a, b] = tabsOnOneSite(2);
    const heard: LessonProgress[] = [];
    const stop = new ProgressStore(b!.storage).watch('03-email', (progress) => heard.push(progress), b!.window);
    const inA = new ProgressStore(a!.storage, () => 7);
    inA.save('03-email', { 'handler.ts': 'from tab A' });
    inA.markCompleted('03-email');
    expect(heard).toEqual([
      { version: PROGRESS_VERSION, files: { 'handler.ts': 'from tab A' }, savedAt: 7 },
      { version: PROGRESS_VERSION, files: { 'handler.ts': 'from tab A' }, savedAt: 7, completedAt: 7 },
    ]);
    stop();
    inA.save('03-email', { 'handler.ts': 'after stop' });
    expect(heard).toHaveLength(2);
  });

  it('ignores other lessons, other storage areas, removals, and records this version cannot read', () => {
    const [a, b] = tabsOnOneSite(2);
    const heard: LessonProgress[] = [];
    new ProgressStore(b!.storage).watch('03-email', (progress) => heard.push(progress), b!.window);
    new ProgressStore(a!.storage).save('02-rules', { 'pattern.json': '{}' });
    a!.storage.setItem(ProgressStore.keyOf('03-email'), JSON.stringify({ version: PROGRESS_VERSION + 1, files: {}, savedAt: 1 }));
    a!.storage.removeItem(ProgressStore.keyOf('03-email'));
    a!.storage.setItem(ProgressStore.keyOf('03-email'), '{ damaged');
    const session = new MemoryStorage(); // sessionStorage fires `storage` on the same window
    b!.window.dispatchEvent(Object.assign(new Event('storage'), { key: ProgressStore.keyOf('03-email'), newValue: JSON.stringify({ version: PROGRESS_VERSION, files: {}, savedAt: 1 }), storageArea: session }));
    b!.window.dispatchEvent(Object.assign(new Event('storage'), { key: null, newValue: null, storageArea: b!.storage })); // localStorage.clear()
    expect(heard).toEqual([]);
    // A tab that replaces the unreadable record (set aside, then saved) is heard once, with its files.
    new ProgressStore(a!.storage, () => 9).save('03-email', { 'handler.ts': 'fresh' });
    expect(heard).toEqual([{ version: PROGRESS_VERSION, files: { 'handler.ts': 'fresh' }, savedAt: 9 }]);
  });

  it('hears nothing, and does not throw, without storage', () => {
    const events = new EventTarget();
    const heard = vi.fn();
    new ProgressStore(undefined).watch('03-email', heard, events);
    events.dispatchEvent(Object.assign(new Event('storage'), { key: ProgressStore.keyOf('03-email'), newValue: JSON.stringify({ version: PROGRESS_VERSION, files: {}, savedAt: 1 }), storageArea: null }));
    expect(heard).not.toHaveBeenCalled();
  });
});

describe('completedLessons', () => {
  it('finds completed lessons in storage without a store, and none when storage refuses or is missing', () => {
    const storage = new MemoryStorage();
    new ProgressStore(storage).markCompleted('02-rules');
    storage.setItem(`${ProgressStore.keyOf('04-fan-out')}:unreadable:1`, JSON.stringify({ version: PROGRESS_VERSION, files: {}, savedAt: 1, completedAt: 1 }));
    storage.setItem('theme', 'dark');
    expect(completedLessons(storage)).toEqual(['02-rules']);
    expect(completedLessons(refusing)).toEqual([]);
    expect(completedLessons({ ...refusing, length: 1, key: () => ProgressStore.keyOf('01-events') })).toEqual([]);
    expect(completedLessons(undefined)).toEqual([]);
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

  it('takes another tab’s save as its own saved text, so it never saves stale text over it', () => {
    const { a, b, tabA, tabB, shownInB } = twoTabsAutosaving();

    tabB.edit('audit.ts', 'B, first draft');
    tabB.flush();
    tabA.edit('audit.ts', 'A, newer');
    tabA.flush();
    expect(shownInB).toEqual([{ 'audit.ts': 'A, newer' }]);
    expect(tabB.files).toEqual({ 'audit.ts': 'A, newer' });
    // Tab B's editor is set to the adopted text: its change event saves nothing, and tab B's flush on pagehide neither.
    const writes = vi.spyOn(b!.storage, 'setItem');
    tabB.edit('audit.ts', 'A, newer');
    tabB.flush();
    expect(writes).not.toHaveBeenCalled();
    expect(new ProgressStore(a!.storage).load('04-fan-out').progress.files).toEqual({ 'audit.ts': 'A, newer' });
  });

  it('keeps an edit typed in this tab and not yet saved over another tab’s save of that file, and saves it', () => {
    const { a, b, tabA, tabB, shownInB } = twoTabsAutosaving();

    tabB.edit('audit.ts', 'B, typing now');
    tabA.edit('audit.ts', 'A, saved earlier');
    tabA.edit('analytics.ts', 'A, other file');
    tabA.flush();
    expect(shownInB).toEqual([{ 'analytics.ts': 'A, other file' }]);
    vi.advanceTimersByTime(1000);
    expect(new ProgressStore(a!.storage).load('04-fan-out').progress.files).toEqual({ 'audit.ts': 'B, typing now', 'analytics.ts': 'A, other file' });
  });

  it('hands each save’s files on (to workspace/ under npm run dev), even when browser storage refuses them', () => {
    const saved: Record<string, string>[] = [];
    const autosave = new Autosave(new ProgressStore(refusing), '03-email', { onSave: (files) => saved.push(files) });
    autosave.edit('handler.ts', 'typed');
    vi.advanceTimersByTime(1000);
    expect(autosave.state.kind).toBe('failed');
    autosave.flush();
    expect(saved).toEqual([{ 'handler.ts': 'typed' }, { 'handler.ts': 'typed' }]);
    const fine = new Autosave(new ProgressStore(new MemoryStorage()), '03-email', { onSave: (files) => saved.push(files) });
    fine.flush();
    fine.edit('handler.ts', 'ok');
    fine.flush();
    fine.flush();
    expect(saved.slice(2)).toEqual([{ 'handler.ts': 'ok' }]);
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
