// The simulated account over HTTP on loopback, for real AWS SDKs and the AWS CLI (`--endpoint-url`): every
// API src/services/endpoint.ts answers (EventBridge, SQS, SNS, SESv2, CloudWatch Logs). Time in
// the simulation follows the wall clock here: before answering each request, and a few times a second, the
// virtual clock is brought up to now, so deliveries, retries and schedules happen as they would in AWS.
// Whatever arrives on the port is answered with an AWS-shaped 4xx or served, never with a crash: bodies are
// bounded in size, nesting and time, and bytes that are not HTTP get a JSON error too (bus-server.hostile.test.ts).

import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { asServiceError, errorResponse } from '../bus/api/wire.ts';
import { AwsServiceError } from '../bus/errors.ts';
// No valid request body of any API here nests near EventBridge's limit (DynamoDB's 32 levels of attributes are about
// 70 in JSON), and below it no code that walks a parsed body can run out of stack.
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../bus/json-depth.ts';
import { Cloud, type CloudOptions } from '../services/cloud.ts';
import { handleAwsRequest } from '../services/endpoint.ts';

/**
 * 4 MB: the largest request here is a 1 MB one (PutEvents entries may total 1 MB since 2026-01-29, AWS Compute
 * Blog "More room to build: serverless services now support payloads up to 1 MB"; an SQS message too), and JSON
 * escaping can double it (each `"`, `\` and newline of a Detail or message body travels as two characters), form
 * encoding (SNS) triple it. Beyond the limit the body is not read. DynamoDB's BatchWriteItem, up to 16 MB in AWS, is
 * refused here above 4 MB: it is the one API that could need more, and no lesson sends it that much.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** How long a request may take to arrive whole, headers and body; then it gets a 408 and its socket is closed. */
export const REQUEST_TIMEOUT_MS = 30_000;
const TICK_MS = 200;

export interface BusServerOptions extends Omit<CloudOptions, 'sqsBaseUrl' | 'startTime'> {
  port?: number;
  /** One line per call; pass `() => {}` to silence. */
  log?: (line: string) => void;
  /** REQUEST_TIMEOUT_MS unless told (tests shorten it). */
  requestTimeoutMs?: number;
}

export interface BusServer {
  cloud: Cloud;
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startBusServer(options: BusServerOptions = {}): Promise<BusServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node checks for requests past their time every connectionsCheckingInterval: often enough that a timeout ends
  // within a quarter of its length. Headers have the same deadline as the whole request.
  const server = createServer({ requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.ceil(Math.min(1_000, requestTimeout / 4)) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://127.0.0.1:${port}`;
  const cloud = new Cloud({ ...options, startTime: Date.now(), sqsBaseUrl: url });

  // One chain of clock advances: the clock must never be advanced from two places at once.
  let pump: Promise<void> = Promise.resolve();
  const catchUp = () => {
    pump = pump.then(() => cloud.clock.advanceTo(Date.now())).catch((error: unknown) => log(`clock: ${String(error)}`));
    return pump;
  };
  const ticker = setInterval(catchUp, TICK_MS);
  ticker.unref();

  /** The response each socket owes, so a timeout does not write a second answer after the first has begun. */
  const answering = new WeakMap<Duplex, ServerResponse>();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const requestId = randomUUID();
    const target = header(req, 'x-amz-target');
    const contentType = header(req, 'content-type');
    answering.set(req.socket, res);
    res.once('finish', () => answering.get(req.socket) === res && answering.delete(req.socket));
    readBody(req)
      .then(async (body) => {
        if (/json/i.test(contentType ?? '') && nestsDeeperThan(body, MAX_JSON_DEPTH)) {
          // Wording not confirmed against AWS.
          throw new AwsServiceError('SerializationException', `The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels.`);
        }
        await catchUp();
        const response = handleAwsRequest(cloud, { target, contentType, body, method: req.method, path: req.url }, requestId);
        await catchUp();
        return response;
      })
      .catch((error: unknown) => {
        const response = errorResponse('application/x-amz-json-1.1', asServiceError(error), requestId);
        // The rest of a body too large to read is not read: the connection closes once the answer is sent.
        if (error instanceof BodyTooLarge) response.headers.connection = 'close';
        return response;
      })
      .then((response) => {
        if (req.socket.destroyed) return log(`${target ?? req.method + ' ' + req.url} closed by the client or timed out`);
        res.writeHead(response.status, response.headers);
        res.end(response.body);
        log(`${target ?? req.method + ' ' + req.url} ${response.status} ${(performance.now() - started).toFixed(1)} ms`);
      })
      .catch((error: unknown) => {
        log(`${target ?? req.method + ' ' + req.url} could not be answered: ${String(error)}`);
        res.destroy();
      });
  });

  // Bytes Node's parser cannot read as HTTP (or a request past its time) never reach 'request': answer them here,
  // on the raw socket, in the JSON 1.1 error shape, unless an answer to the request has already begun.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || answering.get(socket)?.headersSent) return void socket.destroy();
    socket.end(rawErrorResponse(error.code), () => socket.destroy());
  });

  return {
    cloud,
    url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(ticker);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

class BodyTooLarge extends AwsServiceError {
  constructor() {
    // Wording not confirmed against AWS: its front end answers an oversized request before the service sees it.
    super('RequestEntityTooLargeException', `Request body is larger than ${MAX_BODY_BYTES} bytes.`, 413);
  }
}

/** The body as UTF-8, or BodyTooLarge as soon as it is known to pass MAX_BODY_BYTES (from Content-Length, or while reading). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      chunks.length = 0;
      reject(new BodyTooLarge());
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** What Node's parser found wrong, as the raw HTTP response of an AWS-shaped error. Wording not confirmed against AWS. */
function rawErrorResponse(code: string | undefined): string {
  const error =
    code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new AwsServiceError('RequestTimeoutException', 'The request did not arrive whole in time.', 408)
      : code === 'HPE_HEADER_OVERFLOW'
        ? new AwsServiceError('RequestHeaderFieldsTooLargeException', 'The request headers are too large.', 431)
        : new AwsServiceError('BadRequestException', 'The request is not valid HTTP/1.1.', 400);
  const { status, headers, body } = errorResponse('application/x-amz-json-1.1', error, randomUUID(), '', { connection: 'close' });
  const lines = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)) }).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}
