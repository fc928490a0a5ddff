// A learner's work in browser storage: per lesson, the text of each file they edited and whether they finished it.
// Records carry a version, so a later site can migrate what an earlier one saved instead of discarding it. A record
// this version cannot read (a newer site's, or damaged) is left alone by reading, and set aside under a key of its
// own before anything is saved in its place, never overwritten. Saving merges the files that changed into what is
// stored, so two tabs on one lesson do not wipe each other's files.
// Saving can fail (private mode, storage full): every failure is reported to the caller in words a learner can act
// on, and the edits stay in memory to be saved on the next try.
// A second tab on the same lesson learns of this tab's saves through the browser's `storage` event (`watch`), and
// takes them as its own saved text (`Autosave.adopt`), so neither tab saves stale text over the other's.

export const PROGRESS_VERSION = 1;
const PREFIX = 'eventbridge-workbook:';

export interface LessonProgress {
  version: typeof PROGRESS_VERSION;
  /** The learner's text of each file they edited, by file name (`handler.ts`). */
  files: Record<string, string>;
  /** When the files were last saved (ms since the epoch). */
  savedAt: number;
  /** When the lesson's checks first all passed. */
  completedAt?: number;
}

export type SaveResult = { ok: true; savedAt: number } | { ok: false; reason: 'unavailable' | 'full' | 'blocked'; message: string };

/** What `load` found: the progress (empty when none), and a problem to show when something could not be read. */
export interface Loaded {
  progress: LessonProgress;
  problem?: string;
  /** The text under the lesson's key that this version cannot read; saving sets it aside first. */
  unreadable?: string;
}

/** The part of the Web Storage API the store uses, so tests (and a page without storage) can pass their own. */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** Where `storage` events arrive: `window` in a page; any EventTarget in tests. */
export type StorageEvents = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/** The fields of a `StorageEvent` that `watch` reads (node has no StorageEvent, so tests dispatch plain Events). */
type StorageChange = Pick<StorageEvent, 'key' | 'newValue'> & { storageArea?: unknown };

const empty = (): LessonProgress => ({ version: PROGRESS_VERSION, files: {}, savedAt: 0 });

export class ProgressStore {
  readonly #storage: StorageLike | undefined;
  readonly #now: () => number;

  constructor(storage: StorageLike | undefined, now: () => number = Date.now) {
    this.#storage = storage;
    this.#now = now;
  }

  static keyOf(lessonId: string): string {
    return `${PREFIX}lesson:${lessonId}`;
  }

  load(lessonId: string): Loaded {
    const key = ProgressStore.keyOf(lessonId);
    let raw: string | null;
    try {
      if (!this.#storage) return { progress: empty(), problem: UNAVAILABLE };
      raw = this.#storage.getItem(key);
    } catch {
      return { progress: empty(), problem: UNAVAILABLE };
    }
    if (raw === null) return { progress: empty() };
    const progress = readRecord(raw);
    if (progress) return { progress };
    return {
      progress: empty(),
      unreadable: raw,
      problem: 'Your saved work for this lesson was saved by a different version of the workbook, or is damaged, and could not be read. It stays in browser storage; your next edit keeps it under a key of its own.',
    };
  }

  /** Saves the files that changed (by name), over the lesson's stored files; the others stay as stored. */
  save(lessonId: string, changed: Record<string, string>): SaveResult {
    const previous = this.#beforeWrite(lessonId);
    if ('ok' in previous) return previous;
    const savedAt = this.#now();
    return this.#write(lessonId, { ...previous, files: { ...previous.files, ...changed }, savedAt }, savedAt);
  }

  markCompleted(lessonId: string): SaveResult {
    const progress = this.#beforeWrite(lessonId);
    if ('ok' in progress) return progress;
    if (progress.completedAt !== undefined) return { ok: true, savedAt: progress.savedAt };
    return this.#write(lessonId, { ...progress, completedAt: this.#now() }, progress.savedAt);
  }

  /** The stored progress to build on, with an unreadable record moved aside first; or why nothing can be written. */
  #beforeWrite(lessonId: string): LessonProgress | SaveResult {
    const key = ProgressStore.keyOf(lessonId);
    const { progress, unreadable } = this.load(lessonId);
    if (unreadable === undefined || !this.#storage) return progress;
    try {
      this.#storage.setItem(`${key}:unreadable:${this.#now()}`, unreadable);
      this.#storage.removeItem(key);
    } catch {
      return { ok: false, reason: 'blocked', message: BLOCKED(key) };
    }
    return progress;
  }

  /** The ids of the lessons whose checks have all passed once, for the home page and the navigation. */
  completedLessons(): string[] {
    return completedLessons(this.#storage);
  }

  /**
   * Calls `onChange` with the lesson's progress each time another tab saves it (its files, or its completion).
   * Browsers fire `storage` only in the other tabs of the site, never in the tab that wrote. Records of other
   * lessons, removals and records this version cannot read are ignored. Returns a function that stops watching.
   * @example
   * const stop = store.watch('03-welcome-email', (progress) => autosave.adopt(progress.files), window);
   */
  watch(lessonId: string, onChange: (progress: LessonProgress) => void, events: StorageEvents = globalThis): () => void {
    const key = ProgressStore.keyOf(lessonId);
    const listener = (event: Event) => {
      const change = event as Event & StorageChange;
      // `storageArea` tells localStorage from sessionStorage; a store without storage hears nothing.
      if (change.key !== key || change.newValue === null || !this.#storage || (change.storageArea != null && change.storageArea !== this.#storage)) return;
      const progress = readRecord(change.newValue);
      if (progress) onChange(progress);
    };
    events.addEventListener('storage', listener);
    return () => events.removeEventListener('storage', listener);
  }

  #write(lessonId: string, record: LessonProgress, savedAt: number): SaveResult {
    if (!this.#storage) return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    try {
      this.#storage.setItem(ProgressStore.keyOf(lessonId), JSON.stringify(record));
      return { ok: true, savedAt };
    } catch (error) {
      if (isQuotaError(error)) return { ok: false, reason: 'full', message: FULL };
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }
}

const UNAVAILABLE = 'This browser is not letting the workbook save (private browsing, or storage turned off). Your edits are kept on this page until you close it: use "Download my work" to keep them.';
const BLOCKED = (key: string) =>
  `Your saved work for this lesson could not be read, and there is no room to set it aside, so it is left in place (${key}) and nothing new is saved over it. Your edits are kept on this page: use "Download my work" to keep them.`;
const FULL = 'Browser storage for this site is full, so your latest edits are not saved yet. They are kept on this page, and saving resumes when there is room: use "Download my work" to keep them now.';

/**
 * The ids of the lessons whose checks have all passed once, sorted; none when storage is missing or refuses.
 * A function of its own so the home page's script can mark completed lessons without the rest of this module.
 */
export function completedLessons(storage: StorageLike | undefined): string[] {
  const done: string[] = [];
  try {
    if (!storage) return done;
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(`${PREFIX}lesson:`) || key.includes(':unreadable:')) continue;
      const record = readRecord(storage.getItem(key) ?? '');
      if (record?.completedAt !== undefined) done.push(key.slice(`${PREFIX}lesson:`.length));
    }
  } catch {
    // Storage unavailable: nothing is known to be complete.
  }
  return done.sort();
}

function isQuotaError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED');
}

/** A saved record this version understands, or undefined. Earlier versions' records get migrated here. */
function readRecord(raw: string): LessonProgress | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Partial<LessonProgress>;
  if (record.version !== PROGRESS_VERSION) return undefined;
  if (!record.files || typeof record.files !== 'object' || Object.values(record.files).some((text) => typeof text !== 'string')) return undefined;
  if (typeof record.savedAt !== 'number') return undefined;
  return { version: PROGRESS_VERSION, files: { ...record.files }, savedAt: record.savedAt, ...(typeof record.completedAt === 'number' ? { completedAt: record.completedAt } : {}) };
}

export type SaveState = { kind: 'saved'; savedAt: number } | { kind: 'unsaved' } | { kind: 'failed'; message: string };

export interface AutosaveOptions {
  /** How long after the last edit to save; 400 ms unless told. */
  delayMs?: number;
  /** Each change of state: show "Saved", "Saving…" or the problem. */
  onState?: (state: SaveState) => void;
  /**
   * The files each save wrote, or tried to write (a failed save retries them): under `npm run dev`, where they go
   * next, to workspace/ (src/workbench/persistence/workspace-sync.ts). Called even when browser storage refused them.
   */
  onSave?: (files: Record<string, string>) => void;
}

/**
 * Saves a lesson's files a short while after the last edit (debounced, well under a second), and at once on
 * `flush()` (page hidden, navigation). Reports every change of state, so the page can show "Saved" or the problem.
 */
export class Autosave {
  readonly #store: ProgressStore;
  readonly #lessonId: string;
  readonly #options: AutosaveOptions;
  readonly #files: Record<string, string>;
  /** Files edited since the last successful save: only these are written, so an idle tab overwrites nothing. */
  readonly #changed = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #state: SaveState;

  constructor(store: ProgressStore, lessonId: string, options: AutosaveOptions = {}) {
    this.#store = store;
    this.#lessonId = lessonId;
    this.#options = options;
    const loaded = store.load(lessonId);
    this.#files = { ...loaded.progress.files };
    this.#state = loaded.problem ? { kind: 'failed', message: loaded.problem } : { kind: 'saved', savedAt: loaded.progress.savedAt };
  }

  get files(): Readonly<Record<string, string>> {
    return this.#files;
  }

  get state(): SaveState {
    return this.#state;
  }

  /** Whether any file has an edit this tab has not saved yet. */
  hasUnsavedEdits(): boolean {
    return this.#changed.size > 0;
  }

  /** Whether `file` has an edit this tab has not saved yet. */
  hasUnsaved(file: string): boolean {
    return this.#changed.has(file);
  }

  edit(file: string, text: string): void {
    if (this.#files[file] === text) return;
    this.#files[file] = text;
    this.#changed.add(file);
    if (this.#state.kind !== 'failed') this.#set({ kind: 'unsaved' });
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.#options.delayMs ?? 400);
  }

  flush(): SaveState {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#changed.size === 0) return this.#state;
    const changed = Object.fromEntries([...this.#changed].map((file) => [file, this.#files[file]!]));
    const result = this.#store.save(this.#lessonId, changed);
    if (result.ok) this.#changed.clear();
    this.#set(result.ok ? { kind: 'saved', savedAt: result.savedAt } : { kind: 'failed', message: result.message });
    this.#options.onSave?.(changed);
    return this.#state;
  }

  /**
   * Takes another tab's saved files (from `ProgressStore.watch`) as this tab's saved text, without writing them
   * back, so this tab never saves its older text over them. A file with an edit here not yet saved keeps it: the
   * learner typed it in this tab after the other tab's save, and it is saved over the other tab's text as usual.
   * Returns the files whose text changed here, for the page to put in its editors: adopt first, then set the
   * editors, so their change events (`edit` with the same text) save nothing.
   */
  adopt(files: Readonly<Record<string, string>>): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const [file, text] of Object.entries(files)) {
      if (this.#changed.has(file) || this.#files[file] === text) continue;
      this.#files[file] = text;
      shown[file] = text;
    }
    return shown;
  }

  /** Stops the pending save without reporting again (the page is going away: call `flush()` first to keep edits). */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #set(state: SaveState) {
    this.#state = state;
    this.#options.onState?.(state);
  }
}
