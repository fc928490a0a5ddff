// What the workbench does, without the page: the learner's account (one LessonRunner), the last action's picture of
// it for Flow, and the actions the toolbar offers (send, run, fast-forward, check, reset, the failure switches),
// one at a time. The page (ui.tsx) turns clicks into these actions; the panels redraw from its state (view.ts); tests drive
// the same actions in Node (controller.test.ts).

import type { SandboxHost } from '../lambda/host/host.ts';
import type { FailureSwitchSpec, FunctionSpec } from '../lessons/architecture.ts';
import { LessonFileError } from '../lessons/build.ts';
import { runChecks, type CheckResult } from '../lessons/checks.ts';
import { envelopeOf, readComposer, type ComposedEvent } from './composer.ts';
import type { WorkbenchLesson } from './lesson-files.ts';
import { downstreamNow, type DownstreamNode, type FlowState } from './flow-state.ts';
import { LessonRunner } from './runner.ts';
import type { LessonSession } from './session.ts';

/** An event the learner sent, as the composer held it, and what became of it. */
export interface SentEvent {
  /** 1 for the first event sent on this page, and so on. */
  readonly number: number;
  /** The composer's text as it was sent. */
  readonly text: string;
  /** The account's virtual time when it was sent. */
  readonly at: number;
  /** What became of it, in a few words: the rules it matched, or PutEvents's refusal. */
  readonly outcome: string;
}

export interface WorkbenchState {
  /** What Flow draws for the last action: its event's path, the invocations it caused, or a note. */
  readonly flow: FlowState;
  /** The downstream resources as the last action found them, so the panels can light what it changed. */
  readonly before: Omit<DownstreamNode, 'changed'>[];
  /** The account's virtual time when it was built: the metrics count from here. */
  readonly startedAt?: number;
  /** A send, run or fast-forward is under way: the actions that would race it wait. */
  readonly busy: boolean;
  /** The checks are running. */
  readonly checking: boolean;
  /** The last Check's outcome: its results (with `note`, why the lesson could not be marked complete), or why it could not run. */
  readonly checks?: { readonly results: readonly CheckResult[]; readonly note?: string } | { readonly error: string };
  /** Why the event or the learner's files could not be used, as the learner should read it ('' when nothing is wrong). */
  readonly problem: string;
  /** Every event sent from this page, the first first: it outlives the accounts that files' changes replace. */
  readonly history: readonly SentEvent[];
  /** The last action's outcome in a sentence, for a screen reader: a new object each time, so that saying the same twice is news. */
  readonly announcement?: { readonly text: string };
}

/** How often, while an action runs, the account is looked at for news (a function starting, a line logged). */
const ACTIVITY_MS = 100;

export class WorkbenchController {
  readonly #lesson: WorkbenchLesson;
  readonly #host: SandboxHost;
  readonly #files: () => Record<string, string>;
  readonly #runner: LessonRunner;
  readonly #listeners = new Set<() => void>();
  #state: WorkbenchState = { flow: {}, before: [], busy: false, checking: false, problem: '', history: [] };

  /** `files` answers the learner's files as they are now: each action builds on them. */
  constructor(lesson: WorkbenchLesson, host: SandboxHost, files: () => Record<string, string>) {
    this.#lesson = lesson;
    this.#host = host;
    this.#files = files;
    this.#runner = new LessonRunner(lesson, host);
  }

  get state(): WorkbenchState {
    return this.#state;
  }

  /** The running account, if any: what the panels show. */
  get session(): LessonSession | undefined {
    return this.#runner.current;
  }

  /** Calls `listener` after every change of state, and while an action runs, whenever the account has news. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Puts the composed event on the bus (PutEvents), building the account for the current files first. */
  send(eventText: string): Promise<void> {
    return this.#act(async () => {
      const event = this.#composed(eventText);
      const session = event.ok ? this.#sessionNow() : undefined;
      if (!event.ok || !session) return;
      const earlier = session.invocations.length;
      const at = session.now;
      const result = await session.send(event.entry);
      if (!result.ok) {
        const note = `PutEvents refused the event: ${result.errorCode}: ${result.errorMessage}`;
        return this.#set({ flow: { note }, problem: note, history: this.#sent(eventText, at, `refused: ${result.errorCode}`) });
      }
      const matched = result.journey?.steps.filter((step) => step.type === 'rule' && step.matched).length ?? 0;
      this.#set({
        history: this.#sent(eventText, at, `${matched} rule${matched === 1 ? '' : 's'} matched`),
        flow: { ...(result.journey ? { journey: result.journey } : {}), invocations: session.invocations.slice(earlier) },
        announcement: { text: `Event sent; ${matched} rule${matched === 1 ? '' : 's'} matched.` },
      });
    });
  }

  /** Sends again an event sent before (its number in `history`), as it was then. */
  sendAgain(number: number): Promise<void> {
    const sent = this.#state.history[number - 1];
    return sent ? this.send(sent.text) : Promise.resolve();
  }

  /** What Run does with `file` open: invoke its function, or send the event when it is not a function's code. */
  describeRun(file: string): string {
    const fn = this.#functionIn(file);
    return !fn
      ? `Run sends the event, as Send event does: ${file} is not a function's code.`
      : this.#isTargeted(fn.name)
        ? `Run invokes ${fn.name} (${file}) directly with the event, as EventBridge would deliver it.`
        : `Run invokes ${fn.name} (${file}) with the event's Detail as its input.`;
  }

  /**
   * Invokes the function whose code is `file` with the composed event: as EventBridge delivers it when a rule targets
   * that function, else its Detail alone (a producer's input). A file that is no function's code sends the event.
   */
  run(file: string, eventText: string): Promise<void> {
    const fn = this.#functionIn(file);
    if (!fn) return this.send(eventText);
    return this.#act(async () => {
      const event = this.#composed(eventText);
      const session = event.ok ? this.#sessionNow() : undefined;
      if (!event.ok || !session) return;
      const earlier = session.invocations.length;
      const { cloud } = session.world;
      const input = this.#isTargeted(fn.name) ? envelopeOf(event.entry, { account: cloud.account, region: cloud.region, now: session.now }) : event.detail;
      const traced = new Set(cloud.events.trace?.journeys().map((j) => j.eventId));
      const result = await session.invoke(fn.name, input);
      await cloud.clock.advance(0);
      // A producer's run puts events on the bus: show the first one's path.
      const journey = cloud.events.trace?.journeys().find((j) => !traced.has(j.eventId));
      const failed = result.functionError ? `: it failed with ${result.error?.errorType}: ${result.error?.errorMessage}` : '';
      this.#set({
        flow: { ...(journey ? { journey } : { note: `Ran ${fn.name} directly${failed}.` }), invocations: session.invocations.slice(earlier) },
        announcement: { text: `${fn.name} ${result.functionError ? 'failed' : 'ran'}.` },
      });
    });
  }

  /** Moves the account's clock on to its next scheduled work (retries, schedules, pipe polls) and runs it. */
  fastForward(): Promise<void> {
    return this.#act(async () => {
      const session = this.#runner.current;
      if (!session) return;
      const from = session.now;
      await session.fastForward();
      const { journey } = this.#state.flow;
      const flow = journey ? { ...this.#state.flow, journey: session.journey(journey.eventId) ?? journey, invocations: session.invocations.filter((i) => i.at >= (journey.steps[0]?.time ?? 0)) } : this.#state.flow;
      this.#set({ flow, announcement: { text: `Fast-forwarded ${Math.round((session.now - from) / 1000)} seconds of virtual time.` } });
    });
  }

  /**
   * Runs the lesson's checks on the current files, each in an account of its own, as `npm test` grades them.
   * `onAllPassed` records the lesson as complete and returns why it could not, if it could not. Undefined while checks
   * already run, or when they could not start: that is kept in the state as its error, not thrown.
   */
  async check(onAllPassed?: () => string | undefined): Promise<CheckResult[] | undefined> {
    if (this.#state.checking) return undefined;
    this.#set({ checking: true });
    try {
      const results = await runChecks({ architecture: this.#lesson.architecture, checks: this.#lesson.checks, files: this.#files() }, this.#host);
      const note = results.every((r) => r.status === 'pass') ? onAllPassed?.() : undefined;
      this.#set({ checking: false, checks: { results, ...(note ? { note } : {}) } });
      return results;
    } catch (error) {
      this.#set({ checking: false, checks: { error: (error as Error).message } });
      return undefined;
    }
  }

  /** Turns one of the lesson's failure switches on or off, for the running account and every one built after. */
  setSwitch(spec: FailureSwitchSpec, on: boolean): void {
    this.#runner.setSwitch(spec, on);
  }

  /** The learner put another event in the composer: what was wrong with the last one no longer is. */
  clearProblem(): void {
    if (this.#state.problem !== '') this.#set({ problem: '' });
  }

  /** Ends the running account; the next action builds a fresh one. */
  reset(): void {
    this.#runner.discard();
    this.#set({ flow: {}, before: [], problem: '' });
  }

  /** Ends the running account and its sandboxes, for good. */
  dispose(): void {
    this.#runner.discard();
    this.#listeners.clear();
  }

  #sent(text: string, at: number, outcome: string): SentEvent[] {
    return [...this.#state.history, { number: this.#state.history.length + 1, text, at, outcome }];
  }

  /** The composed event, or why it cannot be sent (shown as the problem). */
  #composed(text: string): ComposedEvent {
    const event = readComposer(text);
    this.#set({ problem: event.ok ? '' : event.message });
    return event;
  }

  /** The account for the learner's current files; a file the build cannot use is reported, not thrown. */
  #sessionNow(): LessonSession | undefined {
    try {
      const { session, fresh } = this.#runner.sessionFor(this.#files());
      if (fresh) this.#set({ startedAt: session.now, flow: {}, before: downstreamNow(this.#lesson.architecture, session) });
      this.#runner.armSwitches();
      return session;
    } catch (error) {
      if (!(error instanceof LessonFileError)) throw error;
      this.#set({ flow: { note: `Your files cannot be deployed yet: ${error.message}` }, problem: error.message });
      return undefined;
    }
  }

  /** One action at a time on the account; while it runs, listeners hear of each function started and line logged. */
  async #act(action: () => Promise<void>): Promise<void> {
    if (this.#state.busy) return;
    this.#set({ busy: true, before: downstreamNow(this.#lesson.architecture, this.#runner.current) });
    let seen = this.#activity();
    const live = setInterval(() => {
      const now = this.#activity();
      if (now === seen) return;
      seen = now;
      this.#notify();
    }, ACTIVITY_MS);
    try {
      await action();
    } catch (error) {
      this.#set({ problem: (error as Error).message });
    } finally {
      clearInterval(live);
      this.#set({ busy: false });
    }
  }

  /** Changes whenever a function starts or ends or a line is logged: cheap to read, for redrawing only on news. */
  #activity(): string {
    const session = this.#runner.current;
    if (!session) return '';
    const { logs } = session.world.cloud;
    const lines = logs.groups().reduce((n, group) => n + logs.streams(group).reduce((m, stream) => m + stream.events.length, 0), 0);
    return `${session.invocations.length} ${lines}`;
  }

  /** The function whose handler lives in `file` (`handler.ts` for `handler.handler`). */
  #functionIn(file: string): FunctionSpec | undefined {
    return (this.#lesson.architecture.functions ?? []).find((fn) => `${fn.handler.slice(0, fn.handler.lastIndexOf('.'))}.ts` === file);
  }

  #isTargeted(name: string): boolean {
    return (this.#lesson.architecture.rules ?? []).some((rule) => rule.targets.some((t) => 'function' in t.to && t.to.function === name));
  }

  #set(change: Partial<WorkbenchState>): void {
    this.#state = { ...this.#state, ...change };
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
