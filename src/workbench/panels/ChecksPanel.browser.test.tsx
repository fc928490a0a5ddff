// The Checks panel in Chromium, on lesson 03 with the controller grading the learner's files as the Check button
// does: what it says before, during and after a check run, a run that cannot start, and the hints a learner revealed.
import { afterEach, describe, expect, it } from 'vitest';
import { learnerFiles } from '../lesson-files.ts';
import { ChecksPanel } from './ChecksPanel.tsx';
import { drawn, renderPanel, type RenderedPanel } from './panel-harness.tsx';

let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());
const checksOf = async () => (panel = await renderPanel('03-welcome-email', ['handler.ts'], ChecksPanel));
const status = () => panel!.element.querySelector('[role="status"]')!.textContent;
const results = () => [...panel!.element.querySelectorAll<HTMLElement>('[data-checks] > li')];
const hintButton = () => panel!.element.querySelector<HTMLButtonElement>('section[aria-label="Hints"] button')!;
const hintsShown = () => [...panel!.element.querySelectorAll<HTMLElement>('section[aria-label="Hints"] li')];

describe('the Checks panel', () => {
  it('says what Check does, says Checking… while the checks run, then marks each ✔ or ✘ with what was expected and what happened', async () => {
    const { lesson, controller } = await checksOf();
    expect(status()).toBe('');
    expect(results().map((li) => li.textContent)).toEqual(['Press Check to run the lesson’s checks against your files.']);

    panel!.files = () => learnerFiles(lesson, {});
    const running = controller.check();
    await drawn();
    expect(status()).toBe('Checking…');
    await running;
    await drawn();
    const total = lesson.checks.checks.length;
    const failed = results().filter((li) => li.dataset.status !== 'pass');
    expect(status()).toBe(`${total - failed.length} of ${total} checks pass.`);
    expect(failed.length).toBeGreaterThan(0);
    // Each check by name, in the lesson's order: ✘ and what went wrong for the ones the starter fails.
    const message = (li: HTMLElement) => li.querySelector('.check-message')?.textContent;
    expect(results().map((li) => li.textContent)).toEqual(
      lesson.checks.checks.map((check, i) => (results()[i]!.dataset.status === 'pass' ? `✔ Passed: ${check.name}` : `✘ Failed: ${check.name}${message(results()[i]!)}`)),
    );
    for (const li of failed) expect(message(li)).toMatch(/\w/);

    panel!.files = () => learnerFiles(lesson, lesson.solution);
    await controller.check(() => 'the browser’s storage is full.');
    await drawn();
    expect(status()).toBe(`All ${total} checks pass. Lesson complete. It could not be marked complete: the browser’s storage is full.`);
    expect(results().map((li) => [li.dataset.status, li.querySelector('[aria-hidden="true"]')!.textContent, li.querySelector('.sr-only')!.textContent])).toEqual(
      Array(total).fill(['pass', '✔ ', 'Passed: ']),
    );
    expect(panel!.element.querySelector('.check-message')).toBeNull();
  });

  it('says the checks could not run, and why', async () => {
    const { controller } = await checksOf();
    panel!.files = () => {
      throw new Error('The workspace could not be read.');
    };
    await controller.check();
    await drawn();
    expect(status()).toBe('The checks could not run.');
    expect(results().map((li) => [li.dataset.status, li.textContent])).toEqual([['error', 'The workspace could not be read.']]);
  });

  it('reveals the hints one at a time, focusing each, and keeps them while the checks run again', async () => {
    const { lesson, controller } = await checksOf();
    const hints = Object.values(lesson.checks.hints);
    expect(hintButton().textContent).toBe(`Show a hint (1 of ${hints.length})`);
    expect(hintsShown()).toEqual([]);
    hintButton().click();
    await drawn();
    expect(hintsShown().map((li) => li.textContent)).toEqual([hints[0]]);
    expect(document.activeElement).toBe(hintsShown()[0]);
    expect(hintButton().textContent).toBe(`Show the next hint (2 of ${hints.length})`);
    const first = hintsShown()[0];

    await controller.check();
    await drawn();
    expect(results().length).toBe(lesson.checks.checks.length);
    expect(hintsShown()).toEqual([first]);

    for (let i = 1; i < hints.length; i++) {
      hintButton().click();
      await drawn();
    }
    expect(hintsShown().map((li) => li.textContent)).toEqual(hints);
    expect(document.activeElement).toBe(hintsShown().at(-1));
    expect(hintButton().hidden).toBe(true);
  });
});
