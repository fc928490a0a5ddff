// The Checks panel: the lesson's graded checks, the same ones `npm test` runs, each ✔ or ✘ with what was expected
// and what happened; and the lesson's hints, revealed one at a time, gentlest first. The last Check's outcome is the
// controller's (`state.checks`); the hints revealed are the panel's own, so they stay while checks run again.

import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CheckResult } from '../../lessons/checks.ts';
import type { WorkbenchState } from '../controller.ts';
import type { PanelProps } from './panel.ts';
import './checks.css';

export function ChecksPanel({ context }: PanelProps) {
  const { checking, checks } = context.view.value.state;
  const hints = Object.values(context.lesson.checks.hints);
  return (
    <>
      <p class="check-summary" role="status">
        {checking ? 'Checking…' : summary(checks)}
      </p>
      <ul class="check-results" data-checks>
        {!checks ? (
          <li key="before">Press Check to run the lesson’s checks against your files.</li>
        ) : 'error' in checks ? (
          <li key="error" data-status="error">
            {checks.error}
          </li>
        ) : (
          // By place: the checks run in the lesson's order, and nothing makes two checks' names differ.
          checks.results.map((result, i) => <ResultItem key={i} result={result} />)
        )}
      </ul>
      {hints.length > 0 && <Hints hints={hints} />}
    </>
  );
}

function summary(checks: WorkbenchState['checks']): string {
  if (!checks) return '';
  if ('error' in checks) return 'The checks could not run.';
  const passed = checks.results.filter((r) => r.status === 'pass').length;
  if (passed < checks.results.length) return `${passed} of ${checks.results.length} checks pass.`;
  return `All ${checks.results.length} checks pass. Lesson complete.${checks.note ? ` It could not be marked complete: ${checks.note}` : ''}`;
}

function ResultItem({ result }: { result: CheckResult }) {
  const passed = result.status === 'pass';
  return (
    <li data-status={result.status}>
      <span aria-hidden="true">{passed ? '✔ ' : '✘ '}</span>
      <span class="sr-only">{passed ? 'Passed: ' : 'Failed: '}</span>
      {result.name}
      {!passed && <p class="check-message">{result.message ?? ''}</p>}
    </li>
  );
}

function Hints({ hints }: { hints: string[] }) {
  const [revealed, setRevealed] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  // The hint just revealed takes focus, so a screen reader reads it at once.
  useLayoutEffect(() => {
    if (revealed > 0) list.current?.querySelector<HTMLElement>('li:last-child')?.focus();
  }, [revealed]);
  return (
    <section class="hints" aria-label="Hints">
      <h4>Hints</h4>
      <ol class="check-hints" ref={list}>
        {hints.slice(0, revealed).map((hint, i) => (
          <li key={i} tabIndex={-1}>
            {hint}
          </li>
        ))}
      </ol>
      <button type="button" hidden={revealed >= hints.length} onClick={() => setRevealed(revealed + 1)}>
        {revealed === 0 ? `Show a hint (1 of ${hints.length})` : `Show the next hint (${revealed + 1} of ${hints.length})`}
      </button>
    </section>
  );
}
