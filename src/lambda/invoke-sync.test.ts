// LambdaService.invokeSync, the RequestResponse invocation the services make (a pipe's enrichment): the real
// sandbox runs the handler, and the answer is Lambda's, never an exception: the payload, a function error marked
// as such, or why Lambda did not run the function.

import { afterEach, describe, expect, it } from 'vitest';
import { Cloud } from '../services/cloud.ts';
import { nodeHost } from './host/node-host.ts';
import { LambdaService } from './lambda-service.ts';

let service: LambdaService | undefined;
afterEach(() => service?.dispose());

function account() {
  const cloud = new Cloud({ startTime: Date.UTC(2026, 10, 22, 9, 0, 0) });
  service = new LambdaService(cloud, nodeHost);
  cloud.lambda = service;
  return { cloud, lambda: service };
}

const ENRICH = {
  'enrich.ts': `type Change = { eventName: string; dynamodb: { Keys: { orderId: { S: string } } } };
export const handler = async (changes: Change[]) => {
  console.log(\`Enriching \${changes.length} change(s)\`);
  if (changes.some((c) => c.eventName === 'REMOVE')) throw new TypeError('Orders are never deleted');
  return changes.map((c) => ({ detailType: 'OrderPlaced', detail: { orderId: c.dynamodb.Keys.orderId.S } }));
};`,
};
const change = (eventName: string, orderId: string) => ({ eventName, dynamodb: { Keys: { orderId: { S: orderId } } } });

describe('a synchronous invocation by a service', () => {
  it('runs the function in its sandbox and answers with what it returned, as JSON', async () => {
    const { cloud, lambda } = account();
    lambda.createFunction({ name: 'enrich-order-changes', handler: 'enrich.handler', files: ENRICH });
    const answer = await lambda.invokeSync('enrich-order-changes', JSON.stringify([change('INSERT', 'o-1'), change('MODIFY', 'o-2')]));
    expect(answer).toEqual({ invoked: true, payload: expect.any(String) });
    expect(JSON.parse((answer as { payload: string }).payload)).toEqual([
      { detailType: 'OrderPlaced', detail: { orderId: 'o-1' } },
      { detailType: 'OrderPlaced', detail: { orderId: 'o-2' } },
    ]);
    expect(cloud.logs.events('/aws/lambda/enrich-order-changes').some((e) => e.message.endsWith('\tINFO\tEnriching 2 change(s)'))).toBe(true);
    expect(cloud.metrics.sum({ namespace: 'AWS/Lambda', name: 'Invocations', dimensions: { FunctionName: 'enrich-order-changes' } })).toBe(1);
  });

  it('reports a function error as such: Unhandled, with Lambda’s error object as the payload', async () => {
    const { cloud, lambda } = account();
    lambda.createFunction({ name: 'enrich-order-changes', handler: 'enrich.handler', files: ENRICH });
    const answer = await lambda.invokeSync('enrich-order-changes', JSON.stringify([change('REMOVE', 'o-1')]));
    expect(answer).toMatchObject({ invoked: true, functionError: 'Unhandled' });
    expect(JSON.parse((answer as { payload: string }).payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'Orders are never deleted' });
    expect(cloud.metrics.sum({ namespace: 'AWS/Lambda', name: 'Errors', dimensions: { FunctionName: 'enrich-order-changes' } })).toBe(1);
  });

  it('answers that Lambda did not run a function that does not exist, or has no concurrency left', async () => {
    const { lambda } = account();
    expect(await lambda.invokeSync('enrich', '[]')).toEqual({
      invoked: false,
      errorCode: 'RESOURCE_NOT_FOUND',
      errorMessage: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:enrich',
    });
    lambda.createFunction({ name: 'enrich-order-changes', handler: 'enrich.handler', files: ENRICH, reservedConcurrentExecutions: 0 });
    expect(await lambda.invokeSync('enrich-order-changes', '[]')).toEqual({ invoked: false, errorCode: 'THROTTLING', errorMessage: 'Rate Exceeded.' });
  });
});
