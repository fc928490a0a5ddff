// The REST-JSON protocol of the services the SDK reaches by path (EventBridge Scheduler, EventBridge Pipes): a
// request is routed by its method and path, its input gathered from the JSON body, the query string and the path
// segment that names the resource, and the answer (or the error) written back as the service's SDK client reads it.

import { AwsServiceError } from '../errors.ts';
import { checkShape, type Shape } from './shapes.ts';
import { asServiceError, parseBody, type WireRequest, type WireResponse } from './wire.ts';

export interface RestRoute<Service> {
  method: string;
  /** Path segments; `*` takes one URL-encoded segment, the resource's name or ARN. */
  path: string[];
  /** The body's shape (POST and PUT). */
  body?: Shape;
  /** Query parameters → request members; `*` lists take every value of a repeated parameter. */
  query?: Record<string, string>;
  /** Which request member the `*` segment fills. */
  label?: string;
  call: (service: Service, input: Record<string, unknown>) => unknown;
}

export interface RestJsonApi<Service> {
  /** How the service is named in a refusal of an unknown route: "the Pipes API". */
  name: string;
  routes: readonly RestRoute<Service>[];
  /** Query members that are integers on the wire (`Limit`, `MaxResults`). */
  integers: readonly string[];
  /** The error body the service's SDK reads its message from (Scheduler: `Message`, Pipes: `message`). */
  errorBody: (message: string) => Record<string, string>;
  /** The error's type as the service names it in `x-amzn-errortype`. */
  errorType?: (name: string) => string;
}

export function handleRestJson<Service>(api: RestJsonApi<Service>, service: Service, request: WireRequest, requestId: string): WireResponse {
  try {
    const method = (request.method ?? 'POST').toUpperCase();
    const [rawPath = '', queryText = ''] = (request.path ?? '/').split('?', 2);
    const segments = rawPath.split('/').filter(Boolean).map(decodeSegment);
    const route = api.routes.find((r) => r.method === method && r.path.length === segments.length && r.path.every((p, i) => p === '*' || p === segments[i]));
    if (!route) throw new AwsServiceError('UnknownOperationException', `The simulator does not answer ${method} ${rawPath} in ${api.name}.`, 404);
    const input: Record<string, unknown> = {};
    if (route.body) {
      Object.assign(input, parseBody(request.body));
      checkShape(input, route.body, '');
    }
    const query = new URLSearchParams(queryText);
    for (const [parameter, member] of Object.entries(route.query ?? {})) {
      if (member.startsWith('*')) {
        const values = query.getAll(parameter);
        if (values.length > 0) input[member.slice(1)] = values;
      } else {
        const value = query.get(parameter);
        if (value !== null) input[member] = api.integers.includes(member) ? integer(parameter, value) : value;
      }
    }
    if (route.label) input[route.label] = segments[route.path.indexOf('*')];
    const answer = route.call(service, input);
    return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, body: JSON.stringify(answer ?? {}, toWire) };
  } catch (error) {
    const serviceError = asServiceError(error);
    return {
      status: serviceError.httpStatus,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': api.errorType?.(serviceError.name) ?? serviceError.name },
      body: JSON.stringify(api.errorBody(serviceError.message)),
    };
  }
}

function integer(parameter: string, text: string): number {
  const value = Number(text);
  // Wording not confirmed against AWS.
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) throw new AwsServiceError('SerializationException', `Expected an integer for the query parameter ${parameter}, got ${JSON.stringify(text)}.`);
  return value;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AwsServiceError('ValidationException', `Invalid path segment ${segment}.`);
  }
}

/** Timestamps travel as epoch seconds in REST-JSON bodies. */
function toWire(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Date ? original.getTime() / 1000 : value;
}
