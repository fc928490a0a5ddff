// One call of an API destination for one event, as EventBridge makes it.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
//
// The request: the destination's method and endpoint, each `*` in the endpoint replaced in turn by the target's
// HttpParameters.PathParameterValues, the target's and the connection's query string parameters, the target's
// and the connection's headers (the connection's win, as HttpParameters says:
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_HttpParameters.html), the connection's
// authorization header, and as body the event or the target's transformed input, with the connection's body
// parameters added when that body is a JSON object (a simulator reading of "body parameters").
// EventBridge's own headers ("Headers included in requests to API destinations"): User-Agent
// `Amazon/EventBridge/ApiDestinations`, Content-Type `application/json; charset=utf-8` unless a header parameter
// sets another (customizable since February 2024:
// https://aws.amazon.com/about-aws/whats-new/2024/02/amazon-eventbridge-api-destinations-content-type-header-customization/),
// Range `bytes=0-1048575`, Accept-Encoding `gzip,deflate`, Connection `close`, Content-Length and Host. Those
// last six are EventBridge's to set: a header parameter cannot replace them.
//
// The answer: 2xx delivers. 401, 407, 409, 429 and 5xx are retried under the target's retry policy; 1xx, 3xx
// and other 4xx are not ("API destination error codes"). A `Retry-After` header makes the next retry wait at least
// that long; a negative one stops the retries. No answer within 5 seconds is a timeout, retried. A host that
// cannot be reached is retried too. 401 and 407 also de-authorize a BASIC or API_KEY connection and make an
// OAuth connection fetch a new token (connections.ts). The DLQ error texts for a timeout and for an unreachable
// host are the ones AWS writes (seen in dead-letter messages); the texts for HTTP statuses are the simulator's.
//
// AWS needs an IAM role on the target (RoleArn) allowing events:InvokeApiDestination; the simulator has no IAM
// and calls the destination with or without one.

import type { HttpParameters } from '@aws-sdk/client-eventbridge';
import type { VirtualClock } from '../clock.ts';
import type { HttpExchange, HttpPort, TargetAnswer, TargetRequest, TargetResult } from '../ports.ts';
import { utf8Length } from '../utf8.ts';
import type { ApiDestination, ApiDestinations } from './api-destinations.ts';
import { HTTP_TIMEOUT_MS, withQuery, type Connection, type ConnectionCredentials, type Connections } from './connections.ts';

export interface InvokeDeps {
  clock: VirtualClock;
  destinations: ApiDestinations;
  connections: Connections;
  http: () => HttpPort;
}

const PREFIX = 'Unable to invoke ApiDestination endpoint: ';
/** Headers EventBridge sets on every call, whatever the header parameters say. */
const FIXED_HEADERS = ['user-agent', 'range', 'accept-encoding', 'connection', 'content-length', 'host'];

export function invokeApiDestination(deps: InvokeDeps, request: TargetRequest): TargetAnswer {
  const arn = request.target.Arn ?? '';
  const destination = deps.destinations.byArn(arn);
  if (!destination) return failed('RESOURCE_NOT_FOUND', `Target resource ${arn} does not exist.`, false);
  const sendAt = deps.destinations.book(destination);
  if (sendAt > deps.clock.now()) return { at: sendAt, next: () => call(deps, destination, request) };
  return call(deps, destination, request);
}

async function call(deps: InvokeDeps, destination: ApiDestination, request: TargetRequest): Promise<TargetResult | { at: number; next: () => TargetResult }> {
  const connection = deps.connections.byArn(destination.connectionArn);
  if (!connection) return failed('RESOURCE_NOT_FOUND', `${PREFIX}Connection ${destination.connectionArn} does not exist.`, false);
  const credentials = await deps.connections.credentials(connection);
  if ('refused' in credentials) return failed('SDK_CLIENT_ERROR', PREFIX + credentials.refused, credentials.retryable);
  const built = buildRequest(destination, request.target.HttpParameters, credentials, request.payload);
  if ('error' in built) return failed('SDK_CLIENT_ERROR', PREFIX + built.error, false);
  const exchange = await deps.http().send(built, { timeoutMs: HTTP_TIMEOUT_MS, purpose: `api-destination ${destination.name}` });
  const settle = () => outcome(deps, connection, exchange);
  return exchange.durationMs > 0 ? { at: deps.clock.now() + exchange.durationMs, next: settle } : settle();
}

/** The HTTP request EventBridge sends for one event, or why it cannot build one. */
export function buildRequest(
  destination: Pick<ApiDestination, 'invocationEndpoint' | 'httpMethod'>,
  parameters: HttpParameters | undefined,
  credentials: ConnectionCredentials,
  payload: string,
): { method: string; url: string; headers: Record<string, string>; body: string } | { error: string } {
  const values = [...(parameters?.PathParameterValues ?? [])];
  const wildcards = destination.invocationEndpoint.split('*').length - 1;
  if (values.length !== wildcards) {
    return { error: `The endpoint ${destination.invocationEndpoint} has ${wildcards} path wildcard(s) but the target gives ${values.length} PathParameterValues.` };
  }
  const endpoint = destination.invocationEndpoint.replace(/\*/g, () => values.shift()!);
  const url = withQuery(endpoint, { ...(parameters?.QueryStringParameters ?? {}), ...credentials.query });

  // Header names are case-insensitive: a later setting of the same name replaces an earlier one, keeping its spelling.
  const headers = new Map<string, [string, string]>();
  for (const [name, value] of [...Object.entries(parameters?.HeaderParameters ?? {}), ...Object.entries(credentials.headers)]) headers.set(name.toLowerCase(), [name, value]);
  const body = withBodyParameters(payload, credentials.body);
  const sent: Record<string, string> = {
    'User-Agent': 'Amazon/EventBridge/ApiDestinations',
    'Content-Type': headers.get('content-type')?.[1] ?? 'application/json; charset=utf-8',
    Range: 'bytes=0-1048575',
    'Accept-Encoding': 'gzip,deflate',
    Connection: 'close',
    'Content-Length': String(utf8Length(body)),
    Host: hostOf(url),
  };
  for (const [lower, [name, value]] of headers) if (lower !== 'content-type' && !FIXED_HEADERS.includes(lower)) sent[name] = value;
  return { method: destination.httpMethod, url, headers: sent, body };
}

/** What the answer means for the delivery, and for the connection. */
function outcome(deps: InvokeDeps, connection: Connection, exchange: HttpExchange): TargetResult {
  if (!exchange.ok) {
    return exchange.failure === 'timeout'
      ? failed('UNKNOWN', `${PREFIX}Timeout calling endpoint for API Destination: socket closed.`, true)
      : failed('SDK_CLIENT_ERROR', `${PREFIX}API destination endpoint cannot be reached.`, true);
  }
  const status = exchange.status;
  if (status >= 200 && status < 300) return { ok: true };
  if (status === 401 || status === 407) deps.connections.rejected(connection, status);
  const retryable = status === 401 || status === 407 || status === 409 || status === 429 || (status >= 500 && status < 600);
  const result = failed('SDK_CLIENT_ERROR', `${PREFIX}The endpoint answered HTTP ${status}.`, retryable);
  const retryAfter = retryAfterMs(exchange.headers, deps.clock.now());
  if (!retryable || retryAfter === undefined) return result;
  if (retryAfter < 0) return { ...result, retryable: false, errorMessage: `${result.errorMessage} Its Retry-After is negative: no more retries.` };
  return { ...result, retryAfterMs: retryAfter };
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1]?.trim();
  if (!value) return undefined;
  if (/^-?\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function withBodyParameters(payload: string, parameters: Record<string, string>): string {
  if (Object.keys(parameters).length === 0) return payload;
  try {
    const parsed: unknown = JSON.parse(payload);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return payload;
    return JSON.stringify({ ...parsed, ...parameters });
  } catch {
    return payload;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

type Failure = Extract<TargetResult, { ok: false }>;

const failed = (errorCode: string, errorMessage: string, retryable: boolean): Failure => ({ ok: false, errorCode, errorMessage, retryable });
