// Graded checks: named requirements a lesson's solution meets ("sends one welcome email to the new user"),
// each run against a fresh simulated account built from the lesson's architecture with the chosen files. The
// same checks run for `npm test`, `npm run grade` and the workbench's Check button.
//
// A failing check says what was expected and what happened, names the hint to read, and, when one of the
// learner's functions threw, shows that error at the learner's own line.

import type { PutEventsRequestEntry, PutEventsResponse, PutEventsResultEntry, PutPartnerEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { explain, renderExplanation, testEventPattern } from '../bus/pattern/index.ts';
import type { EventEnvelope } from '../bus/envelope.ts';
import { buildEvent } from '../bus/put-events/index.ts';
import type { Journey } from '../bus/trace.ts';
import type { SandboxHost } from '../lambda/host/host.ts';
import type { InvocationResult } from '../lambda/lambda-service.ts';
import type { Cloud } from '../services/cloud.ts';
import type { HttpJournalEntry } from '../services/http/internet.ts';
import type { SentEmail } from '../services/ses/outbox.ts';
import type { LessonArchitecture, SampleEvent } from './architecture.ts';
import { buildLesson, LessonFileError, type LessonWorld } from './build.ts';

export interface Check<Hint extends string = string> {
  /** The requirement, as a learner reads it on the scoreboard: "sends one welcome email to the new user". */
  name: string;
  /** The name of the hint that helps when this check fails. */
  hint?: NoInfer<Hint>;
  /**
   * The lesson's architecture as this check wants it built, when it varies the configuration (another sender
   * address, say) so that an answer that hard-codes the sample's value fails. Gets a copy it may change.
   */
  arrange?(architecture: LessonArchitecture): LessonArchitecture;
  /** Another account and Region than the default ones, so an answer that pins the sample's account fails. */
  deployedTo?: { account: string; region: string };
  run(t: CheckContext): void | Promise<void>;
}

export interface LessonChecks<Hint extends string = string> {
  /** Progressive hints by name, in order from gentle to specific: each asks a question that leads towards the fix. */
  hints: Record<Hint, string>;
  checks: Check<Hint>[];
}

/** A lesson's checks; a check's `hint` must name one of `hints` (the type checker says so). */
export const defineChecks = <const Hint extends string>(checks: LessonChecks<Hint>): LessonChecks => checks as unknown as LessonChecks;

/** A requirement not met: `message` says what was expected and what happened. */
export class CheckFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailure';
  }
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'error';
  message?: string;
  hint?: string;
}

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, null, 0) ?? String(value));

/** JSON with every object's keys sorted: two values are equal as data when these match (key order is not data). */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );

/** Assertions whose failures read as plain statements: "Expected the number of welcome emails to be 1, but it was 0." */
export function expectThat<T>(actual: T, what: string) {
  const fail = (expectation: string) => {
    throw new CheckFailure(`Expected ${what} ${expectation}, but it was ${show(actual)}.`);
  };
  return {
    toBe(expected: T) {
      if (!Object.is(actual, expected)) fail(`to be ${show(expected)}`);
    },
    toEqual(expected: unknown) {
      if (canonical(actual) !== canonical(expected)) fail(`to be ${show(expected)}`);
    },
    toContain(expected: unknown) {
      const found = typeof actual === 'string' ? actual.includes(String(expected)) : Array.isArray(actual) && actual.some((item) => canonical(item) === canonical(expected));
      if (!found) fail(`to contain ${show(expected)}`);
    },
    toMatch(pattern: RegExp) {
      if (typeof actual !== 'string' || !pattern.test(actual)) fail(`to match ${pattern}`);
    },
    toBeAtLeast(n: number) {
      if (typeof actual !== 'number' || actual < n) fail(`to be at least ${n}`);
    },
    toBeTruthy() {
      if (!actual) fail('to be set');
    },
  };
}

export class CheckContext {
  readonly world: LessonWorld;
  readonly #invocations: { functionName: string; result: InvocationResult }[] = [];

  constructor(world: LessonWorld) {
    this.world = world;
    world.lambda.onInvocation((functionName, result) => this.#invocations.push({ functionName, result }));
  }

  get cloud() {
    return this.world.cloud;
  }

  /** A sample event of the lesson's architecture, by name, as a PutEvents entry; `detail` replaces fields of its detail. */
  sample(name: string, detail: Record<string, unknown> = {}): PutEventsRequestEntry {
    const sample = this.world.architecture.sampleEvents.find((s) => s.name === name);
    if (!sample) throw new Error(`The lesson has no sample event named "${name}".`);
    return toEntry(sample, detail);
  }

  /**
   * PutEvents, as a producer would; delivery happens as the clock runs (see `settle`). An entry whose Source is a
   * partner event source (a lesson's `partnerSources`) is the partner's to send: it goes through PutPartnerEvents
   * instead, to that source's partner bus. The answer lists the entries in the order given either way.
   */
  putEvents(...entries: PutEventsRequestEntry[]): PutEventsResponse {
    return putEntries(this.cloud, entries);
  }

  /** PutPartnerEvents, as the SaaS partner sends its events; they reach the partner bus of their source, if it is active. */
  putPartnerEvents(...entries: PutEventsRequestEntry[]): PutEventsResponse {
    return this.cloud.events.putPartnerEvents({ Entries: entries.map(toPartnerEntry) });
  }

  /**
   * The requests sent to HTTP endpoints outside AWS (API destinations' calls, OAuth token requests), oldest first,
   * with their answers; only those to `origin` (`https://invoices.example.com`) when given.
   */
  httpRequests(origin?: string): HttpJournalEntry[] {
    const wanted = origin === undefined ? undefined : new URL(origin).origin;
    return this.cloud.http.requests().filter((entry) => wanted === undefined || originOf(entry.request.url) === wanted);
  }

  /** What the lesson's HTTP endpoint at `origin` printed with console.* while answering, oldest first. */
  endpointPrinted(origin: string): string[] {
    const endpoint = this.world.endpoints.get(new URL(origin).origin);
    if (!endpoint) throw new Error(`The lesson has no HTTP endpoint at ${origin}.`);
    return [...endpoint.printed];
  }

  /** Puts the events and lets every delivery, retry and invocation they cause run to the end. */
  async send(...entries: PutEventsRequestEntry[]): Promise<PutEventsResponse> {
    const response = this.putEvents(...entries);
    await this.settle();
    return response;
  }

  /** Puts any number of entries, ten to a PutEvents call as AWS allows, then lets everything they cause run. */
  async sendAll(entries: PutEventsRequestEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 10) this.putEvents(...entries.slice(i, i + 10));
    await this.settle();
  }

  /** Runs the virtual clock until nothing is left to deliver or retry. */
  settle(): Promise<void> {
    return this.cloud.clock.runUntilIdle();
  }

  advance(ms: number): Promise<void> {
    return this.cloud.clock.advance(ms);
  }

  invoke(functionName: string, event: unknown): Promise<InvocationResult> {
    return this.world.lambda.invoke(functionName, event);
  }

  /** The lines a function logged, in order: START, console lines, END, REPORT, as CloudWatch Logs holds them. */
  logs(functionName: string): string[] {
    return this.cloud.logs.events(`/aws/lambda/${functionName}`).map((e) => e.message);
  }

  /**
   * Just what the function's code printed with console.*, without the timestamp, request id and level, and
   * without the lines the runtime itself writes about errors.
   */
  printed(functionName: string): string[] {
    return this.logs(functionName)
      .flatMap((line) => /^\S+Z\t\S+\t(?:INFO|WARN|ERROR|DEBUG|TRACE)\t([\s\S]*)$/.exec(line)?.slice(1, 2) ?? [])
      .filter((text) => !/^(?:Invoke Error|Uncaught Exception) \t\{/.test(text) && !/^RequestId: \S+ Error: Runtime exited/.test(text));
  }

  outbox(): SentEmail[] {
    return this.cloud.ses.outbox();
  }

  /** Message bodies waiting in a queue, oldest first. */
  queue(name: string): string[] {
    return this.cloud.sqs.peek(name).map((m) => m.body);
  }

  /** A table's items as plain objects. */
  table(name: string): Record<string, unknown>[] {
    return this.cloud.dynamodb.items(name).map((item) => unmarshall(item as never));
  }

  /** The sum of a metric over all time. */
  metric(namespace: string, name: string, dimensions: Record<string, string> = {}): number {
    return this.cloud.metrics.sum({ namespace, name, dimensions });
  }

  journey(eventId: string): Journey | undefined {
    return this.cloud.events.trace?.journey(eventId);
  }

  /** Whether the pattern text matches the event, and the reasons field by field (for failure messages). */
  /** The event a rule sees for a PutEvents entry: the envelope EventBridge builds around it (for `match`). */
  envelope(entry: PutEventsRequestEntry): EventEnvelope {
    const built = buildEvent(entry, { id: '00000000-0000-4000-8000-000000000000', account: this.cloud.account, region: this.cloud.region, now: new Date(this.cloud.clock.now()) });
    if (!('event' in built)) throw new Error(`PutEvents would refuse this entry: ${built.ErrorCode}: ${built.ErrorMessage}`);
    return built.event;
  }

  match(patternText: string, event: object): { matched: boolean; reasons: string } {
    const eventText = JSON.stringify(event);
    return { matched: testEventPattern(patternText, eventText), reasons: renderExplanation(explain(patternText, eventText)) };
  }

  /** The invocations that failed since the check began: the learner's errors, at their own lines. */
  functionErrors(): { functionName: string; result: InvocationResult }[] {
    return this.#invocations.filter((i) => i.result.functionError && !this.#expectedToFail.has(i.functionName));
  }

  /**
   * Takes every Lambda function target but these functions' off the lesson's rules (RemoveTargets), as if only these
   * consumers were deployed. For a check about one consumer of a fan-out: the others' execution environments are
   * never started, and nothing they do can make the check pass or fail.
   */
  deliverOnlyTo(...functionNames: string[]): void {
    const kept = new Set(functionNames.map((name) => this.world.arn({ function: name })));
    const events = this.cloud.events;
    for (const { Name: bus } of events.listEventBuses().EventBuses ?? []) {
      for (const { Name: rule } of events.listRules({ EventBusName: bus }).Rules ?? []) {
        const targets = events.listTargetsByRule({ Rule: rule!, EventBusName: bus }).Targets ?? [];
        const others = targets.filter(({ Arn }) => Arn!.startsWith('arn:aws:lambda:') && !kept.has(Arn!));
        if (others.length > 0) events.removeTargets({ Rule: rule!, EventBusName: bus, Ids: others.map(({ Id }) => Id!) });
      }
    }
  }

  /** Says that a function's failures are part of the check (it was broken on purpose), not the learner's error. */
  expectFailuresOf(functionName: string): void {
    this.#expectedToFail.add(functionName);
  }

  readonly #expectedToFail = new Set<string>();

  expect<T>(actual: T, what: string) {
    return expectThat(actual, what);
  }

  fail(message: string): never {
    throw new CheckFailure(message);
  }
}

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** A PutEvents entry as the partner sends it: PutPartnerEvents has no EventBusName (the source names the bus). */
export function toPartnerEntry(entry: PutEventsRequestEntry): PutPartnerEventsRequestEntry {
  const { EventBusName: _bus, TraceHeader: _trace, ...partner } = entry;
  return partner;
}

/** Whether the entry is a partner's event: its Source is a partner event source offered to the account. */
export const isPartnerEntry = (cloud: Cloud, entry: PutEventsRequestEntry): boolean => entry.Source !== undefined && cloud.events.partnerSources.has(entry.Source);

/** PutEvents for the account's own entries, PutPartnerEvents for the partners', answered in the order given. */
export function putEntries(cloud: Cloud, entries: PutEventsRequestEntry[]): PutEventsResponse {
  const partner = entries.map((entry) => isPartnerEntry(cloud, entry));
  if (!partner.some(Boolean)) return cloud.events.putEvents({ Entries: entries });
  const own = entries.filter((_, i) => !partner[i]);
  const theirs = entries.filter((_, i) => partner[i]);
  const ownAnswer = own.length > 0 ? cloud.events.putEvents({ Entries: own }) : { FailedEntryCount: 0, Entries: [] };
  const theirAnswer = cloud.events.putPartnerEvents({ Entries: theirs.map(toPartnerEntry) });
  const ownResults = [...(ownAnswer.Entries ?? [])];
  const theirResults = [...(theirAnswer.Entries ?? [])];
  const results: PutEventsResultEntry[] = partner.map((p) => (p ? theirResults.shift()! : ownResults.shift()!));
  return { FailedEntryCount: (ownAnswer.FailedEntryCount ?? 0) + (theirAnswer.FailedEntryCount ?? 0), Entries: results };
}

/** A sample event as a PutEvents entry, with some detail fields replaced. */
export function toEntry(sample: SampleEvent, detail: Record<string, unknown> = {}): PutEventsRequestEntry {
  const { Detail, ...rest } = sample.entry;
  return { ...rest, Detail: JSON.stringify({ ...Detail, ...detail }) };
}

export interface LessonUnderCheck {
  architecture: LessonArchitecture;
  checks: LessonChecks;
  files: Readonly<Record<string, string>>;
}

/** Runs every check of a lesson, each in a fresh account, and says how each went. */
export async function runChecks(lesson: LessonUnderCheck, host: SandboxHost): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of lesson.checks.checks) results.push(await runCheck(lesson, check, host));
  return results;
}

export async function runCheck(lesson: LessonUnderCheck, check: Check, host: SandboxHost): Promise<CheckResult> {
  const hint = check.hint === undefined ? undefined : lesson.checks.hints[check.hint];
  const architecture = check.arrange ? check.arrange(structuredClone(lesson.architecture)) : lesson.architecture;
  // A hint helps with a requirement not met; not with a check that broke, nor with code that does not load.
  const withHint = (result: CheckResult): CheckResult => (hint && result.status === 'fail' ? { ...result, hint } : result);
  let world: LessonWorld;
  try {
    world = buildLesson(architecture, lesson.files, host, check.deployedTo ?? {});
  } catch (error) {
    // The lesson's files could not be built into the account: a pattern AWS refuses, a transformer that is not
    // JSON. An AWS 400 from the lesson's own architecture.ts is the lesson author's, but reads the same way.
    // No hint: the message names the file and what is wrong with it, and a hint written for the check's
    // requirement may be about another file altogether.
    if (error instanceof LessonFileError || (error as { httpStatus?: number }).httpStatus === 400) {
      return { name: check.name, status: 'fail', message: buildProblem(error as Error) };
    }
    return { name: check.name, status: 'error', message: `The simulator could not build the lesson: ${(error as Error).message}` };
  }
  const t = new CheckContext(world);
  try {
    await check.run(t);
    return { name: check.name, status: 'pass' };
  } catch (error) {
    if (!(error instanceof CheckFailure)) {
      return withHint({ name: check.name, status: 'error', message: `The check itself failed: ${(error as Error).stack ?? String(error)}` });
    }
    const thrown = t.functionErrors()[0];
    // Code that does not load fails every check the same way: say that first, where it is, without a hint.
    if (thrown && /^Runtime\.(UserCodeSyntaxError|ImportModuleError|HandlerNotFound|CallbackHandlerDeprecated)$/.test(thrown.result.error!.errorType)) {
      return { name: check.name, status: 'fail', message: `${describeFunctionError(thrown.functionName, thrown.result)}\n(So: ${error.message})` };
    }
    const cause = thrown ? `\n${describeFunctionError(thrown.functionName, thrown.result)}` : '';
    const leftRunning = callsAfterReturn(world);
    const result: CheckResult = { name: check.name, status: 'fail', message: `${error.message}${cause}${leftRunning}` };
    // A promise left running explains the failure better than a hint about the requirement can.
    return leftRunning ? result : withHint(result);
  } finally {
    world.dispose();
  }
}

/** A promise the handler left running explains many a "nothing happened": say so, naming the call. */
function callsAfterReturn(world: LessonWorld): string {
  const late = world.lambda.callsAfterReturn()[0];
  if (!late) return '';
  return (
    `\nThe function ${late.functionName} returned while its ${late.calls.join(' and ')} was still running: is an \`await\` missing? ` +
    'Lambda freezes the environment once the handler returns, so that call waits for a later invocation, if one ever comes.'
  );
}

function buildProblem(error: Error): string {
  if (error instanceof LessonFileError) return error.message;
  // AWS's own words for what it refused, e.g. "Event pattern is not valid. Reason: ..." for pattern.json.
  return `EventBridge refused the lesson's setup: ${error.name}: ${error.message}`;
}

function describeFunctionError(functionName: string, result: InvocationResult): string {
  const error = result.error!;
  const where = error.stack.find((line) => /^\s+at /.test(line))?.trim();
  return `The function ${functionName} failed: ${error.errorType}: ${error.errorMessage}${where ? ` (${where.replace(/^at /, '')})` : ''}`;
}
