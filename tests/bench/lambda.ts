// `npm run bench:lambda`: Lambda sandbox cold start (transpile + sandbox start + module scope) and warm
// invocation overhead (the handler itself does nothing), with the Node host and in Chromium. A report.
// Goals (issue 5): warm p50 ≤ 2 ms in Node and ≤ 5 ms in Chromium; cold start ≤ 150 ms in Chromium after the
// first worker.

import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { nodeHost } from '../../src/lambda/host/node-host.ts';
import { sandboxNetwork } from '../../src/lambda/host/sandbox-process.ts';
import { lambdaSandboxWorker } from '../../src/lambda/host/vite-plugin.ts';
import { CHROMIUM_ARGS, findChromium } from '../e2e/chromium.ts';
import { measureLambda, type LambdaFigures } from './lambda-measure.ts';

const show = (host: string, f: LambdaFigures) =>
  `${host.padEnd(9)} first cold start ${f.firstColdStartMs.toFixed(0)} ms; cold start p50 ${f.coldStartMs.p50.toFixed(1)} ms (max ${f.coldStartMs.max.toFixed(1)}); ` +
  `warm invoke p50 ${f.warmInvokeMs.p50.toFixed(2)} ms, p99 ${f.warmInvokeMs.p99.toFixed(2)} ms`;

const network = await sandboxNetwork();
console.log(show('Node', await measureLambda(nodeHost)) + (network.isolated ? '; each sandbox in a network namespace of its own' : `; sandboxes on the host's network (${network.reason})`));

const server = await createServer({
  root: new URL('../..', import.meta.url).pathname,
  logLevel: 'error',
  server: { host: '127.0.0.1', port: 0 },
  plugins: [
    lambdaSandboxWorker(),
    {
      name: 'bench-page',
      configureServer: (s) =>
        void s.middlewares.use((req, res, next) => {
          if (req.url !== '/bench') return next();
          res.setHeader('content-type', 'text/html');
          res.end('<!doctype html><title>bench</title><script type="module" src="/tests/bench/lambda-browser.ts"></script>');
        }),
    },
  ],
});
await server.listen();
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${server.resolvedUrls!.local[0]!.replace(/\/$/, '')}/bench`);
  await page.waitForFunction(() => 'runLambdaBench' in globalThis, undefined, { timeout: 60_000 });
  const figures = await page.evaluate(() => (globalThis as unknown as { runLambdaBench: () => Promise<LambdaFigures> }).runLambdaBench());
  console.log(show('Chromium', figures));
} finally {
  await browser.close();
  await server.close();
}
