// One set of cases for every sandbox host: what a Lambda handler sees and how Lambda reports what it does,
// including hostile code. The Node host runs them in host/node-host.test.ts; the browser host runs the same
// file in Chromium. Each case states the behaviour a learner relies on, and a hostile one proves containment by
// its effect: the time it took, the memory the host's processes grew by, nothing reaching the probe. The hostile
// cases that need a file, a process or a socket of the machine (the SDK's credential providers, Node's ways out
// of a locked-down script) stay in host/node-host.hostile.test.ts: a browser has none of those to reach.

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
  /** Watch the resident memory of the host's sandboxes while the events run (see `CaseTools.residentGrowthMb`). */
  watchesMemory?: boolean;
  /** How long the whole case may take in the test runner, if longer than the default. */
  deadlineMs?: number;
  /**
   * The case spends its time on a wall-clock deadline (init's 10 seconds) and watches no memory: it may run beside
   * the other such cases instead of after them.
   */
  concurrent?: boolean;
}

export interface CaseTools {
  /** Requests that reached the test server's probe path (browser host only): must stay empty. */
  probeHits?: () => Promise<string[]>;
  /** Which host runs the case (the memory bombs name it in the figures they print). */
  host: 'node' | 'browser';
  expect: (value: unknown, message?: string) => Matchers;
  /** Invokes another function of the same case's account, to show one function's damage stays in it. */
  invokeOther(files: Record<string, string>, event: unknown): Promise<InvocationResult>;
  /** Invokes the case's own function again. */
  invokeAgain(event: unknown): Promise<InvocationResult>;
  sleep(ms: number): Promise<void>;
  /** How long each event's invocation took as its caller waited for it, in ms (cold start included). */
  elapsedMs: number[];
  /**
   * For a case that `watchesMemory`: the most the resident memory of the host's processes grew while its events
   * ran, in MB (the Node host's sandbox processes; the browser's, the worker's renderer among them); undefined
   * where it cannot be read (no /proc).
   */
  residentGrowthMb?: number;
}

/** The few matchers the cases use, so any test runner can provide them. */
export interface Matchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatch(expected: RegExp | string): void;
  toContain(expected: unknown): void;
  toBeUndefined(): void;
  toBeGreaterThan(n: number): void;
  toBeLessThan(n: number): void;
  not: Matchers;
}

const handler = (body: string) => ({ files: { 'handler.ts': body } });
const line = (result: InvocationResult, pattern: RegExp) => result.logs.find((l) => pattern.test(l));
const errorOf = (result: InvocationResult) => JSON.parse(result.payload) as { errorType: string; errorMessage: string; trace: string[] };

/**
 * How Lambda reports a runtime that ran out of its memory: Runtime.OutOfMemory, the runtime's exit in the words of
 * https://repost.aws/knowledge-center/lambda-runtime-error ("Runtime exited with error: …", here the kill signal),
 * and a REPORT line that used all of the function's memory.
 */
function expectOutOfMemory(result: InvocationResult, memoryMb: number, expect: CaseTools['expect']): void {
  expect(errorOf(result)).toEqual({ errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${result.requestId} Error: Runtime exited with error: signal: killed`, trace: [] });
  expect(line(result, /^REPORT/)).toMatch(new RegExp(`\tMemory Size: ${memoryMb} MB\tMax Memory Used: ${memoryMb} MB\t`));
}

/**
 * A 128 MB function that keeps allocating `kind` and holding it: ended as out of memory well before its 15 s timeout,
 * the resident memory of the host's processes held below a ceiling (about three times the function's memory: each
 * host reads its measure a poll apart), and the next invocation starts fresh.
 */
function memoryBomb(kind: string, body: string): SandboxCase {
  return {
    name: `ends a function that fills its memory with ${kind} as Runtime.OutOfMemory, well before its timeout and below a ceiling`,
    function: { memorySize: 128, timeout: 15, ...handler(`export const handler = async (event: { grow: boolean }) => {\n  if (!event.grow) return 'fine';\n  ${body}\n};`) },
    events: [{ grow: true }, { grow: false }],
    watchesMemory: true,
    check([exhausted, next], { expect, host, residentGrowthMb }) {
      // The figures the note asks for, per attack: how long containment took and how far memory grew.
      console.info(`${host} host, ${kind}: ${errorOf(exhausted!).errorType} after ${exhausted!.durationMs.toFixed(0)} ms of invocation; resident memory grew ${residentGrowthMb?.toFixed(0) ?? 'unmeasured'} MB`);
      expectOutOfMemory(exhausted!, 128, expect);
      expect(exhausted!.durationMs).toBeLessThan(5_000);
      if (residentGrowthMb !== undefined) expect(residentGrowthMb).toBeLessThan(400);
      expect(next!.payload).toBe('"fine"');
    },
  };
}

/** A WebAssembly module with a memory of its own (1 page, no maximum) that exports it and `grow`: memory.grow(256). */
const GROWING_WASM_MODULE = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // types: () -> i32
  0x03, 0x02, 0x01, 0x00, // functions: one of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memories: one, 1 page, no maximum
  0x07, 0x11, 0x02, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, // exports: grow, memory
  0x0a, 0x09, 0x01, 0x07, 0x00, 0x41, 0x80, 0x02, 0x40, 0x00, 0x0b, // code: i32.const 256; memory.grow 0; end
];

/** A WebAssembly module with a table of its own of a million funcref elements, at most as many. */
const LARGE_TABLE_WASM_MODULE = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x04, 0x09, 0x01, 0x70, 0x01, 0xc0, 0x84, 0x3d, 0xc0, 0x84, 0x3d, // tables: one, funcref, 1,000,000 elements, at most 1,000,000
];

/**
 * Allocations made by syntax, which no built-in the browser's meter replaces sees: arrays written index by index, each
 * entry an object literal, kept by an index write. An independent attack held 670 MB this way in a 128 MB function in
 * the browser. Plain JavaScript in a block, for the cases that hand it to a compiler of strings.
 */
const OBJECT_LITERALS_BY_INDEX = `{
  const keep = [];
  for (let i = 0; ; i++) {
    const a = new Array(131072);
    for (let j = 0; j < 131072; j++) a[j] = { j, k: j * 2 };
    keep[i] = a;
  }
}`;

/** A string given to a timer as its code: it marks that it ran, then runs the attack above. */
const STRING_TIMER_CODE = `globalThis.ranFromString = true;\n${OBJECT_LITERALS_BY_INDEX}`;

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
    // Lambda's runtime API takes at most 6 MB and 100 bytes as a synchronous answer, result or error alike. The
    // refusal is made in the sandbox, before the answer crosses to the host: in the browser, that host is the page.
    name: 'answers a result or an error past Lambda’s 6 MB response limit with Function.ResponseSizeTooLarge, in Lambda’s words, and returns one just under it',
    function: {
      memorySize: 512,
      ...handler(`export const handler = async (event: { answer: string }) => {
  if (event.answer === 'result') return 'x'.repeat(7_000_000);
  if (event.answer === 'error') throw new Error('y'.repeat(7_000_000));
  return 'z'.repeat(6_000_000);
};`),
    },
    events: [{ answer: 'result' }, { answer: 'error' }, { answer: 'just under' }],
    check([result, error, under], { expect }) {
      // The result's JSON: seven million characters and two quotes.
      expect(result!.error).toEqual({ errorType: 'Function.ResponseSizeTooLarge', errorMessage: 'Response payload size (7000002 bytes) exceeded maximum allowed payload size (6291556 bytes).', stack: [] });
      expect(error!.error?.errorType).toBe('Function.ResponseSizeTooLarge');
      expect(error!.error?.errorMessage).toMatch(/^Response payload size \(\d{8} bytes\) exceeded maximum allowed payload size \(6291556 bytes\)\.$/);
      expect(under!.functionError).toBeUndefined();
      expect(under!.payload.length).toBe(6_000_002);
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
    // As Lambda's Node.js runtime reports them: a throw nobody could catch is the error itself; a rejection nobody
    // awaited is wrapped. Either ends the runtime, so the next invocation is a cold start.
    name: 'fails the invocation with a throw in a timer as that error, and with a rejection nobody awaited as Runtime.UnhandledPromiseRejection',
    function: handler(`export const handler = async (event: { leave: string }) => {
  if (event.leave === 'a throw') setTimeout(() => { throw new RangeError('too late to catch'); }, 10);
  else Promise.reject(new Error('nobody awaited me'));
  await new Promise((resolve) => setTimeout(resolve, 500));
  return 'unreachable';
};`),
    events: [{ leave: 'a throw' }, { leave: 'a rejection' }],
    check([thrown, rejected], { expect }) {
      expect(errorOf(thrown!).errorType).toBe('RangeError');
      expect(errorOf(thrown!).errorMessage).toBe('too late to catch');
      expect(errorOf(rejected!).errorType).toBe('Runtime.UnhandledPromiseRejection');
      expect(errorOf(rejected!).errorMessage).toBe('Error: nobody awaited me');
      expect(rejected!.coldStart).toBe(true);
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
    concurrent: true,
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
    name: 'stops init that blocks in Atomics.wait at 10 seconds, and again under the function’s timeout',
    concurrent: true,
    // A wait nothing will ever wake: on shared memory where the platform gives it (SharedArrayBuffer in Node, a shared
    // WebAssembly memory in a browser that withholds SharedArrayBuffer), an endless loop otherwise.
    function: {
      timeout: 1,
      ...handler(`const g = globalThis as any;
let shared: ArrayBuffer | undefined;
try {
  shared = typeof g.SharedArrayBuffer === 'function' ? new g.SharedArrayBuffer(4) : new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true } as any).buffer;
} catch {}
if (shared) Atomics.wait(new Int32Array(shared), 0, 0);
for (;;) {}
export const handler = async () => 'never';`),
    },
    events: [{}],
    deadlineMs: 40_000,
    async check([result], { expect, elapsedMs, invokeOther }) {
      expect(line(result!, /^INIT_REPORT/)).toBe('INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout');
      expect(errorOf(result!).errorMessage).toBe(`RequestId: ${result!.requestId} Error: Task timed out after 1.00 seconds`);
      // 10 s of init and 1 s of invocation, then the host answers: nothing in the sandbox could hold it longer.
      expect(elapsedMs[0]!).toBeLessThan(20_000);
      expect((await invokeOther({ 'handler.ts': `export const handler = async () => 'alive';` }, {})).payload).toBe('"alive"');
    },
  },
  {
    name: 'cannot end its runtime silently: the next invocation is answered, not left to time out',
    // A Web Worker may close itself; Node has no such global. Either way the next invocation must be answered.
    function: {
      timeout: 5,
      ...handler(`export const handler = async (event: { close: boolean }) => {
  if (event.close) {
    for (let scope: any = globalThis; scope; scope = Object.getPrototypeOf(scope)) {
      const close = Object.getOwnPropertyDescriptor(scope, 'close')?.value;
      if (typeof close === 'function') close.call(globalThis);
    }
  }
  return 'alive';
};`),
    },
    events: [{ close: true }, { close: false }],
    check([, next], { expect, elapsedMs }) {
      expect(next!.payload).toBe('"alive"');
      expect(elapsedMs[1]!).toBeLessThan(4_000);
    },
  },
  {
    // Lambda's Node.js has the Web Crypto API on the global and in node:crypto. A browser offers it only in secure
    // contexts, which the sandbox's worker is not; the sandbox gives it all the same (host/frame-crypto.ts).
    name: 'gives a handler Node’s crypto: randomUUID, getRandomValues and the Web Crypto API, on the global and in node:crypto',
    function: handler(`import { randomUUID, subtle } from 'node:crypto';

const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

export const handler = async () => {
  const digest = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc')));
  const key = await subtle.importKey('raw', new TextEncoder().encode('webhook-secret'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const signature = await subtle.sign('HMAC', key, new TextEncoder().encode('{"deal":"won"}'));
  const verified = await crypto.subtle.verify('HMAC', key, signature, new TextEncoder().encode('{"deal":"won"}'));
  const forged = await crypto.subtle.verify('HMAC', key, signature, new TextEncoder().encode('{"deal":"lost"}'));
  let refused = '';
  try {
    await crypto.subtle.digest('SHA-0', new Uint8Array(1));
  } catch (error) {
    refused = (error as Error).name;
  }
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const order = new TextEncoder().encode('order 1001');
  const ecSignature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, order);
  const ecVerified = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.publicKey, ecSignature, order);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return {
    digest, signature: hex(signature), verified, forged, refused, ecVerified, kty: jwk.kty,
    key: [key.type, key.extractable, key.usages, (key.algorithm as { name: string }).name],
    uuids: [crypto.randomUUID(), randomUUID()], random: crypto.getRandomValues(new Uint8Array(4)).length,
  };
};`),
    events: [{}],
    check([result], { expect }) {
      expect(result!.functionError).toBeUndefined();
      const answer = JSON.parse(result!.payload);
      // SHA-256 of "abc", from FIPS 180-2's examples.
      expect(answer.digest).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      expect(answer.signature).toMatch(/^[0-9a-f]{64}$/);
      expect([answer.verified, answer.forged]).toEqual([true, false]);
      expect(answer.key).toEqual(['secret', false, ['sign', 'verify'], 'HMAC']);
      expect([answer.ecVerified, answer.kty]).toEqual([true, 'EC']);
      expect(answer.refused).toBe('NotSupportedError');
      for (const uuid of answer.uuids) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(answer.random).toBe(4);
    },
  },
  {
    // A body no AWS API would take is refused in the sandbox, before it is copied out to the host (the page, in the
    // browser); the services refuse smaller ones themselves, in AWS's words.
    name: 'refuses an SDK request whose body is larger than any AWS API takes, before it leaves the sandbox, and the function goes on',
    function: {
      memorySize: 1024,
      // Making and serialising 60 MB takes seconds on a busy machine: past Lambda's default 3 s timeout, the case would
      // see a timeout instead of the refusal it is about.
      timeout: 30,
      ...handler(`import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

export const handler = async () => {
  try {
    await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: 'x'.repeat(60_000_000) }));
    return 'sent';
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
};`),
    },
    events: [{}],
    check([result], { expect }) {
      const answer = JSON.parse(result!.payload);
      expect(answer.name).toBe('RequestEntityTooLarge');
      expect(answer.message).toMatch(/^The request's body is \d{8} characters: larger than any AWS API takes in one request/);
    },
  },
  {
    // Found by an independent hostile corpus: the browser runtime read its port's messages through MessageEvent's
    // `data` getter as it stood, so a handler that redefined the getter was handed the port, and answered the page in
    // the runtime's name with a result the runtime refuses (8 MB, not JSON). The port stays the runtime's; and the
    // host refuses a result longer than Lambda's limit whoever sends it.
    name: 'keeps the runtime’s channel to the host out of reach of a handler that redefines how messages are read',
    function: handler(`let port: any;
const original = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data')!;
Object.defineProperty(MessageEvent.prototype, 'data', {
  configurable: true,
  get() {
    if (typeof MessagePort === 'function' && this.target instanceof MessagePort) port ??= this.target;
    return original.get!.call(this);
  },
});
export const handler = async (_event: unknown, context: { awsRequestId: string }) => {
  if (!port) return 'no port';
  let forged = 'B';
  for (let i = 0; i < 23; i++) forged += forged;
  port.postMessage({ type: 'result', requestId: context.awsRequestId, ok: true, payload: forged });
  return 'the real result';
};`),
    events: [{}, {}],
    check(results, { expect }) {
      for (const result of results) expect(result!.payload).toBe('"no port"');
    },
  },
  {
    name: 'has no global postMessage, as Lambda’s Node.js runtime has none',
    function: handler(`export const handler = async () => {
  const found: string[] = [];
  for (let scope: any = globalThis; scope; scope = Object.getPrototypeOf(scope)) {
    if (typeof Object.getOwnPropertyDescriptor(scope, 'postMessage')?.value === 'function') found.push(String(scope.constructor?.name));
  }
  return { found, type: typeof (globalThis as any).postMessage };
};`),
    events: [{}],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual({ found: [], type: 'undefined' });
    },
  },
  {
    // The Node host compiles strings through a Function of its own (no import() from them); it must still be the
    // Function every function is an instance of.
    name: 'keeps Function what it is in Node.js: every function an instance of it, and Function() making one',
    function: handler(`export const handler = async () => {
  const made = Function('a', 'return a + 1');
  return {
    arrow: (() => 1) instanceof Function,
    asyncFn: (async () => 1) instanceof Function,
    made: made instanceof Function && made(1) === 2,
    prototype: Function.prototype === Object.getPrototypeOf(() => 1),
    hasInstance: typeof Function.prototype[Symbol.hasInstance],
  };
};`),
    events: [{}],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual({ arrow: true, asyncFn: true, made: true, prototype: true, hasInstance: 'function' });
    },
  },
  // What the browser host's rewriting of learner code (allocation-sites.ts) must leave as it was: each of these once
  // came out differently there (an independent corpus's fidelity handlers).
  {
    name: 'runs code the browser host rewrites as Node.js runs it: new on any callee, new.target at the top, computed writes through a Proxy that writes',
    function: handler(`const top = typeof new.target;
export const handler = async () => {
  const made = [new function (this: { x: number }) { this.x = 1; }().x, new (class { y = 2; })().y, new [].constructor(3).length, new ({} as any).constructor().constructor.name];
  const noted: unknown = {};
  let traps = 0;
  const target: Record<string, number> = new Proxy({}, {
    getOwnPropertyDescriptor(t, key) { (noted as Record<string, number>)['trap' + (traps++ % 2)] = 1; return Reflect.getOwnPropertyDescriptor(t, key); },
  });
  for (let i = 0; i < 3; i++) target['k' + i] = i;
  const counts: Record<string, number> = {};
  const list = [0, 0];
  list[1]++;
  [counts['a'], counts['b'] = 5] = [1];
  for (counts['last'] of [1, 2]);
  return { top, made, keys: Object.keys(target), counts, list };
};`),
    events: [{}],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual({ top: 'undefined', made: [1, 2, 3, 'Object'], keys: ['k0', 'k1', 'k2'], counts: { a: 1, b: 5, last: 2 }, list: [0, 1] });
    },
  },
  {
    // What esbuild deploys for Node.js 24: class fields and static blocks in source order, defined as the spec says,
    // optional chaining as Node.js runs it.
    name: 'runs classes and optional chaining as the code deployed to Lambda runs them: static blocks after the static fields before them, fields defined',
    function: handler(`class Registry {
  static names: string[] = [];
  static {
    Registry.names.push('first');
  }
  count = 1;
  label: string;
  constructor() {
    this.label = 'set';
  }
}
class Base {
  set value(v: number) {
    throw new Error('the setter ran');
  }
}
class Child extends Base {
  value = 2;
}
export const handler = async (event: any) => {
  let read = '';
  try {
    read = event.detail?.items.length;
  } catch (error) {
    read = String(error);
  }
  return [Registry.names, Object.keys(new Registry()), new Child().value, read];
};`),
    events: [{ detail: {} }],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual([['first'], ['count', 'label'], 2, "TypeError: Cannot read properties of undefined (reading 'length')"]);
    },
  },
  {
    name: 'says what a spread could not iterate in V8’s words, whatever it spread',
    function: handler(`export const handler = async (event: any) => {
  const messages: string[] = [];
  const orders: any = { list: () => undefined, byId: { a: 1 } };
  const attempts = [() => [...event.detail.items], () => [...orders.list()], () => [...orders['list']()], () => [...orders.byId], () => [...Object.entries(orders.byId)]];
  for (const attempt of attempts) {
    try {
      messages.push(JSON.stringify(attempt()));
    } catch (error) {
      messages.push(String(error));
    }
  }
  return messages;
};`),
    events: [{ detail: {} }],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual([
        'TypeError: event.detail.items is not iterable',
        'TypeError: orders.list is not a function or its return value is not iterable',
        'TypeError: orders.list is not a function or its return value is not iterable',
        'TypeError: orders.byId is not iterable',
        '[["a",1]]',
      ]);
    },
  },
  {
    name: 'reports an error thrown by + or a template literal at the learner’s own line, in V8’s words',
    function: handler(`export const handler = async () => {
  const label: any = Symbol('order');
  try {
    return 'order ' + label;
  } catch (error) {
    console.log('caught', error);
  }
  return \`order \${label}\`;
};`),
    events: [{}],
    check([result], { expect }) {
      const error = errorOf(result!);
      expect(error.errorType).toBe('TypeError');
      expect(error.errorMessage).toBe('Cannot convert a Symbol value to a string');
      // The browser host adds and fills templates in its meter's hooks (./host/allocation-sites.ts): their frames are
      // not shown, so the stack starts, as in Node.js, at the learner's line.
      expect(error.trace[1]).toMatch(/handler\.ts:8:\d+\)?$/);
      const logged = result!.logs.join('\n');
      expect(logged).toContain('caught TypeError: Cannot convert a Symbol value to a string');
      expect(logged).toMatch(/caught TypeError[^\n]*\n\s+at [^\n]*handler\.ts:4:\d+/);
      expect(logged).not.toContain('__wb$');
    },
  },
  {
    name: 'names a call that failed on a value made in place as V8 does, in the error, in the log and in what the handler reads',
    function: handler(`export const handler = async () => {
  try {
    (new Map() as any).nope();
  } catch (error) {
    console.log('caught', error);
    console.log('read as V8 says it: ' + ((error as Error).message === '(intermediate value).nope is not a function'));
  }
  return ([1, 2] as any).foo();
};`),
    events: [{}],
    check([result], { expect }) {
      // Node.js names the array literal by its source, `[1,2].foo`; the browser host, which wrapped it in a call, by
      // what V8 calls any value made in place. Never by the call the rewriting put there.
      expect(errorOf(result!).errorMessage).toMatch(/^(\[1,2\]|\(intermediate value\))\.foo is not a function$/);
      expect(result!.logs.join('\n')).toContain('TypeError: (intermediate value).nope is not a function');
      // Read by the handler itself, the message is V8's too (the browser host's catch hands it to the meter, which says
      // it so): compared in the handler, since a log line is tidied on its way out.
      expect(result!.logs.join('\n')).toContain('read as V8 says it: true');
      expect(result!.logs.join('\n')).not.toContain('__wb$');
    },
  },
  {
    // Each argument of a call is on the worker's stack, and a wrapper written in JavaScript takes fewer than Chromium's
    // built-ins do: the meter wraps no function honest code calls with tens of thousands (it once wrapped fromCharCode;
    // push it does wrap, and there `push(...list)` overflows at about half of Node's limit).
    name: 'decodes 60,000 character codes passed as arguments, spread and applied, as Node.js does',
    function: handler(`export const handler = async () => {
  const codes = Array.from({ length: 60_000 }, (_, i) => 97 + (i % 26));
  const spread = String.fromCharCode(...codes);
  const applied = String.fromCharCode.apply(null, codes);
  const points = String.fromCodePoint(...codes);
  return [spread.length, applied === spread, points === spread, spread.slice(0, 3), Math.max(...codes)];
};`),
    events: [{}],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual([60_000, true, true, 'abc', 122]);
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
    // A status 0 is worded apart: "Runtime exited without providing a reason" (AWS's runtime interface emulator,
    // internal/lambda/rapid/handlers.go; https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
    name: 'ends a function that calls process.exit as Runtime.ExitError, in Lambda\'s words for each status, and recovers',
    function: handler(`export const handler = async (event: { exit?: number }) => {\n  if (event.exit !== undefined) process.exit(event.exit);\n  return 'alive';\n};`),
    events: [{ exit: 3 }, { exit: 0 }, {}],
    check([exited, exitedZero, next], { expect }) {
      expect(errorOf(exited!)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${exited!.requestId} Error: Runtime exited with error: exit status 3`, trace: [] });
      expect(errorOf(exitedZero!)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${exitedZero!.requestId} Error: Runtime exited without providing a reason`, trace: [] });
      expect(next!.payload).toBe('"alive"');
    },
  },
  {
    name: 'reports process.exit during init in the words Lambda uses during an invocation',
    function: handler(`process.exit(3);\nexport const handler = async () => 'never';`),
    events: [{}],
    check([result], { expect }) {
      expect(errorOf(result!).errorType).toBe('Runtime.ExitError');
      expect(errorOf(result!).errorMessage).toBe('Error: Runtime exited with error: exit status 3');
      expect(line(result!, /^INIT_REPORT/)).toMatch(/Status: error\tError Type: Runtime\.ExitError$/);
    },
  },
  memoryBomb('plain arrays on the heap', 'const hoard: number[][] = [];\n  while (true) hoard.push(new Array(1_000_000).fill(1));'),
  memoryBomb('objects pushed onto an array', 'const hoard: object[] = [];\n  for (let i = 0; ; i++) hoard.push({ i, at: Date.now() });'),
  memoryBomb('arrays made by Array.from', 'const hoard: number[][] = [];\n  while (true) hoard.push(Array.from({ length: 1_000_000 }, (_, i) => i + 0.5));'),
  memoryBomb(
    'arrays copied by concat, slice, flat and map',
    'const base = new Array(100_000).fill(0.5);\n  const hoard: number[][] = [];\n  while (true) hoard.push(base.concat(base), base.slice(), [base].flat(), base.map((x) => x));',
  ),
  memoryBomb(
    'strings copied by String’s methods and join',
    "const text = 'x'.repeat(60_000);\n  const accented = 'é'.repeat(30_000);\n  const hoard: string[] = [];\n  while (true) hoard.push(text.toUpperCase(), text.replaceAll('x', 'y'), text.padStart(60_001, 'z'), accented.normalize('NFD'), [text, text].join(''));",
  ),
  {
    // The control for the strings and parses above: what an invocation copies is given back when it ends, what it
    // parses when that is collected.
    name: 'keeps a warm function alive that copies and parses more strings over its invocations than its memory',
    function: {
      memorySize: 128,
      timeout: 15,
      ...handler(`export const handler = async () => {
  const text = Array.from({ length: 2_000 }, (_, i) => 'order ' + i).join(',');
  let length = 0;
  for (let i = 0; i < 100; i++) {
    const json = JSON.stringify({ text, upper: text.toUpperCase(), spaced: text.replaceAll(',', ', ') });
    length += json.length + JSON.parse(json).text.length;
  }
  return length;
};`),
    },
    // About 20 MB of copies and 25 MB of parses an invocation: 450 MB over the ten.
    events: Array.from({ length: 10 }, () => ({})),
    check(results, { expect }) {
      for (const result of results) expect(result.payload).toBe(results[0]!.payload);
      expect(Number(results[0]!.payload)).toBeGreaterThan(5_000_000);
    },
  },
  {
    // The control for the operators above: strings built piece by piece are charged about their length once, and
    // given back when the invocation ends; BigInt arithmetic on numbers of a few kilobytes goes on unended.
    name: 'keeps a warm function alive that builds strings with + and templates and computes with BigInts, more over its invocations than its memory',
    function: {
      memorySize: 128,
      timeout: 15,
      ...handler(`export const handler = async () => {
  let length = 0;
  for (let round = 0; round < 5; round++) {
    let csv = '';
    for (let i = 0; i < 10_000; i++) csv += \`order-\${i},\${i * 2},shipped\\n\`;
    let report = '';
    for (const line of csv.split('\\n').slice(0, 2_000)) report = report + line.toUpperCase() + ';';
    length += csv.length + report.length;
  }
  let factorial = 1n;
  for (let n = 1n; n <= 1_500n; n++) factorial *= n;
  return [length, factorial.toString().length];
};`),
    },
    // Five CSVs of 250 KB and their reports an invocation (charged at two bytes a character, about 2.6 MB), a
    // 4,100-digit factorial through 1,500 products: over 60 invocations, more than the function's 128 MB.
    events: Array.from({ length: 60 }, () => ({})),
    check(results, { expect }) {
      for (const result of results) expect(result.payload).toBe(results[0]!.payload);
      expect(JSON.parse(results[0]!.payload)).toEqual([1_448_350, 4_115]);
    },
  },
  {
    // The control for the Errors above: a raised Error.stackTraceLimit costs only the frames an Error has.
    name: 'keeps a function alive that raises Error.stackTraceLimit and keeps thousands of shallow Errors',
    function: {
      memorySize: 128,
      timeout: 15,
      ...handler(`export const handler = async () => {
  (Error as { stackTraceLimit?: number }).stackTraceLimit = Infinity;
  const kept: Error[] = [];
  for (let i = 0; i < 5_000; i++) {
    try {
      throw new Error('attempt ' + i);
    } catch (error) {
      kept.push(error as Error);
    }
  }
  return [kept.length, kept[4_999]!.stack!.split('\\n')[0]];
};`),
    },
    events: [{}, {}],
    check(results, { expect }) {
      for (const result of results) expect(JSON.parse(result.payload)).toEqual([5_000, 'Error: attempt 4999']);
    },
  },
  memoryBomb(
    'strings copied by encodeURIComponent, btoa and toWellFormed',
    "const accented = 'é'.repeat(100_000);\n  const unpaired = '\\uD800' + 'a'.repeat(100_000);\n  const latin = 'a'.repeat(100_000);\n  const hoard: string[] = [];\n  for (let i = 0; ; i++) hoard[i] = i % 3 === 0 ? encodeURIComponent(accented) : i % 3 === 1 ? unpaired.toWellFormed() : btoa(latin);",
  ),
  memoryBomb(
    'arrays made by JSON.parse and split',
    "const text = JSON.stringify(new Array(100_000).fill(1));\n  const line = 'ab'.repeat(50_000);\n  const hoard: unknown[] = [];\n  while (true) hoard.push(JSON.parse(text), line.split(''));",
  ),
  memoryBomb('Map entries', 'const hoard = new Map<number, number[]>();\n  for (let i = 0; ; i++) hoard.set(i, [i]);'),
  // Allocations made by syntax: no function runs that a meter of built-ins could replace, so the browser's meter counts
  // them where the learner's code is compiled, and in code compiled from strings by every way there is to do it.
  memoryBomb(
    'object literals written index by index into arrays it keeps',
    // OBJECT_LITERALS_BY_INDEX, in the handler itself.
    'const keep: object[][] = [];\n  for (let i = 0; ; i++) {\n    const a = new Array(131072);\n    for (let j = 0; j < 131072; j++) a[j] = { j, k: j * 2 };\n    keep[i] = a;\n  }',
  ),
  // Objects of a thousand keys each: one object grown to the function's memory hashes millions of keys into one
  // dictionary, copied each time it doubles, which took 3 to 7 s in Chromium (and grew its resident memory by 350 MB).
  memoryBomb('objects grown by computed keys', "const hoard: Record<string, number>[] = [];\n  for (let n = 0; ; n++) {\n    const o: Record<string, number> = {};\n    for (let i = 0; i < 1_000; i++) o['p' + i] = i + 0.5;\n    hoard[n] = o;\n  }"),
  memoryBomb('closures kept by index writes', 'const hoard: (() => number)[] = [];\n  for (let i = 0; ; i++) hoard[i] = () => i;'),
  // What V8 makes for syntax that calls nothing: properties added by name, the contexts closures keep, BigInts and
  // strings made by operators (the browser's rewriting hands each to its meter).
  memoryBomb('properties added by name', `const hoard: object[] = [];\n  for (let i = 0; ; i++) {\n    const o: any = i % 2 ? Object.create(null) : {};\n    ${Array.from({ length: 100 }, (_, i) => `o.p${i} = ${i}.5;`).join(' ')}\n    hoard[i] = o;\n  }`),
  memoryBomb(
    'closures that each keep a thousand variables',
    `function make(i: number) {\n    let ${Array.from({ length: 1_000 }, (_, i) => `v${i} = i + ${i}`).join(', ')};\n    return () => ${Array.from({ length: 1_000 }, (_, i) => `v${i}`).join(' + ')};\n  }\n  const hoard: (() => number)[] = [];\n  for (let i = 0; ; i++) hoard[i] = make(i);`,
  ),
  memoryBomb('BigInts made by shifts, products and negation', 'const hoard: bigint[] = [];\n  const big = 1n << 4_000_000n;\n  for (let i = 0; ; i++) hoard[i] = i % 3 === 0 ? (1n << 4_000_000n) + BigInt(i) : i % 3 === 1 ? big * 3n : -big;'),
  memoryBomb(
    'suspended generators that each keep a thousand variables',
    `function* make(i: number) {\n    let ${Array.from({ length: 1_000 }, (_, i) => `v${i} = i + ${i}`).join(', ')};\n    yield 0;\n    return ${Array.from({ length: 1_000 }, (_, i) => `v${i}`).join(' + ')};\n  }\n  const hoard: Generator[] = [];\n  for (let i = 0; ; i++) {\n    const g = make(i);\n    g.next();\n    hoard[i] = g;\n  }`,
  ),
  // A generator's frame is made when it is called, and an async function's stays while it waits: neither runs code
  // the meter could see in between (corpora C and D each found both).
  memoryBomb(
    'generators never started, each with a thousand variables',
    `function* make(i: number) {\n    let ${Array.from({ length: 1_000 }, (_, i) => `v${i} = i + ${i}`).join(', ')};\n    yield ${Array.from({ length: 1_000 }, (_, i) => `v${i}`).join(' + ')};\n  }\n  const hoard: Generator[] = [];\n  for (let i = 0; ; i++) hoard[i] = make(i);`,
  ),
  memoryBomb(
    'async functions waiting on a thenable that never answers, each with a thousand variables',
    `const answers: ((value: number) => void)[] = [];\n  const never = { then(answer: (value: number) => void) { answers.push(answer); } };\n  async function hold(i: number) {\n    let ${Array.from({ length: 1_000 }, (_, i) => `v${i} = i + ${i}`).join(', ')};\n    await never;\n    return ${Array.from({ length: 1_000 }, (_, i) => `v${i}`).join(' + ')};\n  }\n  const hoard: Promise<number>[] = [];\n  for (let i = 0; ; i++) hoard[i] = hold(i);`,
  ),
  // What V8 and ICU keep outside what learner code holds: Symbol.for's registry, Intl's formatters, the code a
  // regular expression compiles to.
  memoryBomb('keys registered with Symbol.for', "const padding = '-'.repeat(1_000);\n  for (let i = 0; ; i++) Symbol.for(padding + i);"),
  memoryBomb(
    'Intl formatters, and the lists they format',
    // Formatters that are quick to make, and a list now and then: a DateTimeFormat takes 0.2 ms to make.
    "const words = Array.from({ length: 1_000 }, (_, i) => 'word' + i);\n  const hoard: unknown[] = [];\n  for (let i = 0; ; i++) hoard[i] = i % 16 === 15 ? new Intl.ListFormat('en').format(words) : i % 3 === 0 ? new Intl.RelativeTimeFormat('en') : i % 3 === 1 ? new Intl.PluralRules('en') : new Intl.Segmenter('en');",
  ),
  memoryBomb(
    'regular expressions compiled from strings, and literals',
    "const words = Array.from({ length: 200 }, (_, i) => 'word' + i).join('|');\n  const hoard: RegExp[] = [];\n  for (let i = 0; ; i++) {\n    const made = i % 2 ? new RegExp(`(?:${words})-${i}`) : /literal/g;\n    made.test('word1-1');\n    hoard[i] = made;\n  }",
  ),
  memoryBomb(
    'BigInts written out as strings',
    // Mostly in binary: writing one out in decimal takes time that grows faster than its length.
    "const big = 1n << 20_000n;\n  const hoard: string[] = [];\n  for (let i = 0; ; i++) hoard[i] = i % 4 === 3 ? String(big) : big.toString(2);",
  ),
  memoryBomb(
    'small Maps and Sets, and Sets made by union',
    "const pairs = Array.from({ length: 1_000 }, (_, i): [number, number] => [i, i]);\n  const keys = new Set(pairs.map(([i]) => i));\n  const hoard: unknown[] = [];\n  for (let i = 0; ; i++) hoard[i] = i % 3 === 0 ? new Map(pairs) : i % 3 === 1 ? new Set(keys) : keys.union(new Set([-i]));",
  ),
  // In the browser the frame makes Web Crypto's answers for the worker (./host/frame-crypto.ts).
  memoryBomb(
    'ciphertexts from crypto.subtle',
    "const key = await crypto.subtle.generateKey({ name: 'AES-CTR', length: 128 }, false, ['encrypt']);\n  const data = new Uint8Array(1 << 20);\n  const counter = new Uint8Array(16);\n  const hoard: ArrayBuffer[] = [];\n  for (;;) hoard.push(await crypto.subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, key, data));",
  ),
  memoryBomb('symbols, each with its own description', "const hoard: symbol[][] = [];\n  for (let n = 0; ; n++) {\n    const a: symbol[] = new Array(10_000);\n    for (let i = 0; i < 10_000; i++) a[i] = Symbol('description-' + i + '-' + n);\n    hoard[n] = a;\n  }"),
  memoryBomb(
    'entry pairs and segments made by spreading iterators',
    "const list = new Array(10_000).fill(0.5);\n  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });\n  const text = 'abcdefghij'.repeat(1_000);\n  const hoard: unknown[] = [];\n  for (let i = 0; ; i++) hoard[i] = i % 2 ? [...list.entries()] : [...segmenter.segment(text)];",
  ),
  memoryBomb(
    'Errors that keep a thousand frames each, made and caught deep in recursion with Error.stackTraceLimit raised',
    "(Error as { stackTraceLimit?: number }).stackTraceLimit = Infinity;\n  const hoard: unknown[] = [];\n  const deep = (n: number): void => {\n    if (n > 0) return deep(n - 1);\n    for (let i = 0; i < 100; i++) {\n      hoard.push(new Error('kept'));\n      try {\n        (null as any).missing();\n      } catch (error) {\n        hoard.push(error);\n      }\n    }\n  };\n  while (true) deep(1_000);",
  ),
  memoryBomb(
    'strings built by concatenation and templates, then flattened',
    "const piece = 'abcdefghijklmnopqrstuvwxyz0123456789';\n  const hoard: string[] = [];\n  for (let i = 0; ; i++) {\n    let s = String(i);\n    if (i % 2) for (let j = 0; j < 1_000; j++) s = `${s}${piece}${j}`;\n    else for (let j = 0; j < 15; j++) s += s;\n    /~/.test(s);\n    hoard[i] = s;\n  }",
  ),
  memoryBomb('arrays made by spreading, kept by index writes', 'const list = Array.from({ length: 1_000 }, (_, i) => i + 0.5);\n  const hoard: number[][] = [];\n  for (let i = 0; ; i++) hoard[i] = [...list];'),
  memoryBomb('arrays made by new Array, kept by index writes', 'const hoard: unknown[][] = [];\n  for (let i = 0; ; i++) hoard[i] = new Array(50_000);'),
  // Small things, many of them, made by built-ins: each under the size a collection is charged at on its own.
  memoryBomb('small arrays filled by push', 'const hoard: number[][] = [];\n  for (let i = 0; ; i++) {\n    const a: number[] = [];\n    for (let j = 0; j < 200; j++) a.push(j + 0.5);\n    hoard[i] = a;\n  }'),
  memoryBomb('small copies made by slice and Object.keys', "const list = Array.from({ length: 500 }, (_, i) => i);\n  const named = Object.fromEntries(list.map((i) => ['key' + i, i]));\n  const hoard: unknown[] = [];\n  for (let i = 0; ; i++) hoard[i] = i % 2 ? list.slice() : Object.keys(named);"),
  memoryBomb('properties added by Object.assign and Object.defineProperty', "const names = Array.from({ length: 500 }, (_, i) => 'd' + i);\n  const descriptor = { value: 0.5, enumerable: true };\n  const hoard: object[] = [];\n  for (let n = 0; ; n++) {\n    const o = {};\n    for (let i = 0; i < 500; i++) Object.defineProperty(o, names[i]!, descriptor);\n    hoard[n] = Object.assign({}, o);\n  }"),
  memoryBomb('functions made by bind and arrays made for rest parameters', 'const collect = (...items: number[]) => items;\n  const hoard: unknown[] = [];\n  for (let i = 0; ; i++) hoard[i] = i % 2 ? collect(i, i, i, i, i, i, i, i) : collect.bind(null, i);'),
  memoryBomb('arrays grown by ++ and by destructuring into their slots', 'const hoard: number[][] = [];\n  const pair = [0.5, 1.5];\n  for (let n = 0; ; n++) {\n    const a: number[] = [];\n    if (n % 2) for (let i = 0; i < 50_000; i++) a[i]++;\n    else for (let i = 0; i < 50_000; i += 2) [a[i], a[i + 1]] = pair;\n    hoard[n] = a;\n  }'),
  memoryBomb('arguments objects kept', 'function grab() {\n    return arguments;\n  }\n  const args = Array.from({ length: 1_000 }, () => 0.5);\n  const hoard: unknown[] = [];\n  for (let i = 0; ; i++) hoard[i] = grab(...args);'),
  memoryBomb('arrays and objects made by rest destructuring', "const list = Array.from({ length: 1_000 }, (_, i) => i + 0.5);\n  const named = Object.fromEntries(list.slice(0, 200).map((i) => ['k' + i, i]));\n  const hoard: unknown[] = [];\n  for (let i = 0; ; i++) {\n    const [, ...rest] = list;\n    const { k0, ...others } = named;\n    hoard[i] = i % 2 ? rest : others;\n  }"),
  memoryBomb('instances of a class with a hundred fields', 'class Wide { f0 = 0.5; f1 = 1.5; f2 = 2.5; f3 = 3.5; f4 = 4.5; f5 = 5.5; f6 = 6.5; f7 = 7.5; f8 = 8.5; f9 = 9.5; f10 = 10.5; f11 = 11.5; f12 = 12.5; f13 = 13.5; f14 = 14.5; f15 = 15.5; f16 = 16.5; f17 = 17.5; f18 = 18.5; f19 = 19.5; f20 = 20.5; f21 = 21.5; f22 = 22.5; f23 = 23.5; f24 = 24.5; f25 = 25.5; f26 = 26.5; f27 = 27.5; f28 = 28.5; f29 = 29.5; f30 = 30.5; f31 = 31.5; f32 = 32.5; f33 = 33.5; f34 = 34.5; f35 = 35.5; f36 = 36.5; f37 = 37.5; f38 = 38.5; f39 = 39.5; f40 = 40.5; f41 = 41.5; f42 = 42.5; f43 = 43.5; f44 = 44.5; f45 = 45.5; f46 = 46.5; f47 = 47.5; f48 = 48.5; f49 = 49.5; f50 = 50.5; f51 = 51.5; f52 = 52.5; f53 = 53.5; f54 = 54.5; f55 = 55.5; f56 = 56.5; f57 = 57.5; f58 = 58.5; f59 = 59.5; f60 = 60.5; f61 = 61.5; f62 = 62.5; f63 = 63.5; f64 = 64.5; f65 = 65.5; f66 = 66.5; f67 = 67.5; f68 = 68.5; f69 = 69.5; f70 = 70.5; f71 = 71.5; f72 = 72.5; f73 = 73.5; f74 = 74.5; f75 = 75.5; f76 = 76.5; f77 = 77.5; f78 = 78.5; f79 = 79.5; f80 = 80.5; f81 = 81.5; f82 = 82.5; f83 = 83.5; f84 = 84.5; f85 = 85.5; f86 = 86.5; f87 = 87.5; f88 = 88.5; f89 = 89.5; f90 = 90.5; f91 = 91.5; f92 = 92.5; f93 = 93.5; f94 = 94.5; f95 = 95.5; f96 = 96.5; f97 = 97.5; f98 = 98.5; f99 = 99.5; }\n  const hoard: Wide[] = [];\n  for (let i = 0; ; i++) hoard[i] = new Wide();'),
  memoryBomb(
    'what built-ins make: descriptors, groups, iterators’ arrays, matches, bound arguments',
    "const list = Array.from({ length: 500 }, (_, i) => i + 0.5);\n  const named = Object.fromEntries(list.map((i) => ['k' + i, i]));\n  const text = 'ab'.repeat(400);\n  const hoard: unknown[] = [];\n  for (let i = 0; ; i++) {\n    const n = i % 5;\n    hoard[i] = n === 0 ? Object.getOwnPropertyDescriptors(named) : n === 1 ? Object.groupBy(list, (x) => x % 50) : n === 2 ? list.values().toArray() : n === 3 ? text.match(/a/g) : Math.max.bind(null, ...list);\n  }",
  ),
  memoryBomb('object literals written into arrays by code compiled with new Function', `new Function(${JSON.stringify(OBJECT_LITERALS_BY_INDEX)})();`),
  memoryBomb('object literals written into arrays by code compiled by an indirect eval', `(0, eval)(${JSON.stringify(OBJECT_LITERALS_BY_INDEX)});`),
  // A direct eval compiles in the handler's own scope. (The Node host's eval is a function of its own, so there a direct
  // call is an indirect eval.)
  memoryBomb('object literals written into arrays by code compiled by eval, called directly', `eval(${JSON.stringify(OBJECT_LITERALS_BY_INDEX)});`),
  memoryBomb(
    'object literals written into arrays by code compiled with the AsyncFunction constructor',
    // Lambda's Node.js gives an async function; the Node host's sandbox, whose constructors of functions are all one
    // Function of its own, a plain one. Either runs the loop.
    `const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as FunctionConstructor;\n  await AsyncFunction(${JSON.stringify(OBJECT_LITERALS_BY_INDEX)})();`,
  ),
  memoryBomb(
    'object literals written into arrays by code compiled with the GeneratorFunction constructor',
    // A generator's body runs on its first next(); in the Node host the constructor makes a plain function, run at once.
    `const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as (body: string) => () => Generator;\n  GeneratorFunction(${JSON.stringify(OBJECT_LITERALS_BY_INDEX)})().next();`,
  ),
  {
    // The controls for the syntax above: what an invocation builds and drops is given back, and a write over an entry
    // an array already has allocates nothing.
    name: 'keeps a warm function alive that builds and drops more object literals over its invocations than its memory, grouped by computed keys',
    function: {
      // At 128 MB the Node host once ended this honest function at about its 20th invocation, its resident memory past
      // 128 MB in garbage: its V8 had Node's default 16 MB semi-spaces, not the ones Lambda's runtime gives a 128 MB
      // function (node-host.ts, heapFlags).
      memorySize: 128,
      timeout: 15,
      ...handler(`interface Order { id: string; customer: string; total: number; lines: { sku: string; quantity: number }[] }

export const handler = async () => {
  const totals: Record<string, number> = {};
  let largest = 0;
  for (let page = 0; page < 8; page++) {
    const orders: Order[] = [];
    for (let i = 0; i < 5_000; i++) {
      const n = page * 5_000 + i;
      orders[i] = { id: 'order-' + n, customer: 'customer-' + (n % 500), total: n * 1.25, lines: [{ sku: 'sku-' + (n % 7), quantity: 1 + (n % 3) }] };
    }
    const byCustomer: Record<string, Order[]> = {};
    for (const order of orders) {
      byCustomer[order.customer] ??= [];
      byCustomer[order.customer]!.push(order);
    }
    for (const [customer, placed] of Object.entries(byCustomer)) {
      totals[customer] = (totals[customer] ?? 0) + placed.reduce((sum, order) => sum + order.total, 0);
      largest = Math.max(largest, placed.length);
    }
  }
  return { customers: Object.keys(totals).length, largest, first: totals['customer-0'] };
};`),
    },
    // Eight pages of 5,000 orders, each built, grouped and dropped: about 8 MB of objects, arrays and strings an
    // invocation in Chromium (15 MB in Node.js, whose pointers are twice as wide), 300 MB and more over the forty.
    events: Array.from({ length: 40 }, () => ({})),
    deadlineMs: 60_000,
    check(results, { expect }) {
      for (const result of results) expect(JSON.parse(result.payload)).toEqual({ customers: 500, largest: 10, first: 1_975_000 });
    },
  },
  {
    // The control for the compiled strings above: code made from a string is charged as the handler's own code is.
    name: 'lets code it compiles from strings with new Function, eval and the AsyncFunction constructor build and hold object literals at a normal size',
    function: {
      // 256 MB, as the control above: the Node host's sandbox starts at about 80 MB resident, and grows.
      memorySize: 256,
      timeout: 15,
      ...handler(`const build = 'const rows = [];\\nfor (let i = 0; i < 200000; i++) rows[i] = { id: i, name: "row " + i, tags: [i % 7] };\\nreturn rows;';

export const handler = async (event: { way: string }) => {
  const ways: Record<string, () => unknown[] | Promise<unknown[]>> = {
    'new Function': () => new Function(build)(),
    'indirect eval': () => (0, eval)('(() => {\\n' + build + '\\n})()'),
    'direct eval': () => eval('(() => {\\n' + build + '\\n})()'),
    AsyncFunction: () => Object.getPrototypeOf(async function () {}).constructor(build)(),
  };
  const rows = await ways[event.way]!();
  return rows.length;
};`),
    },
    // 200,000 rows of an object, a string and an array each: about 15 MB in Chromium (30 MB in Node.js), held at once.
    // The Node host's resident memory reached 200 MB of the 256 by the fourth invocation; at 300,000 rows, 249.
    events: [{ way: 'new Function' }, { way: 'indirect eval' }, { way: 'direct eval' }, { way: 'AsyncFunction' }],
    check(results, { expect }) {
      expect(results.map((result) => result.payload)).toEqual(['200000', '200000', '200000', '200000']);
    },
  },
  {
    name: 'keeps a warm function alive that overwrites the entries of one array it keeps, in place, many more times than its memory would hold them',
    function: {
      memorySize: 128,
      timeout: 15,
      ...handler(`const kept: number[] = [];
for (let i = 0; i < 200_000; i++) kept[i] = i;

export const handler = async () => {
  for (let pass = 1; pass <= 30; pass++) {
    for (let i = 0; i < 200_000; i++) kept[i] = kept[i]! + pass;
  }
  return kept[1];
};`),
    },
    // 1.6 MB of entries written over thirty times an invocation: 144 MB over the three, were each write charged.
    events: Array.from({ length: 3 }, () => ({})),
    check(results, { expect }) {
      expect(results.map((result) => result.payload)).toEqual(['466', '931', '1396']);
    },
  },
  // Floods of promises and microtasks never let a task run: nothing between tasks can stop them, only the function's
  // memory (host/memory-meter.ts charges each reaction and queued microtask while it waits).
  memoryBomb('a chain of promises, each then waiting on the next', 'const link = (): Promise<unknown> => Promise.resolve().then(link);\n  await link();'),
  memoryBomb('async functions, each returning the next', 'async function link(): Promise<unknown> {\n    await null;\n    return link();\n  }\n  await link();'),
  memoryBomb('async functions, each awaiting the next', 'async function link(): Promise<void> {\n    await null;\n    await link();\n  }\n  await link();'),
  memoryBomb('new Promises, each resolved with the next', 'const link = (): Promise<unknown> => new Promise((resolve) => queueMicrotask(() => resolve(link())));\n  await link();'),
  memoryBomb('microtasks that each queue two more', 'const flood = () => {\n    queueMicrotask(flood);\n    queueMicrotask(flood);\n  };\n  flood();\n  await new Promise(() => {});'),
  memoryBomb('process.nextTick callbacks that each queue two more', 'const flood = () => {\n    process.nextTick(flood);\n    process.nextTick(flood);\n  };\n  flood();\n  await new Promise(() => {});'),
  {
    // The control for the floods above: what a reaction or a microtask is charged is given back when it runs, or when
    // it is collected unrun (the reactions Promise.race leaves on promises that never settle).
    name: 'keeps a warm function alive that awaits, chains, races and queues many promises and SDK calls over many invocations',
    function: {
      memorySize: 128,
      timeout: 15,
      ...handler(`import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';

const sns = new SNSClient({});
const step = async (i: number) => Promise.resolve(i);

export const handler = async () => {
  let total = 0;
  for (let i = 0; i < 10_000; i++) total += await step(i);
  total += (await Promise.all(Array.from({ length: 10_000 }, (_, i) => step(i)))).length;
  for (let i = 0; i < 10_000; i++) total += await Promise.race([step(i), new Promise<number>(() => {})]);
  await new Promise<void>((resolve) => {
    let left = 10_000;
    for (let i = 0; i < 10_000; i++) queueMicrotask(() => void (--left === 0 && resolve()));
  });
  for (let i = 0; i < 10; i++) total += (await sns.send(new ListTopicsCommand({}))).Topics!.length;
  return total;
};`),
    },
    events: Array.from({ length: 20 }, () => ({})),
    deadlineMs: 60_000,
    check(results, { expect }) {
      for (const result of results) expect(result.payload).toBe('100000000');
    },
  },
  memoryBomb('ArrayBuffers', 'const hoard: Uint8Array[] = [];\n  while (true) hoard.push(new Uint8Array(16 * 1024 * 1024).fill(1));'),
  memoryBomb(
    'SharedArrayBuffers, their class reached through a shared WebAssembly memory',
    'const Shared = Object.getPrototypeOf(new WebAssembly.Memory({ initial: 0, maximum: 0, shared: true } as any).buffer).constructor as any;\n  const hoard: Uint8Array[] = [];\n  while (true) hoard.push(new Uint8Array(new Shared(16 * 1024 * 1024)).fill(1));',
  ),
  memoryBomb('WebAssembly memory grown from JavaScript', 'const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });\n  while (true) {\n    memory.grow(256);\n    new Uint8Array(memory.buffer, memory.buffer.byteLength - 256 * 65536).fill(1);\n  }'),
  memoryBomb(
    'WebAssembly memory a module grows from inside',
    // A module with one memory of its own (1 page, no maximum), exported with `grow`, which runs memory.grow(256).
    `const { instance } = await WebAssembly.instantiate(new Uint8Array(${JSON.stringify(GROWING_WASM_MODULE)}));
  const { grow, memory } = instance.exports as { grow: () => number; memory: WebAssembly.Memory };
  while (grow() >= 0) new Uint8Array(memory.buffer, memory.buffer.byteLength - 256 * 65536).fill(1);
  return 'grew to 4 GiB';`,
  ),
  {
    // What the memory meter charges in the browser (host/memory-meter.ts) works as Node.js's does at a normal size.
    name: 'clones, compresses, decompresses, decodes and grows tables at a normal size, as Node.js does',
    function: handler(`const collect = async (stream: ReadableStream<Uint8Array>) => {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (let step = await reader.read(); !step.done; step = await reader.read()) chunks.push(step.value);
  const all = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
  chunks.reduce((at, chunk) => (all.set(chunk, at), at + chunk.length), 0);
  return all;
};

export const handler = async () => {
  const text = Array.from({ length: 2_000 }, (_, i) => 'order ' + i + ' ' + Math.random().toString(36)).join('\\n').slice(0, 10_240);
  const gzipped = await collect(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip')));
  const back = new TextDecoder().decode(await collect(new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'))));
  let streamed = '';
  const reader = new Blob([text]).stream().pipeThrough(new TextDecoderStream()).getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) streamed += step.value;
  const event = { detail: { id: 'o-1', items: [1, 2, 3], tags: new Set(['a']), seen: new Map([['b', 2]]) }, payload: new Uint8Array([1, 2, 3]) };
  const copy = structuredClone(event);
  const table = new WebAssembly.Table({ element: 'anyfunc', initial: 2 });
  table.grow(3);
  return {
    roundTrip: back === text && text.length === 10_240,
    compressed: gzipped.length > 1_024 && gzipped.length < text.length,
    streamed: streamed === text,
    copy: [copy.detail.id, copy.detail.items, [...copy.detail.tags], [...copy.detail.seen], [...copy.payload], copy.payload !== event.payload],
    table: table.length,
  };
};`),
    events: [{}],
    check([result], { expect }) {
      expect(result!.functionError).toBeUndefined();
      expect(JSON.parse(result!.payload)).toEqual({ roundTrip: true, compressed: true, streamed: true, copy: ['o-1', [1, 2, 3], ['a'], [['b', 2]], [1, 2, 3], true], table: 5 });
    },
  },
  {
    name: 'reads Responses and Requests and talks over a MessageChannel at a normal size, as Node.js does',
    function: handler(`export const handler = async () => {
  const parsed = await new Response(JSON.stringify({ detail: { userId: '12345' } })).json();
  const posted = await new Request('https://example.com/orders', { method: 'POST', body: 'order 1' }).text();
  const streamed = await new Response(new Blob(['ab', 'cd']).stream()).text();
  const response = new Response(new Uint8Array([104, 105]));
  const chunks: number[] = [];
  const reader = response.body!.getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) chunks.push(...step.value);
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<{ n: number; bytes: Uint8Array }>((resolve) => (port2.onmessage = (event) => resolve(event.data)));
  port1.postMessage({ n: 1, bytes: new Uint8Array([7]) });
  const message = await received;
  port1.close();
  return { userId: parsed.detail.userId, posted, streamed, body: String.fromCharCode(...chunks), used: response.bodyUsed, message: [message.n, message.bytes[0]] };
};`),
    events: [{}],
    check([result], { expect }) {
      expect(result!.functionError).toBeUndefined();
      expect(JSON.parse(result!.payload)).toEqual({ userId: '12345', posted: 'order 1', streamed: 'abcd', body: 'hi', used: true, message: [1, 7] });
    },
  },
  memoryBomb(
    'buffers and arrays nested in structured clones',
    'const graph = { parts: [new Uint8Array(4 << 20).fill(1), new Uint8Array(4 << 20).fill(2)], rows: new Array(250_000).fill(0.5) };\n  const hoard: unknown[] = [];\n  while (true) hoard.push(structuredClone(graph));',
  ),
  memoryBomb(
    'small objects in structured clones',
    'const graph = Array.from({ length: 10_000 }, (_, i) => ({ i, name: "item " + i }));\n  const hoard: unknown[] = [];\n  while (true) hoard.push(structuredClone(graph));',
  ),
  memoryBomb(
    'one string answered by many getters of a structured clone',
    // One clone copies the string once for each getter: 4 GiB of characters, were the getters not counted first.
    "const text = 'x'.repeat(1 << 20);\n  const graph: Record<string, string> = {};\n  for (let i = 0; i < 4096; i++) Object.defineProperty(graph, 'k' + i, { get: () => text, enumerable: true, configurable: true });\n  const hoard: unknown[] = [];\n  while (true) hoard.push(structuredClone(graph));",
  ),
  memoryBomb(
    'messages queued on a MessageChannel it never reads',
    'const { port1, port2 } = new MessageChannel();\n  const parts = [new Uint8Array(4 << 20).fill(1)];\n  while (port2) port1.postMessage({ parts });',
  ),
  memoryBomb('empty messages queued on a MessageChannel it never reads', 'const { port1, port2 } = new MessageChannel();\n  while (port2) port1.postMessage(0);'),
  memoryBomb(
    'messages delivered over a MessageChannel and kept',
    'const { port1, port2 } = new MessageChannel();\n  const hoard: unknown[] = [];\n  port2.onmessage = (event) => hoard.push(event.data);\n  const parts = [new Uint8Array(4 << 20).fill(1)];\n  while (true) {\n    port1.postMessage({ parts });\n    await new Promise((resolve) => setTimeout(resolve, 0));\n  }',
  ),
  memoryBomb('Blobs read as text', 'const blob = new Blob([new Uint8Array(4 << 20).fill(65)]);\n  const hoard: string[] = [];\n  while (true) hoard.push(await blob.text());'),
  memoryBomb(
    'Blobs read as streams',
    'const blob = new Blob([new Uint8Array(4 << 20).fill(1)]);\n  const hoard: unknown[] = [];\n  while (true) {\n    const reader = blob.stream().getReader();\n    for (let step = await reader.read(); !step.done; step = await reader.read()) hoard.push(step.value);\n  }',
  ),
  memoryBomb(
    'a Response reading a stream that gives the same chunk forever',
    'const chunk = new Uint8Array(4 << 20).fill(1);\n  const endless = new ReadableStream({ pull: (controller) => controller.enqueue(chunk) });\n  return (await new Response(endless).arrayBuffer()).byteLength;',
  ),
  memoryBomb('Response bodies read as text', 'const bytes = new Uint8Array(4 << 20).fill(65);\n  const hoard: string[] = [];\n  while (true) hoard.push(await new Response(bytes).text());'),
  memoryBomb(
    'a decompression bomb',
    // Raw deflate made here, 13 bits for each 258 bytes it inflates to: one fixed-Huffman block of a literal 0, then
    // "copy 258 bytes from 1 back" again and again. 7 MB of it inflates to 1 GiB.
    `const copies = Math.ceil((1 << 30) / 258);
  const bomb = new Uint8Array(Math.ceil((11 + copies * 13 + 7) / 8));
  let at = 0;
  const put = (code: number, bits: number) => {
    for (let i = bits - 1; i >= 0; i--, at++) if ((code >> i) & 1) bomb[at >> 3] |= 1 << (at & 7);
  };
  put(0b1, 1); put(0b10, 2); put(0x30, 8);
  for (let i = 0; i < copies; i++) put(0xc5 << 5, 13);
  put(0, 7);
  const inflated = await new Response(new Blob([bomb]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer();
  return inflated.byteLength;`,
  ),
  memoryBomb('a string copied into FormData entries', "const text = 'x'.repeat(1 << 20);\n  const form = new FormData();\n  while (true) form.append('k', text);"),
  memoryBomb('a string copied into URLSearchParams entries', "const text = 'x'.repeat(1 << 20);\n  const params = new URLSearchParams();\n  while (true) params.append('k', text);"),
  {
    ...memoryBomb('a string copied into Headers', "const text = 'x'.repeat(1 << 20);\n  const hoard: Headers[] = [];\n  while (true) {\n    const headers = new Headers();\n    headers.set('x-k', text);\n    hoard.push(headers);\n  }"),
    // Node.js's Headers check every character of a value on each set, about 3 ms for this one: there the loop reaches
    // the function's timeout before its memory.
    hosts: ['browser'],
  },
  {
    ...memoryBomb('a string copied into Responses’ headers', "const text = 'x'.repeat(1 << 20);\n  const hoard: Response[] = [];\n  while (true) hoard.push(new Response(null, { headers: { 'x-k': text } }));"),
    // Node.js's Response keeps the learner's string, not a copy of it: there is nothing there to run out of, and the
    // loop runs to the function's timeout.
    hosts: ['browser'],
  },
  memoryBomb('a string copied into URLs', "const text = 'x'.repeat(1 << 20);\n  const hoard: URL[] = [];\n  while (true) {\n    const url = new URL('https://example.com/');\n    url.search = text;\n    hoard.push(url);\n  }"),
  memoryBomb('strings decoded by TextDecoder', 'const bytes = new Uint8Array(64 * 1024).fill(65);\n  const decoder = new TextDecoder();\n  const hoard: string[] = [];\n  while (true) hoard.push(decoder.decode(bytes));'),
  memoryBomb(
    'strings decoded by TextDecoderStream',
    'const blob = new Blob([new Uint8Array(4 << 20).fill(65)]);\n  const hoard: string[] = [];\n  while (true) {\n    const reader = blob.stream().pipeThrough(new TextDecoderStream()).getReader();\n    for (let step = await reader.read(); !step.done; step = await reader.read()) hoard.push(step.value);\n  }',
  ),
  memoryBomb('WebAssembly tables made large', "const hoard: WebAssembly.Table[] = [];\n  while (true) hoard.push(new WebAssembly.Table({ element: 'anyfunc', initial: 1_000_000 }));"),
  memoryBomb(
    'WebAssembly tables grown from JavaScript',
    "const hoard: WebAssembly.Table[] = [];\n  while (true) {\n    const table = new WebAssembly.Table({ element: 'anyfunc', initial: 1 });\n    for (let i = 0; i < 9; i++) table.grow(1_000_000);\n    hoard.push(table);\n  }",
  ),
  memoryBomb(
    'WebAssembly tables a module defines',
    // A module with one table of its own: a million funcref elements.
    `const bytes = new Uint8Array(${JSON.stringify(LARGE_TABLE_WASM_MODULE)});
  const hoard: WebAssembly.Instance[] = [];
  while (true) hoard.push((await WebAssembly.instantiate(bytes)).instance);`,
  ),
  {
    name: 'cannot get around the memory bound by reaching the allocation APIs some other way',
    // Each event allocates 16 MB at a time by one way round the global constructors, and holds it.
    function: {
      memorySize: 128,
      timeout: 15,
      files: {
        'handler.ts': `export const handler = async (event: { way: number }) => {
  const g = globalThis as any;
  // Each way is set up once, then allocates 16 MB a call.
  const ways: (() => () => Uint8Array)[] = [
    () => () => new (new Uint8Array(0).constructor as any)(16 << 20),
    () => () => new Uint8Array(new (new ArrayBuffer(0).constructor as any)(16 << 20)),
    () => () => new (class Larger extends Uint8Array {})(16 << 20),
    () => () => Reflect.construct(Uint8Array, [16 << 20], Object.getPrototypeOf(Uint8Array)),
    () => {
      const Typed = Object.getPrototypeOf(new Uint8Array(0)).constructor;
      for (const name of ['ArrayBuffer', 'Uint8Array', 'WebAssembly']) {
        try { delete g[name]; } catch {}
        try { g[name] = undefined; } catch {}
      }
      return () => new Typed(16 << 20);
    },
  ];
  const allocate = ways[event.way]!();
  const hoard: Uint8Array[] = [];
  while (true) hoard.push(allocate().fill(1));
};`,
      },
    },
    events: [{ way: 0 }, { way: 1 }, { way: 2 }, { way: 3 }, { way: 4 }],
    deadlineMs: 90_000,
    check(results, { expect }) {
      for (const result of results) expectOutOfMemory(result, 128, expect);
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
    // Each would hold memory where the browser's meter cannot see it (a realm of its own, callbacks queued by the
    // browser, images), and Lambda's Node.js runtime has none of them.
    name: 'offers none of the browser APIs that Node.js lacks and that would hold memory unseen',
    function: handler(
      "const names = ['Worker', 'SharedWorker', 'FileReader', 'requestAnimationFrame', 'scheduler', 'TaskController', 'OffscreenCanvas', 'createImageBitmap', 'VideoDecoder'];\nexport const handler = async () => names.filter((name) => name in globalThis);",
    ),
    events: [{}],
    check([result], { expect }) {
      expect(JSON.parse(result!.payload)).toEqual([]);
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
    name: 'is stopped when it floods the host from a timer between invocations, and the next invocation is answered',
    // Between invocations a Lambda environment is frozen; the host holds what a frozen sandbox sends, up to a bound.
    function: handler(`let flooding = false;
export const handler = async () => {
  if (!flooding) {
    flooding = true;
    setInterval(() => {
      for (let i = 0; i < 500; i++) console.log('flood', i);
    }, 0);
  }
  return 'answered';
};`),
    events: [{}],
    async check([first], { expect, invokeAgain, sleep }) {
      expect(first!.payload).toBe('"answered"');
      await sleep(1_000);
      const started = performance.now();
      const next = await invokeAgain({});
      expect(next.payload).toBe('"answered"');
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(next.logs.filter((l) => l.includes('\tINFO\tflood')).length).toBeLessThan(10_001);
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
    // Node.js takes only a function: a string given to a timer is refused as an argument of the wrong type, not
    // compiled. In the browser a timer's string is a way to compile code like Function and eval.
    name: 'refuses a string given to setTimeout or setInterval as its code, in Node.js’s words, and runs none of it',
    function: {
      timeout: 3,
      ...handler(`const code = ${JSON.stringify(STRING_TIMER_CODE)};
export const handler = async (event: { timer?: 'setTimeout' | 'setInterval' }) => {
  const g = globalThis as any;
  if (!event.timer) return { ran: g.ranFromString ?? false };
  g[event.timer](code, 0);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return 'not refused';
};`),
    },
    events: [{ timer: 'setTimeout' }, { timer: 'setInterval' }, {}],
    check([timeout, interval, after], { expect }) {
      for (const refused of [timeout!, interval!]) {
        const error = errorOf(refused);
        expect(error.errorType).toBe('TypeError');
        expect(error.errorMessage).toBe(`The "callback" argument must be of type function. Received type string ('globalThis.ranFromString ...')`);
        expect(error.trace[0]).toBe(`TypeError [ERR_INVALID_ARG_TYPE]: ${error.errorMessage}`);
      }
      // The same runtime, warm: nothing from either string ran.
      expect(after!.coldStart).toBe(false);
      expect(after!.payload).toBe('{"ran":false}');
    },
  },
  {
    // Node.js compiles strings where import() has no loader (it rejects: "A dynamic import callback was not
    // specified."), and has no importScripts. A URL made in the function is code it compiles like any other.
    name: 'runs no code from a data: or blob: URL, through importScripts or through import() in code it compiles',
    function: handler(`export const handler = async () => {
  const g = globalThis as any;
  const code = (way: string) => 'globalThis.ranFromUrl = [...(globalThis.ranFromUrl ?? []), ' + JSON.stringify(way) + '];';
  const urls = (way: string) => ({
    'data:': 'data:text/javascript,' + encodeURIComponent(code(way + ', data:')),
    'blob:': URL.createObjectURL(new Blob([code(way + ', blob:')], { type: 'text/javascript' })),
  });
  const ways: Record<string, (url: string) => unknown> = {
    importScripts: (url) => g.importScripts(url),
    'import() in new Function': (url) => new Function('url', 'return import(url)')(url),
    'import() in an indirect eval': (url) => (0, eval)('import(' + JSON.stringify(url) + ')'),
    'import() in an AsyncFunction': (url) => Object.getPrototypeOf(async function () {}).constructor('url', 'return import(url)')(url),
  };
  const refused: Record<string, boolean> = {};
  for (const [way, reach] of Object.entries(ways)) {
    for (const [scheme, url] of Object.entries(urls(way))) {
      try {
        await reach(url);
        refused[way + ', ' + scheme] = false;
      } catch {
        refused[way + ', ' + scheme] = true;
      }
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { refused, ran: g.ranFromUrl ?? [] };
};`),
    events: [{}],
    check([result], { expect }) {
      const ways = ['importScripts', 'import() in new Function', 'import() in an indirect eval', 'import() in an AsyncFunction'];
      expect(JSON.parse(result!.payload)).toEqual({ refused: Object.fromEntries(ways.flatMap((way) => [[`${way}, data:`, true], [`${way}, blob:`, true]])), ran: [] });
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
