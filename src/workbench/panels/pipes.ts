// The Pipes panel's rows (drawn by ./PipesPanel.tsx): each batch a pipe read from its source, oldest first: the
// stream records in it (what happened to which item), the ones the filter dropped, what the enrichment was given and
// returned, the events put on the target, and how the batch ended (retries, the dead-letter queue). AWS shows this
// only as metrics and log records; here it is the pipe's journal, so a learner can see their filter and enrichment at
// work, batch by batch.

import type { Item } from '../../services/dynamodb/values.ts';
import type { PipeAttempt, PipeExecution } from '../../services/pipes/journal.ts';
import { clockTime } from '../dom.ts';

/** One batch as the panel shows it. */
export interface PipeBatchRow {
  /** The execution's id: what the panel keys its batch by. */
  id: string;
  /** `09:00:01 orders-outbox`. */
  title: string;
  /** `INSERT o-1001`, one per record read, with `(dropped by the filter)` after those the filter dropped. */
  records: string[];
  /** One line per attempt: what went in and out, and how it ended. */
  attempts: { ok: boolean; text: string; output?: string }[];
  /** `✔ 2 events put on default: OrderPlaced, OrderStatusChanged`, `all dropped by the filter`, or where records went when the pipe gave up. */
  outcome: { ok: boolean; text: string };
}

/** An item's key as text: its key attributes' values, joined (`o-1001`, `c-17 / 2026-12-01`). */
function keyText(keys: Item): string {
  return Object.values(keys)
    .map((value) => {
      const [type, inner] = Object.entries(value as Record<string, unknown>)[0] ?? ['', ''];
      return type === 'B' ? '(binary)' : String(inner);
    })
    .join(' / ');
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function attemptLine(attempt: PipeAttempt): { ok: boolean; text: string; output?: string } {
  const parts = [`attempt ${attempt.attemptNumber}: ${plural(attempt.eventIds.length, 'record')}`];
  let output: string | undefined;
  if (attempt.enrichment) {
    const returned = attempt.enrichment.output;
    parts.push(
      returned === undefined
        ? 'to the enrichment'
        : `to the enrichment, which returned ${Array.isArray(returned) ? plural(returned.length, 'item') : 'one item'}`,
    );
    if (returned !== undefined) output = JSON.stringify(returned, null, 2);
  }
  if (attempt.target?.entries) parts.push(`${plural(attempt.target.entries.length, 'event')} put on the bus (${attempt.target.entries.map((e) => e.DetailType ?? '?').join(', ')})`);
  else if (attempt.target) parts.push(`${plural(attempt.target.input.length, 'item')} to the target`);
  if (attempt.outcome === 'skipped') parts.push('nothing to send, so the target was not invoked');
  if (attempt.error) parts.push(`failed in the ${attempt.error.stage}: ${attempt.error.code}: ${attempt.error.message}`);
  const ok = attempt.outcome === 'succeeded' || attempt.outcome === 'skipped';
  return { ok, text: parts.join('; '), ...(output !== undefined ? { output } : {}) };
}

function outcomeLine(execution: PipeExecution): { ok: boolean; text: string } {
  switch (execution.outcome) {
    case 'filtered':
      return { ok: true, text: 'Every record was dropped by the filter: nothing was invoked for them.' };
    case 'succeeded':
      return { ok: true, text: 'Done.' };
    case 'in-progress':
      return { ok: true, text: 'In progress: the pipe tries again as the clock runs (Fast-forward).' };
    case 'abandoned':
      return { ok: false, text: 'Stopped before it finished: the pipe reads these records again when it runs on.' };
    case 'discarded':
      return {
        ok: false,
        text: execution.discarded
          .map((d) => `${plural(d.eventIds.length, 'record')} given up (${d.condition})${d.deadLetterArn ? `, described in ${d.deadLetterArn.slice(d.deadLetterArn.lastIndexOf(':') + 1)}` : ', and dropped: the pipe has no dead-letter queue'}`)
          .join('; '),
      };
  }
}

/** The pipes' batches, oldest first, as the panel lists them. */
export function pipeBatchRows(executions: readonly PipeExecution[]): PipeBatchRow[] {
  return [...executions]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((execution) => {
      const dropped = new Set(execution.filteredOut);
      return {
        id: execution.executionId,
        title: `${clockTime(execution.startedAt)} ${execution.pipeName}`,
        records: execution.records.map((r) => `${r.eventName} ${keyText(r.dynamodb.Keys)}${dropped.has(r.eventID) ? ' (dropped by the filter)' : ''}`),
        attempts: execution.attempts.map(attemptLine),
        outcome: outcomeLine(execution),
      };
    });
}
