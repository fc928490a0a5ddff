// AWS's JSON protocols (1.0 for SQS, 1.1 for EventBridge) as plain data: a POST whose `X-Amz-Target` header
// names the operation and whose body is a JSON object; errors as a 4xx/5xx with a `__type` body.
// https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html

import { AwsServiceError, InternalException } from '../errors.ts';
import { checkShape, type Shape } from './shapes.ts';

export interface WireRequest {
  /** `X-Amz-Target`, e.g. `AWSEvents.PutEvents`. */
  target: string | undefined;
  contentType: string | undefined;
  body: string;
  /** For REST protocols (SESv2): the HTTP method and the path with its query string. JSON RPC ignores them. */
  method?: string;
  path?: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function jsonResponse(contentType: string, value: unknown, requestId: string): WireResponse {
  return { status: 200, headers: { 'content-type': contentType, 'x-amzn-requestid': requestId }, body: JSON.stringify(value ?? {}, toWire) };
}

export function errorResponse(contentType: string, error: AwsServiceError, requestId: string, typePrefix = '', extraHeaders: Record<string, string> = {}): WireResponse {
  return {
    status: error.httpStatus,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.name, ...extraHeaders },
    body: JSON.stringify({ __type: `${typePrefix}${error.name}`, message: error.message }),
  };
}

/** Reads the body as a JSON object, or throws the SerializationException AWS answers with. */
export function parseBody(body: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new AwsServiceError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AwsServiceError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return value as Record<string, unknown>;
}

/** Timestamps travel as epoch seconds in JSON 1.x. */
function toWire(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  return original instanceof Date ? original.getTime() / 1000 : value;
}

export const unknownOperation = (target: string | undefined) =>
  new AwsServiceError('UnknownOperationException', target ? `The operation ${target} is not supported.` : 'The request has no X-Amz-Target header naming an operation.');

/** AWS errors pass through; anything else is a simulator bug, answered as AWS's InternalException. */
export function asServiceError(error: unknown): AwsServiceError {
  if (error instanceof AwsServiceError) return error;
  return new InternalException(`Simulator error: ${error instanceof Error ? error.message : String(error)}`);
}

/** An operation of a JSON RPC API: the service method that answers it, and its request members' shapes if checked. */
export type JsonOperation<S> = (keyof S & string) | { method: keyof S & string; input?: Shape };

/**
 * Answers a JSON RPC request (`X-Amz-Target: <prefix><Operation>`) by calling the method its operation names with
 * the decoded body. Throws AWS's UnknownOperationException, SerializationException, or what the method throws.
 */
export function invokeOperation<S extends object>(
  service: S,
  operations: Readonly<Record<string, JsonOperation<S>>>,
  prefix: string,
  request: WireRequest,
  prepare?: (input: Record<string, unknown>) => void,
): unknown {
  const name = request.target?.startsWith(prefix) ? request.target.slice(prefix.length) : undefined;
  const operation = name !== undefined && Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (!operation) throw unknownOperation(request.target);
  const { method, input: shape }: { method: keyof S & string; input?: Shape } = typeof operation === 'string' ? { method: operation } : operation;
  const input = parseBody(request.body);
  if (shape) checkShape(input, shape, '');
  prepare?.(input);
  return (service[method] as (input: unknown) => unknown).call(service, input);
}
