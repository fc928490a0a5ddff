// One virtual clock for the whole simulation. Nothing in src/bus reads the wall clock: deliveries, retries,
// schedules and replays are tasks on this clock, so a run is deterministic and a learner can fast-forward a
// day of retries in an instant. Tasks due at the same instant start in the order they were scheduled and run
// together: two Lambda invocations delivered at one instant overlap, as on AWS. A task scheduled for that same
// instant while they run starts after them.

export type Task = () => void | Promise<void>;

interface Entry {
  at: number;
  seq: number;
  task: Task;
  /** Recurring work (schedules) that never lets the simulation become idle; `runUntilIdle` does not wait for it. */
  background: boolean;
  /** Cancelled after it left the heap for the batch of its instant, before it ran. */
  cancelled?: boolean;
}

export interface TimerHandle {
  readonly at: number;
  readonly seq: number;
}

const YIELD_EVERY = 10_000;
/** Far more than any lesson needs; reached only when something keeps triggering itself without time passing. */
export const MAX_TASKS_AT_ONE_INSTANT = 1_000_000;

export class RunawayLoopError extends Error {
  constructor(at: number) {
    super(
      `More than ${MAX_TASKS_AT_ONE_INSTANT.toLocaleString('en')} deliveries happened at ${new Date(at).toISOString()} without time moving on: ` +
        'something is triggering itself in a loop, such as a function that puts events its own rule matches. The simulation stopped.',
    );
    this.name = 'RunawayLoopError';
  }
}

/** 2026-01-01T00:00:00Z: a fixed default start so two runs print the same times. */
export const DEFAULT_START = Date.UTC(2026, 0, 1);

export class VirtualClock {
  #now: number;
  #seq = 0;
  /** A binary min-heap ordered by (at, seq). Cancelled entries stay until they surface, then are skipped. */
  #heap: Entry[] = [];
  #cancelled = new Set<number>();
  #foreground = 0;
  #running = false;
  /** The tasks of the instant being run, taken from the heap, not yet started. */
  #batch: Entry[] = [];

  constructor(startEpochMs: number = DEFAULT_START) {
    this.#now = startEpochMs;
  }

  /** Milliseconds since the epoch, in virtual time. */
  now(): number {
    return this.#now;
  }

  /** Runs `task` at `epochMs` (or now, if that is in the past). */
  at(epochMs: number, task: Task, options: { background?: boolean } = {}): TimerHandle {
    const entry: Entry = { at: Math.max(epochMs, this.#now), seq: this.#seq++, task, background: options.background ?? false };
    if (!entry.background) this.#foreground++;
    this.#push(entry);
    return { at: entry.at, seq: entry.seq };
  }

  after(delayMs: number, task: Task, options: { background?: boolean } = {}): TimerHandle {
    return this.at(this.#now + Math.max(0, delayMs), task, options);
  }

  cancel(handle: TimerHandle): void {
    const waiting = this.#batch.find((e) => e.seq === handle.seq && !e.cancelled);
    if (waiting) {
      waiting.cancelled = true;
      if (!waiting.background) this.#foreground--;
      return;
    }
    const entry = this.#heap.find((e) => e.seq === handle.seq);
    if (!entry || this.#cancelled.has(entry.seq)) return;
    this.#cancelled.add(entry.seq);
    if (!entry.background) this.#foreground--;
  }

  /** Tasks waiting, not counting background ones. */
  get pending(): number {
    return this.#foreground;
  }

  /** When the next task is due, background included; undefined when nothing is scheduled. */
  get nextDue(): number | undefined {
    return this.#peek()?.at;
  }

  /** Moves time forward by `ms`, running every task due on the way, in order. */
  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `epochMs`, running every task due on the way, in order. */
  async advanceTo(epochMs: number): Promise<void> {
    await this.#drain(() => {
      const next = this.#peek();
      return next !== undefined && next.at <= epochMs;
    });
    if (epochMs > this.#now) this.#now = epochMs;
  }

  /**
   * Runs tasks, jumping time forward to each, until no foreground task is left: every delivery, retry and
   * replay has finished. Background tasks (schedules) due before then run too. `limitMs` bounds the jump.
   */
  async runUntilIdle(limitMs = 7 * 24 * 3600_000): Promise<void> {
    const deadline = this.#now + limitMs;
    await this.#drain(() => {
      if (this.#foreground === 0) return false;
      const next = this.#peek();
      return next !== undefined && next.at <= deadline;
    });
  }

  async #drain(hasNext: () => boolean): Promise<void> {
    if (this.#running) throw new Error('The virtual clock is already running: do not advance it from inside a task.');
    this.#running = true;
    let ran = 0;
    let atThisInstant = 0;
    try {
      while (hasNext()) {
        const batch = (this.#batch = [this.#pop()!]);
        while (this.#peek()?.at === batch[0]!.at) batch.push(this.#pop()!);
        const running: Promise<void>[] = [];
        while (batch.length > 0) {
          const entry = batch.shift()!;
          if (entry.cancelled) continue;
          if (!entry.background) this.#foreground--;
          atThisInstant = entry.at === this.#now ? atThisInstant + 1 : 0;
          if (atThisInstant > MAX_TASKS_AT_ONE_INSTANT) throw new RunawayLoopError(this.#now);
          this.#now = entry.at;
          const result = entry.task();
          if (result) running.push(result);
          ran++;
        }
        const failure = (await Promise.allSettled(running)).find((outcome) => outcome.status === 'rejected');
        if (failure) throw failure.reason;
        // Let the host breathe (a page stays responsive, a server answers Ctrl-C) during long runs.
        if (ran >= YIELD_EVERY) {
          ran = 0;
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      }
    } finally {
      this.#running = false;
      this.#batch = [];
    }
  }

  #peek(): Entry | undefined {
    while (this.#heap.length > 0 && this.#cancelled.has(this.#heap[0]!.seq)) {
      this.#cancelled.delete(this.#heap[0]!.seq);
      this.#removeTop();
    }
    return this.#heap[0];
  }

  #pop(): Entry | undefined {
    const top = this.#peek();
    if (top) this.#removeTop();
    return top;
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    let i = heap.push(entry) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  #removeTop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}

const before = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
