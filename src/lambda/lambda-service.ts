// AWS Lambda for the simulated account: functions whose code is the learner's TypeScript, run in a sandbox
// host, with Lambda's lifecycle (cold start with Init Duration, warm reuse of module scope, a fresh runtime
// after a crash, a timeout or a failed init), its log lines in CloudWatch Logs, its AWS/Lambda metrics, and its
// asynchronous invocation rules: two retries about one and two minutes apart (virtual time), then the
// on-failure destination. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
//
// Lambda scales out: an invocation takes an idle (warm) execution environment of its function, or starts a new
// one (a cold start), so invocations that arrive together run side by side, each with its own module scope and
// log stream. https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html Their AWS calls are answered
// in lockstep (./lockstep.ts), so a race in the learner's code shows every time. Over the account's or the
// function's concurrency limit (./concurrency.ts), a synchronous invocation fails with TooManyRequestsException
// and an asynchronous one waits in Lambda's internal queue.
//
// Simplified: no versions or aliases. An invocation runs in real time while virtual time stands still; log
// timestamps are the virtual start plus the real time elapsed. Between invocations an environment is "frozen" as
// Lambda's is: what its code logs or asks of AWS then is held until the next invocation it runs starts. Idle
// environments live until the function's code changes, or until `reclaimIdleEnvironments` (Lambda may reclaim an
// idle environment at any time).

import type { Cloud } from '../services/cloud.ts';
import { handleAwsRequest } from '../services/endpoint.ts';
import type { InvokeAsyncResult, InvokeSyncResult, LambdaInvoker } from '../services/lambda-port.ts';
import { resolveFunctionConfig, type FunctionConfig, type ResolvedFunctionConfig } from './function-config.ts';
import { ConcurrencyPool, throttleRetryDelayMs, TooManyRequestsException } from './concurrency.ts';
import type { Sandbox, SandboxEnd, SandboxHost } from './host/host.ts';
import { consoleLine, endLine, initErrorLine, initReportLine, invokeErrorLine, reportLine, startLine, timeoutLine, truncatedLine } from './log-lines.ts';
import { isSandboxMessage, MAX_AWS_REQUESTS, MAX_LOG_BYTES, MAX_LOG_LINES, type LambdaError, type SandboxMessage } from './protocol.ts';
import { Lockstep } from './lockstep.ts';
import { mapPositions, mapStack, transpileModule, UserCodeSyntaxError, type CompiledModule } from './transpile.ts';

/** Lambda gives a function's init phase 10 seconds. */
const INIT_TIMEOUT_MS = 10_000;
/**
 * What a frozen environment may send before it is stopped. Code left running after a handler returns (a timer, a
 * request not awaited) sends a few messages; thousands mean a loop, whose messages would pile up in the host.
 */
const MAX_HELD_MESSAGES = 2_000;
/**
 * What Lambda's Node.js runtime itself takes before a handler allocates anything (a hello-world function reports
 * about this much). The sandbox adds the heap its code grew by, where the host can measure it.
 */
const RUNTIME_BASELINE_MB = 65;

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

/** AWS SDK commands still running when a handler returned: a promise left running (a missing `await`). */
export interface CallAfterReturn {
  functionName: string;
  /** The invocation whose handler returned. */
  requestId: string;
  /** The commands' names: `SendEmailCommand`. */
  calls: string[];
}

type Outcome = { kind: 'result'; message: Extract<SandboxMessage, { type: 'result' }> } | { kind: 'timeout' } | { kind: 'ended'; end: SandboxEnd };

interface Invocation {
  requestId: string;
  /** Its place in the lockstep of concurrent invocations' AWS calls. */
  step: number;
  /**
   * Stops and restarts the invocation's timeout clock while one of its AWS calls waits for the others' round:
   * the wait is the simulator's scheduling (on a loaded machine, another environment's cold start), not the
   * function's own time. `getRemainingTimeInMillis` in the sandbox still counts from the start.
   */
  holdClock(): void;
  releaseClock(): void;
  settle: (outcome: Outcome) => void;
  write: (line: string) => void;
  stamp: () => number;
  logLines: number;
  logBytes: number;
  droppedLines: number;
  awsRequests: number;
}

interface Environment {
  sandbox: Sandbox;
  logStream: string;
  /** Resolves when the module scope has run (or failed); `initError` is then set if it failed. */
  ready: Promise<void>;
  initError?: LambdaError;
  initDurationMs: number;
  /** Init ran past Lambda's 10 seconds and was stopped: the first invocation tries it again. */
  initTimedOut: boolean;
  /** Heap in use once init finished, to tell what the handler added. */
  heapAfterInitMb?: number;
  /** `init` until the module scope ran; `busy` during an invocation; `idle` (frozen) between them. */
  phase: 'init' | 'idle' | 'busy';
  current?: Invocation;
  /** What the code did while frozen, replayed when the next invocation starts. */
  held: SandboxMessage[];
  end?: SandboxEnd;
  /** Replaced by new code while an invocation ran: stop it once that invocation is over. */
  retiring: boolean;
  /** Taken by an invocation (from before its init finishes until its REPORT line). */
  inUse: boolean;
}

interface LambdaFunction {
  config: ResolvedFunctionConfig;
  arn: string;
  modules: Map<string, CompiledModule>;
  syntaxError?: UserCodeSyntaxError;
  /** Its execution environments, the most recently used last. */
  environments: Environment[];
}

export class LambdaService implements LambdaInvoker {
  readonly #cloud: Cloud;
  readonly #host: SandboxHost;
  readonly #functions = new Map<string, LambdaFunction>();
  /** Virtual timestamps of log lines never go backwards within the simulation. */
  #lastStamp = 0;
  readonly #listeners = new Set<(functionName: string, result: InvocationResult) => void>();
  readonly #lockstep = new Lockstep();
  readonly #callsAfterReturn: CallAfterReturn[] = [];
  readonly #concurrency: ConcurrencyPool;

  /** `concurrencyLimit`: the account's concurrent executions (1,000 by default). */
  constructor(cloud: Cloud, host: SandboxHost, options: { concurrencyLimit?: number } = {}) {
    this.#cloud = cloud;
    this.#host = host;
    this.#concurrency = new ConcurrencyPool(options.concurrencyLimit);
  }

  /** Creates a function, or replaces one of the same name: its next invocation is a cold start with the new code. */
  createFunction(definition: FunctionConfig): { FunctionArn: string } {
    const config = resolveFunctionConfig(definition, this.#concurrency.limit);
    this.#concurrency.reserve(config.name, config.reservedConcurrentExecutions);
    const previous = this.#functions.get(config.name);
    for (const environment of previous?.environments ?? []) this.#release(previous!, environment);
    const fn: LambdaFunction = {
      config,
      arn: `arn:aws:lambda:${this.#cloud.region}:${this.#cloud.account}:function:${config.name}`,
      modules: new Map(),
      environments: [],
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
    this.createFunction({ ...toDefinition(this.#function(name).config), files });
  }

  functionNames(): string[] {
    return [...this.#functions.keys()];
  }

  /** Calls `listener` after every invocation, synchronous or not (checks use it to report a learner's error). */
  onInvocation(listener: (functionName: string, result: InvocationResult) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A synchronous (RequestResponse) invocation: waits for the handler and returns what it returned. Rejects with
   * TooManyRequestsException when the function has no concurrency left.
   */
  invoke(name: string, event: unknown): Promise<InvocationResult> {
    return this.#run(this.#function(name), this.#cloud.newId(), JSON.stringify(event ?? null));
  }

  /**
   * A synchronous invocation as the services make it (a pipe's enrichment): the payload as JSON text, and Lambda's
   * answer instead of an exception when the function is missing or has no concurrency left.
   */
  async invokeSync(functionName: string, payload: string): Promise<InvokeSyncResult> {
    const fn = this.#functions.get(functionName);
    if (!fn) {
      return { invoked: false, errorCode: 'RESOURCE_NOT_FOUND', errorMessage: `Function not found: arn:aws:lambda:${this.#cloud.region}:${this.#cloud.account}:function:${functionName}` };
    }
    try {
      const result = await this.#run(fn, this.#cloud.newId(), payload);
      return { invoked: true, payload: result.payload, ...(result.functionError ? { functionError: result.functionError } : {}) };
    } catch (error) {
      if (error instanceof TooManyRequestsException) return { invoked: false, errorCode: 'THROTTLING', errorMessage: error.message };
      throw error;
    }
  }

  /** Ends every idle environment (of one function, or all): the next invocation is a cold start, as after Lambda reclaims them. */
  reclaimIdleEnvironments(functionName?: string): void {
    for (const fn of this.#functions.values()) {
      if (functionName !== undefined && fn.config.name !== functionName) continue;
      for (const environment of [...fn.environments]) if (!environment.inUse) this.#retire(fn, environment);
    }
  }

  /** SDK commands left running when a handler returned, oldest first. */
  callsAfterReturn(): readonly CallAfterReturn[] {
    return this.#callsAfterReturn;
  }

  /** How many execution environments a function has, busy or idle. */
  environmentCount(functionName: string): number {
    return this.#function(functionName).environments.length;
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
    // AsyncEventsReceived: "the number of events that Lambda successfully queues for processing"; AsyncEventsDropped
    // below: "dropped without successfully executing the function", after any DLQ or OnFailure destination.
    // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#async-invocation-metrics
    this.#metric(fn, 'AsyncEventsReceived', 1, 'Count');
    clock.at(receivedAt, () => this.#attemptAsync(functionName, requestId, payload, 1, receivedAt));
    return { accepted: true };
  }

  /** Stops every sandbox (the end of a test, a reset, the server shutting down). */
  dispose(): void {
    for (const fn of this.#functions.values()) {
      for (const environment of [...fn.environments]) {
        environment.current?.settle({ kind: 'ended', end: { kind: 'crash', message: 'the simulation was reset' } });
        this.#retire(fn, environment);
      }
    }
  }

  async #attemptAsync(functionName: string, requestId: string, payload: string, attempt: number, receivedAt: number, throttles = 0): Promise<void> {
    // Each attempt runs the function's code as it is now ($LATEST): a fix made between retries is what retries.
    const fn = this.#functions.get(functionName);
    if (!fn) return;
    const clock = this.#cloud.clock;
    let result: InvocationResult;
    try {
      // Retries reuse the request id, as Lambda's do.
      result = await this.#run(fn, requestId, payload, receivedAt);
    } catch (error) {
      if (!(error instanceof TooManyRequestsException)) throw error;
      // A throttled event goes back to the queue; it is not an attempt, so it does not use up a retry.
      const at = clock.now() + throttleRetryDelayMs(throttles + 1);
      if (at - receivedAt <= fn.config.maximumEventAgeSeconds * 1000) {
        clock.at(at, () => this.#attemptAsync(functionName, requestId, payload, attempt, receivedAt, throttles + 1));
        return;
      }
      this.#metric(fn, 'AsyncEventsDropped', 1, 'Count');
      if (fn.config.onFailure) this.#sendToDestination(fn, fn.config.onFailure, throttledRecord(fn, requestId, payload, attempt - 1, clock.now()), 'Failure');
      return;
    }
    const record = (condition: string) => destinationRecord(fn, requestId, payload, result, condition, attempt, clock.now());
    if (!result.functionError) {
      if (fn.config.onSuccess) this.#sendToDestination(fn, fn.config.onSuccess, record('Success'), 'Success');
      return;
    }
    if (attempt - 1 < fn.config.maximumRetryAttempts) {
      // Lambda waits about one minute before the first retry and two before the second.
      const delay = attempt * 60_000;
      if (clock.now() + delay - receivedAt <= fn.config.maximumEventAgeSeconds * 1000) {
        clock.at(clock.now() + delay, () => this.#attemptAsync(functionName, requestId, payload, attempt + 1, receivedAt));
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

  /** `queuedAt`: when an asynchronous event was queued, for AsyncEventAge; absent for a synchronous invocation. */
  async #run(fn: LambdaFunction, requestId: string, payload: string, queuedAt?: number): Promise<InvocationResult> {
    const throttled = this.#concurrency.acquire(fn.config.name);
    if (throttled) {
      this.#metric(fn, 'Throttles', 1, 'Count');
      throw new TooManyRequestsException(throttled);
    }
    // "The time between when Lambda successfully queues the event and when the function is invoked", recorded at
    // each attempt, so retries and throttling raise it. https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#async-invocation-metrics
    if (queuedAt !== undefined) this.#metric(fn, 'AsyncEventAge', this.#cloud.clock.now() - queuedAt, 'Milliseconds');
    this.#recordConcurrency(fn);
    // A warm environment if one is free (the most recently used), else a cold start in a new one.
    const warm = fn.environments.findLast((e) => !e.inUse && !e.retiring && !e.end);
    const coldStart = !warm;
    const environment = warm ?? this.#startEnvironment(fn);
    environment.inUse = true;
    fn.environments.splice(fn.environments.indexOf(environment), 1);
    fn.environments.push(environment);
    const step = this.#lockstep.begin();
    try {
      return await this.#runIn(fn, environment, coldStart, step, requestId, payload);
    } finally {
      environment.inUse = false;
      this.#lockstep.end(step);
      this.#concurrency.release(fn.config.name);
    }
  }

  async #runIn(fn: LambdaFunction, environment: Environment, coldStart: boolean, step: number, requestId: string, payload: string): Promise<InvocationResult> {
    const virtualStart = this.#cloud.clock.now();
    const realStart = performance.now();
    const stamp = () => (this.#lastStamp = Math.max(this.#lastStamp, virtualStart + (performance.now() - realStart)));
    const lines: string[] = [];
    const group = `/aws/lambda/${fn.config.name}`;
    const write = (line: string) => {
      lines.push(line);
      this.#cloud.logs.put(group, environment.logStream, line, stamp());
    };
    await environment.ready;
    if (coldStart && environment.initTimedOut) write(initReportLine(environment.initDurationMs, 'timeout'));
    if (coldStart && environment.initError) {
      // Lambda logs a failed init before the invocation starts.
      write(initErrorLine(stamp(), environment.initError));
      write(initReportLine(environment.initDurationMs, 'error', environment.initError.errorType));
    }
    const invokeStart = performance.now();
    write(startLine(requestId));

    let timeoutMs = fn.config.timeoutSeconds * 1000;
    let initAgain: 'ready' | 'timeout' = 'ready';
    if (environment.initTimedOut) {
      // Init is tried again inside the invocation, and the function's timeout covers it too.
      const retried = await this.#bootWithin(fn, environment, timeoutMs);
      initAgain = retried ? 'ready' : 'timeout';
      timeoutMs -= performance.now() - invokeStart;
    }
    const outcome: Outcome =
      initAgain === 'timeout'
        ? { kind: 'timeout' }
        : environment.initError
          ? { kind: 'result', message: { type: 'result', requestId, ok: false, error: environment.initError } }
          : await this.#invokeIn(fn, environment, step, requestId, payload, write, stamp, timeoutMs);
    const durationMs = performance.now() - invokeStart;

    let result: InvocationResult;
    if (outcome.kind === 'result' && outcome.message.ok) {
      result = { requestId, payload: outcome.message.payload, durationMs, coldStart, logs: lines };
    } else {
      const error = this.#failure(fn, environment, requestId, outcome, stamp, write);
      result = { requestId, payload: JSON.stringify(errorPayload(error)), functionError: 'Unhandled', error, durationMs, coldStart, logs: lines };
    }
    // After a timeout, a crash, an uncaught error or a failed init, Lambda starts a fresh runtime.
    const fresh = outcome.kind !== 'result' || environment.initError !== undefined || (!outcome.message.ok && outcome.message.fatal === true);
    const heap = fresh ? undefined : await environment.sandbox.memoryUsedMb();
    await this.#lockstep.finish(step);
    write(endLine(requestId));
    write(
      reportLine({
        requestId,
        durationMs: outcome.kind === 'timeout' ? fn.config.timeoutSeconds * 1000 : durationMs,
        memorySizeMb: fn.config.memorySizeMb,
        // A runtime stopped for its memory used all of it.
        maxMemoryUsedMb:
          outcome.kind === 'ended' && outcome.end.kind === 'out-of-memory'
            ? fn.config.memorySizeMb
            : Math.min(fn.config.memorySizeMb, RUNTIME_BASELINE_MB + Math.max(0, (heap ?? 0) - (environment.heapAfterInitMb ?? heap ?? 0))),
        ...(coldStart && !environment.initError ? { initDurationMs: environment.initDurationMs } : {}),
      }),
    );
    if (fresh || environment.retiring) this.#retire(fn, environment);
    else environment.phase = 'idle';

    this.#metric(fn, 'Invocations', 1, 'Count');
    this.#metric(fn, 'Duration', durationMs, 'Milliseconds');
    // Lambda's invocation metrics are binary per invocation: Errors is 0 for a success, so alarms can return to OK.
    this.#metric(fn, 'Errors', result.functionError ? 1 : 0, 'Count');
    for (const listener of this.#listeners) listener(fn.config.name, result);
    return result;
  }

  /** Init again, in an invocation, within `budgetMs`: false (and the sandbox stopped) if it ran out. */
  async #bootWithin(fn: LambdaFunction, environment: Environment, budgetMs: number): Promise<boolean> {
    environment.initTimedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const booted = await Promise.race([this.#boot(fn, environment).then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), budgetMs)))]);
    clearTimeout(timer);
    if (!booted) environment.sandbox.terminate();
    return booted;
  }

  #invokeIn(
    fn: LambdaFunction,
    environment: Environment,
    step: number,
    requestId: string,
    payload: string,
    write: (line: string) => void,
    stamp: () => number,
    timeoutMs: number,
  ): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let remainingMs = timeoutMs;
      let runningSince = performance.now();
      let waiting = 0;
      let timer = setTimeout(() => settle({ kind: 'timeout' }), timeoutMs);
      const holdClock = () => {
        if (waiting++ > 0) return;
        clearTimeout(timer);
        remainingMs -= performance.now() - runningSince;
      };
      const releaseClock = () => {
        if (--waiting > 0) return;
        runningSince = performance.now();
        timer = setTimeout(() => settle({ kind: 'timeout' }), Math.max(0, remainingMs));
      };
      const settle = (outcome: Outcome) => {
        waiting = Number.POSITIVE_INFINITY;
        clearTimeout(timer);
        if (environment.current?.requestId === requestId) environment.current = undefined;
        resolve(outcome);
      };
      if (environment.end) return settle({ kind: 'ended', end: environment.end });
      environment.current = { requestId, step, holdClock, releaseClock, settle, write, stamp, logLines: 0, logBytes: 0, droppedLines: 0, awsRequests: 0 };
      environment.phase = 'busy';
      // The environment thaws: what it did while frozen happens now, as part of this invocation.
      for (const held of environment.held.splice(0)) this.#onMessage(fn, environment, held, () => {});
      environment.sandbox.send({
        type: 'invoke',
        requestId,
        payload,
        invokedFunctionArn: fn.arn,
        memoryLimitInMB: fn.config.memorySizeMb,
        logGroupName: `/aws/lambda/${fn.config.name}`,
        logStreamName: environment.logStream,
        deadline: Date.now() + timeoutMs,
        now: this.#cloud.clock.now(),
      });
    });
  }

  /** The error Lambda reports for a failed invocation, after logging it the way Lambda does. */
  #failure(fn: LambdaFunction, environment: Environment, requestId: string, outcome: Outcome, stamp: () => number, write: (line: string) => void): LambdaError {
    const current = environment.current;
    if (current && current.droppedLines > 0) write(truncatedLine(stamp(), requestId, current.droppedLines));
    if (outcome.kind === 'timeout') {
      write(timeoutLine(stamp(), requestId, fn.config.timeoutSeconds));
      return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${fn.config.timeoutSeconds.toFixed(2)} seconds`, stack: [] };
    }
    if (outcome.kind === 'ended') {
      const error: LambdaError = {
        errorType: outcome.end.kind === 'out-of-memory' ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
        errorMessage: `RequestId: ${requestId} Error: ${runtimeExited(outcome.end)}`,
        stack: [],
      };
      write(consoleLine(stamp(), requestId, 'ERROR', `${error.errorMessage}\n${error.errorType}`));
      return error;
    }
    const message = outcome.message;
    if (message.ok) throw new Error('not a failure');
    if (message.error === environment.initError) return message.error; // logged before START
    const error = this.#mapped(fn, message.error);
    write(invokeErrorLine(stamp(), requestId, error));
    return error;
  }

  #startEnvironment(fn: LambdaFunction): Environment {
    const environment: Environment = {
      sandbox: { send() {}, terminate() {}, memoryUsedMb: async () => undefined },
      logStream: logStreamName(this.#cloud.clock.now(), this.#cloud.newId()),
      ready: Promise.resolve(),
      initDurationMs: 0,
      initTimedOut: false,
      phase: 'init',
      held: [],
      retiring: false,
      inUse: false,
    };
    fn.environments.push(environment);
    if (fn.syntaxError) {
      environment.initError = { errorType: fn.syntaxError.name, errorMessage: fn.syntaxError.message, stack: [`${fn.syntaxError.name}: ${fn.syntaxError.message}`] };
      return environment;
    }
    // Lambda gives the Init phase 10 seconds; past them, the sandbox is stopped from outside (whatever its code
    // is doing) and init is tried again inside the first invocation (see #runIn).
    // https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
    environment.ready = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        environment.sandbox.terminate();
        environment.initTimedOut = true;
        environment.initDurationMs = INIT_TIMEOUT_MS;
        resolve();
      }, INIT_TIMEOUT_MS);
      void this.#boot(fn, environment).then(() => {
        if (environment.initTimedOut) return;
        clearTimeout(timer);
        resolve();
      });
    });
    return environment;
  }

  /** Starts a sandbox for the environment and runs the module scope in it; resolves when init is over, either way. */
  #boot(fn: LambdaFunction, environment: Environment): Promise<void> {
    const realStart = performance.now();
    let initSettled: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      initSettled = () => {
        environment.initDurationMs = performance.now() - realStart;
        if (environment.phase === 'init') environment.phase = 'idle';
        resolve();
      };
    });
    const sandbox = this.#host.start({
      memoryMb: fn.config.memorySizeMb,
      onMessage: (message) => {
        if (environment.sandbox === sandbox) this.#receive(fn, environment, message, initSettled);
      },
      onEnd: (end) => {
        if (environment.sandbox !== sandbox) return;
        environment.end = end;
        if (environment.phase === 'init') {
          // As Lambda words a runtime that ended during init: the same words as during an invocation.
          environment.initError ??= { errorType: end.kind === 'out-of-memory' ? 'Runtime.OutOfMemory' : 'Runtime.ExitError', errorMessage: `Error: ${runtimeExited(end)}`, stack: [] };
          initSettled();
        }
        environment.current?.settle({ kind: 'ended', end });
      },
    });
    environment.sandbox = sandbox;
    environment.phase = 'init';
    sandbox.send({ type: 'init', handler: fn.config.handler, modules: [...fn.modules.values()], env: this.#environmentVariables(fn, environment), now: this.#cloud.clock.now() });
    return ready.then(async () => {
      if (!environment.initError && environment.sandbox === sandbox) environment.heapAfterInitMb = await sandbox.memoryUsedMb();
    });
  }

  /** Every message from a sandbox is checked first: one that breaks the protocol means a broken sandbox. */
  #receive(fn: LambdaFunction, environment: Environment, message: unknown, initSettled: () => void): void {
    if (!isSandboxMessage(message)) {
      environment.sandbox.terminate();
      const end: SandboxEnd = { kind: 'crash', message: 'the sandbox broke the runtime protocol' };
      environment.end = end;
      if (environment.phase === 'init') {
        environment.initError ??= { errorType: 'Runtime.ExitError', errorMessage: `Error: Runtime exited with error: ${end.message}`, stack: [] };
        initSettled();
      }
      environment.current?.settle({ kind: 'ended', end });
      return;
    }
    // Frozen from the moment the invocation's result arrives: a message read in the same batch as the result (a
    // call the handler did not await) must not slip in before the host has marked the environment idle.
    const frozen = environment.phase === 'idle' || (environment.phase === 'busy' && environment.current === undefined);
    if (frozen && (message.type === 'log' || message.type === 'aws-request')) {
      // A frozen environment runs nothing in Lambda, so what it sends waits here; one that keeps sending far more
      // than an invocation may (a timer pumping requests) would hold the host's memory without end: it is stopped.
      if (environment.held.length >= MAX_HELD_MESSAGES) {
        environment.held.length = 0;
        environment.end = { kind: 'crash', message: 'the sandbox kept sending while frozen' };
        this.#retire(fn, environment);
        return;
      }
      environment.held.push(message);
      return;
    }
    this.#onMessage(fn, environment, message, initSettled);
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
        const text = mapPositions(message.text, fn.modules);
        if (!current) {
          // Module-scope logging at a cold start has no request id, as in Lambda.
          this.#cloud.logs.put(`/aws/lambda/${fn.config.name}`, environment.logStream, consoleLine(this.#lastStamp, undefined, message.level, text), this.#lastStamp);
          return;
        }
        if (current.logLines >= MAX_LOG_LINES || current.logBytes + text.length > MAX_LOG_BYTES) {
          current.droppedLines++;
          return;
        }
        current.logLines++;
        current.logBytes += text.length;
        current.write(consoleLine(current.stamp(), current.requestId, message.level, text));
        return;
      }
      case 'log-truncated':
        if (current) current.droppedLines += message.dropped;
        return;
      case 'aws-request':
        // Calls made during init (no invocation yet) are answered at once; an invocation's wait for the others'.
        current?.holdClock();
        this.#lockstep.submit(current?.step, () => {
          current?.releaseClock();
          this.#answer(environment, current, message);
        });
        return;
      case 'result':
        if (current?.requestId === message.requestId) {
          if (current.droppedLines > 0 && message.ok) current.write(truncatedLine(current.stamp(), current.requestId, current.droppedLines));
          if (message.ok && message.unawaited) this.#callsAfterReturn.push({ functionName: fn.config.name, requestId: message.requestId, calls: message.unawaited });
          current.settle({ kind: 'result', message });
        }
        return;
      case 'exit':
        return; // the host reports the end itself
    }
  }

  #answer(environment: Environment, current: Invocation | undefined, message: Extract<SandboxMessage, { type: 'aws-request' }>): void {
    if (environment.end) return;
    const throttled = current !== undefined && ++current.awsRequests > MAX_AWS_REQUESTS;
    const response = throttled
      ? { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) }
      : handleAwsRequest(
          this.#cloud,
          { target: message.request.headers['x-amz-target'], contentType: message.request.headers['content-type'], body: message.request.body, method: message.request.method, path: message.request.path },
          this.#cloud.newId(),
        );
    environment.sandbox.send({ type: 'aws-response', id: message.id, status: response.status, headers: response.headers, body: response.body });
  }

  /** New code replaces a function's environment: stop it now if idle, or once its invocation is over. */
  #release(fn: LambdaFunction, environment: Environment): void {
    if (environment.inUse) environment.retiring = true;
    else this.#retire(fn, environment);
  }

  #retire(fn: LambdaFunction, environment: Environment): void {
    environment.sandbox.terminate();
    const index = fn.environments.indexOf(environment);
    if (index !== -1) fn.environments.splice(index, 1);
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

  /** ConcurrentExecutions, per function and for the account, as an invocation starts: viewed as its maximum. */
  #recordConcurrency(fn: LambdaFunction): void {
    const epochMs = this.#cloud.clock.now();
    this.#cloud.metrics.record('AWS/Lambda', 'ConcurrentExecutions', { FunctionName: fn.config.name }, this.#concurrency.running(fn.config.name), 'Count', epochMs);
    this.#cloud.metrics.record('AWS/Lambda', 'ConcurrentExecutions', {}, this.#concurrency.running(), 'Count', epochMs);
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
    requestPayload: parseOrText(payload),
    responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(result.functionError ? { functionError: result.functionError } : {}) },
    responsePayload: parseOrText(result.payload),
  };
}

/**
 * How Lambda says a runtime ended: `Runtime exited with error: exit status 3` (or `signal: killed`), but `Runtime
 * exited without providing a reason` for an exit with status 0, in any phase: AWS's runtime interface emulator,
 * https://github.com/aws/aws-lambda-runtime-interface-emulator/blob/develop/internal/lambda/rapid/handlers.go
 * (watchEvents); https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html shows the words.
 */
function runtimeExited(end: SandboxEnd): string {
  if (end.kind === 'exit' && end.code === 0) return 'Runtime exited without providing a reason';
  return `Runtime exited with error: ${end.kind === 'exit' ? `exit status ${end.code}` : end.kind === 'out-of-memory' ? 'signal: killed' : end.message}`;
}

/** The record of an event that waited out its maximum age throttled: it has no response. */
function throttledRecord(fn: LambdaFunction, requestId: string, payload: string, attempts: number, now: number): object {
  return {
    version: '1.0',
    timestamp: new Date(now).toISOString(),
    requestContext: { requestId, functionArn: `${fn.arn}:$LATEST`, condition: 'EventAgeExceeded', approximateInvokeCount: attempts },
    requestPayload: parseOrText(payload),
  };
}

const parseOrText = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

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
    ...(config.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: config.reservedConcurrentExecutions } : {}),
    eventInvokeConfig: {
      maximumRetryAttempts: config.maximumRetryAttempts,
      maximumEventAgeInSeconds: config.maximumEventAgeSeconds,
      ...(config.onFailure ? { onFailure: config.onFailure } : {}),
      ...(config.onSuccess ? { onSuccess: config.onSuccess } : {}),
    },
  };
}
