// The journey of every event through the bus, as data: received, each rule matched or not (with the reasons,
// field by field), each target attempt and its outcome, retries, dead-lettering. The workbench draws it and
// lesson checks read it. Only the most recent journeys are kept, so a long run cannot exhaust memory.

import type { FieldReason } from './pattern/index.ts';

export type TraceStep =
  | { type: 'received'; time: number; bus: string; source: string; detailType: string; replayName?: string }
  | { type: 'rule'; time: number; rule: string; matched: boolean; reasons?: readonly FieldReason[] }
  | { type: 'attempt'; time: number; rule: string; targetId: string; targetArn: string; attempt: number; ok: boolean; errorCode?: string; errorMessage?: string }
  | { type: 'retry-scheduled'; time: number; rule: string; targetId: string; attempt: number; at: number }
  | { type: 'dead-lettered'; time: number; rule: string; targetId: string; queueArn: string; sent: boolean; exhausted?: string }
  | { type: 'dropped'; time: number; rule: string; targetId: string; reason: string };

export interface Journey {
  eventId: string;
  steps: TraceStep[];
}

const MAX_STEPS_PER_JOURNEY = 2_000;

export class Trace {
  readonly #journeys = new Map<string, Journey>();
  readonly #listeners = new Set<(eventId: string, step: TraceStep) => void>();
  readonly limit: number;

  constructor(limit = 5_000) {
    this.limit = limit;
  }

  record(eventId: string, step: TraceStep): void {
    let journey = this.#journeys.get(eventId);
    if (!journey) {
      journey = { eventId, steps: [] };
      this.#journeys.set(eventId, journey);
      if (this.#journeys.size > this.limit) this.#journeys.delete(this.#journeys.keys().next().value!);
    }
    // A journey is bounded too: a day of retries to a failing target is 186 attempts, far below this.
    if (journey.steps.length >= MAX_STEPS_PER_JOURNEY) return;
    journey.steps.push(step);
    for (const listener of this.#listeners) listener(eventId, step);
  }

  journey(eventId: string): Journey | undefined {
    return this.#journeys.get(eventId);
  }

  journeys(): Journey[] {
    return [...this.#journeys.values()];
  }

  /** Calls `listener` for every step recorded from now on; returns a function that stops it. */
  subscribe(listener: (eventId: string, step: TraceStep) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#journeys.clear();
  }
}
