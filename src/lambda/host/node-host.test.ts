import { nodeHost } from './node-host.ts';
import { runSandboxCases } from './run-sandbox-cases.ts';

runSandboxCases('node', nodeHost);
