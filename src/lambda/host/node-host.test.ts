// The shared sandbox cases (../sandbox.cases.ts) against the Node host: worker_threads.

import { afterEach, describe, expect, test } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { LambdaService } from '../lambda-service.ts';
import { sandboxCases } from '../sandbox.cases.ts';
import { nodeHost } from './node-host.ts';

let services: LambdaService[] = [];
afterEach(() => {
  for (const service of services) service.dispose();
  services = [];
});

describe('Node host (worker_threads)', () => {
  test.each(sandboxCases.map((c, i) => [c.name, c, i] as const))('%s', async (_name, sandboxCase, i) => {
    const cloud = new Cloud();
    const lambda = new LambdaService(cloud, nodeHost);
    services.push(lambda);
    const name = `case-${i}`;
    lambda.createFunction({ name, handler: 'handler.handler', ...sandboxCase.function });
    const results = [];
    for (const event of sandboxCase.events) results.push(await lambda.invoke(name, event));
    let others = 0;
    await sandboxCase.check(results, {
      expect: (value, message) => expect(value, message),
      invokeOther: async (files, event) => {
        const other = `${name}-other-${others++}`;
        lambda.createFunction({ name: other, handler: 'handler.handler', files });
        return lambda.invoke(other, event);
      },
    });
  }, 30_000);
});
