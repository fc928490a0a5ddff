// The messages between a Lambda sandbox and its host. Plain data, so they cross a Web Worker's port or a
// process's IPC channel by structured clone; nothing here may hold a function. The sandbox runs learner code,
// so the host checks every message it receives (isSandboxMessage) and enforces the limits itself.

import type { CompiledModule } from './transpile.ts';

export interface InitMessage {
  type: 'init';
  /** `handler.handler`: the file (without extension) and the export, as Lambda's Handler setting. */
  handler: string;
  modules: CompiledModule[];
  /** The function's environment variables, with the ones Lambda sets (AWS_REGION, ...). */
  env: Record<string, string>;
  /** The simulated account's time now, epoch milliseconds: what the code's clock reads from here on. */
  now?: number;
}

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  /** The event as JSON text. */
  payload: string;
  invokedFunctionArn: string;
  memoryLimitInMB: number;
  logGroupName: string;
  logStreamName: string;
  /** Wall-clock epoch milliseconds at which the host kills the invocation. */
  deadline: number;
  /** The simulated account's time as the invocation starts, epoch milliseconds: what the handler's clock reads. */
  now?: number;
}

export interface AwsResponseMessage {
  type: 'aws-response';
  id: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type HostMessage = InitMessage | InvokeMessage | AwsResponseMessage;

/** An error as Lambda reports it: `{"errorType": "...", "errorMessage": "...", "stack": [...]}`. */
export interface LambdaError {
  errorType: string;
  errorMessage: string;
  /** Stack lines as the sandbox saw them (positions in transpiled code, mapped by the host). */
  stack: string[];
}

export type SandboxMessage =
  /** Init finished; the module scope ran. */
  | { type: 'ready' }
  /** Init failed (syntax, a missing import, a throw in module scope): every invocation fails with this. */
  | { type: 'init-error'; error: LambdaError }
  | { type: 'log'; level: LogLevel; text: string }
  /** Logging went past the per-invocation cap; `dropped` lines were not sent. */
  | { type: 'log-truncated'; dropped: number }
  | { type: 'aws-request'; id: number; request: { method: string; path: string; headers: Record<string, string>; body: string } }
  /** `unawaited`: the SDK commands still in flight when the handler returned (a promise left running). */
  | { type: 'result'; requestId: string; ok: true; payload: string; unawaited?: string[] }
  /** `fatal`: the runtime is no longer fit to run another invocation; the host starts a fresh one. */
  | { type: 'result'; requestId: string; ok: false; error: LambdaError; fatal?: boolean }
  /** The handler called process.exit. */
  | { type: 'exit'; code: number };

export type LogLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE';

/**
 * The most a synchronous invocation may answer, result or error: 6 MB and 100 bytes, as Lambda's runtime API counts
 * it (the runtime interface emulator's interop.MaxPayloadSize). Past it Lambda answers Function.ResponseSizeTooLarge.
 * The runtime checks it before the answer leaves the sandbox (a page that received a result of hundreds of megabytes
 * would have to hold it, and the browser host's page is the learner's); the host refuses a result longer than this
 * as one the runtime did not send (isSandboxMessage: a string's UTF-8 bytes are never fewer than its characters).
 */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** Per invocation; past them, log lines are dropped and the log says so. */
export const MAX_LOG_LINES = 10_000;
export const MAX_LOG_BYTES = 1024 * 1024;
/** Per invocation; past it, SDK calls are throttled. */
export const MAX_AWS_REQUESTS = 10_000;

const LEVELS = new Set(['INFO', 'WARN', 'ERROR', 'DEBUG', 'TRACE']);
const isString = (value: unknown): value is string => typeof value === 'string';
const isRecordOfStrings = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.values(value).every(isString);
const isLambdaError = (value: unknown): value is LambdaError =>
  typeof value === 'object' &&
  value !== null &&
  isString((value as LambdaError).errorType) &&
  isString((value as LambdaError).errorMessage) &&
  Array.isArray((value as LambdaError).stack) &&
  (value as LambdaError).stack.every(isString);

/** Whether a message from a sandbox has the shape the protocol promises; anything else means a broken sandbox. */
export function isSandboxMessage(value: unknown): value is SandboxMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'init-error':
      return isLambdaError(m.error);
    case 'log':
      return LEVELS.has(m.level as string) && isString(m.text);
    case 'log-truncated':
      return Number.isInteger(m.dropped);
    case 'aws-request': {
      const r = m.request as Record<string, unknown> | undefined;
      return Number.isInteger(m.id) && typeof r === 'object' && r !== null && isString(r.method) && isString(r.path) && isString(r.body) && isRecordOfStrings(r.headers);
    }
    case 'result':
      return (
        isString(m.requestId) &&
        (m.ok === true ? isString(m.payload) && m.payload.length <= MAX_RESPONSE_BYTES && (m.unawaited === undefined || (Array.isArray(m.unawaited) && m.unawaited.every(isString))) : m.ok === false && isLambdaError(m.error))
      );
    case 'exit':
      return Number.isInteger(m.code);
    default:
      return false;
  }
}
