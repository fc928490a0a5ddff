// `npm run bench:bus`: how fast the simulated bus delivers, a report and not a test.
//  1. In process: PutEvents → match among 100 rules → SQS target, deliveries per second.
//  2. Over HTTP on loopback, `npm run bus` in its own process:
//     a. driven by the real AWS SDK v3 client (this measures the client as much as the server: on a 2-core
//        machine the SDK's signing and middleware alone top out near 2,500 requests/s), and
//     b. driven by replaying the SDK's own signed request bytes with plain HTTP, which shows what the server
//        itself sustains.
// Goals (issue 4): ≥ 100,000 deliveries/s in process; ≥ 5,000 requests/s over HTTP.

import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Cloud } from '../../src/services/cloud.ts';

const RULES = 100;
const RUNS = 5;
const HTTP_REQUESTS = 20_000;
const CONCURRENCY = 32;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const entry = { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: '{"userId":"12345","email":"user@example.com","signupMethod":"email"}' };

/** 100 rules on distinct detail-types; each event matches exactly one, whose target is an SQS queue. */
async function inProcess(events: number): Promise<number> {
  const cloud = new Cloud({ trace: false });
  const { QueueUrl } = cloud.sqs.createQueue({ QueueName: 'bench' });
  const arn = cloud.sqs.getQueueAttributes({ QueueUrl, AttributeNames: ['QueueArn'] }).Attributes!.QueueArn!;
  for (let i = 0; i < RULES; i++) {
    cloud.events.putRule({ Name: `rule-${i}`, EventPattern: JSON.stringify({ source: ['bench'], 'detail-type': [`Type${i}`] }) });
    cloud.events.putTargets({ Rule: `rule-${i}`, Targets: [{ Id: 'q', Arn: arn }] });
  }
  const started = performance.now();
  for (let sent = 0; sent < events; sent += 10) {
    const Entries = Array.from({ length: 10 }, (_, j) => ({
      Source: 'bench',
      DetailType: `Type${(sent + j) % RULES}`,
      Detail: `{"orderId":"${sent + j}","amount":${(sent + j) % 997}}`,
    }));
    cloud.events.putEvents({ Entries });
  }
  await cloud.clock.runUntilIdle();
  const seconds = (performance.now() - started) / 1000;
  const delivered = cloud.sqs.peek('bench').length;
  if (delivered !== events) throw new Error(`expected ${events} deliveries, got ${delivered}`);
  return delivered / seconds;
}

async function startServerProcess(): Promise<{ url: string; stop: () => void }> {
  const main = fileURLToPath(new URL('../../src/server/main.ts', import.meta.url));
  const child = spawn(process.execPath, [main, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0];
  if (!url) throw new Error(`the server did not say where it listens: ${line}`);
  return { url, stop: () => child.kill('SIGINT') };
}

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
}

async function load(send: () => Promise<void>): Promise<LoadResult> {
  for (let i = 0; i < 500; i++) await send(); // warm up both ends
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (issued < HTTP_REQUESTS) {
        issued++;
        const t = performance.now();
        await send();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function sdkClient(url: string) {
  return new EventBridgeClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) }),
  });
}

/** The headers and body the SDK sends for one PutEvents, signature included, to replay byte for byte. */
async function captureSdkRequest(url: string): Promise<{ headers: Record<string, string>; body: string }> {
  let captured: { headers: Record<string, string>; body: string } | undefined;
  const client = sdkClient(url);
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body: string };
      captured = { headers: { ...request.headers }, body: request.body };
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low' },
  );
  await client.send(new PutEventsCommand({ Entries: [entry] }));
  client.destroy();
  return captured!;
}

function rawSender(url: string, captured: { headers: Record<string, string>; body: string }) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const { hostname, port } = new URL(url);
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: hostname, port, method: 'POST', path: '/', headers: captured.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(captured.body);
    });
}

const show = (r: LoadResult) => `${Math.round(r.perSecond).toLocaleString('en')} requests/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`;

console.log(`Node ${process.version}; in process: ${RULES} rules, median of ${RUNS} runs of 100,000 events`);
await inProcess(20_000); // warm up
const rates: number[] = [];
for (let run = 0; run < RUNS; run++) rates.push(await inProcess(100_000));
console.log(`in process: ${Math.round(median(rates)).toLocaleString('en')} deliveries/s (runs: ${rates.map((r) => Math.round(r / 1000) + 'k').join(', ')}; goal ≥ 100,000)`);

const server = await startServerProcess();
try {
  const client = sdkClient(server.url);
  const sdk = await load(async () => void (await client.send(new PutEventsCommand({ Entries: [entry] }))));
  client.destroy();
  console.log(`over HTTP, AWS SDK client, ${CONCURRENCY} in flight: ${show(sdk)}`);
  const raw = await load(rawSender(server.url, await captureSdkRequest(server.url)));
  console.log(`over HTTP, the SDK's signed request replayed, ${CONCURRENCY} in flight: ${show(raw)} (goal ≥ 5,000 requests/s)`);
} finally {
  server.stop();
}
