// A lesson running on the page: the lesson's account built from the learner's files, the learner's code in the
// sandbox, and events sent through the real AWS SDK client as a producer would, answered by the simulator.
// Sending runs what is due now (deliveries, first invocations); `fastForward` runs the clock on through retries,
// schedules and replays, so a learner sees a retry come a minute later, or skips ahead to it.

import { EventBridgeClient, PutEventsCommand, PutPartnerEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Journey } from '../bus/trace.ts';
import type { SandboxHost } from '../lambda/host/host.ts';
import type { InvocationResult } from '../lambda/lambda-service.ts';
import type { SampleEvent } from '../lessons/architecture.ts';
import { buildLesson, type LessonWorld } from '../lessons/build.ts';
import { isPartnerEntry, toEntry, toPartnerEntry } from '../lessons/checks.ts';
import { handleAwsRequest } from '../services/endpoint.ts';
import { localClient } from '../services/local-request-handler.ts';
import type { WorkbenchLesson } from './lesson-files.ts';

export type SendResult = { ok: true; eventId: string; journey: Journey | undefined } | { ok: false; errorCode: string; errorMessage: string };

export interface Invocation {
  functionName: string;
  result: InvocationResult;
  /** Virtual time the invocation ended. */
  at: number;
}

export class LessonSession {
  readonly world: LessonWorld;
  /** The real SDK client a producer would use, routed to this lesson's account. */
  readonly events: EventBridgeClient;
  /** Every invocation of the lesson's functions, in the order they ended. */
  readonly invocations: Invocation[] = [];

  /** Throws `LessonFileError` (naming the file) when the learner's files cannot build the lesson. */
  constructor(lesson: WorkbenchLesson, files: Readonly<Record<string, string>>, host: SandboxHost) {
    this.world = buildLesson(lesson.architecture, files, host, { startTime: Date.now() });
    this.events = localClient(EventBridgeClient, (request) => handleAwsRequest(this.world.cloud, request, this.world.cloud.newId()));
    this.world.lambda.onInvocation((functionName, result) => this.invocations.push({ functionName, result, at: this.now }));
  }

  /** Invokes a function directly and waits for it, as the Lambda console's Test button does. */
  invoke(functionName: string, event: unknown): Promise<InvocationResult> {
    return this.world.lambda.invoke(functionName, event);
  }

  /** Virtual time, ms since the epoch. */
  get now(): number {
    return this.world.cloud.clock.now();
  }

  /**
   * Puts one event on its bus and runs what is due now; PutEvents' own error for an entry it refuses. An event
   * whose Source is a partner event source is the partner's: it is sent with PutPartnerEvents, as the SaaS
   * partner would, and reaches the partner bus of its source.
   */
  async send(entry: PutEventsRequestEntry | SampleEvent): Promise<SendResult> {
    const request = 'entry' in entry ? toEntry(entry) : entry;
    const response = isPartnerEntry(this.world.cloud, request)
      ? await this.events.send(new PutPartnerEventsCommand({ Entries: [toPartnerEntry(request)] }))
      : await this.events.send(new PutEventsCommand({ Entries: [request] }));
    const result = response.Entries?.[0];
    if (!result?.EventId) return { ok: false, errorCode: result?.ErrorCode ?? 'InternalException', errorMessage: result?.ErrorMessage ?? 'PutEvents returned no result.' };
    await this.world.cloud.clock.advance(0);
    return { ok: true, eventId: result.EventId, journey: this.journey(result.EventId) };
  }

  /** Every rule the event met, matched or not and why, and each target's attempts; grows as the clock runs. */
  journey(eventId: string): Journey | undefined {
    return this.world.cloud.events.trace?.journey(eventId);
  }

  /** Runs the clock on until nothing is left to deliver, retry or replay. */
  fastForward(): Promise<void> {
    return this.world.cloud.clock.runUntilIdle();
  }

  /** A function's log lines, as CloudWatch Logs holds them (START, console lines, END, REPORT). */
  logs(functionName: string): string[] {
    return this.world.cloud.logs.events(`/aws/lambda/${functionName}`).map((event) => event.message);
  }

  dispose(): void {
    this.events.destroy();
    this.world.dispose();
  }
}
