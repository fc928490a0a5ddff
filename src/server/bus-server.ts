// The simulated account over HTTP on loopback, for real AWS SDKs and the AWS CLI (`--endpoint-url`): every
// API src/services/endpoint.ts answers (EventBridge, SQS, SNS, SESv2, CloudWatch Logs). Time in
// the simulation follows the wall clock here: before answering each request, and a few times a second, the
// virtual clock is brought up to now, so deliveries, retries and schedules happen as they would in AWS.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { asServiceError, errorResponse } from '../bus/api/wire.ts';
import { AwsServiceError } from '../bus/errors.ts';
import { Cloud, type CloudOptions } from '../services/cloud.ts';
import { handleAwsRequest } from '../services/endpoint.ts';

/** Larger than any valid request (PutEvents allows 256 KB of entries); beyond it the body is not read. */
export const MAX_BODY_BYTES = 1024 * 1024;
const TICK_MS = 200;

export interface BusServerOptions extends Omit<CloudOptions, 'sqsBaseUrl' | 'startTime'> {
  port?: number;
  /** One line per call; pass `() => {}` to silence. */
  log?: (line: string) => void;
}

export interface BusServer {
  cloud: Cloud;
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startBusServer(options: BusServerOptions = {}): Promise<BusServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const server = createServer();
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

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const requestId = randomUUID();
    const target = header(req, 'x-amz-target');
    readBody(req)
      .then(async (body) => {
        await catchUp();
        const response = handleAwsRequest(cloud, { target, contentType: header(req, 'content-type'), body, method: req.method, path: req.url }, requestId);
        await catchUp();
        return response;
      })
      .catch((error: unknown) =>
        errorResponse('application/x-amz-json-1.1', asServiceError(error), requestId),
      )
      .then((response) => {
        res.writeHead(response.status, response.headers);
        res.end(response.body);
        log(`${target ?? req.method + ' ' + req.url} ${response.status} ${(performance.now() - started).toFixed(1)} ms`);
      });
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) reject(new AwsServiceError('RequestEntityTooLargeException', `Request body is larger than ${MAX_BODY_BYTES} bytes.`, 413));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
