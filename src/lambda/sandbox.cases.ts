// One set of cases for every sandbox host: what a Lambda handler sees and how Lambda reports what it does,
// including hostile code. The Node host runs them in host/node-host.test.ts; the browser host runs the same
// file in Chromium. Each case states the behaviour a learner relies on.

import type { FunctionConfig } from './function-config.ts';
import type { InvocationResult } from './lambda-service.ts';

export interface SandboxCase {
  name: string;
  /** The function under test: `handler.ts` exporting `handler`, unless the case says otherwise. */
  function: Omit<FunctionConfig, 'name' | 'handler'> & { handler?: string };
  /** Invoked in order, each with the event given. */
  events: unknown[];
  /** Throws (with `expect`) if the results are not what Lambda would give. */
  check(results: InvocationResult[], tools: CaseTools): void | Promise<void>;
  /** Only for these hosts (all, if absent): the browser host promises more isolation than the Node host. */
  hosts?: ('node' | 'browser')[];
}

export interface CaseTools {
  /** Requests that reached the test server's probe path (browser host only): must stay empty. */
  probeHits?: () => Promise<string[]>;
  /** Which host runs the case, for the one behaviour hosts cannot share (see the memory case). */
  host: 'node' | 'browser';
  expect: (value: unknown, message?: string) => Matchers;
  /** Invokes another function of the same case's account, to show one function's damage stays in it. */
  invokeOther(files: Record<string, string>, event: unknown): Promise<InvocationResult>;
  /** Invokes the case's own function again. */
  invokeAgain(event: unknown): Promise<InvocationResult>;
  sleep(ms: number): Promise<void>;
}

/** The few matchers the cases use, so any test runner can provide them. */
export interface Matchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatch(expected: RegExp | string): void;
  toContain(expected: unknown): void;
  toBeUndefined(): void;
  toBeGreaterThan(n: number): void;
  not: Matchers;
}

const handler = (body: string) => ({ files: { 'handler.ts': body } });
const line = (result: InvocationResult, pattern: RegExp) => result.logs.find((l) => pattern.test(l));
const errorOf = (result: InvocationResult) => JSON.parse(result.payload) as { errorType: string; errorMessage: string; trace: string[] };

export const sandboxCases: SandboxCase[] = [
  {
    name: 'returns what the handler returns, as JSON',
    function: handler(`export const handler = async (event: { detail: { userId: string } }) => ({ statusCode: 200, message: 'User signup event processed', userId: event.detail.userId });`),
    events: [{ detail: { userId: '12345' } }],
    check([result], { expect }) {
      expect(result!.functionError).toBeUndefined();
      expect(JSON.parse(result!.payload)).toEqual({ statusCode: 200, message: 'User signup event processed', userId: '12345' });
    },
  },
  {
    name: 'keeps module scope between warm invocations, and reports Init Duration only on the cold start',
    function: handler(`let invocations = 0;\nexport const handler = async () => ++invocations;`),
    events: [{}, {}, {}],
    check(results, { expect }) {
      expect(results.map((r) => r.payload)).toEqual(['1', '2', '3']);
      expect(results.map((r) => r.coldStart)).toEqual([true, false, false]);
      expect(line(results[0]!, /^REPORT/)).toMatch(/^REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t$/);
      expect(line(results[1]!, /^REPORT/)).not.toMatch(/Init Duration/);
    },
  },
  {
    name: 'writes START, console lines with level and request id, END and REPORT',
    function: handler(
      `export const handler = async (event: { detail: { userId: string; email: string } }) => {
  console.log('New user signed up:', event.detail.userId);
  console.warn('User email:', event.detail.email);
  console.error({ problem: 'none', tags: ['a'] });
  return { ok: true };
};`,
    ),
    events: [{ detail: { userId: '12345', email: 'user@example.com' } }],
    check([result], { expect }) {
      const id = result!.requestId;
      expect(result!.logs[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
      expect(result!.logs[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${id}\\tINFO\\tNew user signed up: 12345$`));
      expect(result!.logs[2]).toMatch(/\tWARN\tUser email: user@example\.com$/);
      expect(result!.logs[3]).toMatch(/\tERROR\t\{ problem: 'none', tags: \[ 'a' \] \}$/);
      expect(result!.logs[4]).toBe(`END RequestId: ${id}`);
      expect(result!.logs[5]).toMatch(/^REPORT RequestId: /);
    },
  },
  {
    name: 'gives the handler Lambda’s context',
    function: { ...handler(`export const handler = async (_e: unknown, context: any) => ({ ...context, remaining: context.getRemainingTimeInMillis() });`), memorySize: 256, timeout: 5 },
    events: [{}],
    check([result], { expect }) {
      const context = JSON.parse(result!.payload);
      expect(context.awsRequestId).toBe(result!.requestId);
      expect(context.functionName).toMatch(/^case-/);
      expect(context.functionVersion).toBe('$LATEST');
      expect(context.invokedFunctionArn).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:case-/);
      expect(context.memoryLimitInMB).toBe('256');
      expect(context.logGroupName).toMatch(/^\/aws\/lambda\/case-/);
      expect(context.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
      expect(context.remaining).toBeGreaterThan(3000);
    },
  },
  {
    name: 'sees its environment variables and the ones Lambda sets',
    function: { ...handler(`export const handler = async () => [process.env.TABLE_NAME, process.env.AWS_REGION, process.env.AWS_LAMBDA_FUNCTION_NAME?.startsWith('case-')];`), environment: { TABLE_NAME: 'signups' } },
    events: [{}],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual(['signups', 'us-east-1', true]);
    },
  },
  {
    name: 'logs an uncaught error as Lambda does, with the stack at the learner’s own line',
    function: handler(`interface Signup { userId: string }

export const handler = async (event: { detail: Signup }) => {
  const id: string = event.detail.userId;
  throw new TypeError('cannot welcome ' + id);
};`),
    events: [{ detail: { userId: '12345' } }],
    check([result], { expect }) {
      expect(result!.functionError).toBe('Unhandled');
      const error = errorOf(result!);
      expect(error.errorType).toBe('TypeError');
      expect(error.errorMessage).toBe('cannot welcome 12345');
      expect(error.trace[0]).toBe('TypeError: cannot welcome 12345');
      expect(error.trace[1]).toMatch(/handler\.ts:5:9\)?$/);
      const logged = line(result!, /\tERROR\tInvoke Error \t/)!;
      expect(JSON.parse(logged.split('\tInvoke Error \t')[1]!)).toEqual({ errorType: 'TypeError', errorMessage: 'cannot welcome 12345', stack: error.trace });
    },
  },
  {
    name: 'points a logged error’s stack at the learner’s own line too',
    function: handler(`export const handler = async () => {
  try {
    JSON.parse('{oops');
  } catch (error) {
    console.error('could not parse:', error);
  }
  return 'handled';
};`),
    events: [{}],
    check([result], { expect }) {
      const logged = line(result!, /\tERROR\tcould not parse:/)!;
      expect(logged).toMatch(/at handler \(handler\.ts:3:10\)/);
    },
  },
  {
    name: 'reports thrown strings, null and plain objects the way Lambda does',
    function: handler(`export const handler = async (event: { kind: string }) => {
  if (event.kind === 'string') throw 'just a string';
  if (event.kind === 'null') throw null;
  throw { code: 42 };
};`),
    events: [{ kind: 'string' }, { kind: 'null' }, { kind: 'object' }],
    check(results, { expect }) {
      expect(results.map((r) => [errorOf(r).errorType, errorOf(r).errorMessage])).toEqual([
        ['string', 'just a string'],
        ['object', 'null'],
        ['object', '{"code":42}'],
      ]);
    },
  },
  {
    name: 'reports a syntax error at the learner’s line, as Runtime.UserCodeSyntaxError',
    function: handler(`export const handler = async () => {\n  const x = ;\n};`),
    events: [{}],
    check([result], { expect }) {
      expect(errorOf(result!)).toEqual({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: 'SyntaxError: Unexpected token (handler.ts:2:13)', trace: ['Runtime.UserCodeSyntaxError: SyntaxError: Unexpected token (handler.ts:2:13)'] });
      expect(line(result!, /Uncaught Exception/)).toMatch(/\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Runtime.UserCodeSyntaxError"/);
    },
  },
  {
    name: 'refuses a callback-style handler at init, as Node.js 24 does, in its words',
    function: handler(`export const handler = (event: unknown, context: unknown, callback: (error: null, result: string) => void) => {\n  callback(null, 'done');\n};`),
    events: [{}],
    check([result], { expect }) {
      const error = errorOf(result!);
      expect(error.errorType).toBe('Runtime.CallbackHandlerDeprecated');
      expect(error.errorMessage).toMatch(/^ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node\.js 24\./);
      expect(line(result!, /Uncaught Exception/)).toMatch(/Runtime\.CallbackHandlerDeprecated/);
    },
  },
  {
    name: 'refuses imports outside the allowed list, naming what can be imported',
    function: handler(`import axios from 'axios';\nexport const handler = async () => axios;`),
    events: [{}],
    check([result], { expect }) {
      const error = errorOf(result!);
      expect(error.errorType).toBe('Runtime.ImportModuleError');
      expect(error.errorMessage).toMatch(/^Error: Cannot find module 'axios'\nRequire stack:\n- handler\.ts\n/);
      expect(error.errorMessage).toContain('@aws-sdk/client-eventbridge');
    },
  },
  {
    name: 'keeps fs and child_process out of reach',
    function: handler(`export const handler = async (event: { module: string }) => {
  const m = await import(event.module === 'fs' ? 'fs' : 'child_process');
  return typeof m;
};`),
    events: [{ module: 'fs' }, { module: 'child_process' }],
    check(results, { expect }) {
      for (const result of results) {
        expect(errorOf(result).errorType).toBe('Runtime.ImportModuleError');
      }
    },
  },
  {
    name: 'reads the XML answers of SNS, as well as the JSON of the other services',
    function: handler(`import { ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler = async () => {
  const { MessageId } = await sns.send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'Out for delivery' }));
  const { Topics } = await sns.send(new ListTopicsCommand({}));
  return { MessageId, Topics };
};`),
    events: [{}],
    check([result], { expect }) {
      expect(result!.functionError).toBeUndefined();
      const value = JSON.parse(result!.payload);
      expect(value.MessageId).toMatch(/^[0-9a-f-]{36}$/);
      expect(value.Topics).toEqual([]);
    },
  },
  {
    name: 'can use marshall and unmarshall from @aws-sdk/util-dynamodb',
    function: handler(`import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';\nexport const handler = async () => {\n  const item = marshall({ eventId: 'e-1', count: 2 });\n  return { item, back: unmarshall(item) };\n};`),
    events: [{}],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual({ item: { eventId: { S: 'e-1' }, count: { N: '2' } }, back: { eventId: 'e-1', count: 2 } });
    },
  },
  {
    name: 'can load its own lesson files and node:crypto',
    function: {
      files: {
        'handler.ts': `import { randomUUID } from 'node:crypto';\nimport { greeting } from './lib/greeting';\nexport const handler = async () => ({ text: greeting('Ann'), id: randomUUID() });`,
        'lib/greeting.ts': `export const greeting = (name: string): string => 'Welcome, ' + name + '!';`,
      },
    },
    events: [{}],
    check([result], { expect }) {
      const value = JSON.parse(result!.payload);
      expect(value.text).toBe('Welcome, Ann!');
      expect(value.id).toMatch(/^[0-9a-f-]{36}$/);
    },
  },
  {
    name: 'times out an endless loop with Lambda’s line, and the next invocation starts fresh',
    function: { ...handler(`let warm = false;\nexport const handler = async (event: { loop: boolean }) => {\n  if (event.loop) while (true) {}\n  const was = warm;\n  warm = true;\n  return was;\n};`), timeout: 1 },
    events: [{ loop: true }, { loop: false }],
    check([timedOut, next], { expect }) {
      expect(errorOf(timedOut!).errorType).toBe('Sandbox.Timedout');
      expect(errorOf(timedOut!).errorMessage).toBe(`RequestId: ${timedOut!.requestId} Error: Task timed out after 1.00 seconds`);
      expect(line(timedOut!, /Task timed out/)).toMatch(new RegExp(`^\\S+Z ${timedOut!.requestId} Task timed out after 1\\.00 seconds$`));
      expect(line(timedOut!, /^REPORT/)).toMatch(/Duration: 1000\.00 ms\tBilled Duration: 1000 ms/);
      expect(next!.payload).toBe('false');
      expect(next!.coldStart).toBe(true);
    },
  },
  {
    name: 'stops init that never ends at 10 seconds, tries it again under the function’s timeout, and stays responsive',
    // Module scope that never returns: only the host, from outside the sandbox, can stop it.
    function: { ...handler(`for (;;) {}\nexport const handler = async () => 'never';`), timeout: 2 },
    events: [{}],
    async check([result], { expect, invokeOther }) {
      expect(line(result!, /^INIT_REPORT/)).toBe('INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout');
      expect(errorOf(result!).errorMessage).toBe(`RequestId: ${result!.requestId} Error: Task timed out after 2.00 seconds`);
      expect(result!.durationMs).toBeGreaterThan(1_900);
      expect((await invokeOther({ 'handler.ts': `export const handler = async () => 'alive';` }, {})).payload).toBe('"alive"');
    },
  },
  {
    name: 'times out a promise that never settles',
    function: { ...handler(`export const handler = () => new Promise(() => {});`), timeout: 1 },
    events: [{}],
    check([result], { expect }) {
      expect(errorOf(result!).errorType).toBe('Sandbox.Timedout');
    },
  },
  {
    name: 'ends a function that calls process.exit as Runtime.ExitError, and recovers',
    function: handler(`export const handler = async (event: { exit: boolean }) => {\n  if (event.exit) process.exit(3);\n  return 'alive';\n};`),
    events: [{ exit: true }, { exit: false }],
    check([exited, next], { expect }) {
      expect(errorOf(exited!)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${exited!.requestId} Error: Runtime exited with error: exit status 3`, trace: [] });
      expect(next!.payload).toBe('"alive"');
    },
  },
  {
    name: 'reports process.exit during init in the words Lambda uses during an invocation',
    function: handler(`process.exit(3);\nexport const handler = async () => 'never';`),
    events: [{}],
    hosts: ['node'],
    check([result], { expect }) {
      expect(errorOf(result!).errorType).toBe('Runtime.ExitError');
      expect(errorOf(result!).errorMessage).toBe('Error: Runtime exited with error: exit status 3');
      expect(line(result!, /^INIT_REPORT/)).toMatch(/Status: error\tError Type: Runtime\.ExitError$/);
    },
  },
  {
    name: 'stops a function that exhausts its memory, and recovers',
    function: {
      timeout: 1,
      files: {
        'handler.ts': `export const handler = async (event: { grow: boolean }) => {
  if (!event.grow) return 'fine';
  const hoard: number[][] = [];
  while (true) hoard.push(new Array(1_000_000).fill(1));
};`,
      },
    },
    events: [{ grow: true }, { grow: false }],
    check([exhausted, next], { expect, host }) {
      // The Node host holds a sandbox process to the function's memory; a browser cannot cap one worker's heap, so
      // there the function's timeout stops it before it takes the page down.
      expect(errorOf(exhausted!).errorType).toBe(host === 'node' ? 'Runtime.OutOfMemory' : 'Sandbox.Timedout');
      expect(next!.payload).toBe('"fine"');
    },
  },
  {
    name: 'reports unbounded recursion as the RangeError it is',
    function: handler(`const down = (n: number): number => down(n + 1) + 1;\nexport const handler = async () => down(0);`),
    events: [{}],
    check([result], { expect }) {
      expect(errorOf(result!).errorType).toBe('RangeError');
      expect(errorOf(result!).errorMessage).toBe('Maximum call stack size exceeded');
    },
  },
  {
    name: 'caps a log flood and says so, without losing the result',
    function: handler(`export const handler = async () => {\n  for (let i = 0; i < 50_000; i++) console.log('line', i);\n  return 'done';\n};`),
    events: [{}],
    check([result], { expect }) {
      expect(result!.payload).toBe('"done"');
      const consoleLines = result!.logs.filter((l) => /\tINFO\tline \d+$/.test(l));
      expect(consoleLines.length).toBe(10_000);
      expect(line(result!, /more log lines from this invocation were dropped/)).toMatch(/40000 more log lines/);
    },
  },
  {
    name: 'keeps replaced built-ins inside the function that replaced them',
    function: handler(`export const handler = async () => {
  JSON.stringify = () => 'hijacked';
  Array.prototype.map = function () { return ['hijacked']; };
  (globalThis as any).Promise = class {};
  return { still: 'serialised properly' };
};`),
    events: [{}, {}],
    async check([first, second], { expect, invokeOther }) {
      expect(first!.payload).toBe('{"still":"serialised properly"}');
      expect(second!.payload).toBe('{"still":"serialised properly"}');
      const other = await invokeOther({ 'handler.ts': `export const handler = async () => [JSON.stringify({ a: 1 }), [1, 2].map((n) => n * 2)];` }, {});
      expect(JSON.parse(other.payload)).toEqual(['{"a":1}', [2, 4]]);
    },
  },
  {
    name: 'cannot reach the host’s process, builtin modules or import()',
    function: handler(`export const handler = async () => {
  const g = globalThis as any;
  const attempt = async (reach: () => unknown) => {
    try {
      const value = await reach();
      return value === undefined || value === null ? 'blocked' : 'reached';
    } catch {
      return 'blocked';
    }
  };
  return {
    getBuiltinModule: await attempt(() => g.process.getBuiltinModule('child_process')),
    kill: await attempt(() => g.process.kill(g.process.pid ?? 1, 0) ?? true),
    binding: await attempt(() => g.process.binding('fs')),
    evalImport: await attempt(() => (0, eval)('import("node:fs")')),
    functionImport: await attempt(() => Function('return import("node:fs")')()),
    asyncFunctionImport: await attempt(() => (async function () {}).constructor('return import("node:fs")')()),
    constructorImport: await attempt(() => ({}).constructor.constructor('return import("node:os")')()),
    requireGlobal: typeof g.require,
  };
};`),
    events: [{}],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual({
        getBuiltinModule: 'blocked',
        kill: 'blocked',
        binding: 'blocked',
        evalImport: 'blocked',
        functionImport: 'blocked',
        asyncFunctionImport: 'blocked',
        constructorImport: 'blocked',
        requireGlobal: 'undefined',
      });
    },
  },
  {
    name: 'cannot talk to another function over BroadcastChannel',
    function: handler(`const heard: unknown[] = [];
try {
  new BroadcastChannel('workbook').onmessage = (event) => heard.push(event.data);
} catch {}
export const handler = async () => heard;`),
    events: [{}],
    async check([first], { expect, invokeOther, invokeAgain, sleep }) {
      expect(first!.payload).toBe('[]');
      await invokeOther({ 'handler.ts': `export const handler = async () => { try { new BroadcastChannel('workbook').postMessage('hello from another function'); } catch {} return 'sent'; };` }, {});
      await sleep(200);
      expect((await invokeAgain({})).payload).toBe('[]');
    },
  },
  {
    name: 'returns null for a value JSON cannot hold, as Lambda does',
    function: handler(`export const handler = async () => () => 'a function';`),
    events: [{}],
    check([result], { expect }) {
      expect(result!.functionError).toBeUndefined();
      expect(result!.payload).toBe('null');
    },
  },
  {
    name: 'retries a failed init on the next invocation, logging it before START',
    function: handler(`throw new Error('config missing at module scope');
export const handler = async () => 'never';`),
    events: [{}, {}],
    check(results, { expect }) {
      for (const result of results) {
        expect(result!.coldStart).toBe(true);
        expect(errorOf(result!).errorMessage).toBe('config missing at module scope');
        expect(result!.logs[0]).toMatch(/\tundefined\tERROR\tUncaught Exception \t\{"errorType":"Error","errorMessage":"config missing at module scope"/);
        expect(result!.logs[1]).toMatch(/^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Error$/);
        expect(result!.logs[2]).toMatch(/^START RequestId: /);
      }
    },
  },
  {
    name: 'freezes between invocations: work left running shows up in the next one',
    function: handler(`let ticks = 0;
export const handler = async () => {
  if (ticks === 0) setInterval(() => console.log('tick', ++ticks), 20);
  return 'started';
};`),
    events: [{}],
    async check([first], { expect, invokeAgain, sleep }) {
      expect(first!.logs.some((l) => l.includes('\tINFO\ttick'))).toBe(false);
      await sleep(300);
      const next = await invokeAgain({});
      const held = next.logs.filter((l) => l.includes('\tINFO\ttick'));
      expect(held.length).toBeGreaterThan(3);
      expect(held[0]).toContain(next.requestId);
    },
  },
  {
    name: 'has no network, no page, no cookies and no storage (browser host)',
    hosts: ['browser'],
    function: {
      timeout: 15,
      files: {
        'handler.ts': `export const handler = async (event: { origin: string }) => {
  const g = globalThis as any;
  const attempt = async (reach: () => Promise<unknown>) => {
    try {
      await reach();
      return 'reached';
    } catch {
      return 'blocked';
    }
  };
  const stream = (open: () => any) =>
    new Promise((resolve) => {
      try {
        const s = open();
        s.addEventListener('open', () => resolve('reached'));
        s.addEventListener('error', () => resolve('blocked'));
        setTimeout(() => resolve('blocked'), 3000);
      } catch {
        resolve('blocked');
      }
    });
  return {
    fetch: await attempt(() => fetch(event.origin + '/fetch', { mode: 'no-cors' })),
    xhr: await new Promise((resolve) => {
      try {
        const x = new XMLHttpRequest();
        x.open('GET', event.origin + '/xhr');
        x.onload = () => resolve('reached');
        x.onerror = () => resolve('blocked');
        x.send();
      } catch {
        resolve('blocked');
      }
    }),
    webSocket: await stream(() => new WebSocket(event.origin.replace('http', 'ws') + '/socket')),
    eventSource: await stream(() => new EventSource(event.origin + '/events')),
    importScripts: await attempt(async () => g.importScripts(event.origin + '/script.js')),
    dynamicImport: await attempt(() => g.eval('import(event.origin + "/module.js")')),
    document: typeof g.document,
    cookies: typeof g.document?.cookie,
    localStorage: typeof g.localStorage,
    indexedDB: await attempt(() => new Promise((resolve, reject) => { const r = g.indexedDB.open('x'); r.onsuccess = resolve; r.onerror = () => reject(r.error); })),
    caches: await attempt(() => g.caches.keys()),
    parentWindow: typeof g.parent,
  };
};`,
      },
    },
    // The probe path answers any origin and counts what reaches it: only the sandbox can stop these requests.
    events: [{ origin: `${typeof location === 'undefined' ? 'http://127.0.0.1' : location.origin}/__probe` }],
    async check([result], { expect, probeHits }) {
      expect(await probeHits?.()).toEqual([]);
      expect(JSON.parse(result!.payload)).toEqual({
        fetch: 'blocked',
        xhr: 'blocked',
        webSocket: 'blocked',
        eventSource: 'blocked',
        importScripts: 'blocked',
        dynamicImport: 'blocked',
        document: 'undefined',
        cookies: 'undefined',
        localStorage: 'undefined',
        indexedDB: 'blocked',
        caches: 'blocked',
        parentWindow: 'undefined',
      });
    },
  },
];
