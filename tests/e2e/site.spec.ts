import { expect, test } from '@playwright/test';

const LESSON_01 = '/lessons/01-events-and-the-bus/';
const LESSON_02 = '/lessons/02-rules-and-patterns/';

test('the course home lists the lessons in order, with summaries and time', async ({ page }) => {
  await page.goto('/');
  const lessons = page.getByRole('list', { name: 'Lessons' }).getByRole('listitem');
  await expect(lessons.first()).toContainText('01');
  await expect(lessons.first()).toContainText('Events and the event bus');
  await expect(lessons.first()).toContainText('What an event is, what the EventBridge event envelope carries');
  await expect(lessons.first()).toContainText(/About \d+ minutes/);
  await expect(lessons.nth(1)).toContainText('Rules and event patterns');

  await page.getByRole('link', { name: /Events and the event bus/ }).click();
  await expect(page).toHaveURL(LESSON_01);
});

test('lesson 01 renders its headings, objectives and table of contents', async ({ page }) => {
  await page.goto(LESSON_01);
  await expect(page.getByRole('heading', { level: 1, name: 'Events and the event bus' })).toBeVisible();
  for (const section of ['What an event is', 'The event envelope', 'From producer to consumer: bus, rule, targets', 'Watching it: CloudWatch']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(page.getByRole('region', { name: 'You will be able to' }).getByRole('listitem').first()).toBeVisible();

  const toc = page.getByRole('navigation', { name: 'On this page' });
  await toc.getByRole('link', { name: 'The event envelope' }).click();
  await expect(page).toHaveURL(/#the-event-envelope$/);
  await expect(page.getByRole('heading', { name: 'The event envelope' })).toBeInViewport();

  // The MDX components render, not as unknown tags.
  await expect(page.getByRole('complementary', { name: 'In real AWS', exact: true }).first()).toContainText('at least once');
  await expect(page.getByRole('complementary', { name: 'Keep detail small and stable' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Workbench' })).toBeVisible();
});

test('previous and next links walk the course', async ({ page }) => {
  await page.goto(LESSON_01);
  const lessonNav = page.getByRole('navigation', { name: 'Lessons' });
  await expect(lessonNav.getByRole('link', { name: /Previous/ })).toHaveCount(0);

  await lessonNav.getByRole('link', { name: /Next.*Rules and event patterns/ }).click();
  await expect(page).toHaveURL(LESSON_02);
  await expect(page.getByRole('heading', { level: 1, name: 'Rules and event patterns' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: /Previous.*Events and the event bus/ }).click();
  await expect(page).toHaveURL(LESSON_01);

  await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: /Course home/ }).click();
  await expect(page).toHaveURL('/');
});

test('the site makes no request to any other host', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) elsewhere.push(url);
  });
  for (const path of ['/', LESSON_01, LESSON_02]) {
    await page.goto(path, { waitUntil: 'networkidle' });
  }
  expect(elsewhere).toEqual([]);
});

test('every lesson reads on a 360 px wide phone without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  const lessons = await page.getByRole('list', { name: 'Lessons' }).getByRole('link').evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  expect(lessons.length).toBeGreaterThanOrEqual(2);
  for (const path of ['/', ...lessons]) {
    await page.goto(path);
    // Measured once the workbench has mounted and filled its lists (the sample names, the file tabs) too.
    const workbench = page.getByRole('region', { name: 'Workbench' });
    if ((await workbench.count()) > 0) await expect(workbench.getByRole('button', { name: 'Check' })).toBeEnabled({ timeout: 20_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
  }
});

test('the dark theme can be chosen and is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(LESSON_01);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(17, 21, 26)');

  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('the dark theme follows the system setting until the reader picks one', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
