import { expect, test } from '@playwright/test';

// What ProgressStore.markCompleted leaves in localStorage (src/workbench/persistence/progress.ts).
const KEY = (lessonId: string) => `eventbridge-workbook:lesson:${lessonId}`;
const completed = JSON.stringify({ version: 1, files: { 'handler.ts': 'done' }, savedAt: 1, completedAt: 2 });
const started = JSON.stringify({ version: 1, files: { 'audit.ts': 'half done' }, savedAt: 1 });

test('the course home and the lesson navigation mark the lessons whose checks all passed', async ({ page }) => {
  await page.goto('/');
  const lessons = page.getByRole('list', { name: 'Lessons' });
  await expect(lessons.getByText('Completed').filter({ visible: true })).toHaveCount(0);

  await page.evaluate(
    ([done, half, doneRecord, halfRecord]) => {
      localStorage.setItem(done!, doneRecord!);
      localStorage.setItem(half!, halfRecord!);
    },
    [KEY('03-welcome-email'), KEY('04-fan-out'), completed, started],
  );
  await page.reload();
  await expect(lessons.getByRole('link', { name: /The first consumer.*Completed/ })).toBeVisible();
  await expect(lessons.getByText('Completed').filter({ visible: true })).toHaveCount(1);

  await page.goto('/lessons/04-fan-out/');
  const nav = page.getByRole('navigation', { name: 'Lessons' });
  await expect(nav.getByRole('link', { name: /Previous.*Completed/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: /Next/ })).not.toHaveAccessibleName(/Completed/);
});

test('going back to the course home after completing a lesson shows its mark (from the back/forward cache too)', async ({ page }) => {
  await page.goto('/');
  await page.goto('/lessons/03-welcome-email/');
  await page.evaluate(([key, record]) => localStorage.setItem(key!, record!), [KEY('03-welcome-email'), completed]);
  await page.goBack();
  await expect(page.getByRole('list', { name: 'Lessons' }).getByText('Completed').filter({ visible: true })).toHaveCount(1);
});

test('a browser that refuses storage gets the pages without marks and without errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto('/');
  await expect(page.getByRole('list', { name: 'Lessons' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByText('Completed').filter({ visible: true })).toHaveCount(0);
  await page.goto('/lessons/02-rules-and-patterns/');
  await expect(page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: /Next/ })).toBeVisible();
  expect(errors).toEqual([]);
});
