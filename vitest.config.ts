import { availableParallelism } from 'node:os';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { lambdaSandboxWorker } from './src/lambda/host/vite-plugin.ts';
import { lessonFrontmatter } from './src/lessons/vite-plugin.ts';
import { CHROMIUM_ARGS, findChromium, HEADLESS_CANDIDATES } from './tests/e2e/chromium.ts';
import { networkProbe } from './tests/support/network-probe-plugin.ts';
import { residentMemoryWatch } from './tests/support/resident-memory-plugin.ts';

/**
 * The lesson self-test's shards are the longest files by far. Without timings from an earlier run (a fresh
 * clone, as in CI) vitest orders files by size, which started them last and left one worker running them alone.
 */
class LessonSelfTestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isShard = (spec: TestSpecification) => /[\\/]tests[\\/]lessons[\\/]shard-\d+\.test\.ts$/.test(spec.moduleId);
    return [...sorted.filter(isShard), ...sorted.filter((spec) => !isShard(spec))];
  }
}

const MEMORY_TESTS = 'src/**/*.memory.browser.test.ts';
const browserPlugins = () => [lambdaSandboxWorker(), lessonFrontmatter(), networkProbe(), residentMemoryWatch()];
/** What every browser project shares (made afresh for each: Vitest writes into a project's browser instances). */
const browserTest = () => ({
  // These boot Web Workers and build lessons in Chromium while the lesson self-test shares the two cores:
  // a minute, not the browser mode's 15 seconds, before a test counts as hung.
  testTimeout: 60_000,
  browser: {
    enabled: true,
    headless: true,
    provider: playwright({ launchOptions: { executablePath: findChromium(process.env, HEADLESS_CANDIDATES), args: CHROMIUM_ARGS } }),
    instances: [{ browser: 'chromium' as const }],
  },
});

export default defineConfig({
  test: {
    sequence: { sequencer: LessonSelfTestFirst },
    // vitest's default is one worker fewer than the cores: one worker on a 2-core machine, so every file ran in
    // turn. One per core: the lesson self-test's sandboxes are processes of their own and use both cores anyway.
    maxWorkers: availableParallelism(),
    projects: [
      {
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'tests/*.test.ts', 'tests/lessons/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/conformance/**/*.test.ts', 'tests/infra/**/*.test.ts'],
          exclude: ['**/*.browser.test.{ts,tsx}', '**/node_modules/**'],
          environment: 'node',
          // Enough of the lesson self-test's checks at once to keep both cores busy booting sandboxes. Measured on 2
          // cores, lessons 1-11: 3 and 6 both took 89-90 s, both cores busy throughout; more only makes each answer
          // slower (at 6, lesson 08's solution took 60 s in a full run on a loaded machine, 4 s alone).
          maxConcurrency: 4,
          // A hang guard, not a speed goal: on two busy cores a CDK synth or a fuzz run of a few seconds alone can take
          // several times that, and vitest's default of 5 s failed such tests though nothing was wrong.
          testTimeout: 30_000,
        },
      },
      {
        // Code that runs in the page, tested in Debian's Chromium (see tests/e2e/chromium.ts).
        plugins: browserPlugins(),
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.{ts,tsx}'],
          exclude: [MEMORY_TESTS],
          // After the node project, not beside it: with both cores busy booting the lesson self-test's sandboxes,
          // Monaco's TypeScript worker was starved past a minute on CI. Alone, this project takes about 30 s.
          sequence: { groupOrder: 1 },
          ...browserTest(),
        },
      },
      {
        // The tests that measure the whole browser's resident memory, after every other browser file and alone: the
        // sandboxes of a file running beside them take and give back hundreds of MB, which no bound can tell from a leak.
        plugins: browserPlugins(),
        test: {
          name: 'browser-memory',
          include: [MEMORY_TESTS],
          sequence: { groupOrder: 2 },
          ...browserTest(),
        },
      },
    ],
  },
});
