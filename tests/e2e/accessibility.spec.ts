import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

// axe-core's WCAG 2.x A and AA rules, on the pages as a learner meets them: the text, and the workbench with its
// editor loaded, an event sent and a dialog open, in both themes.
async function violations(page: Page, include?: string, rules?: string[]) {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
  if (rules) builder.withRules(rules);
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  return violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The rules whose verdict a theme can change: the theme is colours only. */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * The violations on the page as it is: every rule in the light theme, then the colour rules in the dark one, each
 * labelled with its theme. One walk through the workbench checks both, so the states need not be built twice. The
 * theme is set as the toggle sets it, since a modal dialog makes the toggle itself inert.
 */
async function violationsInBothThemes(page: Page, include?: string) {
  const found: string[] = [];
  for (const theme of ['light', 'dark']) {
    // Monaco follows the theme (a MutationObserver sets its theme) and repaints its tokens on the next frames: axe
    // must not judge the editor half repainted, light token colours on a dark background.
    await page.evaluate(
      (name) =>
        new Promise<void>((painted) => {
          document.documentElement.dataset.theme = name;
          requestAnimationFrame(() => requestAnimationFrame(() => painted()));
        }),
      theme,
    );
    found.push(...(await violations(page, include, theme === 'dark' ? COLOUR_RULES : undefined)).map((v) => `${theme}: ${v}`));
  }
  await page.evaluate(() => void (document.documentElement.dataset.theme = 'light'));
  return found;
}

test('the home page has no axe violations', async ({ page }) => {
  await page.goto('/');
  expect(await violations(page)).toEqual([]);
});

test('a lesson page with its workbench in use has no axe violations, in either theme', async ({ page }) => {
  // Fourteen axe runs, six over the whole page or workbench, beside the other walks on a 2-core machine.
  test.setTimeout(150_000);
  await page.goto('/lessons/03-welcome-email/');
  const workbench = page.getByRole('region', { name: 'Workbench' });
  await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  expect(await violationsInBothThemes(page)).toEqual([]);
  // The learner's code as plain text, then in Monaco once they click into it.
  await workbench.getByRole('tabpanel', { name: 'handler.ts' }).click();
  await expect(page.locator('.monaco-editor.focused')).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(500); // tokenizing and the first diagnostics
  expect(await violationsInBothThemes(page)).toEqual([]);

  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-rule]')).toHaveAttribute('data-state', 'matched');
  expect(await violationsInBothThemes(page)).toEqual([]);
  for (const panel of ['Logs', 'Metrics', 'Checks', 'Outbox', 'History']) {
    await workbench.getByRole('tab', { name: panel }).click();
    if (panel === 'History') await workbench.getByRole('button', { name: 'Compare with the composer (event 1)' }).click();
    if (panel === 'Checks') {
      await workbench.getByRole('button', { name: 'Check' }).click();
      await expect(workbench.getByRole('tabpanel', { name: 'Checks' }).getByRole('status')).not.toHaveText('Checking…', { timeout: 30_000 });
      await workbench.getByRole('button', { name: /Show a hint/ }).click();
    }
    // The panel is what this step changed: the rest of the workbench, Monaco's large DOM above all, was judged
    // in the states before.
    expect(await violationsInBothThemes(page, `#panel-${panel.toLowerCase()}`), panel).toEqual([]);
  }

  await workbench.getByRole('button', { name: 'Show solution' }).click();
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'Your file' })).toBeAttached();
  await expect(page.getByRole('dialog').getByRole('textbox', { name: 'The solution' })).toBeAttached();
  expect(await violationsInBothThemes(page, 'dialog')).toEqual([]);
});

test('the transformer tester, SNS and HTTP panels have no axe violations, in either theme', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/lessons/07-input-transformers/');
  let workbench = page.getByRole('region', { name: 'Workbench' });
  await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  // The starter's pager text is a valid template: the tester shows it, and Send publishes it to the pager topic.
  await expect(workbench.getByRole('region', { name: 'Transformer test' })).toContainText('TODO: ESCALATED');
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await workbench.getByRole('tab', { name: 'SNS' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'SNS' }).getByRole('list', { name: 'Deliveries' })).toBeVisible();
  expect(await violationsInBothThemes(page, '.workbench')).toEqual([]);

  // Lesson 10's starter pattern matches only its own TODO text: an event with that detail-type reaches the invoicing
  // API with the starter's body, which the API refuses (400): a failed request, drawn in the failure colour.
  await page.goto('/lessons/10-saas-automation/');
  workbench = page.getByRole('region', { name: 'Workbench' });
  await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  const starter = JSON.parse(readFileSync(new URL('../../lessons/10-saas-automation/deal-won.json', import.meta.url), 'utf8')) as { 'detail-type': string[] };
  const composer = workbench.getByRole('textbox', { name: /The event to send/ });
  const event = JSON.parse(await composer.inputValue()) as Record<string, unknown>;
  await composer.fill(JSON.stringify({ ...event, DetailType: starter['detail-type'][0] }, null, 2));
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await workbench.getByRole('tab', { name: 'HTTP' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'HTTP' })).toContainText('400 Bad Request');
  await workbench.getByRole('tabpanel', { name: 'HTTP' }).getByRole('checkbox', { name: 'Show secret values' }).check();
  expect(await violationsInBothThemes(page, '.workbench')).toEqual([]);
});

test('the lesson 02 workbench is usable from the keyboard alone', async ({ page }) => {
  await page.goto('/lessons/02-rules-and-patterns/');
  const workbench = page.getByRole('region', { name: 'Workbench' });
  await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  // Tabbing from the file tab reaches the code as text and passes on without entering the editor.
  await workbench.getByRole('tab', { name: 'pattern.json' }).focus();
  await page.keyboard.press('Tab');
  await expect(workbench.locator('.code-preview')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(workbench.getByRole('button', { name: 'Run' })).toBeFocused();
  await expect(page.locator('.monaco-editor')).toHaveCount(0);
  // Sending keeps focus on the button pressed.
  await workbench.getByRole('button', { name: 'Send event' }).focus();
  await page.keyboard.press('Enter');
  await expect(workbench.locator('[data-rule]')).toHaveAttribute('data-state', 'unmatched');
  await expect(workbench.getByRole('button', { name: 'Send event' })).toBeFocused();
  // Results tabs: one tab stop, arrow keys move between them, the panel follows.
  await workbench.getByRole('tab', { name: 'Flow' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(workbench.getByRole('tab', { name: 'Logs' })).toBeFocused();
  await expect(workbench.getByRole('tabpanel', { name: 'Logs' })).toBeVisible();
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await expect(workbench.getByRole('tab', { name: 'Flow' })).toBeFocused();
  // A rule is focusable, and focus shows why it did not match.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(workbench.locator('[data-rule]')).toBeFocused();
  await expect(workbench.getByRole('tooltip')).toBeVisible();
  // The reset dialog opens on Enter and closes on Escape, giving focus back.
  await workbench.getByRole('button', { name: 'Reset' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Reset your files?' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(workbench.getByRole('button', { name: 'Reset' })).toBeFocused();
  // Enter on the code hands over to the editor.
  await workbench.locator('.code-preview').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.monaco-editor.focused')).toBeVisible({ timeout: 20_000 });
});
