// Runs in Chromium (Vitest browser mode: the `browser` project in vitest.config.ts). The tests that measure the
// browser's memory are in web-worker-host.memory.browser.test.ts, which runs alone.
import { afterEach, describe, expect, test } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { LambdaService } from '../lambda-service.ts';
import { runSandboxCases } from './run-sandbox-cases.ts';
import { createWebWorkerHost, FRAME_PROCESS_ENDED, webWorkerHost } from './web-worker-host.ts';

// The shared cases that do not watch memory are dealt over this file (a third, beside the browser host's own tests
// below) and sandbox-cases.browser.test.ts (the rest): in one file they were the browser project's longest by half,
// and the project runs two files side by side. Those that watch memory run alone (web-worker-host.memory.browser.test.ts).
runSandboxCases('browser', webWorkerHost, { part: 1, of: 3, watchingMemory: false });

describe('the browser host when the browser ends the sandboxes’ process', () => {
  let lambda: LambdaService | undefined;
  afterEach(() => lambda?.dispose());

  // Memory the meter cannot see (strings, arrays grown in place) can take the sandbox frames' process past what
  // Chromium allows; Chromium then kills that process and nothing tells the page. Killing it here would end this test
  // page's runner too (Playwright counts a frame's crash as the page's), so a relay that stops answering stands in for
  // the dead process: from the page the two look the same.
  test('ends a sandbox whose frame stops answering in seconds, not at its timeout, and keeps no environment of it', async () => {
    const silentFrame = createWebWorkerHost({ relayExtra: 'answersPings = false;' });
    lambda = new LambdaService(new Cloud(), silentFrame);
    lambda.createFunction({ name: 'waiter', handler: 'handler.handler', timeout: 30, files: { 'handler.ts': `export const handler = async () => {\n  await new Promise((resolve) => setTimeout(resolve, 20_000));\n  return 'never';\n};` } });
    const result = await lambda.invoke('waiter', {});
    expect(result.error).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: ${FRAME_PROCESS_ENDED}`, stack: [] });
    // Six unanswered pings, half a second apart: about three seconds, not the function's 30.
    expect(result.durationMs).toBeLessThan(10_000);
    expect(lambda.environmentCount('waiter')).toBe(0);
  }, 60_000);

  test('leaves a frame that answers alone, however long its function runs', async () => {
    lambda = new LambdaService(new Cloud(), webWorkerHost);
    lambda.createFunction({ name: 'patient', handler: 'handler.handler', timeout: 30, files: { 'handler.ts': `export const handler = async () => {\n  const until = Date.now() + 3_600;\n  while (Date.now() < until) {}\n  return 'done';\n};` } });
    const result = await lambda.invoke('patient', {});
    expect(result.payload).toBe('"done"');
  }, 60_000);
});

// The browser host rewrites learner code where it compiles it (allocation-sites.ts, dynamic-code.ts): what a learner
// sees of that is below; what it is for (memory made by syntax, charged) is in the shared cases that watch memory.
describe('the browser host’s rewriting of learner code', () => {
  let lambda: LambdaService | undefined;
  afterEach(() => lambda?.dispose());
  let functions = 0;
  const run = async (code: string, event: unknown = {}) => {
    lambda ??= new LambdaService(new Cloud(), webWorkerHost);
    const name = `rewritten-${++functions}`;
    lambda.createFunction({ name, handler: 'handler.handler', files: { 'handler.ts': code } });
    return lambda.invoke(name, event);
  };

  test('reports the learner’s own line and column for an error thrown past literals and instances on its line', async () => {
    const result = await run(`export const handler = async () => {
  const sizes = { small: [1, 2], large: new Map([[3, { n: 4 }]]) }; const f = () => ({}); throw new RangeError(String(sizes.small[0]) + f());
};`);
    expect(result.error?.errorType).toBe('RangeError');
    expect(result.error?.stack[1]).toMatch(/handler\.ts:2:97\)?$/);
  });

  test('refuses to make code at run time once a built-in the parser uses was replaced, and says why', async () => {
    const code = `export const handler = async (event: { replace: boolean }) => {
  if (event.replace) Array.prototype.push = function () { return 0; };
  return new Function('return [1, 2].length')();
};`;
    expect((await run(code, { replace: false })).payload).toBe('2');
    const refused = await run(code, { replace: true });
    expect(refused.error?.errorType).toBe('SyntaxError');
    expect(refused.error?.errorMessage).toBe("Code cannot be compiled after built-in objects were replaced: the workbook's sandbox could not see what it allocates");
  });

  test('refuses a module that names one of the meter’s hooks as a syntax error in that file', async () => {
    const result = await run(`const __wb$o = (value: unknown) => value;\nexport const handler = async () => __wb$o(1);`);
    expect(result.error?.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(result.error?.errorMessage).toContain("Identifier '__wb$o' is reserved by the workbook's sandbox");
    expect(result.error?.errorMessage).toContain('handler.ts');
  });
});
