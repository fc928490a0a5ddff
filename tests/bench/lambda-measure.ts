// The measurements behind `npm run bench:lambda`, for whichever sandbox host runs them (imported by the Node
// report and, in Chromium, by the page the report opens).

import { Cloud } from '../../src/services/cloud.ts';
import type { SandboxHost } from '../../src/lambda/host/host.ts';
import { LambdaService } from '../../src/lambda/lambda-service.ts';

const HANDLER = `import type { EventBridgeEvent } from 'aws-lambda';
interface UserSignedUp { userId: string; email: string }
export const handler = async (event: EventBridgeEvent<'UserSignedUp', UserSignedUp>) => {
  return { statusCode: 200, message: 'User signup event processed', userId: event.detail.userId };
};`;

const EVENT = { source: 'myapp.users', 'detail-type': 'UserSignedUp', detail: { userId: '12345', email: 'user@example.com' } };

export interface LambdaFigures {
  /** The first cold start pays for loading the worker code; later ones are what a learner sees per Run. */
  firstColdStartMs: number;
  coldStartMs: { p50: number; max: number };
  warmInvokeMs: { p50: number; p99: number };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

export async function measureLambda(host: SandboxHost, coldStarts = 15, warmInvocations = 500): Promise<LambdaFigures> {
  const cloud = new Cloud();
  const lambda = new LambdaService(cloud, host);
  const colds: number[] = [];
  try {
    for (let i = 0; i <= coldStarts; i++) {
      const start = performance.now();
      lambda.createFunction({ name: `cold-${i}`, handler: 'handler.handler', files: { 'handler.ts': HANDLER } });
      const result = await lambda.invoke(`cold-${i}`, EVENT);
      if (result.functionError) throw new Error(result.payload);
      colds.push(performance.now() - start);
      lambda.dispose();
    }
    lambda.createFunction({ name: 'warm', handler: 'handler.handler', files: { 'handler.ts': HANDLER } });
    await lambda.invoke('warm', EVENT);
    const warm: number[] = [];
    for (let i = 0; i < warmInvocations; i++) {
      const start = performance.now();
      await lambda.invoke('warm', EVENT);
      warm.push(performance.now() - start);
    }
    const later = colds.slice(1);
    return {
      firstColdStartMs: colds[0]!,
      coldStartMs: { p50: percentile(later, 50), max: Math.max(...later) },
      warmInvokeMs: { p50: percentile(warm, 50), p99: percentile(warm, 99) },
    };
  } finally {
    lambda.dispose();
  }
}
