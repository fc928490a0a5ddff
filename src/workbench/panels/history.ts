// The History panel: every event sent from this page, the latest first, with what became of it; each can be sent
// again as it was, or compared with the event in the composer now, line by line. Drawn only when an event is added,
// not while functions run, so a button the learner is on keeps its focus.

import type { SentEvent } from '../controller.ts';
import { readComposer } from '../composer.ts';
import { clockTime, h } from '../dom.ts';

export interface HistoryActions {
  sendAgain(number: number): void;
  /** The composer's text now, to compare a sent event with. */
  composed(): string;
}

/** An event's source and detail-type as the composer held them, for the list. */
function title(text: string): string {
  const event = readComposer(text);
  return event.ok ? `${event.entry.Source ?? '(no source)'} · ${event.entry.DetailType ?? '(no detail-type)'}` : 'an event the composer could not read';
}

export function historyPanel(panel: HTMLElement, actions: HistoryActions): { render(history: readonly SentEvent[]): void } {
  const list = h('ol', { class: 'history-list', 'aria-label': 'Events sent', reversed: true });
  const comparison = h('div', { class: 'history-diff', role: 'region', 'aria-label': 'Differences', 'aria-live': 'polite' });
  const empty = h('p', {}, 'The events you send are listed here, to send again or to compare with the composer.');
  panel.replaceChildren(empty, list, comparison);
  let shown = 0;

  const compare = async (sent: SentEvent) => {
    const { diffLines } = await import('diff');
    const now = actions.composed();
    const parts = diffLines(sent.text.endsWith('\n') ? sent.text : `${sent.text}\n`, now.endsWith('\n') ? now : `${now}\n`);
    const changed = parts.some((part) => part.added || part.removed);
    const lines = parts.flatMap((part) =>
      part.value
        .replace(/\n$/, '')
        .split('\n')
        .map((line) => h('span', { class: part.added ? 'diff-added' : part.removed ? 'diff-removed' : 'diff-same' }, `${part.added ? '+' : part.removed ? '-' : ' '} ${line}\n`)),
    );
    comparison.replaceChildren(
      h('h4', {}, changed ? `Event ${sent.number} (−) and the composer now (+)` : `The composer holds event ${sent.number} as it was sent`),
      ...(changed ? [h('pre', {}, ...lines)] : []),
    );
  };

  const item = (sent: SentEvent) => {
    const again = h('button', { type: 'button' }, 'Send again');
    // Named with the words it shows first, so that a learner who speaks to the page can say them (WCAG 2.5.3).
    again.setAttribute('aria-label', `Send again (event ${sent.number})`);
    again.addEventListener('click', () => actions.sendAgain(sent.number));
    const diff = h('button', { type: 'button' }, 'Compare with the composer');
    diff.setAttribute('aria-label', `Compare with the composer (event ${sent.number})`);
    diff.addEventListener('click', () => void compare(sent));
    return h('li', { 'data-sent': String(sent.number) }, h('span', {}, `${clockTime(sent.at)} ${title(sent.text)}: ${sent.outcome}`), ' ', again, ' ', diff);
  };

  // The history only grows: new events are put in front of the ones shown, which stay as they are.
  const render = (history: readonly SentEvent[]) => {
    if (history.length === shown) return;
    list.prepend(...history.slice(shown).reverse().map(item));
    shown = history.length;
    empty.hidden = true;
  };
  return { render };
}
