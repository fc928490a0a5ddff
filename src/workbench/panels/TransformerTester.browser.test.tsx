// The transformer tester in Chromium, on lesson 07 as the page loads it: the output for the file open and the
// composer's event, redrawn after edits to either, and AWS's refusal of a broken transformer inline.
import { signal } from '@preact/signals';
import { render } from 'preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composerText, readComposer } from '../composer.ts';
import { loadWorkbenchLesson, solutionFiles, type WorkbenchLesson } from '../lesson-files.ts';
import { TransformerTester } from './TransformerTester.tsx';

const PAGER_TEXT = 'ESCALATED T-9001: URGENT priority, standard customer C-17. Paged by rule page-on-call.';
let lesson: WorkbenchLesson;
beforeAll(async () => void (lesson = await loadWorkbenchLesson('07-input-transformers', ['pager-text.json', 'partner-update.json'])));

const host = document.body.appendChild(document.createElement('div'));
afterEach(() => render(null, host));
const settled = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longer than the tester waits after the last edit. */
const AFTER_TYPING_MS = 500;

/** The tester as ui.tsx mounts it: the learner's files and the composer's text, which the test edits as a learner would. */
function mountTester(file: string) {
  const files = { ...solutionFiles(lesson) };
  const composer = { text: composerText(lesson.architecture.sampleEvents.find((sample) => sample.name === 'Ticket escalated (URGENT)')!) };
  const open = signal<string | undefined>(file);
  const edits = signal(0);
  const read = () => ({ files, event: readComposer(composer.text), account: '123456789012', region: 'us-east-1', now: Date.UTC(2026, 10, 30, 16, 21) });
  render(<TransformerTester architecture={lesson.architecture} file={open} edits={edits} read={read} />, host);
  const section = () => host.querySelector<HTMLElement>('section[data-transformer-test]');
  return {
    files,
    composer,
    open,
    edited: () => void edits.value++,
    section,
    verdict: () => section()!.querySelector('.transformer-verdict')!.textContent,
    output: () => section()!.querySelector<HTMLElement>('pre[aria-label="What the target receives"]'),
  };
}

describe('the transformer tester', () => {
  it('shows what the pager topic receives for the composer’s event, then AWS’s refusal once the learner breaks the template', async () => {
    const tester = mountTester('pager-text.json');
    await settled();
    const heading = tester.section()!.querySelector('h3')!;
    expect(heading.textContent).toBe('Transformer test');
    expect(tester.section()!.getAttribute('aria-labelledby')).toBe(heading.id);
    expect(tester.section()!.querySelector('.workbench-note')!.textContent).toBe(
      'What EventBridge delivers to oncall-pager (SNS topic, rule page-on-call) for the event in the Event box, with pager-text.json as you type it.',
    );
    expect(tester.verdict()).toBe('Delivered as text, exactly as below.');
    expect(tester.output()!.textContent).toBe(PAGER_TEXT);

    tester.files['pager-text.json'] = '{"InputPathsMap": {"ticket": "$.detail.ticketId"}, "InputTemplate": "<ticket> <tier>"}';
    tester.edited();
    await settled(AFTER_TYPING_MS);
    expect(tester.section()!.dataset.state).toBe('invalid');
    expect(tester.verdict()).toBe('PutTargets would refuse it: ValidationException: InputTemplate for target oncall-pager contains invalid placeholder tier.');
    expect(tester.output()).toBeNull();
  });

  it('runs again once the learner pauses typing in the composer, and says when the rule would not match the event', async () => {
    const tester = mountTester('pager-text.json');
    await settled();
    tester.composer.text = composerText(lesson.architecture.sampleEvents.find((sample) => sample.name === 'Package delivered')!);
    tester.edited();
    // Not while the learner may still be typing.
    await settled(50);
    expect(tester.verdict()).toBe('Delivered as text, exactly as below.');
    await settled(AFTER_TYPING_MS);
    expect(tester.verdict()).toBe('Delivered as text, exactly as below. Rule page-on-call does not match this event, so none of this would be delivered: try a sample the rule matches.');
  });

  it('shows for an input transformer file only, at once when the learner opens one', async () => {
    const tester = mountTester('pager-text.json');
    await settled();
    tester.open.value = 'handler.ts';
    await settled();
    expect(tester.section()).toBeNull();
    tester.open.value = 'partner-update.json';
    await settled();
    expect(tester.section()!.querySelector('.workbench-note')!.textContent).toContain('rule partner-tracking');
    expect(tester.verdict()).toBe('Delivered as JSON (minified). Rule partner-tracking does not match this event, so none of this would be delivered: try a sample the rule matches.');
    expect(JSON.parse(tester.output()!.textContent!)).toMatchObject({ state: 'ESCALATED', priority: 'URGENT' });
  });
});
