// In Chromium: the "Completed" marks read what ProgressStore wrote, and a page without storage shows none.
import { afterEach, describe, expect, it } from 'vitest';
import { showCompletedMarks } from './completed-marks.ts';
import { ProgressStore } from './progress.ts';

const links = () => {
  const list = document.createElement('ol');
  list.innerHTML = ['01-events', '02-rules', '03-email']
    .map((id) => `<li><a href="/lessons/${id}/">${id}<span data-completed-mark="${id}" hidden><span aria-hidden="true">✔</span> Completed</span></a></li>`)
    .join('');
  document.body.append(list);
  return list;
};
const shown = (list: HTMLElement) => [...list.querySelectorAll<HTMLElement>('[data-completed-mark]')].filter((mark) => !mark.hidden).map((mark) => mark.dataset.completedMark);

afterEach(() => {
  localStorage.clear();
  document.body.replaceChildren();
});

describe('completed marks', () => {
  it('shows the marks of the lessons whose checks all passed, and only those', () => {
    const store = new ProgressStore(localStorage);
    store.markCompleted('03-email');
    store.save('02-rules', { 'pattern.json': '{}' });
    const list = links();
    showCompletedMarks(document, localStorage);
    expect(shown(list)).toEqual(['03-email']);
    expect(list.querySelector('a[href="/lessons/03-email/"]')!.textContent).toContain('Completed');
    store.markCompleted('01-events');
    showCompletedMarks(document, localStorage);
    expect(shown(list)).toEqual(['01-events', '03-email']);
  });

  it('shows none, and throws nothing, without storage', () => {
    const list = links();
    expect(() => showCompletedMarks(document, undefined)).not.toThrow();
    expect(shown(list)).toEqual([]);
  });
});
