// Runs in Chromium (Vitest browser mode): two thirds of the shared sandbox cases that do not watch memory against the
// browser host; the other third, and the browser host's own tests, are in web-worker-host.browser.test.ts, and the
// cases that watch memory in web-worker-host.memory.browser.test.ts, which runs alone.
import { runSandboxCases } from './run-sandbox-cases.ts';
import { webWorkerHost } from './web-worker-host.ts';

runSandboxCases('browser', webWorkerHost, { part: 2, of: 3, watchingMemory: false });
runSandboxCases('browser', webWorkerHost, { part: 3, of: 3, watchingMemory: false });
