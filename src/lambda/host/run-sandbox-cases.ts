// Runs the shared sandbox cases against one host, in whichever runner imports it: Node for node-host.test.ts,
// Chromium (Vitest's browser mode) for web-worker-host.browser.test.ts.

import { afterEach, describe, expect, test } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { LambdaService, type InvocationResult } from '../lambda-service.ts';
import { sandboxCases } from '../sandbox.cases.ts';
import type { SandboxHost } from './host.ts';

export function runSandboxCases(hostName: 'node' | 'browser', host: SandboxHost): void {
  let services: LambdaService[] = [];
  afterEach(() => {
    for (const service of services) service.dispose();
    services = [];
  });

  describe(`${hostName} host`, () => {
    const cases = sandboxCases.map((c, i) => [c.name, c, i] as const).filter(([, c]) => !c.hosts || c.hosts.includes(hostName));
    test.each(cases)('%s', async (_name, sandboxCase, i) => {
      const cloud = new Cloud();
      const lambda = new LambdaService(cloud, host);
      services.push(lambda);
      const name = `case-${i}`;
      lambda.createFunction({ name, handler: 'handler.handler', ...sandboxCase.function });
      const results: InvocationResult[] = [];
      for (const event of sandboxCase.events) results.push(await lambda.invoke(name, event));
      let others = 0;
      await sandboxCase.check(results, {
        host: hostName,
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
    }, 30_000);
  });
}
