// Every result panel the workbench has, in tab order: the ones every lesson shows, then those a lesson's
// architecture calls for. This list draws both the tabs and their panels (./Panels.tsx).

import { downstreamNow, resourceKey } from '../flow-state.ts';
import { ChecksPanel } from './ChecksPanel.tsx';
import { renderFlow } from './flow.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { httpPanel } from './http.ts';
import { legacyPanel } from './legacy.tsx';
import { LogsPanel } from './LogsPanel.tsx';
import { MetricsPanel } from './MetricsPanel.tsx';
import type { PanelSpec } from './panel.ts';
import { pipesPanel } from './pipes.ts';
import { renderResource, resourcePanels, type LessonPanel, type ResourcePanel } from './resources.ts';
import { snsPanel } from './sns.ts';

const always = () => true;
const when = (name: LessonPanel) => (architecture: Parameters<PanelSpec['shows']>[0]) => resourcePanels(architecture).includes(name);
const resource = (name: ResourcePanel): PanelSpec => ({
  name,
  shows: when(name),
  Panel: legacyPanel((element, { lesson }) => ({ session }) => renderResource(element, name, lesson.architecture, session)),
});

export const PANELS: readonly PanelSpec[] = [
  {
    name: 'Flow',
    shows: always,
    Panel: legacyPanel((element, { lesson: { architecture }, panels, open }) => ({ state: { flow, before }, session }) => {
      // What each downstream resource holds now, lit where the last action changed it.
      const was = new Map(before.map((node) => [resourceKey(node), node.state]));
      const downstream = downstreamNow(architecture, session).map((node) => ({ ...node, changed: was.has(resourceKey(node)) && was.get(resourceKey(node)) !== node.state }));
      renderFlow(element, architecture, { ...flow, downstream }, { panels: [...panels], open });
    }),
  },
  {
    name: 'Logs',
    shows: always,
    Panel: LogsPanel,
  },
  {
    name: 'Metrics',
    shows: always,
    Panel: MetricsPanel,
  },
  {
    name: 'Checks',
    shows: always,
    Panel: ChecksPanel,
  },
  {
    name: 'History',
    shows: always,
    Panel: HistoryPanel,
  },
  resource('Outbox'),
  {
    name: 'SNS',
    shows: when('SNS'),
    Panel: legacyPanel((element) => {
      const sns = snsPanel(element);
      return ({ session }) => sns.render(session);
    }),
  },
  resource('Queues'),
  resource('Tables'),
  resource('Buses'),
  {
    name: 'Pipes',
    shows: when('Pipes'),
    Panel: legacyPanel((element) => {
      const pipes = pipesPanel(element);
      return ({ session }) => pipes.render(session);
    }),
  },
  {
    name: 'HTTP',
    shows: when('HTTP'),
    Panel: legacyPanel((element, { lesson }) => {
      const http = httpPanel(element, lesson.architecture);
      return ({ session }) => http.render(session);
    }),
  },
];
