// The internet as the simulation sees it: HTTPS endpoints that lessons put up in process (a SaaS invoicing API,
// an OAuth token server), and a journal of every request the account sent out and what came back. EventBridge
// reaches it through its HttpPort (API destinations, OAuth token requests); nothing here touches the real
// network, so the same run gives the same answers in the page, a worker and vitest.
//
// Time is virtual: a responder may say it answers after `delayMs`, and a caller waiting at most `timeoutMs`
// (EventBridge waits 5 seconds for an API destination) sees a timeout instead. The responder itself runs when
// the request is sent; only its answer is held back. A host nobody serves fails as an unreachable host would
// (no DNS record, connection refused), with no HTTP status at all.

import type { VirtualClock } from '../../bus/clock.ts';
import type { HttpExchange, HttpPort, OutboundHttpRequest } from '../../bus/ports.ts';

/** What an endpoint receives. Header names are lower case, as Node and the Fetch API present them. */
export interface IncomingHttpRequest {
  method: string;
  url: string;
  /** The path without the query string, e.g. `/invoices/deal-42`. */
  path: string;
  /** The query string's parameters, decoded (the last value wins for a repeated key). */
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

/** What an endpoint answers; `delayMs` is how long it takes, in virtual milliseconds (default 0). */
export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

export type HttpResponder = (request: IncomingHttpRequest) => HttpResponse | Promise<HttpResponse>;

/** One outbound request and how it ended, as the journal keeps it. */
export interface HttpJournalEntry {
  /** 1 for the first request of the run. */
  seq: number;
  /** What sent it, e.g. `api-destination invoices` or `connection crm-oauth (token)`. */
  purpose: string;
  /** Virtual epoch ms when it was sent, and when its answer (or failure) arrived. */
  sentAt: number;
  completedAt: number;
  /** As sent: header names in the sender's spelling, secrets included (they are the learner's test values). */
  request: OutboundHttpRequest;
  response?: { status: number; headers: Record<string, string>; body: string };
  failure?: { kind: 'unreachable' | 'timeout'; message: string };
}

export class SimulatedInternet implements HttpPort {
  readonly #clock: VirtualClock;
  readonly #hosts = new Map<string, HttpResponder>();
  readonly #journal: HttpJournalEntry[] = [];

  constructor(clock: VirtualClock) {
    this.#clock = clock;
  }

  /**
   * Answers requests to `origin` (`https://invoices.example.com`, or with a port) with `responder`, replacing any
   * responder it had. Every path under the origin reaches the same responder.
   */
  serve(origin: string, responder: HttpResponder): void {
    this.#hosts.set(originOf(origin), responder);
  }

  /** Takes `origin` off the internet: its requests fail as unreachable from now on. */
  stop(origin: string): void {
    this.#hosts.delete(originOf(origin));
  }

  /** Every request sent so far, oldest first (copies: changing them changes nothing). */
  requests(): HttpJournalEntry[] {
    return structuredClone(this.#journal);
  }

  async send(request: OutboundHttpRequest, options: { timeoutMs: number; purpose: string }): Promise<HttpExchange> {
    const sentAt = this.#clock.now();
    const entry: HttpJournalEntry = { seq: this.#journal.length + 1, purpose: options.purpose, sentAt, completedAt: sentAt, request: structuredClone(request) };
    this.#journal.push(entry);
    const fail = (kind: 'unreachable' | 'timeout', message: string, durationMs: number): HttpExchange => {
      entry.failure = { kind, message };
      entry.completedAt = sentAt + durationMs;
      return { ok: false, failure: kind, message, durationMs };
    };

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return fail('unreachable', `${request.url} is not a URL.`, 0);
    }
    const responder = this.#hosts.get(url.origin);
    if (!responder) return fail('unreachable', `${url.host} cannot be reached: no endpoint serves ${url.origin} in this simulation.`, 0);

    let response: HttpResponse;
    try {
      response = await responder({
        method: request.method,
        url: request.url,
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])),
        body: request.body,
      });
    } catch (error) {
      // A responder that throws is a server that dropped the connection without answering.
      return fail('unreachable', `${url.host} closed the connection: ${error instanceof Error ? error.message : String(error)}`, 0);
    }
    const delayMs = Math.max(0, response.delayMs ?? 0);
    if (delayMs > options.timeoutMs) return fail('timeout', `${url.host} did not answer within ${options.timeoutMs} ms.`, options.timeoutMs);
    const answer = { status: response.status, headers: { ...(response.headers ?? {}) }, body: response.body ?? '' };
    entry.response = structuredClone(answer);
    entry.completedAt = sentAt + delayMs;
    return { ok: true, ...answer, durationMs: delayMs };
  }
}

/** `https://Invoices.example.com/` → `https://invoices.example.com`. */
function originOf(origin: string): string {
  return new URL(origin).origin;
}
