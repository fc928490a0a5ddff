import { afterEach, describe, expect, it } from 'vitest';
import { Cloud } from '../../services/cloud.ts';
import { LambdaService } from '../lambda-service.ts';
import { makeCodeCache, nodeHost } from './node-host.ts';
import { runSandboxCases } from './run-sandbox-cases.ts';

runSandboxCases('node', nodeHost);

describe('node host: a runtime that exits with status 0', () => {
  let lambda: LambdaService | undefined;
  afterEach(() => lambda?.dispose());

  // Lambda words a runtime that exits with status 0 before answering apart from one that exits with an error: "Runtime
  // exited without providing a reason" (the words of the crash example in
  // https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html; AWS's runtime interface emulator,
  // internal/lambda/rapid/handlers.go, gives them for a status 0 and "with error: exit status N" for any other),
  // during init as during an invocation.
  it('is reported as Lambda reports it, during an invocation and during init', async () => {
    lambda = new LambdaService(new Cloud(), nodeHost);
    lambda.createFunction({ name: 'invoke', handler: 'handler.handler', files: { 'handler.ts': `export const handler = async (event: { exit: boolean }) => {\n  if (event.exit) process.exit(0);\n  return 'alive';\n};` } });
    lambda.createFunction({ name: 'init', handler: 'handler.handler', files: { 'handler.ts': `process.exit(0);\nexport const handler = async () => 'never';` } });

    const exited = await lambda.invoke('invoke', { exit: true });
    expect(exited.error).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${exited.requestId} Error: Runtime exited without providing a reason`, stack: [] });
    expect(exited.logs.join('\n')).toContain(`RequestId: ${exited.requestId} Error: Runtime exited without providing a reason\nRuntime.ExitError`);
    expect((await lambda.invoke('invoke', { exit: false })).payload).toBe('"alive"');

    const atInit = await lambda.invoke('init', {});
    expect(atInit.error?.errorType).toBe('Runtime.ExitError');
    expect(atInit.error?.errorMessage).toBe('Error: Runtime exited without providing a reason');
  }, 30_000);
});

describe('node host: the code cache every sandbox starts from', () => {
  // The cache holds what V8 compiled before it was made, so it is made after our warm-up handler has used every SDK
  // package the way lessons do. If a call of it failed (an answer a newer SDK no longer accepts), the cache would
  // silently lose that path, and every sandbox would compile it again.
  it('is made by a sandbox that ran only the warm-up handler, each of whose calls was answered as its client expects', async () => {
    const logs: string[] = [];
    const cache = await makeCodeCache((level, text) => logs.push(`${level} ${text}`));
    expect(cache?.byteLength).toBeGreaterThan(0);
    expect(logs.filter((line) => !line.startsWith('INFO'))).toEqual([]);
    expect(logs.some((line) => line.includes('warming up'))).toBe(true);
  }, 30_000);
});
