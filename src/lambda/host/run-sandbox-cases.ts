// Runs the shared sandbox cases against one host, in whichever runner imports it: Node for node-host.test.ts,
// Chromium (Vitest's browser mode) for web-worker-host.browser.test.ts.

import { describe, expect, test } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { LambdaService, type InvocationResult } from '../lambda-service.ts';
import { sandboxCases } from '../sandbox.cases.ts';
import type { SandboxHost } from './host.ts';

/**
 * Defines the cases for one host. `part` deals them out over several test files ({ part: 2, of: 2 } is every second
 * case, starting with the second), so that a runner that runs files side by side is not left waiting on one long file.
 * `watchingMemory` keeps only the cases that watch the host's resident memory (true) or only the others (false): in
 * the browser, the ones that watch it run alone, where nothing else the browser does meanwhile counts as theirs.
 */
export function runSandboxCases(
  hostName: 'node' | 'browser',
  host: SandboxHost,
  { part = 1, of = 1, watchingMemory }: { part?: number; of?: number; watchingMemory?: boolean } = {},
): void {
  const which = watchingMemory === undefined ? '' : watchingMemory ? ', watching memory' : ', not watching memory';
  describe(`${hostName} host${of > 1 ? ` (cases, part ${part} of ${of})` : ''}${which}`, () => {
    const cases = sandboxCases
      .map((c, i) => [c.name, c, i] as const)
      .filter(([, c]) => !c.hosts || c.hosts.includes(hostName))
      .filter(([, c]) => watchingMemory === undefined || Boolean(c.watchesMemory) === watchingMemory)
      .filter((_, index) => index % of === part - 1);
    for (const [caseName, sandboxCase, i] of cases) (sandboxCase.concurrent ? test.concurrent : test)(caseName, async () => {
      const cloud = new Cloud();
      // Disposed by this case alone: a concurrent case's account must outlive it.
      const lambda = new LambdaService(cloud, host);
      try {
        const name = `case-${i}`;
        lambda.createFunction({ name, handler: 'handler.handler', ...sandboxCase.function });
        const results: InvocationResult[] = [];
        const elapsedMs: number[] = [];
        const memory = sandboxCase.watchesMemory ? await watchResidentGrowth(hostName) : undefined;
        let residentGrowthMb: number | undefined;
        try {
          for (const event of sandboxCase.events) {
            const started = performance.now();
            results.push(await lambda.invoke(name, event));
            elapsedMs.push(performance.now() - started);
          }
        } finally {
          // Ended whatever happened: the browser's watch is one at a time, and other cases wait for this one's.
          residentGrowthMb = await memory?.();
        }
        let others = 0;
        await sandboxCase.check(results, {
          host: hostName,
          elapsedMs,
          ...(residentGrowthMb !== undefined ? { residentGrowthMb } : {}),
          ...(hostName === 'browser' ? { probeHits: async () => (await fetch('/__probe/hits')).json() as Promise<string[]> } : {}),
          expect: (value, message) => expect(value, message),
          invokeAgain: (event) => lambda.invoke(name, event),
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          invokeOther: async (files, event) => {
            const other = `${name}-other-${others++}`;
            lambda.createFunction({ name: other, handler: 'handler.handler', files });
            return lambda.invoke(other, event);
          },
        });
      } finally {
        lambda.dispose();
      }
    }, sandboxCase.deadlineMs ?? 30_000);
  });
}

/**
 * Starts watching the resident memory of the processes a host's sandboxes run in; the function returned stops and
 * gives the most it grew, in MB. The browser asks the Vitest server, which launched Chromium and can read /proc
 * (tests/support/resident-memory-plugin.ts); in Node the sandbox processes are this process's children.
 */
async function watchResidentGrowth(hostName: 'node' | 'browser'): Promise<() => Promise<number | undefined>> {
  if (hostName === 'browser') {
    await fetch('/__resident/watch');
    return async () => ((await (await fetch('/__resident/growth')).json()) as { growthMb: number | null }).growthMb ?? undefined;
  }
  const { watchResidentGrowth: watch } = await import('../../../tests/support/resident-memory.ts');
  const watching = watch();
  return async () => watching.stop();
}
