// Time from pressing "Send event" to the first log line on screen, measured inside the page: one
// `performance.now()` as the click is dispatched and one when a MutationObserver sees a new
// "START RequestId" in the logs. Both clocks are the page's, so Playwright's round trips don't count.
//
// What it relies on (the workbench's UI contract): a button named "Send event", enabled when the workbench can
// send; logs as text in elements with `data-logs`; each invocation's first line contains "START RequestId".
// Whether the UI replaces the logs on each send or appends to them, a send counts as logged once the logs hold
// more START lines than before the click, or hold one and no longer begin with the text they had before.
import type { Locator, Page } from '@playwright/test';

export interface SendLatency {
  /** The first Send after the page loaded: includes fetching and starting the Lambda sandbox. */
  coldMs: number;
  warmMs: number[];
  /** Which handler ran: the lesson's solution when it could be typed into the editor, else the starter. */
  handler: 'solution' | 'starter';
  notes: string[];
}

const START = 'START RequestId';
const TIMEOUT_MS = 30_000;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function enabled(button: Locator): Promise<void> {
  await button.waitFor({ state: 'visible', timeout: TIMEOUT_MS });
  await button.evaluate(
    (el, timeout) =>
      new Promise<void>((resolve, reject) => {
        const started = performance.now();
        const poll = () => {
          if (!(el as HTMLButtonElement).disabled) resolve();
          else if (performance.now() - started > timeout) reject(new Error('"Send event" stayed disabled'));
          else setTimeout(poll, 10);
        };
        poll();
      }),
    TIMEOUT_MS,
  );
}

/** One send: milliseconds from the click to the new START line, both read in the page. */
async function timeOneSend(send: Locator): Promise<number> {
  await enabled(send);
  return send.evaluate(
    (button, { start, timeout }) =>
      new Promise<number>((resolve, reject) => {
        const text = () => [...document.querySelectorAll('[data-logs]')].map((el) => el.textContent ?? '').join('\n');
        const starts = (s: string) => s.split(start).length - 1;
        const before = text();
        const startsBefore = starts(before);
        let clickedAt = 0;
        const done = (error?: Error) => {
          observer.disconnect();
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(performance.now() - clickedAt);
        };
        const observer = new MutationObserver(() => {
          const now = text();
          if (now.includes(start) && (starts(now) > startsBefore || !now.startsWith(before))) done();
        });
        // The whole document: the UI may re-render the logs element rather than change its text.
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        const timer = setTimeout(() => done(new Error(`no new "${start}" line within ${timeout} ms of pressing Send event`)), timeout);
        clickedAt = performance.now();
        (button as HTMLButtonElement).click();
      }),
    { start: START, timeout: TIMEOUT_MS },
  );
}

/**
 * Replaces the file open in the editor with `solution`, by keyboard as a learner would. Returns false if the
 * editor could not be found; the starter handler is then measured (it logs START/END/REPORT all the same).
 */
async function typeSolution(page: Page, solution: string): Promise<boolean> {
  const lines = page.locator('.monaco-editor .view-lines').first();
  try {
    await lines.click({ timeout: 5_000 });
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(solution);
    return true;
  } catch {
    return false;
  }
}

export async function measureSendLatency(page: Page, options: { solution?: { text: string; logs: string }; warmSends: number; settle: () => Promise<void> }): Promise<SendLatency> {
  const notes: string[] = [];
  const send = page.getByRole('button', { name: 'Send event' });
  let handler: SendLatency['handler'] = 'starter';
  if (options.solution && (await typeSolution(page, options.solution.text))) {
    handler = 'solution';
    await options.settle(); // the TypeScript worker re-checks the new text; let it finish before timing
  }
  const coldMs = await timeOneSend(send);
  if (options.solution && handler === 'solution') {
    const logs = (await page.locator('[data-logs]').allTextContents()).join('\n');
    if (!logs.includes(options.solution.logs)) {
      handler = 'starter';
      notes.push(`The solution typed into the editor did not log "${options.solution.logs}": the starter handler was probably timed.`);
    }
  }
  const warmMs: number[] = [];
  for (let i = 0; i < options.warmSends; i++) {
    await enabled(send);
    await page.waitForTimeout(100); // a learner's pause, and time for the last run's frame to go
    warmMs.push(await timeOneSend(send));
  }
  await enabled(send);
  return { coldMs, warmMs, handler, notes };
}
