// The messages between a Lambda sandbox and its host. Plain data, so they cross a Web Worker or a
// worker_threads boundary by structured clone; nothing here may hold a function.

import type { CompiledModule } from './transpile.ts';

export interface InitMessage {
  type: 'init';
  functionName: string;
  /** `handler.handler`: the file (without extension) and the export, as Lambda's Handler setting. */
  handler: string;
  modules: CompiledModule[];
  /** The function's environment variables, with the ones Lambda sets (AWS_REGION, ...). */
  env: Record<string, string>;
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
  | { type: 'result'; requestId: string; ok: true; payload: string }
  /** `fatal`: the runtime is no longer fit to run another invocation; the host starts a fresh one. */
  | { type: 'result'; requestId: string; ok: false; error: LambdaError; fatal?: boolean }
  /** The handler called process.exit. */
  | { type: 'exit'; code: number };

export type LogLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE';
