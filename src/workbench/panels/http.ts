// The HTTP panel's rows (drawn by ./HttpPanel.tsx): every request the simulated account sent out of AWS (API
// destination calls, OAuth token requests), oldest first, as the simulated internet's journal holds it
// (src/services/http/internet.ts): when, why, the method and URL, the headers and body exactly as sent, then the
// answer or why none came (a timeout, an unreachable host). Retries are separate requests, so a learner sees each one
// EventBridge made.
//
// Secrets: the values a connection authenticates with (an API key, a basic-auth password, an OAuth client secret and
// the token it earns) are masked to their last four characters until the learner ticks "Show secret values", as
// Secrets Manager's console hides a secret until asked. The request itself went out with the whole value.

import type { LessonArchitecture } from '../../lessons/architecture.ts';
import type { HttpJournalEntry } from '../../services/http/internet.ts';
import { clockTime } from '../dom.ts';

/** One request as the panel shows it: every string already pretty-printed and, unless revealed, masked. */
export interface HttpRow {
  seq: number;
  purpose: string;
  sentAt: string;
  /** `201 Created after 0 ms`, `timed out after 5000 ms`, `unreachable`. */
  outcome: string;
  ok: boolean;
  method: string;
  url: string;
  requestHeaders: string;
  requestBody: string;
  response?: { status: string; headers: string; body: string };
  failure?: string;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  409: 'Conflict',
  413: 'Content Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** `201 Created`; a status without a well-known reason phrase stays a number. */
export const statusLine = (status: number): string => (REASONS[status] ? `${status} ${REASONS[status]}` : String(status));

/** JSON text indented for reading; anything else as it is. */
export function prettyBody(text: string): string {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** `fin-test-5f3c9a` → `•••••••••••3c9a`: the last four characters of a long value, none of a short one. */
export const maskSecret = (secret: string): string => (secret.length >= 8 ? '•'.repeat(secret.length - 4) + secret.slice(-4) : '•'.repeat(secret.length));

/** The values the lesson's connections authenticate with, as they appear in requests. */
export function connectionSecrets(architecture: LessonArchitecture): string[] {
  return (architecture.connections ?? []).flatMap(({ authorization: auth }) => {
    if ('apiKey' in auth) return [auth.apiKey.value];
    if ('basic' in auth) return [auth.basic.password, btoa(`${auth.basic.username}:${auth.basic.password}`)];
    return [auth.oauthClientCredentials.clientSecret, btoa(`${auth.oauthClientCredentials.clientId}:${auth.oauthClientCredentials.clientSecret}`)];
  });
}

/** The secrets to mask in `entries`: the connections' and any credential an Authorization header carried (an OAuth token). */
function secretsIn(entries: HttpJournalEntry[], known: string[]): string[] {
  const carried = entries.flatMap((entry) =>
    Object.entries(entry.request.headers).flatMap(([name, value]) => (name.toLowerCase() === 'authorization' ? [value.replace(/^\S+\s+/, '')] : [])),
  );
  // Longest first, so a secret inside another (a password inside its base64 pair cannot be, but a token could) is masked whole.
  return [...new Set([...known, ...carried])].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

/** The journal as rows to show; `reveal` shows secrets as they were sent. */
export function httpRows(entries: HttpJournalEntry[], options: { secrets: string[]; reveal: boolean }): HttpRow[] {
  const secrets = options.reveal ? [] : secretsIn(entries, options.secrets);
  const mask = (text: string) => secrets.reduce((out, secret) => out.split(secret).join(maskSecret(secret)), text);
  const headers = (values: Record<string, string>) =>
    Object.entries(values)
      .map(([name, value]) => `${name}: ${mask(value)}`)
      .join('\n');
  return entries.map((entry) => {
    const took = `after ${entry.completedAt - entry.sentAt} ms`;
    const failure = entry.failure;
    const response = entry.response;
    return {
      seq: entry.seq,
      purpose: entry.purpose,
      sentAt: clockTime(entry.sentAt),
      outcome: response ? `${statusLine(response.status)} ${took}` : failure?.kind === 'timeout' ? `timed out ${took}` : failure ? 'unreachable' : 'waiting for an answer',
      ok: response !== undefined && response.status >= 200 && response.status < 300,
      method: entry.request.method,
      url: mask(entry.request.url),
      requestHeaders: headers(entry.request.headers),
      requestBody: mask(prettyBody(entry.request.body)),
      ...(response ? { response: { status: statusLine(response.status), headers: headers(response.headers), body: mask(prettyBody(response.body)) } } : {}),
      ...(failure ? { failure: failure.message } : {}),
    };
  });
}
