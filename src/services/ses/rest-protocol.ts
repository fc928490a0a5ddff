// The SESv2 API on the wire (AWS REST-JSON, `/v2/email/...`), as the AWS SDK v3 speaks it: the operation is
// the HTTP method and path, the identity or template name a URL-encoded path segment, the input a JSON body.
// Errors are the status, an `x-amzn-errortype` header and a `{"message": ...}` body, from which the SDK
// raises its typed exceptions (MessageRejected, NotFoundException, ...).
// https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html

import { asServiceError } from '../../bus/api/wire.ts';
import { parseBody, type WireRequest, type WireResponse } from '../../bus/api/wire.ts';
import { AwsServiceError } from '../../bus/errors.ts';
import type { SesOutbox } from './outbox.ts';

export const SES_PATH_PREFIX = '/v2/email/';

interface Route {
  method: string;
  /** Path segments after /v2/email/; `*` takes one URL-encoded segment. */
  path: string[];
  call: (ses: SesOutbox, input: Record<string, unknown>, segments: string[]) => unknown;
}

const routes: Route[] = [
  { method: 'POST', path: ['outbound-emails'], call: (ses, input) => ses.sendEmail(withRawBytes(input) as never) },
  { method: 'POST', path: ['identities'], call: (ses, input) => ses.createEmailIdentity(input as never) },
  { method: 'GET', path: ['identities', '*'], call: (ses, _, [name]) => ses.getEmailIdentity({ EmailIdentity: name! }) },
  { method: 'DELETE', path: ['identities', '*'], call: (ses, _, [name]) => ses.deleteEmailIdentity({ EmailIdentity: name! }) },
  // SDKs since 2025 list with a POST; older ones with a GET and query parameters.
  { method: 'POST', path: ['list-identities'], call: (ses, input) => ses.listEmailIdentities(input as never) },
  { method: 'GET', path: ['identities'], call: (ses, input) => ses.listEmailIdentities(input as never) },
  { method: 'POST', path: ['templates'], call: (ses, input) => ses.createEmailTemplate(input as never) },
  { method: 'GET', path: ['templates', '*'], call: (ses, _, [name]) => ses.getEmailTemplate({ TemplateName: name! }) },
  { method: 'DELETE', path: ['templates', '*'], call: (ses, _, [name]) => ses.deleteEmailTemplate({ TemplateName: name! }) },
];

export function handleSesRequest(ses: SesOutbox, request: WireRequest, requestId: string): WireResponse {
  try {
    const method = (request.method ?? 'POST').toUpperCase();
    const [rawPath = '', query = ''] = (request.path ?? '/').split('?', 2);
    if (!rawPath.startsWith(SES_PATH_PREFIX)) throw unknownOperation(method, rawPath);
    const segments = rawPath.slice(SES_PATH_PREFIX.length).split('/').filter(Boolean).map(decodeSegment);
    const route = routes.find((r) => r.method === method && r.path.length === segments.length && r.path.every((p, i) => p === '*' || p === segments[i]));
    if (!route) throw unknownOperation(method, rawPath);
    const input = method === 'GET' || method === 'DELETE' ? queryInput(query) : parseBody(request.body);
    const answer = route.call(ses, input, segments.filter((_, i) => route.path[i] === '*'));
    return { status: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId }, body: JSON.stringify(answer ?? {}) };
  } catch (error) {
    const serviceError = asServiceError(error);
    // The REST-JSON error body carries only the message; the type travels in the header.
    const name = serviceError.name === 'InternalException' ? 'InternalServiceErrorException' : serviceError.name;
    return {
      status: serviceError.httpStatus,
      headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': name },
      body: JSON.stringify({ message: serviceError.message }),
    };
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AwsServiceError('BadRequestException', `Invalid path segment ${segment}.`);
  }
}

/** Blobs travel base64-encoded in JSON: Content.Raw.Data becomes bytes again. */
function withRawBytes(input: Record<string, unknown>): Record<string, unknown> {
  const raw = (input.Content as { Raw?: { Data?: unknown } } | undefined)?.Raw;
  if (raw && typeof raw.Data === 'string') {
    let binary: string;
    try {
      binary = atob(raw.Data);
    } catch {
      throw new AwsServiceError('BadRequestException', 'Raw message data is not valid base64.');
    }
    raw.Data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }
  return input;
}

/** Query parameters of the older GET list call (PageSize, NextToken). */
function queryInput(query: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(query)) input[key] = key === 'PageSize' ? Number(value) : value;
  return input;
}

const unknownOperation = (method: string, path: string) =>
  new AwsServiceError('UnknownOperationException', `The simulator does not answer ${method} ${path}; it models SendEmail, the email identity and the email template operations.`, 404);
