// Runs in Chromium (Vitest browser mode), alone: the `browser-memory` project in vitest.config.ts runs this file after
// every other browser test file has finished. What it measures is the whole browser's resident memory, and the
// sandboxes of a test file running beside it took and gave back hundreds of MB meanwhile (a 600 MB hold once measured
// 309 MB; a memory bomb held to 400 MB measured 517 and 636 MB beside the others), which no bound can tell from a leak
// or a miscount. So the shared cases that watch memory run here too, one after another.
import { afterEach, describe, expect, test } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { LambdaService, type InvocationResult } from '../lambda-service.ts';
import { runSandboxCases } from './run-sandbox-cases.ts';
import { webWorkerHost } from './web-worker-host.ts';

describe('the browser host holds a function to its memory size', () => {
  let lambda: LambdaService | undefined;
  afterEach(() => lambda?.dispose());

  /** Only where /proc can be read (Linux, as in CI) does the Vitest server measure the browser's memory. */
  const measuresMemory = navigator.userAgent.includes('Linux');

  /** Invokes `body` as a handler while the page's own timer runs and the browser's resident memory is watched. */
  async function watched(body: string, memorySize: number, timeout: number) {
    lambda = new LambdaService(new Cloud(), webWorkerHost);
    lambda.createFunction({ name: 'hoarder', handler: 'handler.handler', memorySize, timeout, files: { 'handler.ts': `export const handler = async () => {\n${body}\n};` } });
    await fetch('/__resident/watch');
    let ticks = 0;
    let longestGapMs = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
      ticks++;
    }, 10);
    const started = performance.now();
    const result: InvocationResult = await lambda.invoke('hoarder', {});
    const elapsedMs = performance.now() - started;
    clearInterval(timer);
    const { growthMb } = (await (await fetch('/__resident/growth')).json()) as { growthMb: number | null };
    return { result, elapsedMs, ticks, longestGapMs, growthMb };
  }

  test('ends a 128 MB function that allocates ArrayBuffers and WebAssembly memory in a loop as Runtime.OutOfMemory, well before its timeout, while the page keeps answering', async () => {
    const { result, elapsedMs, ticks, longestGapMs, growthMb } = await watched(
      `  const memory = new WebAssembly.Memory({ initial: 1 });
  const hoard: Uint8Array[] = [];
  while (true) {
    hoard.push(new Uint8Array(8 * 1024 * 1024).fill(1));
    memory.grow(128);
    new Uint8Array(memory.buffer, memory.buffer.byteLength - 128 * 65536).fill(1);
  }`,
      128,
      30,
    );
    console.info(`contained in ${result.durationMs.toFixed(0)} ms of invocation (${elapsedMs.toFixed(0)} ms with the cold start); page timer fired ${ticks} times, longest gap ${longestGapMs.toFixed(0)} ms; browser resident memory grew ${growthMb?.toFixed(0)} MB`);
    expect(JSON.parse(result.payload)).toEqual({ errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: signal: killed`, trace: [] });
    expect(result.logs.find((l) => l.startsWith('REPORT'))).toMatch(/\tMemory Size: 128 MB\tMax Memory Used: 128 MB\t/);
    // Its timeout is 30 s: the memory bound, not the timeout, ended it.
    expect(result.durationMs).toBeLessThan(3_000);
    // The page's own timer kept firing while the sandbox allocated: about every 10 ms, never held up for long.
    expect(ticks).toBeGreaterThan(elapsedMs / 100);
    expect(longestGapMs).toBeLessThan(1_000);
    if (measuresMemory) expect(growthMb).toBeLessThan(400);
  }, 60_000);

  test('lets a function hold what its memory size allows, and the browser’s memory is seen to grow by it', async () => {
    // The control for the ceiling above: 300 MB held by a 1024 MB function is allowed, and is measured.
    const { result, growthMb } = await watched(
      `  const hoard: Uint8Array[] = [];
  for (let i = 0; i < 30; i++) hoard.push(new Uint8Array(10 * 1024 * 1024).fill(1));
  await new Promise((resolve) => setTimeout(resolve, 300));
  return hoard.length;`,
      1024,
      30,
    );
    console.info(`held 300 MB in a 1024 MB function; browser resident memory grew ${growthMb?.toFixed(0)} MB`);
    expect(result.payload).toBe('30');
    if (measuresMemory) expect(growthMb).toBeGreaterThan(250);
  }, 60_000);
});

runSandboxCases('browser', webWorkerHost, { watchingMemory: true });
