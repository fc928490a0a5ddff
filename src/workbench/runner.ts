// Keeps one lesson account alive between sends, so logs, metrics, emails and queues add up the way they would
// in a real account and a warm function stays warm; builds a fresh one when the learner's files changed (new
// code, a new pattern), as a deploy would. The failure switches the learner turned on apply to every build.

import type { SandboxHost } from '../lambda/host/host.ts';
import type { FailureSwitchSpec } from '../lessons/architecture.ts';
import type { WorkbenchLesson } from './lesson-files.ts';
import { LessonSession } from './session.ts';

export class LessonRunner {
  readonly #lesson: WorkbenchLesson;
  readonly #host: SandboxHost;
  readonly #switchesOn = new Set<FailureSwitchSpec>();
  #session: LessonSession | undefined;
  #builtFrom = '';

  constructor(lesson: WorkbenchLesson, host: SandboxHost) {
    this.#lesson = lesson;
    this.#host = host;
  }

  /** The running account, if any: what the panels show. */
  get current(): LessonSession | undefined {
    return this.#session;
  }

  /** The account for these files: the running one when they have not changed, else a fresh one (throws `LessonFileError`). */
  sessionFor(files: Readonly<Record<string, string>>): { session: LessonSession; fresh: boolean } {
    const key = JSON.stringify(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
    if (this.#session && key === this.#builtFrom) return { session: this.#session, fresh: false };
    this.discard();
    const session = new LessonSession(this.#lesson, files, this.#host);
    this.#session = session;
    this.#builtFrom = key;
    this.#apply(session);
    return { session, fresh: true };
  }

  setSwitch(spec: FailureSwitchSpec, on: boolean): void {
    if (on) this.#switchesOn.add(spec);
    else this.#switchesOn.delete(spec);
    if (this.#session) this.#apply(this.#session);
  }

  /** Before each send: a duplicate is handed over once per arming, so it is armed again for every event. */
  armSwitches(): void {
    if (this.#session) this.#apply(this.#session);
  }

  #apply(session: LessonSession): void {
    // A target takes one injected failure at a time: the switch turned on last wins.
    const byTarget = new Map<string, FailureSwitchSpec | undefined>();
    for (const spec of this.#lesson.architecture.failureSwitches ?? []) byTarget.set(session.world.arn(spec.target), byTarget.get(session.world.arn(spec.target)));
    for (const spec of this.#switchesOn) byTarget.set(session.world.arn(spec.target), spec);
    for (const [arn, spec] of byTarget) session.world.cloud.events.injectTargetFailure(arn, spec ? { mode: spec.mode } : undefined);
  }

  /** Ends the running account (its sandboxes too); the next send builds a new one. */
  discard(): void {
    this.#session?.dispose();
    this.#session = undefined;
    this.#builtFrom = '';
  }
}
