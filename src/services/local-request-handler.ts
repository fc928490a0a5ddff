// An AWS SDK v3 request handler that answers in process instead of over the network: give a real SDK client
// `requestHandler: localRequestHandler((request) => handleAwsRequest(cloud, request, id))` and its calls reach the
// simulated account directly. Tests use it, and so does the workbench, to send events from the page.

import type { WireRequest, WireResponse } from '../bus/api/wire.ts';

/** The parts of the SDK's HttpRequest a simulated service needs. */
export interface SdkHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toWireRequest(request: SdkHttpRequest): WireRequest {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, item ?? '');
  }
  const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? decoder.decode(request.body) : '';
  return { target: headers['x-amz-target'], contentType: headers['content-type'], body, method: request.method, path: query.size > 0 ? `${request.path}?${query}` : request.path };
}

export function localRequestHandler(answer: (request: WireRequest) => WireResponse) {
  return {
    // The SDK needs a Uint8Array body: a string body breaks its parsers in Node (../shared/STACK.md).
    handle: async (request: SdkHttpRequest) => {
      const response = answer(toWireRequest(request));
      return { response: { statusCode: response.status, headers: response.headers, body: encoder.encode(response.body) } };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
}

/** A real SDK client (any of them) whose calls `answer` handles in process, with throwaway region and credentials. */
export function localClient<C>(Client: new (config: never) => C, answer: (request: WireRequest) => WireResponse): C {
  return new Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: localRequestHandler(answer),
  } as never);
}
