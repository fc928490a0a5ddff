// Serves the built site (dist/) the way a static host would, and keeps a ledger of every response, so the web
// benchmark can count what crossed the wire. Text files go out gzip-encoded (zlib's default level, as most hosts
// and `page-weight.ts` use), hashed assets under /_astro/ are cached for a year, everything else is revalidated.
//
// The ledger is kept here rather than read from the browser because here nothing is missed: a Web Worker's
// script and the modules it imports are fetched by the worker, outside the page's own network events, yet they
// reach this server like any other request. The browser's view is still taken, as a cross-check (editor-weight.ts).
import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
/** Text formats, gzipped as hosts do; woff2 and png are compressed already, and many hosts leave wasm raw. */
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.xml', '.ttf']);

/** One response, as the server sent it. `bytes` is the body on the wire (gzip bytes when encoded), headers excluded. */
export interface Served {
  path: string;
  status: number;
  type: string;
  bytes: number;
  rawBytes: number;
  gzip: boolean;
  /** The request's `Sec-Fetch-Dest`: `document`, `script`, `style`, `font`, `worker`… */
  dest: string;
  referer: string;
  /** `performance.now()` in this process when the response was sent. */
  at: number;
}

export interface StaticServer {
  origin: string;
  ledger: Served[];
  /** Resolves once no request has been in flight for `quietMs`; rejects after `timeoutMs`. */
  idle(quietMs: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function serveDist(dist: string): Promise<StaticServer> {
  const ledger: Served[] = [];
  const encoded = new Map<string, Buffer>();
  let inFlight = 0;
  let lastActivity = performance.now();

  const fileFor = (req: IncomingMessage): string | undefined => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path.includes('..')) return undefined;
    for (const candidate of [join(dist, path), join(dist, path, 'index.html'), join(dist, `${path}.html`)]) {
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not this one
      }
    }
    return undefined;
  };

  const server = createServer((req, res) => {
    inFlight++;
    lastActivity = performance.now();
    const file = fileFor(req) ?? join(dist, '404.html');
    let body: Buffer;
    let status = 200;
    try {
      body = readFileSync(file);
      if (file === join(dist, '404.html')) status = 404;
    } catch {
      body = Buffer.from('Not found');
      status = 404;
    }
    const ext = status === 200 ? extname(file) : '.txt';
    const type = TYPES[ext] ?? 'application/octet-stream';
    const gzip = COMPRESSED.has(ext) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const wire = gzip ? (encoded.get(file) ?? encoded.set(file, gzipSync(body)).get(file)!) : body;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.writeHead(status, {
      'content-type': type,
      'content-length': wire.length,
      'cache-control': path.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(wire, () => {
      inFlight--;
      lastActivity = performance.now();
    });
    ledger.push({
      path,
      status,
      type,
      bytes: wire.length,
      rawBytes: body.length,
      gzip,
      dest: String(req.headers['sec-fetch-dest'] ?? ''),
      referer: String(req.headers.referer ?? ''),
      at: performance.now(),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    ledger,
    idle: (quietMs, timeoutMs) =>
      new Promise((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        const poll = setInterval(() => {
          const now = performance.now();
          if (inFlight === 0 && now - lastActivity >= quietMs) {
            clearInterval(poll);
            resolve();
          } else if (now > deadline) {
            clearInterval(poll);
            reject(new Error(`the page kept fetching for ${timeoutMs} ms`));
          }
        }, 50);
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
