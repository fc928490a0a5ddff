import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { PROGRESS_VERSION, ProgressStore, type LessonProgress } from '../../src/workbench/persistence/progress.ts';
import { expect, test } from './fixtures.ts';

const LESSON_02 = '/lessons/02-rules-and-patterns/';
const LESSON_03 = '/lessons/03-welcome-email/';
const solution = (path: string) => readFileSync(new URL(`../../solutions/${path}`, import.meta.url), 'utf8');
const SOLUTION_03 = solution('03-welcome-email/handler.ts');

/** The workbench, once its editor and buttons are ready. */
async function openWorkbench(page: Page, path: string): Promise<Locator> {
  await page.goto(path);
  const workbench = page.getByRole('region', { name: 'Workbench' });
  await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  return workbench;
}

/**
 * Opens a lesson with the learner's files already saved in the browser, as a learner coming back to it finds them.
 * The walks of lessons 01, 08, 09 and 11-15 and Flow's downstream walk are about what code does once written; typing
 * it (Monaco and its TypeScript worker load: about 2.5 CPU-seconds a page) is shown by the walks of 02, 03, 06, 07 and
 * 10 and by the editor's own tests. Saved only where nothing is saved yet, so a reload finds what the walk saved since.
 */
async function openWithSavedWork(page: Page, path: string, files: Record<string, string>): Promise<Locator> {
  const lessonId = path.split('/').filter(Boolean).at(-1)!;
  const record: LessonProgress = { version: PROGRESS_VERSION, files, savedAt: Date.now() };
  await page.addInitScript(
    ({ key, value }) => {
      // Init scripts run in every frame: the sandboxes' frames have opaque origins and no storage.
      if (window === window.top && localStorage.getItem(key) === null) localStorage.setItem(key, value);
    },
    { key: ProgressStore.keyOf(lessonId), value: JSON.stringify(record) },
  );
  return openWorkbench(page, path);
}

/** Types `text` over the open file, as a learner pasting their code would (the first click loads Monaco). */
async function replaceCode(page: Page, file: string, text: string) {
  await page.getByRole('tabpanel', { name: file }).click();
  await expect(page.locator('.monaco-editor.focused')).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** The open file's text as shown: the plain view before Monaco loads, Monaco's lines after. */
const editorText = (page: Page) => page.locator('[data-editor]');

async function checkResults(workbench: Locator): Promise<Locator> {
  await workbench.getByRole('button', { name: 'Check' }).click();
  const panel = workbench.getByRole('tabpanel', { name: 'Checks' });
  await expect(panel.getByRole('status')).not.toHaveText('Checking…', { timeout: 30_000 });
  return panel.locator('[data-checks] > li');
}

test('lesson 02: the learner types the pattern, sees the rule match in Flow, and every check passes', async ({ page }) => {
  test.setTimeout(90_000);
  const workbench = await openWorkbench(page, LESSON_02);
  await expect(workbench.getByRole('tab', { name: 'pattern.json' })).toHaveAttribute('aria-selected', 'true');

  await workbench.getByRole('button', { name: 'Send event' }).click();
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow.locator('[data-rule="user-signed-up"]')).toContainText('did not match');
  // The engine's reasons, on keyboard focus.
  await flow.locator('[data-rule="user-signed-up"]').focus();
  await expect(flow.getByRole('tooltip')).toContainText('source: expected');

  await replaceCode(page, 'pattern.json', solution('02-rules-and-patterns/pattern.json'));
  await expect(workbench.locator('[data-saved]')).toHaveText('Saved');
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(flow.locator('[data-rule="user-signed-up"]')).toHaveAttribute('data-state', 'matched');
  await expect(flow.locator('[data-target="signups"]')).toContainText('attempt 1 ✔ delivered');

  // Hints come one at a time.
  const checksPanel = workbench.getByRole('tabpanel', { name: 'Checks' });
  await workbench.getByRole('tab', { name: 'Checks' }).click();
  await checksPanel.getByRole('button', { name: /^Show a hint \(1 of \d\)$/ }).click();
  await expect(checksPanel.getByRole('region', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
  await expect(checksPanel.getByRole('button', { name: /^Show the next hint \(2 of \d\)$/ })).toBeVisible();

  const results = await checkResults(workbench);
  await expect(results.first()).toBeVisible();
  await expect(results.filter({ hasText: '✘' })).toHaveCount(0);
  await expect(workbench.getByRole('tabpanel', { name: 'Checks' }).getByRole('status')).toContainText('checks pass. Lesson complete.');
  // The lesson's own page marks it complete at once (the home page and navigation do from storage).
  await expect(page.locator('.lesson-kicker [data-completed-mark]')).toBeVisible();
  await expect(page.locator('.lesson-kicker')).toContainText('Completed');
});

test('lesson 03: the starter fails Check; the learner’s handler logs, sends the welcome email, passes, and survives a reload', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.host !== new URL(baseURL!).host) elsewhere.push(request.url());
  });
  const workbench = await openWorkbench(page, LESSON_03);
  await expect(workbench.getByRole('tab', { name: 'handler.ts' })).toHaveAttribute('aria-selected', 'true');
  await expect((await checkResults(workbench)).filter({ hasText: '✘' }).first()).toBeVisible();

  await replaceCode(page, 'handler.ts', SOLUTION_03);
  await expect(workbench.locator('[data-saved]')).toHaveText('Saved');
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await workbench.getByRole('tab', { name: 'Logs' }).click();
  const logs = workbench.getByRole('tabpanel', { name: 'Logs' });
  await expect(logs).toContainText('START RequestId:', { timeout: 20_000 });
  await expect(logs).toContainText('New user signed up: 12345');
  await expect(logs).toContainText('REPORT RequestId:');
  await logs.getByRole('searchbox', { name: 'Filter events' }).fill('REPORT');
  await expect(logs).not.toContainText('New user signed up');
  await workbench.getByRole('tab', { name: 'Outbox' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Outbox' })).toContainText('user@example.com');
  await workbench.getByRole('tab', { name: 'Metrics' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Metrics' }).locator('[data-metric="AWS/Lambda Invocations"]').filter({ hasText: 'FunctionName=welcome-email' })).toBeVisible();

  await expect((await checkResults(workbench)).filter({ hasText: '✘' })).toHaveCount(0);
  await expect(workbench.getByRole('tabpanel', { name: 'Checks' }).getByRole('status')).toContainText('checks pass. Lesson complete.');

  await page.reload();
  await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  await expect(editorText(page)).toContainText('New user signed up');
  await expect((await checkResults(workbench)).filter({ hasText: '✘' })).toHaveCount(0);
  await expect(workbench.getByRole('tabpanel', { name: 'Checks' }).getByRole('status')).toContainText('checks pass. Lesson complete.');
  // The sandbox, the SDK clients and the simulator all stay in the page: no request left the site's host.
  expect(elsewhere).toEqual([]);
});

test('lesson 05: the bus’s log says it delivered; a failing invocation is retried on fast-forward, then lands in the on-failure queue', async ({ page }) => {
  test.setTimeout(60_000);
  const workbench = await openWorkbench(page, '/lessons/05-monitoring/');
  await workbench.getByRole('combobox', { name: 'Sample' }).selectOption({ label: 'UserSignedUpWithGoogle' });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  const target = workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-target="welcome-email"]');
  await expect(target.getByRole('listitem').filter({ hasText: 'invocation ✘' })).toHaveCount(1);

  // The default bus logs at INFO: its own group, beside the function's, ends the event's story with EventBridge's success.
  await workbench.getByRole('tab', { name: 'Logs' }).click();
  const logs = workbench.getByRole('tabpanel', { name: 'Logs' });
  await logs.getByRole('combobox', { name: 'Log group' }).selectOption('/aws/vendedlogs/events/event-bus/default');
  const busLog = logs.locator('.log-group');
  await expect(busLog).toHaveCount(1);
  await expect(busLog.getByRole('heading', { level: 4 })).toHaveText('/aws/vendedlogs/events/event-bus/default');
  for (const step of ['EVENT_RECEIPT', 'RULE_MATCH', 'INVOCATION_SUCCESS']) await expect(busLog).toContainText(`"message_type":"${step}"`);
  await expect(busLog).toContainText('"target_arn":"arn:aws:lambda:us-east-1:123456789012:function:welcome-email"');
  await workbench.getByRole('tab', { name: 'Flow' }).click();
  const clock = workbench.locator('[data-clock]');
  const before = Date.parse((await clock.getAttribute('datetime'))!);

  await workbench.getByRole('button', { name: 'Fast-forward' }).click();
  await expect(target.getByRole('listitem').filter({ hasText: 'invocation ✘' })).toHaveCount(3);
  expect(Date.parse((await clock.getAttribute('datetime'))!) - before).toBeGreaterThanOrEqual(3 * 60_000);
  await workbench.getByRole('tab', { name: 'Queues' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Queues' }).locator('[data-queue="welcome-email-failures"] h4')).toHaveText('welcome-email-failures: 1 message');
});

test('Show solution shows a diff and keeps the learner’s code until asked; using it can be undone', async ({ page }) => {
  test.setTimeout(60_000);
  const workbench = await openWorkbench(page, LESSON_03);
  await replaceCode(page, 'handler.ts', '// my own attempt\nexport const handler = async () => {};\n');
  await workbench.getByRole('button', { name: 'Show solution' }).click();
  const dialog = page.getByRole('dialog', { name: 'The solution, beside your work' });
  await expect(dialog.locator('.monaco-diff-editor')).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(editorText(page)).toContainText('my own attempt');

  await workbench.getByRole('button', { name: 'Show solution' }).click();
  await dialog.getByRole('button', { name: 'Use the solution for this file' }).click();
  await expect(editorText(page)).not.toContainText('my own attempt');
  await expect(editorText(page)).toContainText('SendEmailCommand');
  await workbench.getByRole('button', { name: 'Undo' }).click();
  await expect(editorText(page)).toContainText('my own attempt');
});

test('Reset asks first, puts the starter back, and can be undone', async ({ page }) => {
  const workbench = await openWorkbench(page, LESSON_03);
  await replaceCode(page, 'handler.ts', '// keep me\n');
  await workbench.getByRole('button', { name: 'Reset' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset your files?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(editorText(page)).toContainText('keep me');

  await workbench.getByRole('button', { name: 'Reset' }).click();
  await dialog.getByRole('button', { name: 'Reset files' }).click();
  // The starter's opening lines: Monaco draws only the lines its pane has room for, and the TODOs come further down.
  await expect(editorText(page)).toContainText('const ses = new SESv2Client({});');
  await workbench.getByRole('button', { name: 'Undo' }).click();
  await expect(editorText(page)).toContainText('keep me');
});

test('an endless loop in the handler times out as Lambda would, and the page keeps responding', async ({ page }) => {
  test.setTimeout(60_000);
  const workbench = await openWorkbench(page, LESSON_03);
  await replaceCode(page, 'handler.ts', 'export const handler = async () => { while (true) {} };');
  await expect(workbench.locator('[data-saved]')).toHaveText('Saved');
  const send = workbench.getByRole('button', { name: 'Send event' });
  await workbench.getByRole('tab', { name: 'Logs' }).click();
  // Timed in the page, not across Playwright's round trips (a loaded machine would blur them): press Send, press it
  // again at once (ignored while the first runs), then wait for the function's START line. The logs follow along,
  // so START shows while the function spins and Send is still busy; the page's own timers keep time while it spins.
  const during = await page.evaluate(async () => {
    const button = document.querySelector<HTMLButtonElement>('[data-action="send"]')!;
    const logs = document.querySelector('[data-logs]')!;
    button.click();
    button.click();
    while (!logs.textContent?.includes('START RequestId')) await new Promise((resolve) => setTimeout(resolve, 20));
    const busyAtStart = button.getAttribute('aria-disabled');
    // Half a second of the function spinning: how late does the page's own 50 ms timer run?
    let latestTick = performance.now();
    let lateBy = 0;
    const ticks = setInterval(() => {
      const now = performance.now();
      lateBy = Math.max(lateBy, now - latestTick - 50);
      latestTick = now;
    }, 50);
    await new Promise((resolve) => setTimeout(resolve, 500));
    clearInterval(ticks);
    return { busyAtStart, busyAfter: button.getAttribute('aria-disabled'), lateBy };
  });
  expect(during.busyAtStart).toBe('true');
  expect(during.busyAfter).toBe('true');
  expect(during.lateBy).toBeLessThan(1_000);
  // The page still answers: tabs switch, the editor takes typing.
  await workbench.getByRole('tab', { name: 'Flow' }).click();
  await expect(workbench.getByRole('tab', { name: 'Flow' })).toHaveAttribute('aria-selected', 'true');
  await page.locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText(' // typed while it spins');
  await expect(editorText(page)).toContainText('typed while it spins');
  await workbench.getByRole('tab', { name: 'Logs' }).click();
  const logs = workbench.getByRole('tabpanel', { name: 'Logs' });
  await expect(logs).toContainText('Task timed out after 3.00 seconds', { timeout: 20_000 });
  await expect(send).toBeEnabled();
  expect((await logs.textContent())!.match(/START RequestId/g)).toHaveLength(1);
});

test('Download my work saves the learner’s files as a zip', async ({ page }) => {
  const workbench = await openWorkbench(page, LESSON_03);
  await replaceCode(page, 'handler.ts', '// downloaded\n');
  const download = page.waitForEvent('download');
  await workbench.getByRole('button', { name: 'Download my work' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('03-welcome-email.zip');
  const bytes = readFileSync(await file.path());
  expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
  expect(bytes.toString('utf8')).toContain('03-welcome-email/handler.ts');
  expect(bytes.toString('utf8')).toContain('// downloaded');
});

test('the editor follows the site’s dark theme when the reader switches it', async ({ page }) => {
  await openWorkbench(page, LESSON_03);
  await page.getByRole('tabpanel', { name: 'handler.ts' }).click();
  const editor = page.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 20_000 });
  await expect(editor).not.toHaveClass(/vs-dark/);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(editor).toHaveClass(/\bvs-dark\b/);
});

test('lesson 01: Run invokes the learner’s producer, and Flow shows the event it published', async ({ page }) => {
  test.setTimeout(60_000);
  const workbench = await openWithSavedWork(page, '/lessons/01-events-and-the-bus/', { 'producer.ts': solution('01-events-and-the-bus/producer.ts') });
  await expect(workbench.getByRole('button', { name: 'Run' })).toHaveAccessibleDescription(/invokes signup-producer .* with the event's Detail/);
  await workbench.getByRole('button', { name: 'Run' }).click();
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow.locator('[data-flow-summary]')).toContainText('Event from myapp.users (UserSignedUp) received by the default bus');
  await expect(flow.locator('[data-target="signups-seen"]')).toContainText('✔ delivered');
  await workbench.getByRole('tab', { name: 'Queues' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Queues' })).toContainText('signups-seen: 1 message');
});

test('lesson 04: the duplicate-delivery switch hands signup-audit the same event twice', async ({ page }) => {
  test.setTimeout(60_000);
  const workbench = await openWorkbench(page, '/lessons/04-fan-out/');
  await workbench.getByRole('checkbox', { name: 'Deliver each event to signup-audit twice' }).check();
  await workbench.getByRole('button', { name: 'Send event' }).click();
  const audit = workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-target="signup-audit"]');
  await expect(audit.getByText('attempt 1 ✔ delivered')).toHaveCount(2);
  await expect(workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-target="signup-analytics"]').getByText('attempt 1 ✔ delivered')).toHaveCount(1);
});

test('on a 360 px screen the workbench stacks under the text and nothing scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const workbench = await openWorkbench(page, LESSON_03);
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-rule]')).toHaveAttribute('data-state', 'matched');
  for (const panel of ['Flow', 'Logs', 'Metrics']) {
    await workbench.getByRole('tab', { name: panel }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), panel).toBeLessThanOrEqual(360);
  }
  const text = await page.locator('main h1').boundingBox();
  const pane = await workbench.boundingBox();
  expect(pane!.y).toBeGreaterThan(text!.y);
});

test('two tabs on one lesson stay consistent: an edit in one shows in the other, and neither overwrites the other', async ({ context }) => {
  test.setTimeout(60_000);
  const first = await context.newPage();
  const second = await context.newPage();
  const one = await openWorkbench(first, LESSON_03);
  const two = await openWorkbench(second, LESSON_03);
  await replaceCode(first, 'handler.ts', '// written in the first tab\n');
  await expect(one.locator('[data-saved]')).toHaveText('Saved');
  await expect(editorText(second)).toContainText('written in the first tab');
  // The second tab edits on top of what the first wrote; the first then shows both.
  await second.getByRole('tabpanel', { name: 'handler.ts' }).click();
  await expect(second.locator('.monaco-editor.focused')).toBeVisible({ timeout: 20_000 });
  await second.keyboard.press('ControlOrMeta+End');
  await second.keyboard.insertText('// and in the second\n');
  await expect(two.locator('[data-saved]')).toHaveText('Saved');
  await expect(editorText(first)).toContainText('and in the second');
  await first.reload();
  await expect(first.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  await expect(editorText(first)).toContainText('written in the first tab');
  await expect(editorText(first)).toContainText('and in the second');
});

test('the editor completes from the real aws-lambda types, and shows the pattern engine’s AWS error on a bad pattern', async ({ page }) => {
  test.setTimeout(60_000);
  await openWorkbench(page, LESSON_03);
  await replaceCode(page, 'handler.ts', "import type { EventBridgeEvent } from 'aws-lambda';\nexport const handler = async (event: EventBridgeEvent<'UserSignedUp', { email: string }>) => {\n  return event");
  await page.keyboard.type('.');
  // The first list may come before the TypeScript worker has the declarations: ask again (Ctrl+Space) until it has.
  await expect(async () => {
    await page.keyboard.press('Control+Space');
    await expect(page.locator('.suggest-widget')).toContainText('resources', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.press('Escape');

  await openWorkbench(page, LESSON_02);
  await replaceCode(page, 'pattern.json', '{"source": "myapp.users"}');
  // F8 opens the next problem in place, as a keyboard user reads it (the check runs 200 ms after typing stops).
  await expect(async () => {
    await page.keyboard.press('F8');
    await expect(page.locator('.marker-widget')).toContainText('Event pattern is not valid. Reason:', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});

test('Flow lights what the event changed downstream: the welcome email in SES', async ({ page }) => {
  const workbench = await openWithSavedWork(page, LESSON_03, { 'handler.ts': SOLUTION_03 });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  const ses = workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-downstream="SES"]');
  await expect(ses).toContainText('1 email sent');
  await expect(ses).toHaveAttribute('data-state', 'lit');
  await workbench.getByRole('button', { name: 'Fast-forward' }).click();
  await expect(ses).toHaveAttribute('data-state', 'idle');
});

test('when browser storage is full, the learner is told at once, keeps their edits on the page, and is asked before leaving', async ({ page }) => {
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key.includes(':lesson:')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  const workbench = await openWorkbench(page, LESSON_03);
  await replaceCode(page, 'handler.ts', '// kept on the page\n');
  await expect(workbench.locator('[data-saved]')).toContainText('Browser storage for this site is full');
  await expect(workbench.locator('[data-announce]')).toContainText('Browser storage for this site is full');
  await expect(editorText(page)).toContainText('kept on the page');
  // Download still has the work.
  const download = page.waitForEvent('download');
  await workbench.getByRole('button', { name: 'Download my work' }).click();
  expect(readFileSync(await (await download).path()).toString('utf8')).toContain('// kept on the page');
  // Leaving asks first.
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.type();
    void dialog.accept();
  });
  await page.reload();
  expect(asked).toBe('beforeunload');
});

test('lesson 06: the learner writes an $or pattern, sees an enterprise escalation page on-call and a resolved ticket pass by', async ({ page }) => {
  test.setTimeout(90_000);
  const workbench = await openWorkbench(page, '/lessons/06-status-changes/');
  await expect(workbench.getByRole('tab', { name: 'out-for-delivery.json' })).toHaveAttribute('aria-selected', 'true');
  await workbench.getByRole('tab', { name: 'page-on-call.json' }).click();
  await replaceCode(page, 'page-on-call.json', solution('06-status-changes/page-on-call.json'));
  await expect(workbench.locator('[data-saved]')).toHaveText('Saved');

  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await workbench.getByRole('combobox', { name: 'Sample' }).selectOption({ label: 'Ticket escalated (NORMAL, enterprise customer)' });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(flow.locator('[data-rule="page-on-call"]')).toHaveAttribute('data-state', 'matched');
  await expect(flow.locator('[data-rule="large-refunds"]')).toContainText('did not match');

  await workbench.getByRole('combobox', { name: 'Sample' }).selectOption({ label: 'Ticket resolved (URGENT)' });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(flow.locator('[data-rule="page-on-call"]')).toContainText('did not match');
  await flow.locator('[data-rule="page-on-call"]').focus();
  await expect(flow.getByRole('tooltip')).toContainText('detail.status');

  // Both checks of this file pass. The other two files are still the starter's, which matches nothing: their
  // "nothing leaks" checks pass, and the two that need events delivered fail.
  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: 'pages on-call for an escalated ticket' })).toContainText('✔');
  await expect(results.filter({ hasText: 'lets on-call sleep' })).toContainText('✔');
  await expect(results.filter({ hasText: '✘' })).toHaveCount(2);
});

test('lesson 07: the learner writes a JSON input transformer and the partner’s queue receives its slim update', async ({ page }) => {
  test.setTimeout(90_000);
  const workbench = await openWorkbench(page, '/lessons/07-input-transformers/');
  await workbench.getByRole('tab', { name: 'partner-update.json' }).click();
  // On one line: typed (not pasted) into Monaco, a multi-line JSON file gets auto-indented and auto-closed.
  await replaceCode(page, 'partner-update.json', JSON.stringify(JSON.parse(solution('07-input-transformers/partner-update.json'))));
  await expect(workbench.locator('[data-saved]')).toHaveText('Saved');

  await workbench.getByRole('combobox', { name: 'Sample' }).selectOption({ label: 'Package out for delivery' });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow.locator('[data-rule="partner-tracking"]')).toHaveAttribute('data-state', 'matched');
  await expect(flow.locator('[data-target="partner-updates"]')).toContainText('attempt 1 ✔ delivered');

  // The partner's check passes; the pager's two still fail on the starter's text.
  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: 'sends the partner exactly the seven fields' })).toContainText('✔');
  await expect(results.filter({ hasText: '✘' })).toHaveCount(2);
});

test('lesson 08: Run takes an order through the learner’s checkout, and Flow shows OrderPlaced on the commerce bus reaching payment and inventory, each by its own rule', async ({ page }) => {
  test.setTimeout(90_000);
  const workbench = await openWithSavedWork(page, '/lessons/08-decoupling/', { 'orders.ts': solution('08-decoupling/orders.ts') });
  // The text draws the same order as choreography and as orchestration, with the workflow's compensation.
  await expect(page.getByRole('figure').filter({ hasText: 'Orchestration' })).toContainText('Release the items');
  await expect(workbench.getByRole('tab', { name: 'orders.ts' })).toHaveAttribute('aria-selected', 'true');
  await workbench.getByRole('button', { name: 'Run' }).click();
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow).toContainText('commerce');
  await expect(flow.locator('[data-rule="charge-placed-orders"]')).toHaveAttribute('data-state', 'matched');
  await expect(flow.locator('[data-rule="reserve-placed-orders"]')).toHaveAttribute('data-state', 'matched');
  await expect(flow.locator('[data-target="inventory"]')).toContainText('attempt 1 ✔ delivered');

  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: 'announces OrderPlaced on the commerce bus' })).toContainText('✔');
  await expect(results.filter({ hasText: 'charges each order once and books its shipment' })).toContainText('✘');
});

test('lesson 09: with the learner’s versioned write, a change that arrives after the close leaves the account closed', async ({ page }) => {
  test.setTimeout(120_000);
  const workbench = await openWithSavedWork(page, '/lessons/09-connecting-systems/', { 'sync.ts': solution('09-connecting-systems/sync.ts') });
  await expect(workbench.getByRole('tab', { name: 'sync.ts' })).toHaveAttribute('aria-selected', 'true');

  // Out of order: the close first, then the change it followed.
  const sample = workbench.getByRole('combobox', { name: 'Sample' });
  await sample.selectOption({ label: 'AccountClosed v3' });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow.locator('[data-target="sync-billing"]')).toContainText('attempt 1 ✔ delivered');
  await sample.selectOption({ label: 'AccountUpdated v2' });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(flow.locator('[data-target="sync-billing"]')).toContainText('attempt 1 ✔ delivered');

  await workbench.getByRole('tab', { name: 'Tables' }).click();
  const tables = workbench.getByRole('tabpanel', { name: 'Tables' });
  await expect(tables).toContainText('billing-accounts: 1 item');
  await expect(tables).toContainText('"status": "closed"');
  await expect(tables).toContainText('"version": 3');

  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: '✔' })).toHaveCount(8, { timeout: 60_000 });
});

test('History lists each event sent, latest first, compares one with the composer, and sends it again as it was', async ({ page }) => {
  const workbench = await openWorkbench(page, '/lessons/09-connecting-systems/');
  const sample = workbench.getByRole('combobox', { name: 'Sample' });
  const history = workbench.getByRole('tabpanel', { name: 'History' });
  const sent = history.getByRole('list', { name: 'Events sent' }).getByRole('listitem');
  await workbench.getByRole('tab', { name: 'History' }).click();
  await expect(history).toContainText('The events you send are listed here');
  await sample.selectOption({ label: 'AccountClosed v3' });
  await workbench.getByRole('button', { name: 'Send event', exact: true }).click();
  await expect(sent).toHaveCount(1);
  await sample.selectOption({ label: 'AccountUpdated v2' });
  await workbench.getByRole('button', { name: 'Send event', exact: true }).click();
  await expect(sent).toHaveCount(2);
  await expect(sent.first()).toContainText('AccountUpdated');
  await expect(sent.first()).toContainText('1 rule matched');

  // The composer holds the second event now: the first differs from it in its detail-type and its data.
  await history.getByRole('button', { name: 'Compare with the composer (event 1)' }).click();
  const differences = history.getByRole('region', { name: 'Differences' });
  await expect(differences).toContainText('Event 1 (−) and the composer now (+)');
  await expect(differences.locator('.diff-removed').first()).toContainText('AccountClosed');
  await expect(differences.locator('.diff-added').first()).toContainText('AccountUpdated');

  // Sent again as it was, whatever the composer holds; the button keeps the learner's focus.
  const again = history.getByRole('button', { name: 'Send again (event 1)' });
  await again.click();
  await expect(sent).toHaveCount(3);
  await expect(sent.first()).toContainText('AccountClosed');
  await expect(again).toBeFocused();
});

test('lesson 10: a deal won on the partner bus reaches the invoicing API through the learner’s pattern and transformer; a lost deal does not', async ({ page }) => {
  test.setTimeout(120_000);
  const workbench = await openWorkbench(page, '/lessons/10-saas-automation/');
  const minified = (path: string) => JSON.stringify(JSON.parse(solution(path)));
  await replaceCode(page, 'deal-won.json', minified('10-saas-automation/deal-won.json'));
  await workbench.getByRole('tab', { name: 'invoice-request.json' }).click();
  await replaceCode(page, 'invoice-request.json', minified('10-saas-automation/invoice-request.json'));
  await expect(workbench.locator('[data-saved]')).toHaveText('Saved');

  const sample = workbench.getByRole('combobox', { name: 'Sample' });
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await sample.selectOption({ label: 'Deal won' });
  // The transformer tester, under the open file: the body the invoicing API will get.
  await expect(workbench.getByRole('region', { name: 'Transformer test' })).toContainText('"requestId":"DL-20931"');
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(flow).toContainText('aws.partner/dealflow.example/northwind/deals');
  await expect(flow.locator('[data-rule="invoice-won-deals"]')).toHaveAttribute('data-state', 'matched');
  await expect(flow.locator('[data-target="issue-invoice"]')).toContainText('attempt 1 ✔ delivered');

  // The HTTP panel: the request EventBridge sent, its API key masked until asked, and the invoicing API's answer.
  await workbench.getByRole('tab', { name: 'HTTP' }).click();
  const http = workbench.getByRole('tabpanel', { name: 'HTTP' });
  const call = http.locator('[data-purpose="api-destination issue-invoice"]');
  await expect(call).toHaveCount(1);
  await expect(call).toContainText('POST https://invoices.example.com/v1/invoices');
  await expect(call).toContainText('x-api-key: •••••••••••3c9a');
  await expect(call).toContainText('"customerName": "Northwind Traders"');
  await expect(call).toContainText('201 Created');
  await expect(call).toContainText('"invoiceId": "INV-000001"');
  await http.getByRole('checkbox', { name: 'Show secret values' }).check();
  await expect(call).toContainText('x-api-key: fin-test-5f3c9a');
  // A long URL and headers wrap on a phone instead of widening the page (polled: Monaco takes a frame to fit the new width).
  await page.setViewportSize({ width: 360, height: 800 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1280, height: 720 });
  await workbench.getByRole('tab', { name: 'Flow' }).click();

  await sample.selectOption({ label: 'Deal lost' });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(flow.locator('[data-rule="invoice-won-deals"]')).toContainText('did not match');

  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: '✔' })).toHaveCount(5, { timeout: 60_000 });
});

test('lesson 07: the transformer tester shows the pager text as the learner types, AWS’s refusal inline, and the SNS panel the text the pager got', async ({ page }) => {
  test.setTimeout(90_000);
  const workbench = await openWorkbench(page, '/lessons/07-input-transformers/');
  const tester = workbench.getByRole('region', { name: 'Transformer test' });
  // The starter's template, filled from the first sample, before the editor has loaded.
  await expect(tester).toContainText('TODO: ESCALATED T-9001:');
  await replaceCode(page, 'pager-text.json', '{"InputPathsMap": {"ticket": "$.detail.ticketId"}, "InputTemplate": "<ticket> <tier>"}');
  await expect(tester).toContainText('PutTargets would refuse it: ValidationException: InputTemplate for target oncall-pager contains invalid placeholder tier.');
  await replaceCode(page, 'pager-text.json', JSON.stringify(JSON.parse(solution('07-input-transformers/pager-text.json'))));
  const pagerText = 'ESCALATED T-9001: URGENT priority, standard customer C-17. Paged by rule page-on-call.';
  await expect(tester.locator('pre')).toHaveText(pagerText);
  // A sample the rule does not match: the tester says so.
  await workbench.getByRole('combobox', { name: 'Sample' }).selectOption({ label: 'Package delivered' });
  await expect(tester).toContainText('Rule page-on-call does not match this event');
  await workbench.getByRole('combobox', { name: 'Sample' }).selectOption({ label: 'Ticket escalated (URGENT)' });

  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-target="oncall-pager"]')).toContainText('✔ delivered');
  await workbench.getByRole('tab', { name: 'SNS' }).click();
  const sns = workbench.getByRole('tabpanel', { name: 'SNS' });
  await expect(sns.getByRole('heading', { level: 4 })).toContainText('topic oncall-pager');
  await expect(sns.locator('pre')).toHaveText(pagerText);
  await expect(sns.getByRole('list', { name: 'Deliveries' })).toContainText('sms +15555550199: delivered');
});

test('lesson 11: an event EventBridge cannot deliver lands in the dead-letter queue, and the learner’s redrive puts it back', async ({ page }) => {
  test.setTimeout(120_000);
  const workbench = await openWithSavedWork(page, '/lessons/11-delivery-failures/', { 'redrive.ts': solution('11-delivery-failures/redrive.ts') });
  await workbench.getByRole('tab', { name: 'redrive.ts' }).click();

  const unreachable = workbench.getByRole('checkbox', { name: 'Make reserve-stock unreachable (EventBridge does not retry)' });
  await unreachable.check();
  await workbench.getByRole('button', { name: 'Send event' }).click();
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow.locator('[data-target="reserve-stock"]')).toContainText('sent to the dead-letter queue');
  await unreachable.uncheck();

  await workbench.getByRole('button', { name: 'Run' }).click();
  await expect(workbench.getByRole('button', { name: 'Fast-forward' })).toBeEnabled({ timeout: 20_000 });
  await workbench.getByRole('button', { name: 'Fast-forward' }).click();
  await workbench.getByRole('tab', { name: 'Tables' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Tables' })).toContainText('stock-reservations: 1 item');

  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: '✔' })).toHaveCount(6, { timeout: 90_000 });
});

test('lesson 12: the learner’s fixed points and replay pass every check in the browser', async ({ page }) => {
  test.setTimeout(120_000);
  const workbench = await openWithSavedWork(page, '/lessons/12-replay/', { 'points.ts': solution('12-replay/points.ts'), 'replay.ts': solution('12-replay/replay.ts') });

  await workbench.getByRole('button', { name: 'Send event' }).click();
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow.locator('[data-rule="award-points"]')).toHaveAttribute('data-state', 'matched');
  await expect(flow.locator('[data-rule="send-receipts"]')).toHaveAttribute('data-state', 'matched');

  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: '✔' })).toHaveCount(5, { timeout: 90_000 });
});

test('lesson 13: the learner’s escalation scheduler passes every check in the browser, four virtual hours at a time', async ({ page }) => {
  test.setTimeout(120_000);
  const workbench = await openWithSavedWork(page, '/lessons/13-scheduler/', { 'escalation.ts': solution('13-scheduler/escalation.ts') });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-target="schedule-escalation"]')).toContainText('attempt 1 ✔ delivered');

  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: '✔' })).toHaveCount(8, { timeout: 90_000 });
});

test('lesson 15: Run publishes both versions of a signup, and the learner’s producer and schema pass every check in the browser', async ({ page }) => {
  test.setTimeout(120_000);
  const workbench = await openWithSavedWork(page, '/lessons/15-evolving-events/', {
    'producer.ts': solution('15-evolving-events/producer.ts'),
    'user-signed-up-v2.schema.json': solution('15-evolving-events/user-signed-up-v2.schema.json'),
  });
  await workbench.getByRole('tab', { name: 'producer.ts' }).click();
  await workbench.getByRole('button', { name: 'Run' }).click();
  await workbench.getByRole('tab', { name: 'Queues' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Queues' })).toContainText('billing-signups: 1 message');

  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: '✔' })).toHaveCount(6, { timeout: 90_000 });
});

test('lesson 14: an order the service writes reaches fulfilment through the learner’s pipe filter and enrichment, and every check passes in the browser', async ({ page }) => {
  test.setTimeout(120_000);
  const workbench = await openWithSavedWork(page, '/lessons/14-pipes/', { 'filter.json': solution('14-pipes/filter.json'), 'enrich.ts': solution('14-pipes/enrich.ts') });

  // The sample call reaches the orders service, which writes its table only; the pipe polls the stream as the clock runs.
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await workbench.getByRole('button', { name: 'Fast-forward' }).click();
  await workbench.getByRole('tab', { name: 'Queues' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Queues' })).toContainText('fulfilment: 1 message');
  // The Pipes panel: the batch the pipe read, what the enrichment returned, the event it put on the bus.
  await workbench.getByRole('tab', { name: 'Pipes' }).click();
  const pipes = workbench.getByRole('tabpanel', { name: 'Pipes' });
  await expect(pipes.getByRole('list', { name: 'Records read' })).toContainText('INSERT o-1001');
  await expect(pipes.getByRole('list', { name: 'Attempts' })).toContainText('1 event put on the bus (OrderPlaced)');

  const results = await checkResults(workbench);
  await expect(results.filter({ hasText: '✔' })).toHaveCount(6, { timeout: 90_000 });
});
