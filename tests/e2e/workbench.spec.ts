import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';

const LESSON_03 = '/lessons/03-welcome-email/';
const SOLUTION_03 = readFileSync(new URL('../../solutions/03-welcome-email/handler.ts', import.meta.url), 'utf8');

async function replaceCode(page: Page, text: string) {
  await page.getByRole('tabpanel').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

test('lesson 03: the starter fails Check, the learner’s fix passes, and survives a reload', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(LESSON_03);
  const workbench = page.getByRole('region', { name: 'Workbench' });
  await expect(workbench.getByRole('tab', { name: 'handler.ts' })).toHaveAttribute('aria-selected', 'true');
  const check = workbench.getByRole('button', { name: 'Check' });
  await expect(check).toBeEnabled({ timeout: 20_000 });

  await check.click();
  const results = workbench.getByRole('region', { name: 'Checks' }).getByRole('listitem');
  await expect(results.first()).not.toHaveText('Checking…', { timeout: 20_000 });
  await expect(results.filter({ hasText: '✘' }).first()).toBeVisible();

  await replaceCode(page, SOLUTION_03);
  await expect(workbench.getByRole('status')).toHaveText('Saved');
  await check.click();
  await expect(results.first()).not.toHaveText('Checking…', { timeout: 20_000 });
  await expect(results.filter({ hasText: '✘' })).toHaveCount(0);
  await expect(results.filter({ hasText: '✔' }).first()).toBeVisible();

  await page.reload();
  await expect(check).toBeEnabled({ timeout: 20_000 });
  await check.click();
  await expect(results.first()).not.toHaveText('Checking…', { timeout: 20_000 });
  await expect(results.filter({ hasText: '✘' })).toHaveCount(0);
});

test('lesson 03: Send event runs the handler in the sandbox and shows its log lines', async ({ page }) => {
  await page.goto(LESSON_03);
  const workbench = page.getByRole('region', { name: 'Workbench' });
  const send = workbench.getByRole('button', { name: 'Send event' });
  await expect(send).toBeEnabled({ timeout: 20_000 });
  await replaceCode(page, SOLUTION_03);
  await send.click();
  const logs = workbench.getByRole('region', { name: 'Logs' });
  await expect(logs).toContainText('START RequestId:', { timeout: 20_000 });
  await expect(logs).toContainText('New user signed up: 12345');
  await expect(logs).toContainText('REPORT RequestId:');
});

test('the editor follows the site’s dark theme when the reader switches it', async ({ page }) => {
  await page.goto(LESSON_03);
  const editor = page.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 20_000 });
  await expect(editor).not.toHaveClass(/vs-dark/);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(editor).toHaveClass(/\bvs-dark\b/);
});
