// The lesson page as one screen for code and result (issue 14, part 1): on a wide window the workbench fills the
// viewport beside the text, with splitters the learner can drag, move from the keyboard and reset; on a narrow one
// the panes stack under a toolbar that stays in reach.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const LESSON_02 = '/lessons/02-rules-and-patterns/';
const PATTERN_SOLUTION = readFileSync(new URL('../../solutions/02-rules-and-patterns/pattern.json', import.meta.url), 'utf8');

async function openWorkbench(page: Page, path = LESSON_02): Promise<Locator> {
  await page.goto(path);
  const workbench = page.getByRole('region', { name: 'Workbench' });
  await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  return workbench;
}

/** Types over the open file in Monaco, on one line (typed JSON over several lines gets auto-indented). */
async function typeCode(page: Page, text: string) {
  await page.getByRole('tabpanel', { name: 'pattern.json' }).click();
  await expect(page.locator('.monaco-editor.focused')).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** Whether the whole of `locator` lies inside the window, measured, not inferred. */
async function withinWindow(page: Page, locator: Locator) {
  const box = (await locator.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
}

const pageScroll = (page: Page) =>
  page.evaluate(() => ({ y: scrollY, overflow: document.documentElement.scrollHeight - document.documentElement.clientHeight }));

const width = async (locator: Locator) => (await locator.boundingBox())!.width;
const height = async (locator: Locator) => (await locator.boundingBox())!.height;

test.describe('at 1440×900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the learner edits, sends and reads the result without scrolling the page', async ({ page }) => {
    test.setTimeout(60_000);
    const workbench = await openWorkbench(page);
    await typeCode(page, JSON.stringify(JSON.parse(PATTERN_SOLUTION)));
    await expect(workbench.locator('[data-saved]')).toHaveText('Saved');
    await workbench.getByRole('button', { name: 'Send event' }).click();

    const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
    const rule = flow.locator('[data-rule="user-signed-up"]');
    await expect(rule).toHaveAttribute('data-state', 'matched');
    // The page itself never scrolled and cannot: the panes scroll on their own.
    expect(await pageScroll(page)).toEqual({ y: 0, overflow: 0 });
    // The code, the first line of the result, and the rule's verdict are all on screen at once.
    const editor = page.locator('.monaco-editor');
    expect(await withinWindow(page, editor)).toBe(true);
    expect(await height(editor)).toBeGreaterThan(200);
    await expect(editor).toBeInViewport({ ratio: 1 });
    await expect(flow.locator('[data-flow-summary]')).toBeInViewport({ ratio: 1 });
    expect(await withinWindow(page, flow.locator('[data-flow-summary]'))).toBe(true);
    await expect(rule).toBeInViewport({ ratio: 1 });
    await expect(workbench.getByRole('button', { name: 'Send event' })).toBeInViewport({ ratio: 1 });
    // The lesson text scrolls by itself, and the workbench stays put while it does.
    const before = (await workbench.boundingBox())!;
    await page.locator('#lesson-text').evaluate((text) => text.scrollBy(0, 2000));
    expect(await page.locator('#lesson-text').evaluate((text) => text.scrollTop)).toBeGreaterThan(0);
    expect((await workbench.boundingBox())!.y).toBe(before.y);
    expect(await pageScroll(page)).toEqual({ y: 0, overflow: 0 });
  });

  test('Ctrl+Enter sends from the editor without adding a line, and Ctrl+S saves visibly', async ({ page }) => {
    test.setTimeout(60_000);
    const workbench = await openWorkbench(page);
    await typeCode(page, '{"source": ["myapp.users"]}');
    const lines = page.locator('.monaco-editor .view-line');
    await expect(lines).toHaveCount(1);

    await page.keyboard.press('ControlOrMeta+S');
    const saved = workbench.locator('[data-saved]');
    await expect(saved).toHaveText('Saved');
    await expect(saved).toHaveAttribute('data-flash', '');
    await expect(workbench.locator('[data-announce]')).toHaveText('Your files are saved.');
    // Saved for real: the page's storage holds the text typed.
    expect(await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.includes(':lesson:'))?.[1])).toContain('myapp.users');

    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-rule="user-signed-up"]')).toHaveAttribute('data-state', 'matched');
    await expect(lines).toHaveCount(1);
    await expect(page.locator('.monaco-editor.focused')).toBeVisible();
    // The shortcut is told where the button is.
    await expect(workbench.getByRole('button', { name: 'Send event' })).toHaveAccessibleDescription(/Ctrl\+Enter/);
    await expect(workbench.getByRole('button', { name: 'Send event' })).toHaveAttribute('aria-keyshortcuts', 'Control+Enter Meta+Enter');
  });

  test('the text | workbench splitter moves from the keyboard, is remembered, and a double-click puts it back', async ({ page }) => {
    await openWorkbench(page);
    const splitter = page.getByRole('separator', { name: 'Resize the lesson text and the workbench' });
    const text = page.locator('#lesson-text');
    await expect(splitter).toHaveAttribute('aria-valuenow', '40');
    const startWidth = await width(text);

    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(splitter).toHaveAttribute('aria-valuenow', '44');
    expect(await width(text)).toBeGreaterThan(startWidth + 40);
    await page.keyboard.press('Shift+ArrowLeft');
    await expect(splitter).toHaveAttribute('aria-valuenow', '34');
    await page.keyboard.press('Home');
    const least = Number(await splitter.getAttribute('aria-valuemin'));
    await expect(splitter).toHaveAttribute('aria-valuenow', String(least));
    // The least text pane is still a readable column (288 px, the spec's least size).
    expect(Math.round(await width(text))).toBeGreaterThanOrEqual(286);
    await page.keyboard.press('End');
    await expect(splitter).toHaveAttribute('aria-valuenow', await splitter.getAttribute('aria-valuemax') as string);
    await page.keyboard.press('ArrowLeft');
    const chosen = await splitter.getAttribute('aria-valuenow');
    const chosenWidth = await width(text);

    await page.reload();
    await expect(splitter).toHaveAttribute('aria-valuenow', chosen!);
    expect(Math.abs((await width(text)) - chosenWidth)).toBeLessThan(2);

    await splitter.dblclick();
    await expect(splitter).toHaveAttribute('aria-valuenow', '40');
    expect(Math.abs((await width(text)) - startWidth)).toBeLessThan(2);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes(':layout:text-share')))).toEqual([]);

    // Dragged, the line stays under the pointer.
    const box = (await splitter.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(Math.abs((await width(text)) - startWidth - 150)).toBeLessThan(3);
    const moved = (await splitter.boundingBox())!;
    expect(Math.abs(moved.x - box.x - 150)).toBeLessThan(3);
  });

  test('the editor | results splitter follows a drag, is remembered, and a double-click puts it back', async ({ page }) => {
    const workbench = await openWorkbench(page);
    const splitter = page.getByRole('separator', { name: 'Resize the editor and the results' });
    const editor = workbench.locator('[data-editor]');
    const results = workbench.locator('[data-panels]');
    const startEditor = await height(editor);
    const startResults = await height(results);

    const box = (await splitter.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 60, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 120, { steps: 4 });
    await page.mouse.up();
    // The line followed the pointer: the editor grew by the distance dragged, the results gave it up.
    expect(Math.abs((await height(editor)) - startEditor - 120)).toBeLessThan(4);
    expect(Math.abs(startResults - (await height(results)) - 120)).toBeLessThan(4);
    const dragged = await splitter.getAttribute('aria-valuenow');
    expect(Number(dragged)).toBeGreaterThan(55);
    expect(await pageScroll(page)).toEqual({ y: 0, overflow: 0 });

    await page.reload();
    await expect(splitter).toHaveAttribute('aria-valuenow', dragged!);
    expect(Math.abs((await height(editor)) - startEditor - 120)).toBeLessThan(4);

    // From the keyboard: Up shrinks the editor.
    await splitter.focus();
    await page.keyboard.press('ArrowUp');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(Number(dragged) - 2));

    await splitter.dblclick();
    await expect(splitter).toHaveAttribute('aria-valuenow', '55');
    expect(Math.abs((await height(editor)) - startEditor)).toBeLessThan(2);
  });

  test('the composer | results splitter gives the event room from the keyboard, and is remembered', async ({ page }) => {
    const workbench = await openWorkbench(page);
    const splitter = page.getByRole('separator', { name: 'Resize the event composer and the results' });
    const composer = workbench.getByRole('region', { name: 'Event' });
    const results = workbench.locator('.workbench-results');
    const before = { composer: await width(composer), results: await width(results) };
    await splitter.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect(splitter).toHaveAttribute('aria-valuenow', '46');
    const grown = (await width(composer)) - before.composer;
    expect(grown).toBeGreaterThan(40);
    expect(Math.abs(before.results - (await width(results)) - grown)).toBeLessThan(2);
    await page.reload();
    await expect(splitter).toHaveAttribute('aria-valuenow', '46');
    expect(Math.abs((await width(composer)) - before.composer - grown)).toBeLessThan(2);
  });

  test('the splitters, the toolbar’s tooltips and the folded text have no axe violations, in either theme', async ({ page }) => {
    test.setTimeout(90_000);
    const workbench = await openWorkbench(page);
    const axe = async () => {
      const found: string[] = [];
      for (const theme of ['light', 'dark']) {
        await page.evaluate((name) => void (document.documentElement.dataset.theme = name), theme);
        const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).include('.lesson-layout').analyze();
        found.push(...violations.map((v) => `${theme}: ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
      }
      return found;
    };
    // A tooltip shown by keyboard focus, over the editor.
    await workbench.getByRole('button', { name: 'Run' }).focus();
    await page.keyboard.press('Tab');
    await expect(workbench.getByRole('button', { name: 'Send event' })).toBeFocused();
    const tip = workbench.getByRole('tooltip').filter({ hasText: 'Ctrl+Enter' });
    await expect(tip).toBeVisible();
    expect(await axe()).toEqual([]);
    // Escape hides it without moving focus (WCAG 1.4.13).
    await page.keyboard.press('Escape');
    await expect(tip).toBeHidden();
    await expect(workbench.getByRole('button', { name: 'Send event' })).toBeFocused();
    // A splitter with focus; then the text folded away.
    await page.getByRole('separator', { name: 'Resize the editor and the results' }).focus();
    expect(await axe()).toEqual([]);
    await workbench.getByRole('button', { name: 'Hide the lesson text' }).click();
    expect(await axe()).toEqual([]);
  });

  test('the lesson text folds away to give the workbench the width, and stays folded', async ({ page }) => {
    const workbench = await openWorkbench(page);
    const narrow = await width(workbench);
    await workbench.getByRole('button', { name: 'Hide the lesson text' }).click();
    await expect(page.locator('#lesson-text')).toBeHidden();
    await expect(page.getByRole('separator', { name: 'Resize the lesson text and the workbench' })).toBeHidden();
    expect(await width(workbench)).toBeGreaterThan(narrow + 400);
    await expect(workbench.getByRole('button', { name: 'Show the lesson text' })).toBeFocused();

    await page.reload();
    await expect(page.locator('#lesson-text')).toBeHidden();
    await workbench.getByRole('button', { name: 'Show the lesson text' }).click();
    await expect(page.locator('#lesson-text')).toBeVisible();
    expect(Math.abs((await width(workbench)) - narrow)).toBeLessThan(2);
  });
});

test('under 1024 px the panes stack, and on a phone the toolbar stays on screen while the results scroll under it', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  const workbench = await openWorkbench(page);
  const text = (await page.locator('#lesson-text').boundingBox())!;
  expect((await workbench.boundingBox())!.y).toBeGreaterThan(text.y + text.height - 1);
  await expect(page.getByRole('separator')).toHaveCount(0);
  await expect(workbench.getByRole('button', { name: 'Hide the lesson text' })).toBeHidden();

  await page.setViewportSize({ width: 390, height: 844 });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  await expect(workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-rule]')).toHaveAttribute('data-state', 'unmatched');
  // Down to the results, well past where the toolbar sits in the page: it has come along.
  await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  const toolbar = workbench.getByRole('group', { name: 'Actions' });
  const editor = (await workbench.locator('[data-editor]').boundingBox())!;
  expect(editor.y + editor.height).toBeLessThan(0);
  expect((await toolbar.boundingBox())!.y).toBe(0);
  await expect(workbench.getByRole('button', { name: 'Send event' })).toBeInViewport({ ratio: 1 });
  await expect(workbench.getByRole('tabpanel', { name: 'Flow' }).locator('[data-rule]')).toBeInViewport();
});
