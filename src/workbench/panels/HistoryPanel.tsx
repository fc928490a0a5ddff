// The History panel: every event sent from this page, the latest first, with what became of it; each can be sent
// again as it was, or compared with the event in the composer now, line by line. Each event is keyed by its number,
// so an event sent puts one item in front and leaves the rest as they were: the button the learner pressed keeps
// focus, and the comparison they opened stays open.

import { useState } from 'preact/hooks';
import { readComposer } from '../composer.ts';
import type { SentEvent } from '../controller.ts';
import { clockTime } from '../dom.ts';
import type { PanelProps } from './panel.ts';
import './history.css';

/** An event's source and detail-type as the composer held them, for the list. */
function title(text: string): string {
  const event = readComposer(text);
  return event.ok ? `${event.entry.Source ?? '(no source)'} · ${event.entry.DetailType ?? '(no detail-type)'}` : 'an event the composer could not read';
}

interface Comparison {
  readonly number: number;
  /** The lines of both, marked `-` (only in the event sent), `+` (only in the composer now) or ` ` (in both). */
  readonly lines: readonly { readonly mark: '-' | '+' | ' '; readonly text: string }[];
}

async function compare(sent: SentEvent, now: string): Promise<Comparison> {
  const { diffLines } = await import('diff');
  const parts = diffLines(sent.text.endsWith('\n') ? sent.text : `${sent.text}\n`, now.endsWith('\n') ? now : `${now}\n`);
  const lines = parts.flatMap((part) =>
    part.value
      .replace(/\n$/, '')
      .split('\n')
      .map((text) => ({ mark: part.added ? ('+' as const) : part.removed ? ('-' as const) : (' ' as const), text })),
  );
  return { number: sent.number, lines };
}

const MARK_CLASS = { '+': 'diff-added', '-': 'diff-removed', ' ': 'diff-same' } as const;

export function HistoryPanel({ context }: PanelProps) {
  const { history } = context.view.value.state;
  const [comparison, setComparison] = useState<Comparison>();
  const changed = comparison?.lines.some((line) => line.mark !== ' ') ?? false;
  return (
    <>
      {history.length === 0 && <p>The events you send are listed here, to send again or to compare with the composer.</p>}
      <ol class="history-list" aria-label="Events sent" reversed>
        {history.toReversed().map((sent) => (
          <li key={sent.number} data-sent={sent.number}>
            <span>{`${clockTime(sent.at)} ${title(sent.text)}: ${sent.outcome}`}</span>{' '}
            {/* Named with the words it shows first, so that a learner who speaks to the page can say them (WCAG 2.5.3). */}
            <button type="button" aria-label={`Send again (event ${sent.number})`} onClick={() => void context.controller.sendAgain(sent.number)}>
              Send again
            </button>{' '}
            <button type="button" aria-label={`Compare with the composer (event ${sent.number})`} onClick={async () => setComparison(await compare(sent, context.composed()))}>
              Compare with the composer
            </button>
          </li>
        ))}
      </ol>
      <div class="history-diff" role="region" aria-label="Differences" aria-live="polite">
        {comparison && <h4>{changed ? `Event ${comparison.number} (−) and the composer now (+)` : `The composer holds event ${comparison.number} as it was sent`}</h4>}
        {comparison && changed && (
          <pre>
            {comparison.lines.map((line, i) => (
              <span key={i} class={MARK_CLASS[line.mark]}>{`${line.mark} ${line.text}\n`}</span>
            ))}
          </pre>
        )}
      </div>
    </>
  );
}
