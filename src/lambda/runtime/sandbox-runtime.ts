// What runs inside the sandbox: Lambda's Node.js runtime in miniature. It loads the learner's modules (as
// CommonJS, from the transpiled code the host sends), runs the module scope once per cold start, then calls
// the handler for each event with Lambda's `context`, capturing console output and answering SDK calls
// through the host. The same code runs in a Web Worker (browser) and a Node process of its own (Node): it
// touches neither the DOM nor Node, only what the host passes in `SandboxPort`.

import { MAX_LOG_BYTES, MAX_LOG_LINES, MAX_RESPONSE_BYTES, type HostMessage, type InitMessage, type InvokeMessage, type LambdaError, type LogLevel, type SandboxMessage } from '../protocol.ts';
import { formatLogArgs } from './inspect.ts';

export interface SandboxPort {
  /** Sends to the host; bound by the host before any learner code runs, so a learner cannot redirect it. */
  post(message: SandboxMessage): void;
  /** Loads an npm package the learner may import (the real AWS SDK packages). */
  load(specifier: string): Promise<unknown>;
  /**
   * Compiles a learner module into a function of `params`. The Node host compiles it where `import()` is
   * refused; the browser host uses `new Function` (its frame's policy keeps imports out).
   */
  compile(code: string, params: string[], filename: string): (...args: unknown[]) => unknown;
  /**
   * Where a line's columns moved in the code the host compiles (the browser host rewrites allocation sites): the
   * column (1-based) of the transpiled code at a line and column of the compiled one. Absent: they did not move.
   */
  columnIn?(path: string, line: number, column: number): number;
  /**
   * Text the learner reads (error messages, stack lines, log lines) as it would read without the host's rewriting:
   * V8 names a call it could not make by its source, which may be a call the host put there. Absent: nothing to undo.
   */
  tidy?(text: string): string;
  /** Called once, after the packages are loaded and before any learner code runs: the host's last hardening. */
  lockdown(processShim: object): void;
  /** Ends the sandbox the way process.exit ends a Lambda runtime. */
  exit(code: number): void;
}

/** The packages a handler may import, besides its own lesson files. */
export const ALLOWED_PACKAGES = [
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
  '@aws-sdk/client-scheduler',
] as const;
const CRYPTO = ['node:crypto', 'crypto'];

const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

// Captured before learner code runs: a handler that replaces JSON, Promise, Map, Set, Array or String methods (or
// the iterators `for…of` and spread call) must not break the runtime's own work: serialising results, building
// errors, noting the SDK calls in flight. What the runtime keeps by key after learner code has run lives in
// null-prototype records (read and written without any method), and its lists come from Object.values, which
// builds its array without iterating.
const { stringify, parse } = JSON;
const PromiseCtor = Promise;
const { then } = Promise.prototype;
const { assign, entries, values, create } = Object;
const { apply, construct } = Reflect;
const { split, replace, charCodeAt } = String.prototype;
const { map, join } = Array.prototype;
const setHas = Set.prototype.has;
const splitLines = (text: string): string[] => apply(split, text, ['\n']) as string[];


/**
 * The largest request body, in characters, a sandbox hands the host: above what any API the simulator serves takes in
 * one request (SESv2 takes the largest, a 40 MB raw email), and far below what would strain the host, which in the
 * browser is the learner's page. A bigger one is refused here, before it is copied out of the sandbox.
 */
export const MAX_REQUEST_CHARS = 48 * 1024 * 1024;

/**
 * UTF-8 bytes of a string, counted without allocating them (the string may be far past the limit). The count of
 * src/bus/utf8.ts, through the String.prototype.charCodeAt captured above: a handler may replace the prototype's, and
 * one that under-counted would let a huge answer out.
 */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = apply(charCodeAt, text, [i]) as number;
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && ((apply(charCodeAt, text, [i + 1]) as number) & 0xfc00) === 0xdc00) {
      // A surrogate pair is one code point: four bytes.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Lambda's answer to a result or error too large to return, in its words. */
function responseTooLarge(bytes: number): LambdaError {
  return { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`, stack: [] };
}

/** The answer as it may leave the sandbox: itself, or Lambda's refusal when its JSON is past the limit. */
function withinResponseLimit(result: SandboxMessage): SandboxMessage {
  if (result.type !== 'result') return result;
  if (result.ok) {
    const bytes = result.payload.length > MAX_RESPONSE_BYTES / 3 ? utf8Length(result.payload) : 0;
    return bytes > MAX_RESPONSE_BYTES ? { type: 'result', requestId: result.requestId, ok: false, error: responseTooLarge(bytes) } : result;
  }
  // The error's JSON as the runtime would post it, counted part by part (no second copy of a huge message is made);
  // an index loop, as a handler may have replaced the array iterator.
  const { errorType, errorMessage, stack } = result.error;
  let chars = errorType.length + errorMessage.length;
  for (let i = 0; i < stack.length; i++) chars += stack[i]!.length;
  if (chars <= MAX_RESPONSE_BYTES / 3) return result;
  let bytes = utf8Length(errorType) + utf8Length(errorMessage) + '{"errorType":"","errorMessage":"","stackTrace":[]}'.length;
  for (let i = 0; i < stack.length; i++) bytes += utf8Length(stack[i]!) + 3;
  return bytes > MAX_RESPONSE_BYTES ? { ...result, error: responseTooLarge(bytes) } : result;
}

export interface SandboxRuntime {
  handle(message: HostMessage): void;
  /**
   * An error nobody caught: an `exception` thrown where no handler awaits it (a timer, an event callback), or a
   * `rejection` of a promise nobody awaited. Lambda fails the current invocation with it and starts a fresh runtime
   * for the next, as the host does after `fatal`. Its Node.js runtime reports the two apart: the exception as the
   * error itself, the rejection wrapped as Runtime.UnhandledPromiseRejection (aws-lambda-nodejs-runtime-interface-
   * client: the process's uncaughtException and unhandledRejection listeners).
   */
  uncaught(error: unknown, how: 'exception' | 'rejection'): void;
}

export function createSandboxRuntime(port: SandboxPort): SandboxRuntime {
  const clock = accountClock();
  /**
   * Lines the host's compile puts before the code (`new Function`'s `function anonymous(...) {` header; none
   * for Node's compileFunction): learner stack frames are that many lines too far down. Measured, not assumed.
   */
  const headerLines = (() => {
    try {
      port.compile('throw new Error()', [], 'header-probe.js')();
    } catch (error) {
      const line = /header-probe\.js:(\d+)/.exec(String((error as Error).stack))?.[1];
      if (line) return Number(line) - 1;
    }
    return 0;
  })();
  let handler: ((event: unknown, context: unknown) => unknown) | undefined;
  let modulePaths = new Set<string>();
  let initError: LambdaError | undefined;
  let env: Record<string, string> = {};
  let currentRequest: string | undefined;
  let logLines = 0;
  let logBytes = 0;
  let dropped = 0;
  let awsSeq = 0;
  /** SDK commands sent and not yet answered, by name: what a handler that returns leaves running. */
  const sendsInFlight = create(null) as Record<number, string>;
  let sendSeq = 0;
  const awsPending = create(null) as Record<number, (response: { statusCode: number; headers: Record<string, string>; body: Uint8Array }) => void>;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  const log = (level: LogLevel, args: unknown[]) => {
    const text = tidy(atModuleLinesIn(formatLogArgs(args)));
    if (logLines >= MAX_LOG_LINES || logBytes + text.length > MAX_LOG_BYTES) {
      dropped++;
      return;
    }
    logLines++;
    logBytes += text.length;
    port.post({ type: 'log', level, text });
  };
  const sandboxConsole = {
    log: (...args: unknown[]) => log('INFO', args),
    info: (...args: unknown[]) => log('INFO', args),
    warn: (...args: unknown[]) => log('WARN', args),
    error: (...args: unknown[]) => log('ERROR', args),
    debug: (...args: unknown[]) => log('DEBUG', args),
    trace: (...args: unknown[]) => log('TRACE', args),
  };
  assign(globalThis.console, sandboxConsole);

  /** What AWS SDK clients in the sandbox send their requests through: the host answers them. */
  const requestHandler = {
    handle(request: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string>; body?: unknown }) {
      const id = ++awsSeq;
      const query = new URLSearchParams();
      for (const [key, value] of entries(request.query ?? {})) {
        for (const item of Array.isArray(value) ? value : [value]) query.append(key, item ?? '');
      }
      const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? decoder.decode(request.body) : '';
      if (body.length > MAX_REQUEST_CHARS) {
        const refusal = new Error(`The request's body is ${body.length} characters: larger than any AWS API takes in one request, and than the ${MAX_REQUEST_CHARS / 1024 / 1024} MB the simulator passes on. AWS's own limits are far lower (PutEvents 1 MB, SendMessage 1 MiB, a DynamoDB item 400 KB).`);
        refusal.name = 'RequestEntityTooLarge';
        return PromiseCtor.reject(refusal);
      }
      const path = query.size > 0 ? `${request.path}?${query}` : request.path;
      return new PromiseCtor<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }>((resolve) => {
        awsPending[id] = (response) => resolve({ response });
        port.post({ type: 'aws-request', id, request: { method: request.method, path, headers: request.headers, body } });
      });
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };

  // A mixin base: TypeScript asks for exactly this constructor type to extend a class given as a value.
  type ClientClass = new (...args: any[]) => object;

  /** Whether an export is an SDK client class: something with `send` and `destroy` on its prototype. */
  const isClientClass = (value: unknown): value is ClientClass => {
    const proto = (value as { prototype?: { send?: unknown; destroy?: unknown } } | undefined)?.prototype;
    return typeof value === 'function' && typeof proto?.send === 'function' && typeof proto.destroy === 'function';
  };

  /**
   * `Client` with `send` noting each command until it settles (what a handler that returns leaves running), and a
   * static `from` (the document clients' way to build one) that builds this class rather than the original.
   */
  function trackingSends<C extends ClientClass>(Client: C, name: string): C {
    const clientSend = (Client.prototype as { send: (...args: unknown[]) => unknown }).send;
    const Tracked = class extends Client {
      // `arguments`, not a spread: a spread calls the array iterator, which a handler may have replaced.
      send(command: unknown): unknown {
        const sent = apply(clientSend, this, arguments);
        if (sent instanceof PromiseCtor) {
          const id = sendSeq++;
          const commandName = (command as { constructor?: { name?: unknown } } | null)?.constructor?.name;
          sendsInFlight[id] = typeof commandName === 'string' ? commandName : 'a command';
          const done = () => void delete sendsInFlight[id];
          apply(then, sent, [done, done]);
        }
        return sent;
      }
    };
    if (Object.hasOwn(Client, 'from')) {
      const from = function () {
        return construct(Tracked, arguments);
      };
      Object.defineProperty(Tracked, 'from', { value: from, writable: true, configurable: true });
    }
    Object.defineProperty(Tracked, 'name', { value: name });
    return Tracked;
  }

  /**
   * The SDK retries a throttled or transient error itself (standard mode: 3 attempts, 4 for DynamoDB), sleeping
   * an exponential backoff with jitter between attempts, with a base of a second for throttling errors: some
   * 3.5 seconds of real time for a call DynamoDB keeps throttling, on every invocation Lambda retries. The
   * simulated account answers at once and its throttles run on the virtual clock, so those seconds teach nothing;
   * they only made a throttling check take ten seconds and `npm test` minutes longer.
   *
   * So the SDK's own retry strategy is kept (its attempts, its retry quota, which errors it retries, the error
   * the call ends with) and only its wait is taken out: `config.retryStrategy` is the client's provider of that
   * strategy, and the backoff it asks for the next delay answers 0. Where AWS differs: such an invocation's REPORT
   * Duration is shorter than it would be on AWS, a handler whose SDK retries would outlast its timeout on AWS
   * finishes here, and `$metadata.totalRetryDelay` reads 0. A client the learner configured (`maxAttempts`,
   * `retryMode`, `retryStrategy`) keeps the SDK's real waits: those are the learner's to see.
   */
  function withoutRetryWaits(client: object): void {
    type Backoff = { computeNextBackoffDelay?: (attempt: number) => number };
    type Strategy = { retryBackoffStrategy?: Backoff; standardRetryStrategy?: Strategy };
    const config = (client as { config?: { retryStrategy?: unknown } }).config;
    const provide = config?.retryStrategy;
    if (typeof provide !== 'function') return;
    let strategy: Promise<unknown> | undefined;
    config!.retryStrategy = () =>
      (strategy ??= PromiseCtor.resolve(apply(provide, config, [])).then((resolved: unknown) => {
        // Standard mode's strategy holds the backoff; adaptive mode's wraps a standard one. Another shape (a later
        // SDK) is left as it is: slower, never wrong. The sandbox tests notice if that happens.
        const standard = (resolved as Strategy | undefined)?.standardRetryStrategy ?? (resolved as Strategy | undefined);
        const backoff = standard?.retryBackoffStrategy;
        if (typeof backoff?.computeNextBackoffDelay === 'function') backoff.computeNextBackoffDelay = () => 0;
        return resolved;
      }));
  }

  /** A client package with every client class given the sandbox's region, credentials and request handler. */
  function wrapClients(module: Record<string, unknown>): Record<string, unknown> {
    const wrapped: Record<string, unknown> = { ...module };
    for (const [name, value] of entries(module)) {
      if (!isClientClass(value)) continue;
      const Client = value as new (config?: Record<string, unknown>, ...rest: unknown[]) => object;
      const Configured = class extends Client {
        constructor(config: Record<string, unknown> = {}, ...rest: unknown[]) {
          super(
            {
              ...config,
              region: config.region ?? env.AWS_REGION,
              credentials: config.credentials ?? {
                accessKeyId: env.AWS_ACCESS_KEY_ID,
                secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
                sessionToken: env.AWS_SESSION_TOKEN,
              },
              requestHandler,
            },
            ...rest,
          );
          if (config.maxAttempts === undefined && config.retryMode === undefined && config.retryStrategy === undefined) withoutRetryWaits(this);
        }
      };
      wrapped[name] = trackingSends(Configured, name);
    }
    return wrapped;
  }

  /** A package of clients built on a client (the DynamoDB document clients): their sends are noted too. */
  function trackDerivedClients(module: Record<string, unknown>): Record<string, unknown> {
    const wrapped: Record<string, unknown> = { ...module };
    for (const [name, value] of entries(module)) if (isClientClass(value)) wrapped[name] = trackingSends(value, name);
    return wrapped;
  }

  async function init(message: InitMessage): Promise<void> {
    if (message.now !== undefined) clock.set(message.now);
    env = message.env;
    const modules = new Map(message.modules.map((m) => [m.path, m]));
    modulePaths = new Set(modules.keys());
    const packages = new Map<string, unknown>();
    // Load every package the code names up front: `require` must then answer synchronously.
    const wanted = new Set<string>();
    for (const module of message.modules) {
      for (const match of module.code.matchAll(/\brequire\((['"])([^'"]+)\1\)/g)) wanted.add(match[2]!);
    }
    for (const specifier of wanted) {
      if ((ALLOWED_PACKAGES as readonly string[]).includes(specifier)) {
        const loaded = (await port.load(specifier)) as Record<string, unknown>;
        packages.set(specifier, specifier.startsWith('@aws-sdk/client-') ? wrapClients(loaded) : specifier === '@aws-sdk/lib-dynamodb' ? trackDerivedClients(loaded) : loaded);
      }
    }
    // What `process` is to a handler: its environment, and exit. Nothing that reaches the host.
    const processShim = {
      env: { ...env },
      exit(code = 0) {
        port.post({ type: 'exit', code });
        port.exit(code);
      },
      version: 'v24.0.0',
      versions: { node: '24.0.0' },
      release: { name: 'node' },
      platform: 'linux',
      arch: 'x64',
      cwd: () => '/var/task',
      // Without arguments the callback is queued as it is: a closure fewer for each of a flood of them.
      nextTick: (callback: (...args: unknown[]) => void, ...args: unknown[]) => queueMicrotask(args.length > 0 ? () => callback(...args) : callback),
      emitWarning: () => {},
      uptime: () => performance.now() / 1000,
    };
    port.lockdown(processShim);
    const cache = new Map<string, { exports: Record<string, unknown> }>();

    const load = (path: string, stack: string[]): Record<string, unknown> => {
      const cached = cache.get(path);
      if (cached) return cached.exports;
      const module = modules.get(path)!;
      const record = { exports: {} as Record<string, unknown> };
      cache.set(path, record);
      const require = (specifier: string) => resolve(specifier, path, [...stack, path]);
      let run: (...args: unknown[]) => unknown;
      try {
        run = port.compile(module.code, ['exports', 'require', 'module', '__filename', '__dirname', 'process'], path);
      } catch (error) {
        // Code the transpiler let through but the engine refuses: Lambda reports it as a syntax error in the
        // learner's file, at the line the engine names (the transpiled code keeps the learner's lines).
        if (!(error instanceof SyntaxError)) throw error;
        const line = new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(String(error.stack))?.[1];
        const where = line ? ` (${path}:${Number(line) - headerLines})` : ` (${path})`;
        throw assign(new Error(`SyntaxError: ${error.message}${where}`), { name: 'Runtime.UserCodeSyntaxError' });
      }
      run(record.exports, require, record, `/var/task/${path}`, '/var/task', processShim);
      return record.exports;
    };

    const resolve = (specifier: string, from: string, stack: string[]): unknown => {
      if (CRYPTO.includes(specifier)) {
        const { crypto } = globalThis;
        return { randomUUID, webcrypto: crypto, subtle: crypto.subtle, getRandomValues: <T extends ArrayBufferView<ArrayBuffer>>(array: T) => crypto.getRandomValues(array) };
      }
      const loaded = packages.get(specifier);
      if (loaded) return loaded;
      if (specifier.startsWith('./') || specifier.startsWith('../')) {
        const base = joinPath(from, specifier);
        const found = [base, `${base}.ts`, `${base}.js`, `${base}.mts`, `${base}.mjs`, `${base}/index.ts`, `${base}/index.js`].find((p) => modules.has(p));
        if (found) return load(found, stack);
      }
      throw new ImportModuleError(specifier, stack);
    };

    const [file, exportName] = splitHandler(message.handler);
    const entry = [`${file}.ts`, `${file}.js`, `${file}.mts`, `${file}.mjs`].find((p) => modules.has(p));
    if (!entry) throw new ImportModuleError(file, []);
    const exports = load(entry, []);
    const candidate = exports[exportName];
    if (typeof candidate !== 'function') {
      throw assign(new Error(`${message.handler} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
    }
    // Node.js 24's runtime refuses at init a handler that declares a third (callback) parameter, in these words.
    // https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
    if (candidate.length >= 3) {
      throw assign(new Error(CALLBACK_HANDLER_REMOVED), { name: 'Runtime.CallbackHandlerDeprecated' });
    }
    handler = candidate as typeof handler;
  }

  async function invoke(message: InvokeMessage): Promise<void> {
    if (message.now !== undefined) clock.set(message.now);
    currentRequest = message.requestId;
    logLines = 0;
    logBytes = 0;
    dropped = 0;
    const finish = (result: SandboxMessage) => {
      if (dropped > 0) port.post({ type: 'log-truncated', dropped });
      port.post(withinResponseLimit(result));
      currentRequest = undefined;
    };
    if (initError || !handler) {
      finish({ type: 'result', requestId: message.requestId, ok: false, error: initError ?? toLambdaError(new Error('The function did not initialise.')) });
      return;
    }
    const context = {
      awsRequestId: message.requestId,
      functionName: env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
      invokedFunctionArn: message.invokedFunctionArn,
      memoryLimitInMB: String(message.memoryLimitInMB),
      logGroupName: message.logGroupName,
      logStreamName: message.logStreamName,
      callbackWaitsForEmptyEventLoop: true,
      // The deadline is the host's, on the wall clock.
      getRemainingTimeInMillis: () => Math.max(0, message.deadline - clock.wallNow()),
    };
    try {
      const value = await handler(parse(message.payload), context);
      // What JSON cannot represent (undefined, a function, a symbol) comes back as null, as in Lambda.
      const payload = (value === undefined ? undefined : stringify(value)) ?? 'null';
      const unawaited = values(sendsInFlight);
      finish({ type: 'result', requestId: message.requestId, ok: true, payload, ...(unawaited.length > 0 ? { unawaited } : {}) });
    } catch (error) {
      finish({ type: 'result', requestId: message.requestId, ok: false, error: atModuleLines(toLambdaError(error)) });
    }
  }

  /** Stack frames in learner modules, moved up past the host's compile header to the transpiled module's lines. */
  function atModuleLines(error: LambdaError): LambdaError {
    return { ...error, errorMessage: tidy(error.errorMessage), stack: apply(map, error.stack, [(line: string) => tidy(atModuleLinesIn(line))]) as string[] };
  }
  function tidy(text: string): string {
    return port.tidy ? port.tidy(text) : text;
  }

  /** The same, in text that may hold a stack: only `at …` frame lines are touched, never the learner's words. */
  function atModuleLinesIn(text: string): string {
    if (!text.includes('    at ')) return text;
    const lines = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s+at /.test(lines[i]!)) continue;
      lines[i] = apply(replace, lines[i]!, [
        /([\w./-]+\.[cm]?[jt]s):(\d+):(\d+)/g,
        (match: string, path: string, line: string, column: string) => {
          if (!apply(setHas, modulePaths, [path])) return match;
          const moduleLine = Number(line) - headerLines;
          return `${path}:${moduleLine}:${port.columnIn ? port.columnIn(path, moduleLine, Number(column)) : column}`;
        },
      ]) as string;
    }
    return apply(join, lines, ['\n']) as string;
  }

  return {
    uncaught(error, how) {
      const reason = atModuleLines(toLambdaError(error));
      const lambdaError: LambdaError =
        how === 'exception'
          ? reason
          : {
              errorType: 'Runtime.UnhandledPromiseRejection',
              errorMessage: `${reason.errorType}: ${reason.errorMessage}`,
              stack: reason.stack,
            };
      if (currentRequest === undefined) return;
      if (dropped > 0) port.post({ type: 'log-truncated', dropped });
      port.post(withinResponseLimit({ type: 'result', requestId: currentRequest, ok: false, error: lambdaError, fatal: true }));
      currentRequest = undefined;
    },
    handle(message) {
      switch (message.type) {
        case 'init':
          // Module scope may have run (and replaced Promise.prototype.then) by the time init returns.
          apply(then, init(message), [
            () => port.post({ type: 'ready' }),
            (error: unknown) => {
              initError = atModuleLines(toLambdaError(error));
              port.post({ type: 'init-error', error: initError });
            },
          ]);
          return;
        case 'invoke':
          void invoke(message);
          return;
        case 'aws-response': {
          const resolve = awsPending[message.id];
          delete awsPending[message.id];
          resolve?.({ statusCode: message.status, headers: message.headers, body: encoder.encode(message.body) });
          return;
        }
      }
    },
  };
}

class ImportModuleError extends Error {
  constructor(specifier: string, stack: string[]) {
    super(
      [
        `Error: Cannot find module '${specifier}'`,
        'Require stack:',
        ...stack.map((path) => `- ${path}`),
        `Functions in this workbook can import their lesson's own files, node:crypto and ${ALLOWED_PACKAGES.join(', ')}.`,
      ].join('\n'),
    );
    this.name = 'Runtime.ImportModuleError';
  }
}

/** How Lambda's Node.js runtime reports what a handler threw, including values that are not Errors. */
export function toLambdaError(error: unknown): LambdaError {
  if (error instanceof Error) {
    const name = typeof error.name === 'string' && error.name !== 'Error' ? error.name : (error.constructor?.name ?? 'Error');
    const message = String(error.message);
    // A handler may have tampered with Error.prepareStackTrace: `stack` is not always a string.
    const stack = typeof error.stack === 'string' ? error.stack : `${name}: ${message}`;
    return { errorType: name, errorMessage: message, stack: splitLines(stack) };
  }
  let text: string;
  try {
    text = typeof error === 'string' ? error : String(stringify(error));
  } catch {
    text = String(error);
  }
  return { errorType: error === null ? 'object' : typeof error, errorMessage: text, stack: [] };
}

/**
 * node:crypto's randomUUID. Built on getRandomValues because crypto.randomUUID exists only in secure contexts,
 * and a worker in the opaque-origin sandbox frame is not one.
 */
export function randomUUID(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  return dot === -1 ? [handler, 'handler'] : [handler.slice(0, dot), handler.slice(dot + 1)];
}

/** `lib/a.ts` + `../b` → `b`: paths inside the lesson folder. */
function joinPath(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

/**
 * Makes `Date` read the simulated account's clock: the services a handler calls live on the account's virtual
 * time, and a handler that computes "now plus four hours", or an EventEndTime of now, must agree with them. Each
 * init and invocation sets the time; between them it runs on with the wall clock, as time passes while code runs.
 * `Date` stays the same class (`instanceof Date` holds, and dates from the SDK are ordinary ones).
 */
function accountClock(): { set(now: number): void; wallNow(): number } {
  const WallDate = Date;
  const wallNow = WallDate.now.bind(WallDate);
  let offset = 0;
  const now = () => wallNow() + offset;
  function AccountDate(this: unknown, ...args: unknown[]): unknown {
    // Called without new, Date gives the current time as text.
    if (!new.target) return new WallDate(now()).toString();
    return args.length === 0 ? new WallDate(now()) : new (WallDate as unknown as new (...a: unknown[]) => Date)(...args);
  }
  Object.defineProperties(AccountDate, {
    prototype: { value: WallDate.prototype },
    now: { value: now, writable: true, configurable: true },
    parse: { value: WallDate.parse, writable: true, configurable: true },
    UTC: { value: WallDate.UTC, writable: true, configurable: true },
    name: { value: 'Date' },
  });
  Object.defineProperty(WallDate.prototype, 'constructor', { value: AccountDate, writable: true, configurable: true });
  (globalThis as { Date: unknown }).Date = AccountDate;
  return { set: (at) => void (offset = at - wallNow()), wallNow };
}
