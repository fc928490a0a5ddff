// The local endpoint against what a broken or hostile client sends, over real sockets: bodies too large, too deep,
// too slow or never ending, bytes that are not HTTP, and ten thousand bad requests in a row. Each is answered with
// an AWS-shaped 4xx (a `__type` body) or its socket is closed, and the server keeps serving.

import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../bus/json-depth.ts';
import { MAX_BODY_BYTES, startBusServer, type BusServer } from './bus-server.ts';

/** Short, so the tests of slow clients end soon; the server's default is REQUEST_TIMEOUT_MS. */
const REQUEST_TIMEOUT_MS = 1_000;

let bus: BusServer;
let port: number;

beforeAll(async () => {
  bus = await startBusServer({ port: 0, log: () => {}, requestTimeoutMs: REQUEST_TIMEOUT_MS });
  port = Number(new URL(bus.url).port);
});
afterAll(() => bus.close());

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: { __type?: string; message?: string; [member: string]: unknown };
}

/** Opens a socket, lets `talk` write to it, and resolves with all the server sent once the socket is closed. */
function exchange(talk: (socket: Socket, answered: () => boolean) => void): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => (text += data));
    // EPIPE or ECONNRESET once the server hangs up on a client still writing: what came back is what counts.
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
    socket.on('connect', () => talk(socket, () => text !== ''));
  });
}

/** One request as raw bytes, on its own connection, with `Connection: close` so the server ends the exchange. */
const send = (head: string, body: string | Buffer = '') =>
  exchange((socket) => {
    socket.write(head.replace(/\r\n$/, '') + '\r\nConnection: close\r\n\r\n');
    socket.write(body);
  }).then(parse);

function parse(text: string): Answer {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  let body = text.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status: Number(statusLine!.split(' ')[1]), headers, body: JSON.parse(body) };
}

function dechunk(text: string): string {
  let out = '';
  for (let at = 0; ; ) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!size) return out;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

const json11 = (target: string, length: number) =>
  `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ${target}\r\nContent-Length: ${length}\r\n`;

async function stillServes() {
  const response = await fetch(bus.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.ListRules' }, body: '{}' });
  expect(response.status).toBe(200);
}

describe('body size', () => {
  it('admits a PutEvents of 1 MB of entries whose Detail doubles in size when JSON-escaped', async () => {
    const client = new EventBridgeClient({ endpoint: bus.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    // Detail is {"q":"\"\"…"}: entry size counts each \" as 2 bytes, the request body carries it as \\\" (4).
    const quotes = Math.floor((1024 * 1024 - 'myapp.quotes'.length - 'Quoted'.length - '{"q":""}'.length) / 2);
    const Detail = JSON.stringify({ q: '"'.repeat(quotes) });
    expect(Buffer.byteLength(JSON.stringify({ Entries: [{ Source: 'myapp.quotes', DetailType: 'Quoted', Detail }] }))).toBeGreaterThan(2 * 1024 * 1024);
    const put = await client.send(new PutEventsCommand({ Entries: [{ Source: 'myapp.quotes', DetailType: 'Quoted', Detail }] }));
    client.destroy();
    expect(put.FailedEntryCount).toBe(0);
  });

  it('answers a body declared larger than the limit with 413 before it arrives, and closes the connection', async () => {
    const text = await exchange((socket) => socket.write(json11('AWSEvents.PutEvents', MAX_BODY_BYTES + 1) + '\r\n{"Entries":'));
    const answer = parse(text);
    expect(answer).toMatchObject({ status: 413, body: { __type: 'RequestEntityTooLargeException', message: `Request body is larger than ${MAX_BODY_BYTES} bytes.` } });
    expect(answer.headers.connection).toBe('close');
    await stillServes();
  });

  it('stops reading a chunked body that never ends once it passes the limit: 413, then the socket closes', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const text = await exchange((socket, answered) => {
      socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSEvents.PutEvents\r\nTransfer-Encoding: chunked\r\n\r\n');
      const pour = () => {
        while (!answered() && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return void socket.once('drain', pour);
        }
      };
      pour();
    });
    expect(parse(text)).toMatchObject({ status: 413, body: { __type: 'RequestEntityTooLargeException' } });
    expect(sent).toBeGreaterThan(MAX_BODY_BYTES);
    await stillServes();
  });
});

describe('deeply nested JSON', () => {
  it('answers 100,000 nested arrays with SerializationException', async () => {
    const body = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(await send(json11('AWSEvents.PutEvents', body.length), body)).toMatchObject({
      status: 400,
      body: { __type: 'SerializationException', message: `The request body nests JSON deeper than ${MAX_JSON_DEPTH} levels.` },
    });
  });

  it('answers 50,000 nested DynamoDB maps with SerializationException, before any code walks them', async () => {
    const item = '{"M":{"a":'.repeat(50_000) + '{"S":"x"}' + '}}'.repeat(50_000);
    const body = `{"TableName":"orders","Item":{"pk":{"S":"1"},"deep":${item}}}`;
    const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\nContent-Length: ${body.length}\r\n`;
    expect(await send(head, body)).toMatchObject({ status: 400, body: { __type: 'SerializationException' } });
  });

  it('counts only the body’s own nesting, not brackets inside its strings', async () => {
    const body = JSON.stringify({ Entries: [{ Source: 'myapp.text', DetailType: 'Brackets', Detail: JSON.stringify({ text: '['.repeat(MAX_JSON_DEPTH * 2) }) }] });
    expect(await send(json11('AWSEvents.PutEvents', body.length), body)).toMatchObject({ status: 200, body: { FailedEntryCount: 0 } });
  });
});

describe('slow clients', () => {
  it('answers 408 and closes a request whose body stops arriving, while answering others meanwhile', async () => {
    let closed = false;
    const stalled = exchange((socket) => socket.write(json11('AWSEvents.PutRule', 100) + '\r\n{"Name":')).then((text) => ((closed = true), text));
    await stillServes();
    expect(closed).toBe(false);
    expect(parse(await stalled)).toMatchObject({ status: 408, body: { __type: 'RequestTimeoutException' } });
  });

  it('closes a request whose body trickles in a byte at a time for ever', async () => {
    const text = await exchange((socket) => {
      socket.write(json11('AWSEvents.PutRule', 1_000_000) + '\r\n');
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write(' ')), 50);
      socket.on('close', () => clearInterval(drip));
    });
    expect(parse(text)).toMatchObject({ status: 408, body: { __type: 'RequestTimeoutException' } });
  });

  it('closes a connection whose headers never end', async () => {
    const text = await exchange((socket) => socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSEvents.ListRules\r\n'));
    expect(parse(text)).toMatchObject({ status: 408, body: { __type: 'RequestTimeoutException' } });
  });
});

describe('requests that are wrong in form', () => {
  it('serves an HTTP/1.0 request, then closes its connection', async () => {
    const text = await exchange((socket) => socket.write(json11('AWSEvents.ListRules', 2).replace('HTTP/1.1', 'HTTP/1.0') + '\r\n{}'));
    expect(text.startsWith('HTTP/1.1 200 OK\r\n')).toBe(true);
    expect(parse(text).body).toEqual({ Rules: [] });
  });

  it('answers an HTTP/1.0 request with no headers at all with UnknownOperationException', async () => {
    const text = await exchange((socket) => socket.write('GET / HTTP/1.0\r\n\r\n'));
    expect(parse(text)).toMatchObject({ status: 400, body: { __type: 'UnknownOperationException', message: 'The request has no X-Amz-Target header naming an operation.' } });
  });

  it('answers a missing Content-Type, an unknown target and an unknown action in AWS’s shapes', async () => {
    expect(await send('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: AWSEvents.ListRules\r\nContent-Length: 2\r\n', '{}')).toMatchObject({
      status: 415,
      body: { __type: 'UnsupportedMediaTypeException', message: 'Expected Content-Type application/x-amz-json-1.1, got none.' },
    });
    expect(await send(json11('Frobnicator_2030.Frob', 2), '{}')).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException', message: 'The operation Frobnicator_2030.Frob is not supported.' },
    });
    expect(await send(json11('AWSEvents.DeleteEverything', 2), '{}')).toMatchObject({
      status: 400,
      body: { __type: 'UnknownOperationException', message: 'The operation AWSEvents.DeleteEverything is not supported.' },
    });
  });

  it('answers bytes that are not HTTP with a 4xx in AWS’s error shape, and closes the connection', async () => {
    const garbage: (string | Buffer)[] = [
      Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a]),
      '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n', // a TLS ClientHello to a plain-HTTP port
      'POST / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nthis header has no colon\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello',
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nnot hex\r\n',
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    ];
    for (const bytes of garbage) {
      const answer = parse(await exchange((socket) => socket.write(bytes)));
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.__type).toMatch(/^(BadRequestException|RequestHeaderFieldsTooLargeException)$/);
      expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    }
    await stillServes();
  });
});

describe('memory', () => {
  /** The heap in use after a full collection; `--expose-gc` switched on from inside, as vitest starts workers without it. */
  function heapAfterCollection(): number {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  }

  it('stays flat across 10,000 malformed requests', { timeout: 180_000 }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    // Each body is 8 KB: were the server to keep the bodies of bad requests, 10,000 of them would hold 80 MB.
    const filler = 'x'.repeat(8 * 1024);
    const bad: [Record<string, string>, string][] = [
      [{ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' }, `{"Entries": "${filler}`],
      [{ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutRule' }, `{"Name": 5, "EventPattern": "${filler}"}`],
      [{ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${filler.slice(0, 64)}` }, `{"x": "${filler}"}`],
      [{ 'content-type': 'text/plain', 'x-amz-target': 'AmazonSQS.SendMessage' }, filler],
      [{ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' }, '['.repeat(2_000) + filler],
      [{}, filler],
    ];
    const post = (i: number) =>
      new Promise<number>((resolve, reject) => {
        const [headers, body] = bad[i % bad.length]!;
        request(bus.url, { method: 'POST', headers, agent }, (res) => res.resume().on('end', () => resolve(res.statusCode!)))
          .on('error', reject)
          .end(body);
      });
    const round = async (from: number, count: number) => {
      const statuses = await Promise.all(Array.from({ length: count }, (_, i) => post(from + i)));
      expect(statuses.every((status) => status >= 400 && status < 500)).toBe(true);
    };

    await round(0, 200); // warm up: code paths compiled, sockets open
    const before = heapAfterCollection();
    for (let sent = 0; sent < 10_000; sent += 100) {
      await round(sent, 100);
      // Garbage on a fresh socket now and then: the raw-socket error path must not keep its sockets either.
      if (sent % 1_000 === 0) await exchange((socket) => socket.write('\u0000garbage\r\n\r\n'));
    }
    const growth = heapAfterCollection() - before;
    agent.destroy();
    expect(growth).toBeLessThan(24 * 1024 * 1024);
    await stillServes();
  });
});
