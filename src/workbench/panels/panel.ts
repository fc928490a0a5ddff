// What every result panel is given, and what the workbench knows of each panel: its name (the tab's label), whether
// a lesson shows it, and the component that draws it. The list of panels is ./index.ts; the tabs ./Panels.tsx.

import type { ReadonlySignal } from '@preact/signals';
import type { ComponentType } from 'preact';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import type { WorkbenchController } from '../controller.ts';
import type { WorkbenchLesson } from '../lesson-files.ts';
import type { WorkbenchView } from '../view.ts';

export interface PanelContext {
  readonly lesson: WorkbenchLesson;
  /** The actions a panel may take (History sends an event again). */
  readonly controller: WorkbenchController;
  /** The controller's state and the running account; reading `.value` re-renders the panel when either changes. */
  readonly view: ReadonlySignal<WorkbenchView>;
  /** The names of the panels this lesson shows, in tab order. */
  readonly panels: readonly string[];
  /**
   * Selects the panel named and moves focus to it (Flow's nodes open their resource's panel); with `focus: false`,
   * focus stays where it is (the Check button shows Checks and keeps the focus of the learner who pressed it).
   */
  open(name: string, options?: { focus?: boolean }): void;
  /** The composer's text now (History compares a sent event with it). */
  composed(): string;
}

export interface PanelProps {
  readonly context: PanelContext;
}

export interface PanelSpec {
  /** The tab's label; also the panel's id, lower-cased (`panel-logs`). */
  readonly name: string;
  /** Whether a lesson with this architecture shows the panel. */
  shows(architecture: LessonArchitecture): boolean;
  readonly Panel: ComponentType<PanelProps>;
}

export const panelId = (name: string): string => `panel-${name.toLowerCase()}`;
export const panelTabId = (name: string): string => `panel-tab-${name.toLowerCase()}`;

/** The panels every lesson shows, first, in this order; the page draws their tabs before the workbench loads. */
export const EVERY_LESSON = ['Flow', 'Logs', 'Metrics', 'Checks', 'History'] as const;
