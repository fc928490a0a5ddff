// AWS Lambda for the simulated account: functions whose code is the learner's TypeScript, run in a sandbox
// host, with Lambda's lifecycle (cold start with Init Duration, warm reuse of module scope, a fresh runtime
// after a crash or timeout), its log lines in CloudWatch Logs, its AWS/Lambda metrics, and its asynchronous
// invocation rules: two retries about one and two minutes apart (virtual time), then the on-failure destination.
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
//
// Simplified: one execution environment per function, so invocations of a function run one after another
// (real Lambda would scale out to concurrent environments); no versions or aliases; no reserved concurrency,
// so no throttling. An invocation runs in real time while virtual time stands still; log timestamps are the
// virtual start plus the real time elapsed.

import type { Cloud } from '../services/cloud.ts';
import { handleAwsRequest } from '../services/endpoint.ts';
import type { InvokeAsyncResult, LambdaInvoker } from '../services/lambda-port.ts';
import { resolveFunctionConfig, type FunctionConfig, type ResolvedFunctionConfig } from './function-config.ts';
import type { Sandbox, SandboxEnd, SandboxHost } from './host/host.ts';
import { consoleLine, endLine, initErrorLine, invokeErrorLine, reportLine, startLine, timeoutLine, truncatedLine } from './log-lines.ts';
import type { InitMessage, LambdaError, SandboxMessage } from './protocol.ts';
import { mapPositions, mapStack, transpileModule, UserCodeSyntaxError, type CompiledModule } from './transpile.ts';

/** Lambda gives a function's init phase 10 seconds. */
const INIT_TIMEOUT_MS = 10_000;

export interface InvocationResult {
  requestId: string;
  /** The handler's return value as JSON, or the error object Lambda returns for a failed invocation. */
  payload: string;
  /** Set when the invocation failed: Lambda's `X-Amz-Function-Error`. */
  functionError?: 'Unhandled';
  error?: LambdaError;
  durationMs: number;
  coldStart: boolean;
  /** The log lines this invocation wrote, START to REPORT. */
  logs: string[];
}

interface Environment {
  sandbox: Sandbox;
  logStream: string;
  /** Resolves when the module scope has run (or failed); `initError` is then set if it failed. */
  ready: Promise<void>;
  initError?: LambdaError;
  initDurationMs: number;
  used: boolean;
  /** The invocation in progress, if any, and how to settle it. */
  current?: { requestId: string; settle: (outcome: Outcome) => void; write: (line: string) => void; stamp: () => number };
  end?: SandboxEnd;
}

type Outcome = { kind: 'result'; message: Extract<SandboxMessage, { type: 'result' }> } | { kind: 'timeout' } | { kind: 'ended'; end: SandboxEnd };

interface LambdaFunction {
  config: ResolvedFunctionConfig;
  arn: string;
  modules: Map<string, CompiledModule>;
  syntaxError?: UserCodeSyntaxError;
  environment?: Environment;
  /** Invocations of one function run one after another. */
  queue: Promise<unknown>;
}

export class LambdaService implements LambdaInvoker {
  readonly #cloud: Cloud;
  readonly #host: SandboxHost;
  readonly #functions = new Map<string, LambdaFunction>();
  /** Virtual timestamps of log lines never go backwards within the simulation. */
  #lastStamp = 0;

  constructor(cloud: Cloud, host: SandboxHost) {
    this.#cloud = cloud;
    this.#host = host;
  }

  createFunction(definition: FunctionConfig): { FunctionArn: string } {
    const config = resolveFunctionConfig(definition);
    const previous = this.#functions.get(config.name);
    previous?.environment?.sandbox.terminate();
    const fn: LambdaFunction = {
      config,
      arn: `arn:aws:lambda:${this.#cloud.region}:${this.#cloud.account}:function:${config.name}`,
      modules: new Map(),
      queue: previous?.queue ?? Promise.resolve(),
    };
    try {
      for (const [path, source] of Object.entries(config.files)) fn.modules.set(path, transpileModule(path, source));
    } catch (error) {
      if (!(error instanceof UserCodeSyntaxError)) throw error;
      fn.syntaxError = error;
    }
    this.#functions.set(config.name, fn);
    return { FunctionArn: fn.arn };
  }

  /** New code for a function: the next invocation is a cold start with it. */
  updateFunctionCode(name: string, files: Record<string, string>): void {
    const fn = this.#function(name);
    this.createFunction({ ...toDefinition(fn.config), files });
  }

  functionNames(): string[] {
    return [...this.#functions.keys()];
  }

  /** A synchronous (RequestResponse) invocation: waits for the handler and returns what it returned. */
  invoke(name: string, event: unknown): Promise<InvocationResult> {
    const fn = this.#function(name);
    return this.#enqueue(fn, this.#cloud.newId(), JSON.stringify(event ?? null));
  }

  /** An asynchronous (Event) invocation, as EventBridge makes: Lambda accepts it at once and runs it soon. */
  invokeAsync(functionName: string, payload: string): InvokeAsyncResult {
    const fn = this.#functions.get(functionName);
    if (!fn) {
      return { accepted: false, errorCode: 'RESOURCE_NOT_FOUND', errorMessage: `Function not found: arn:aws:lambda:${this.#cloud.region}:${this.#cloud.account}:function:${functionName}` };
    }
    const clock = this.#cloud.clock;
    const requestId = this.#cloud.newId();
    const receivedAt = clock.now();
    this.#metric(fn, 'AsyncEventsReceived', 1, 'Count');
    clock.at(receivedAt, () => this.#attemptAsync(fn, requestId, payload, 1, receivedAt));
    return { accepted: true };
  }

  /** Stops every sandbox (the end of a test, a reset, the server shutting down). */
  dispose(): void {
    for (const fn of this.#functions.values()) {
      fn.environment?.sandbox.terminate();
      fn.environment = undefined;
    }
  }

  async #attemptAsync(fn: LambdaFunction, requestId: string, payload: string, attempt: number, receivedAt: number): Promise<void> {
    const clock = this.#cloud.clock;
    // Retries reuse the request id, as Lambda's do.
    const result = await this.#enqueue(fn, requestId, payload);
    const record = (condition: string) => destinationRecord(fn, requestId, payload, result, condition, attempt, clock.now());
    if (!result.functionError) {
      if (fn.config.onSuccess) this.#sendToDestination(fn, fn.config.onSuccess, record('Success'), 'Success');
      return;
    }
    if (attempt - 1 < fn.config.maximumRetryAttempts) {
      // Lambda waits about one minute before the first retry and two before the second.
      const delay = attempt * 60_000;
      if (clock.now() + delay - receivedAt <= fn.config.maximumEventAgeSeconds * 1000) {
        clock.at(clock.now() + delay, () => this.#attemptAsync(fn, requestId, payload, attempt + 1, receivedAt));
        return;
      }
      this.#metric(fn, 'AsyncEventsDropped', 1, 'Count');
      if (fn.config.onFailure) this.#sendToDestination(fn, fn.config.onFailure, record('EventAgeExceeded'), 'Failure');
      return;
    }
    this.#metric(fn, 'AsyncEventsDropped', 1, 'Count');
    if (fn.config.onFailure) this.#sendToDestination(fn, fn.config.onFailure, record('RetriesExhausted'), 'Failure');
  }

  #sendToDestination(fn: LambdaFunction, arn: string, record: object, outcome: 'Success' | 'Failure'): void {
    const body = JSON.stringify(record);
    const service = arn.split(':')[2];
    if (service === 'sqs') this.#cloud.sqs.sendToArn(arn, body);
    else if (service === 'sns') this.#cloud.sns.publishToArn(arn, body);
    else if (service === 'lambda') this.invokeAsync(arn.split(':')[6] ?? '', body);
    else if (service === 'events') {
      this.#cloud.events.putEvents({
        Entries: [{ Source: 'lambda', DetailType: `Lambda Function Invocation Result - ${outcome}`, Detail: body, Resources: [`${fn.arn}:$LATEST`], EventBusName: arn }],
      });
    }
  }

  #enqueue(fn: LambdaFunction, requestId: string, payload: string): Promise<InvocationResult> {
    const run = fn.queue.then(() => this.#run(fn, requestId, payload));
    fn.queue = run.catch(() => {});
    return run;
  }

  async #run(fn: LambdaFunction, requestId: string, payload: string): Promise<InvocationResult> {
    const virtualStart = this.#cloud.clock.now();
    const realStart = performance.now();
    const stamp = () => (this.#lastStamp = Math.max(this.#lastStamp, virtualStart + (performance.now() - realStart)));
    const lines: string[] = [];
    const group = `/aws/lambda/${fn.config.name}`;

    const coldStart = !fn.environment;
    const environment = fn.environment ?? this.#startEnvironment(fn);
    const write = (line: string) => {
      lines.push(line);
      this.#cloud.logs.put(group, environment.logStream, line, stamp());
    };
    await environment.ready;
    const invokeStart = performance.now();
    write(startLine(requestId));

    let outcome: Outcome;
    if (environment.initError) {
      write(initErrorLine(stamp(), environment.initError));
      outcome = { kind: 'result', message: { type: 'result', requestId, ok: false, error: environment.initError } };
    } else {
      outcome = await this.#invokeIn(fn, environment, requestId, payload, write, stamp);
    }
    const durationMs = performance.now() - invokeStart;

    let result: InvocationResult;
    if (outcome.kind === 'result' && outcome.message.ok) {
      result = { requestId, payload: outcome.message.payload, durationMs, coldStart, logs: lines };
    } else {
      const error = this.#failure(fn, requestId, outcome, stamp, write);
      result = { requestId, payload: JSON.stringify(errorPayload(error)), functionError: 'Unhandled', error, durationMs, coldStart, logs: lines };
    }
    const recycle = outcome.kind !== 'result' || (!outcome.message.ok && outcome.message.fatal === true);
    const memory = recycle ? undefined : await environment.sandbox.memoryUsedMb();
    write(endLine(requestId));
    write(
      reportLine({
        requestId,
        durationMs: outcome.kind === 'timeout' ? fn.config.timeoutSeconds * 1000 : durationMs,
        memorySizeMb: fn.config.memorySizeMb,
        maxMemoryUsedMb: Math.min(fn.config.memorySizeMb, memory ?? fn.config.memorySizeMb),
        ...(coldStart ? { initDurationMs: environment.initDurationMs } : {}),
      }),
    );
    if (recycle) this.#retire(fn, environment);

    this.#metric(fn, 'Invocations', 1, 'Count');
    this.#metric(fn, 'Duration', durationMs, 'Milliseconds');
    if (result.functionError) this.#metric(fn, 'Errors', 1, 'Count');
    return result;
  }

  #invokeIn(fn: LambdaFunction, environment: Environment, requestId: string, payload: string, write: (line: string) => void, stamp: () => number): Promise<Outcome> {
    environment.used = true;
    const timeoutMs = fn.config.timeoutSeconds * 1000;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
      const settle = (outcome: Outcome) => {
        clearTimeout(timer);
        if (environment.current?.requestId === requestId) environment.current = undefined;
        resolve(outcome);
      };
      if (environment.end) return settle({ kind: 'ended', end: environment.end });
      environment.current = { requestId, settle, write, stamp };
      environment.sandbox.send({
        type: 'invoke',
        requestId,
        payload,
        invokedFunctionArn: fn.arn,
        memoryLimitInMB: fn.config.memorySizeMb,
        logGroupName: `/aws/lambda/${fn.config.name}`,
        logStreamName: environment.logStream,
        deadline: Date.now() + timeoutMs,
      });
    });
  }

  /** The error Lambda reports for a failed invocation, after logging it the way Lambda does. */
  #failure(fn: LambdaFunction, requestId: string, outcome: Outcome, stamp: () => number, write: (line: string) => void): LambdaError {
    if (outcome.kind === 'timeout') {
      write(timeoutLine(stamp(), requestId, fn.config.timeoutSeconds));
      return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${fn.config.timeoutSeconds.toFixed(2)} seconds`, stack: [] };
    }
    if (outcome.kind === 'ended') {
      const reason = outcome.end.kind === 'exit' ? `exit status ${outcome.end.code}` : outcome.end.kind === 'out-of-memory' ? 'signal: killed' : outcome.end.message;
      const error: LambdaError = {
        errorType: outcome.end.kind === 'out-of-memory' ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
        errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`,
        stack: [],
      };
      write(consoleLine(stamp(), requestId, 'ERROR', `${error.errorMessage}\n${error.errorType}`));
      return error;
    }
    const message = outcome.message;
    if (message.ok) throw new Error('not a failure');
    const error = this.#mapped(fn, message.error);
    if (message.error !== fn.environment?.initError) write(invokeErrorLine(stamp(), requestId, error));
    return error;
  }

  #startEnvironment(fn: LambdaFunction): Environment {
    const realStart = performance.now();
    const environment: Environment = {
      sandbox: undefined as unknown as Sandbox,
      logStream: logStreamName(this.#cloud.clock.now(), this.#cloud.newId()),
      ready: Promise.resolve(),
      initDurationMs: 0,
      used: false,
    };
    fn.environment = environment;
    if (fn.syntaxError) {
      environment.sandbox = { send() {}, terminate() {}, memoryUsedMb: async () => 0 };
      environment.initError = { errorType: fn.syntaxError.name, errorMessage: fn.syntaxError.message, stack: [`${fn.syntaxError.name}: ${fn.syntaxError.message}`] };
      return environment;
    }
    let initSettled: () => void = () => {};
    environment.ready = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        environment.initError ??= { errorType: 'Sandbox.Timedout', errorMessage: `Init phase timed out after ${INIT_TIMEOUT_MS / 1000} seconds`, stack: [] };
        finish();
      }, INIT_TIMEOUT_MS);
      const finish = () => {
        clearTimeout(timer);
        environment.initDurationMs = performance.now() - realStart;
        resolve();
      };
      initSettled = finish;
    });
    environment.sandbox = this.#host.start({
      memoryMb: fn.config.memorySizeMb,
      onMessage: (message) => this.#onMessage(fn, environment, message, initSettled),
      onEnd: (end) => {
        environment.end = end;
        if (!environment.used && !environment.initError) {
          environment.initError = { errorType: 'Runtime.ExitError', errorMessage: `Error: Runtime exited during init: ${end.kind}`, stack: [] };
          initSettled();
        }
        environment.current?.settle({ kind: 'ended', end });
      },
    });
    const init: InitMessage = { type: 'init', functionName: fn.config.name, handler: fn.config.handler, modules: [...fn.modules.values()], env: this.#environmentVariables(fn, environment) };
    environment.sandbox.send(init);
    return environment;
  }

  #onMessage(fn: LambdaFunction, environment: Environment, message: SandboxMessage, initSettled: () => void): void {
    const current = environment.current;
    switch (message.type) {
      case 'ready':
        initSettled();
        return;
      case 'init-error':
        environment.initError = this.#mapped(fn, message.error);
        initSettled();
        return;
      case 'log': {
        // Module-scope logging at a cold start has no request id, as in Lambda.
        const text = mapPositions(message.text, fn.modules);
        if (current) current.write(consoleLine(current.stamp(), current.requestId, message.level, text));
        else this.#cloud.logs.put(`/aws/lambda/${fn.config.name}`, environment.logStream, consoleLine(this.#lastStamp, undefined, message.level, text), this.#lastStamp);
        return;
      }
      case 'log-truncated':
        if (current) current.write(truncatedLine(current.stamp(), current.requestId, message.dropped));
        return;
      case 'aws-request': {
        const response = handleAwsRequest(
          this.#cloud,
          { target: message.request.headers['x-amz-target'], contentType: message.request.headers['content-type'], body: message.request.body, method: message.request.method, path: message.request.path },
          this.#cloud.newId(),
        );
        environment.sandbox.send({ type: 'aws-response', id: message.id, status: response.status, headers: response.headers, body: response.body });
        return;
      }
      case 'result':
        if (current?.requestId === message.requestId) current.settle({ kind: 'result', message });
        return;
      case 'exit':
        return; // the host reports the end itself
    }
  }

  #retire(fn: LambdaFunction, environment: Environment): void {
    environment.sandbox.terminate();
    if (fn.environment === environment) fn.environment = undefined;
  }

  /** Maps stack frames in the learner's transpiled modules back to their TypeScript lines. */
  #mapped(fn: LambdaFunction, error: LambdaError): LambdaError {
    if (error.stack.length === 0) return error;
    return { ...error, stack: mapStack(error.stack.join('\n'), fn.modules).split('\n') };
  }

  #environmentVariables(fn: LambdaFunction, environment: Environment): Record<string, string> {
    const { region } = this.#cloud;
    return {
      ...fn.config.environment,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_LAMBDA_FUNCTION_NAME: fn.config.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.config.memorySizeMb),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.config.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: environment.logStream,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_ACCESS_KEY_ID: 'ASIASIMULATEDKEY0000',
      AWS_SECRET_ACCESS_KEY: 'simulated-secret-access-key',
      AWS_SESSION_TOKEN: 'simulated-session-token',
      LAMBDA_TASK_ROOT: '/var/task',
      TZ: ':UTC',
    };
  }

  #metric(fn: LambdaFunction, name: string, value: number, unit: 'Count' | 'Milliseconds'): void {
    const epochMs = this.#cloud.clock.now();
    const perFunction: Record<string, string> = { FunctionName: fn.config.name };
    for (const dimensions of [perFunction, {}]) {
      this.#cloud.metrics.record('AWS/Lambda', name, dimensions, value, unit, epochMs);
    }
  }

  #function(name: string): LambdaFunction {
    const fn = this.#functions.get(name);
    if (!fn) throw new Error(`Function not found: ${name}`);
    return fn;
  }
}

/** What a failed synchronous invocation returns as its payload. */
function errorPayload(error: LambdaError): object {
  return { errorType: error.errorType, errorMessage: error.errorMessage, trace: error.stack };
}

/** The record Lambda sends to a destination. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html */
function destinationRecord(fn: LambdaFunction, requestId: string, payload: string, result: InvocationResult, condition: string, attempts: number, now: number): object {
  return {
    version: '1.0',
    timestamp: new Date(now).toISOString(),
    requestContext: { requestId, functionArn: `${fn.arn}:$LATEST`, condition, approximateInvokeCount: attempts },
    requestPayload: JSON.parse(payload),
    responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(result.functionError ? { functionError: result.functionError } : {}) },
    responsePayload: JSON.parse(result.payload),
  };
}

/** `2026/11/22/[$LATEST]0123456789abcdef0123456789abcdef`. */
function logStreamName(epochMs: number, id: string): string {
  const date = new Date(epochMs).toISOString().slice(0, 10).replace(/-/g, '/');
  return `${date}/[$LATEST]${id.replace(/-/g, '')}`;
}

function toDefinition(config: ResolvedFunctionConfig): FunctionConfig {
  return {
    name: config.name,
    handler: config.handler,
    files: config.files,
    timeout: config.timeoutSeconds,
    memorySize: config.memorySizeMb,
    environment: config.environment,
    eventInvokeConfig: {
      maximumRetryAttempts: config.maximumRetryAttempts,
      maximumEventAgeInSeconds: config.maximumEventAgeSeconds,
      ...(config.onFailure ? { onFailure: config.onFailure } : {}),
      ...(config.onSuccess ? { onSuccess: config.onSuccess } : {}),
    },
  };
}
