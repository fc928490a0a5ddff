// A lesson's HTTP endpoint (architecture `httpEndpoints`): a service outside AWS, such as a SaaS invoicing API,
// that the lesson's API destinations call. Its responder is an export of a lesson file, and it runs in the same
// sandbox as the lesson's functions (src/lambda/host), loaded from the same files the same way: a lesson may
// hand the responder to the learner to edit, and it still never runs on the page's main thread.
//
// It is not a Lambda function: no START/END lines, no metrics, no invocation listeners. Requests are answered
// one at a time, in the order they arrive, as one server process would; a responder that does not answer
// within ANSWER_TIMEOUT_MS of real time is stopped, and the request fails as a dropped connection. The
// responder has no AWS account to call: the SDK's requests are refused.

import type { SandboxHost, Sandbox } from '../lambda/host/host.ts';
import type { LambdaError, SandboxMessage } from '../lambda/protocol.ts';
import { mapStack, transpileModule, UserCodeSyntaxError, type CompiledModule } from '../lambda/transpile.ts';
import type { HttpResponder, HttpResponse, IncomingHttpRequest } from '../services/http/internet.ts';

/** Real milliseconds a responder may take to answer one request. */
export const ANSWER_TIMEOUT_MS = 10_000;
const MEMORY_MB = 128;

/** What an endpoint file's export is called with and must return (the types a lesson's responder file can import). */
export type { HttpResponder, HttpResponse, IncomingHttpRequest };

export interface SandboxedEndpoint {
  responder: HttpResponder;
  /** Lines the responder printed with console.*, oldest first: for a lesson author debugging it. */
  printed: string[];
  dispose(): void;
}

/**
 * Serves `handler` (`invoicing-api.respond`) from the lesson's code files. The sandbox starts on the first request,
 * and starts again after a responder that crashed or timed out.
 */
export function sandboxedEndpoint(host: SandboxHost, files: Readonly<Record<string, string>>, handler: string): SandboxedEndpoint {
  const modules: CompiledModule[] = [];
  let syntaxError: UserCodeSyntaxError | undefined;
  for (const [path, source] of Object.entries(files)) {
    try {
      modules.push(transpileModule(path, source));
    } catch (error) {
      if (!(error instanceof UserCodeSyntaxError)) throw error;
      syntaxError ??= error;
    }
  }
  const byPath = new Map(modules.map((m) => [m.path, m]));
  const printed: string[] = [];
  type Result = Extract<SandboxMessage, { type: 'result' }>;
  interface Running {
    sandbox: Sandbox;
    ready: Promise<LambdaError | undefined>;
    /** The request being answered, if any: resolved with its result, or undefined when the sandbox ends. */
    waiting?: { requestId: string; resolve: (result: Result | undefined) => void };
  }
  let running: Running | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let next = 0;
  let disposed = false;

  const start = (): Running => {
    let settleReady: (error: LambdaError | undefined) => void = () => {};
    const state: Running = { sandbox: undefined as unknown as Sandbox, ready: new Promise((resolve) => (settleReady = resolve)) };
    state.sandbox = host.start({
      memoryMb: MEMORY_MB,
      onMessage: (message) => {
        if (message.type === 'ready') settleReady(undefined);
        else if (message.type === 'init-error') settleReady(message.error);
        else if (message.type === 'log') printed.push(message.text);
        else if (message.type === 'result' && message.requestId === state.waiting?.requestId) state.waiting.resolve(message);
        else if (message.type === 'aws-request') {
          state.sandbox.send({
            type: 'aws-response',
            id: message.id,
            status: 403,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: JSON.stringify({ __type: 'AccessDeniedException', message: `The HTTP endpoint ${handler} is outside AWS, so it has no AWS account to call.` }),
          });
        }
      },
      onEnd: () => {
        settleReady({ errorType: 'Runtime.ExitError', errorMessage: 'the responder’s sandbox ended', stack: [] });
        state.waiting?.resolve(undefined);
        if (running === state) running = undefined;
      },
    });
    state.sandbox.send({ type: 'init', handler, modules, env: { TZ: 'UTC' } });
    running = state;
    return state;
  };

  const answer = async (request: IncomingHttpRequest): Promise<HttpResponse> => {
    if (disposed) throw new Error('the simulation has ended');
    if (syntaxError) throw new Error(`the responder ${handler} does not load: ${syntaxError.message}`);
    const state = running ?? start();
    const initError = await state.ready;
    if (initError) {
      stop(state);
      throw new Error(`the responder ${handler} does not load: ${describe(initError)}`);
    }
    const requestId = `http-${++next}`;
    const result = await new Promise<Result | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ANSWER_TIMEOUT_MS);
      state.waiting = {
        requestId,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      };
      state.sandbox.send({
        type: 'invoke',
        requestId,
        payload: JSON.stringify(request),
        invokedFunctionArn: `endpoint:${handler}`,
        memoryLimitInMB: MEMORY_MB,
        logGroupName: '',
        logStreamName: '',
        deadline: Date.now() + ANSWER_TIMEOUT_MS,
      });
    });
    state.waiting = undefined;
    if (!result) {
      stop(state);
      throw new Error(`the responder ${handler} did not answer within ${ANSWER_TIMEOUT_MS / 1000} seconds`);
    }
    if (!result.ok) {
      if (result.fatal) stop(state);
      throw new Error(`the responder ${handler} failed: ${describe(result.error)}`);
    }
    return asResponse(result.payload, handler);
  };

  function stop(state: Running) {
    state.sandbox.terminate();
    if (running === state) running = undefined;
  }

  function describe(error: LambdaError): string {
    const where = mapStack(error.stack.join('\n'), byPath)
      .split('\n')
      .find((line) => /^\s+at /.test(line))
      ?.trim()
      .replace(/^at /, '');
    return `${error.errorType}: ${error.errorMessage}${where ? ` (${where})` : ''}`;
  }

  return {
    // One request at a time, in arrival order.
    responder: (request) => {
      const turn = queue.then(() => answer(request));
      queue = turn.catch(() => undefined);
      return turn;
    },
    printed,
    dispose() {
      disposed = true;
      if (running) stop(running);
    },
  };
}

/** The responder's return value, checked: a status, and if given, string headers and body and a delay. */
function asResponse(payload: string, handler: string): HttpResponse {
  const value = JSON.parse(payload) as Partial<HttpResponse> | null;
  const ok =
    value !== null &&
    typeof value === 'object' &&
    Number.isInteger(value.status) &&
    value.status! >= 100 &&
    value.status! <= 599 &&
    (value.body === undefined || typeof value.body === 'string') &&
    (value.delayMs === undefined || typeof value.delayMs === 'number') &&
    (value.headers === undefined || (typeof value.headers === 'object' && Object.values(value.headers).every((v) => typeof v === 'string')));
  if (!ok) throw new Error(`the responder ${handler} answered ${payload.slice(0, 200)}, not { status, headers?, body?, delayMs? } with a status from 100 to 599 and a string body`);
  return value as HttpResponse;
}
