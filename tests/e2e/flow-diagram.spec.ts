import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

// The Flow panel as a diagram: edges drawn between the node boxes and lit along the event's path, the path
// travelling only for those who do not ask for reduced motion, a node opening the panel that shows it, and the
// columns stacking on a phone.

const LESSON_04 = '/lessons/04-fan-out/';

async function sendFirstSample(page: Page, path: string): Promise<Locator> {
  await page.goto(path);
  const workbench = page.getByRole('region', { name: 'Workbench' });
  await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow.locator('[data-rule="audit-signups"]')).toHaveAttribute('data-state', 'matched');
  return workbench;
}

test('the event’s path is lit edge by edge, travelling in order unless the learner asks for reduced motion', async ({ page }) => {
  // The animations that start, whenever they do: the panel is drawn again as the deliveries come in.
  await page.addInitScript(() => {
    const started: string[] = ((window as unknown as { started: string[] }).started = []);
    document.addEventListener('animationstart', (event) => started.push(event.animationName));
  });
  const started = () => page.evaluate(() => (window as unknown as { started: string[] }).started.splice(0));
  const workbench = await sendFirstSample(page, LESSON_04);
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  const lit = flow.locator('.flow-edge[data-state="lit"]');
  // Composer → bus, bus → each of the three rules, each rule → its target.
  await expect.poll(() => lit.count()).toBeGreaterThanOrEqual(7);
  await expect(lit.first()).toHaveAttribute('d', /^M [\d.]+ [\d.]+ C/);
  await expect(flow.locator('.flow-edges')).toHaveAttribute('aria-hidden', 'true');
  await expect.poll(started).toContain('flow-travel');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await workbench.getByRole('button', { name: 'Send event' }).click();
  // The second event's path, as soon as it is drawn, while it would still be travelling: lit, and still.
  const diagram = flow.locator('.flow-diagram');
  await expect(diagram).toHaveAttribute('data-events-drawn', '2');
  const drawn = await diagram.evaluate((element) => ({
    travelling: element.hasAttribute('data-animate'),
    animations: [...element.querySelectorAll('.flow-edge[data-state="lit"]')].map((edge) => getComputedStyle(edge).animationName),
  }));
  expect(drawn.travelling).toBe(true);
  expect(drawn.animations.length).toBeGreaterThan(0);
  expect(drawn.animations).toEqual(drawn.animations.map(() => 'none'));
});

test('a node opens the panel that shows it: a function its logs, a table its items, by click or by Enter', async ({ page }) => {
  const workbench = await sendFirstSample(page, LESSON_04);
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  await expect(flow.getByRole('link', { name: 'signup-audit Lambda function', exact: true })).toHaveAccessibleDescription('Show in Logs');
  await flow.getByRole('link', { name: 'signup-audit Lambda function', exact: true }).click();
  await expect(workbench.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
  await expect(workbench.getByRole('tabpanel', { name: 'Logs' })).toBeFocused();

  await workbench.getByRole('tab', { name: 'Flow' }).click();
  // Focus stays on the link while the panel is drawn again (the deliveries may still be coming in).
  const table = flow.getByRole('link', { name: 'signup-audit DynamoDB table', exact: true });
  await table.focus();
  await expect(table).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(workbench.getByRole('tab', { name: 'Tables' })).toHaveAttribute('aria-selected', 'true');
  await expect(workbench.getByRole('tabpanel', { name: 'Tables' })).toBeVisible();
});

test('on a phone the diagram’s stages stack, with nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const workbench = await sendFirstSample(page, LESSON_04);
  const flow = workbench.getByRole('tabpanel', { name: 'Flow' });
  const producers = (await flow.locator('[data-column="producers"]').boundingBox())!;
  const buses = (await flow.locator('[data-column="buses"]').boundingBox())!;
  const rules = (await flow.locator('[data-column="rules"]').boundingBox())!;
  expect(buses.y).toBeGreaterThanOrEqual(producers.y + producers.height);
  expect(rules.y).toBeGreaterThanOrEqual(buses.y + buses.height);
  expect(await flow.evaluate((panel) => panel.scrollWidth - panel.clientWidth)).toBeLessThanOrEqual(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});
