// The Checks panel: the lesson's graded checks, the same ones `npm test` runs, each ✔ or ✘ with what was expected
// and what happened; and the lesson's hints, revealed one at a time, gentlest first.

import type { CheckResult } from '../../lessons/checks.ts';
import { h } from '../dom.ts';

export interface ChecksView {
  showRunning(): void;
  /** `notSaved`: why the browser could not record the lesson as complete, when it could not. */
  showResults(results: CheckResult[], notSaved?: string): void;
  showError(message: string): void;
}

export function checksPanel(panel: HTMLElement, hints: string[]): ChecksView {
  const list = h('ul', { class: 'check-results', 'data-checks': true }, h('li', {}, 'Press Check to run the lesson’s checks against your files.'));
  const summary = h('p', { class: 'check-summary', role: 'status' });
  const hintList = h('ol', { class: 'check-hints' });
  const more = h('button', { type: 'button' }, 'Show a hint');
  let shown = 0;
  const updateHintButton = () => {
    more.textContent = shown === 0 ? `Show a hint (1 of ${hints.length})` : `Show the next hint (${shown + 1} of ${hints.length})`;
    more.hidden = shown >= hints.length;
  };
  more.addEventListener('click', () => {
    const item = h('li', { tabindex: -1 }, hints[shown]!);
    hintList.append(item);
    shown++;
    updateHintButton();
    item.focus();
  });
  updateHintButton();
  panel.replaceChildren(summary, list, hints.length > 0 ? h('section', { class: 'hints', 'aria-label': 'Hints' }, h('h4', {}, 'Hints'), hintList, more) : '');

  return {
    showRunning() {
      summary.textContent = 'Checking…';
    },
    showResults(results, notSaved) {
      const passed = results.filter((r) => r.status === 'pass').length;
      summary.textContent =
        passed === results.length ? `All ${results.length} checks pass. Lesson complete.${notSaved ? ` It could not be marked complete: ${notSaved}` : ''}` : `${passed} of ${results.length} checks pass.`;
      list.replaceChildren(
        ...results.map((result) =>
          h(
            'li',
            { 'data-status': result.status },
            h('span', { 'aria-hidden': 'true' }, result.status === 'pass' ? '✔ ' : '✘ '),
            h('span', { class: 'sr-only' }, result.status === 'pass' ? 'Passed: ' : 'Failed: '),
            result.name,
            result.status === 'pass' ? null : h('p', { class: 'check-message' }, result.message ?? ''),
          ),
        ),
      );
    },
    showError(message) {
      summary.textContent = 'The checks could not run.';
      list.replaceChildren(h('li', { 'data-status': 'error' }, message));
    },
  };
}
