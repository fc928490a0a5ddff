// The lesson page's layout at work: the splitters between the text and the workbench, the editor and the results, and
// the composer and the results; the button that folds the text away; tooltips; wide tables. Runs with the page's first script, before the workbench (and
// Monaco) load, so the panes can be arranged while the editor is still coming. The panes themselves are CSS
// (./layout.css); their sizes are ./panes.ts.

import { COMPOSER_SPLIT, EDITOR_SPLIT, TEXT_COLLAPSED_ATTRIBUTE, TEXT_COLLAPSED_KEY, TEXT_SPLIT } from './panes.ts';
import { isApple, shortcutText, type Shortcut } from './shortcuts.ts';
import { attachSplitter, measureBetween } from './splitter.ts';
import { dismissTooltipsOnEscape } from './tooltips.ts';

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

export function mountLessonLayout(): void {
  const layout = document.querySelector<HTMLElement>('[data-lesson-layout]');
  if (!layout) return;
  const saved = storage();

  const splits = [
    { name: 'lesson-text', first: '.lesson-text-pane', second: '.lesson-workbench', orientation: 'vertical', spec: TEXT_SPLIT, describe: (p: number) => `Lesson text ${p}% of the width` },
    { name: 'editor', first: '[data-workbench-code]', second: '[data-workbench-lower]', orientation: 'horizontal', spec: EDITOR_SPLIT, describe: (p: number) => `Editor ${p}% of the height` },
    { name: 'composer', first: '.workbench-composer', second: '.workbench-results', orientation: 'vertical', spec: COMPOSER_SPLIT, describe: (p: number) => `Event composer ${p}% of the width` },
  ] as const;
  for (const split of splits) {
    const separator = layout.querySelector<HTMLElement>(`[data-splitter="${split.name}"]`);
    const first = layout.querySelector<HTMLElement>(split.first);
    const second = layout.querySelector<HTMLElement>(split.second);
    if (!separator || !first || !second) continue;
    attachSplitter({
      separator,
      orientation: split.orientation,
      spec: split.spec,
      property: split.spec.property,
      storage: saved,
      measure: measureBetween(first, separator, second, split.orientation),
      describe: split.describe,
    });
  }

  const toggle = layout.querySelector<HTMLButtonElement>('[data-lesson-text-toggle]');
  if (toggle) {
    const root = document.documentElement;
    const show = () => {
      const collapsed = root.getAttribute(TEXT_COLLAPSED_ATTRIBUTE) === 'collapsed';
      toggle.textContent = collapsed ? 'Show the lesson text' : 'Hide the lesson text';
    };
    toggle.addEventListener('click', () => {
      const collapse = root.getAttribute(TEXT_COLLAPSED_ATTRIBUTE) !== 'collapsed';
      if (collapse) root.setAttribute(TEXT_COLLAPSED_ATTRIBUTE, 'collapsed');
      else root.removeAttribute(TEXT_COLLAPSED_ATTRIBUTE);
      try {
        if (collapse) saved?.setItem(TEXT_COLLAPSED_KEY, 'true');
        else saved?.removeItem(TEXT_COLLAPSED_KEY);
      } catch {
        // Not remembered; folded for this visit.
      }
      show();
      // Monaco lays itself out on resize of its box (automaticLayout); the splitters re-read their bounds on resize.
      dispatchEvent(new Event('resize'));
    });
    show();
  }

  keepWideTablesReachable(layout);

  // The page is built with Ctrl; a Mac's reader is told ⌘.
  const platform = (navigator as Navigator & { userAgentData?: { platform: string } }).userAgentData?.platform ?? navigator.platform;
  if (isApple(platform)) for (const key of layout.querySelectorAll<HTMLElement>('[data-shortcut]')) key.textContent = shortcutText(key.dataset.shortcut as Shortcut, true);

  dismissTooltipsOnEscape(layout);
}

/**
 * A table wider than the text column scrolls sideways (global.css); a keyboard user can scroll it only if it can take
 * focus (WCAG 2.1.1, axe's scrollable-region-focusable). Which tables overflow depends on the column's width, so it
 * is asked again whenever the text's pane changes size.
 */
function keepWideTablesReachable(layout: HTMLElement): void {
  const text = layout.querySelector<HTMLElement>('.lesson-text');
  if (!text) return;
  const tables = [...text.querySelectorAll<HTMLTableElement>('table')];
  if (tables.length === 0) return;
  const update = () => {
    for (const table of tables) {
      if (table.scrollWidth > table.clientWidth + 1) table.tabIndex = 0;
      else table.removeAttribute('tabindex');
    }
  };
  new ResizeObserver(update).observe(text);
  update();
}
