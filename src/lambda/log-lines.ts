// The lines Lambda writes to a function's CloudWatch Logs stream, in the text log format of the Node.js
// runtime. https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html

import type { LambdaError, LogLevel } from './protocol.ts';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

export const startLine = (requestId: string) => `START RequestId: ${requestId} Version: $LATEST`;

export const endLine = (requestId: string) => `END RequestId: ${requestId}`;

export interface Report {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present on a cold start: how long the module scope took. */
  initDurationMs?: number;
}

/** `REPORT RequestId: … Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 128 MB Max Memory Used: 67 MB`. */
export function reportLine(report: Report): string {
  const parts = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(report.durationMs))} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${Math.max(1, Math.round(report.maxMemoryUsedMb))} MB`,
  ];
  if (report.initDurationMs !== undefined) parts.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  return `${parts.join('\t')}\t`;
}

/** A console call in the handler: `2026-11-22T09:15:00.123Z	<request id>	INFO	New user signed up: 12345`. */
export const consoleLine = (epochMs: number, requestId: string | undefined, level: LogLevel, text: string) =>
  `${iso(epochMs)}\t${requestId ?? 'undefined'}\t${level}\t${text}`;

/** What the runtime logs when a handler throws (or rejects). */
export const invokeErrorLine = (epochMs: number, requestId: string, error: LambdaError) =>
  consoleLine(epochMs, requestId, 'ERROR', `Invoke Error \t${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.stack })}`);

/** What the runtime logs when the module scope fails at a cold start. */
export const initErrorLine = (epochMs: number, error: LambdaError) =>
  consoleLine(epochMs, undefined, 'ERROR', `Uncaught Exception \t${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.stack })}`);

/**
 * After a failed init: `INIT_REPORT Init Duration: 41.07 ms	Phase: init	Status: error	Error Type: Runtime.ImportModuleError`,
 * or, past the Init phase's 10 seconds, `INIT_REPORT Init Duration: 10000.00 ms	Phase: init	Status: timeout`.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
 */
export const initReportLine = (initDurationMs: number, status: 'error' | 'timeout', errorType?: string) =>
  `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: ${status}${errorType ? `\tError Type: ${errorType}` : ''}`;

/** `2026-11-22T09:15:03.005Z <request id> Task timed out after 3.00 seconds`. */
export const timeoutLine = (epochMs: number, requestId: string, timeoutSeconds: number) =>
  `${iso(epochMs)} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;

export const truncatedLine = (epochMs: number, requestId: string, dropped: number) =>
  consoleLine(epochMs, requestId, 'WARN', `[workbook] ${dropped} more log lines from this invocation were dropped: the simulator keeps the first 10,000 lines or 1 MB.`);
