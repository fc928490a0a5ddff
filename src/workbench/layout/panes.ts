// The lesson page's panes as data: which splits it has, their first sizes and least sizes, the custom properties
// that carry them, and where they are remembered. Read by the page before first paint (src/pages/lessons/[lesson].astro)
// and by the splitters (./lesson-layout.ts), so both agree.

import { LAYOUT_PREFIX, type SplitSpec } from './split.ts';

/** The lesson text beside the workbench, as a share of the page's width. */
export const TEXT_SPLIT: SplitSpec & { property: string } = {
  key: `${LAYOUT_PREFIX}text-share`,
  property: '--lesson-text-share',
  initial: 0.4,
  // A readable column of text; a workbench whose toolbar still fits on two rows.
  minFirst: 288,
  minSecond: 480,
};

/** The editor above the results, as a share of the height they divide. */
export const EDITOR_SPLIT: SplitSpec & { property: string } = {
  key: `${LAYOUT_PREFIX}editor-share`,
  property: '--workbench-editor-share',
  // Fifteen lines of code or more from 720 px of window height up; the results keep the rest.
  initial: 0.55,
  // Five lines of code; the results' tabs and three lines of a panel.
  minFirst: 96,
  minSecond: 128,
};

/** The event composer beside the results, as a share of the width they divide. */
export const COMPOSER_SPLIT: SplitSpec & { property: string } = {
  key: `${LAYOUT_PREFIX}composer-share`,
  property: '--workbench-composer-share',
  initial: 0.36,
  // The sample list and a readable line of the event's JSON; the results' tabs on one or two rows.
  minFirst: 200,
  minSecond: 280,
};

/** Whether the learner has folded the lesson text away to give the workbench the width. */
export const TEXT_COLLAPSED_KEY = `${LAYOUT_PREFIX}text-collapsed`;

/** The <html> attribute that says so, set before first paint; layout.css hides the text by it. */
export const TEXT_COLLAPSED_ATTRIBUTE = 'data-lesson-text';
