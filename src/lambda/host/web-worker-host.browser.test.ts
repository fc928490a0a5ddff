// Runs in Chromium (Vitest browser mode: the `browser` project in vitest.config.ts).
import { runSandboxCases } from './run-sandbox-cases.ts';
import { webWorkerHost } from './web-worker-host.ts';

runSandboxCases('browser', webWorkerHost);
