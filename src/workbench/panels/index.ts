// Every result panel the workbench has, in tab order: the ones every lesson shows, then those a lesson's
// architecture calls for. This list draws both the tabs and their panels (./Panels.tsx).

import { ChecksPanel } from './ChecksPanel.tsx';
import { FlowPanel } from './FlowPanel.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { HttpPanel } from './HttpPanel.tsx';
import { LogsPanel } from './LogsPanel.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';
import { EVERY_LESSON, type PanelSpec } from './panel.ts';
import { PipesPanel } from './PipesPanel.tsx';
import { BusesPanel, OutboxPanel, QueuesPanel, TablesPanel } from './ResourcePanels.tsx';
import { resourcePanels, type LessonPanel } from './resources.ts';
import { SnsPanel } from './SnsPanel.tsx';

const always = () => true;
const when = (name: LessonPanel) => (architecture: Parameters<PanelSpec['shows']>[0]) => resourcePanels(architecture).includes(name);

// Keyed by EVERY_LESSON's names, which the page also draws as tabs before the workbench loads: a name added there
// and not here does not type-check.
const everyLesson: Record<(typeof EVERY_LESSON)[number], PanelSpec['Panel']> = {
  Flow: FlowPanel,
  Logs: LogsPanel,
  Metrics: MetricsPanel,
  Checks: ChecksPanel,
  History: HistoryPanel,
};

export const PANELS: readonly PanelSpec[] = [
  ...EVERY_LESSON.map((name) => ({ name, shows: always, Panel: everyLesson[name] })),
  { name: 'Outbox', shows: when('Outbox'), Panel: OutboxPanel },
  { name: 'SNS', shows: when('SNS'), Panel: SnsPanel },
  { name: 'Queues', shows: when('Queues'), Panel: QueuesPanel },
  { name: 'Tables', shows: when('Tables'), Panel: TablesPanel },
  { name: 'Buses', shows: when('Buses'), Panel: BusesPanel },
  { name: 'Pipes', shows: when('Pipes'), Panel: PipesPanel },
  { name: 'HTTP', shows: when('HTTP'), Panel: HttpPanel },
];
