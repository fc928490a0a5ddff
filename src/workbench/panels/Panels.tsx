// The result panels and their tabs, both drawn from one list (./index.ts). Every panel stays mounted while another is
// shown, so a filter typed or a row opened is still there when the learner comes back to it. The tabs follow the
// ARIA tabs pattern: one tab stop, arrow keys, Home and End.

import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useErrorBoundary, useLayoutEffect, useRef } from 'preact/hooks';
import { nextTab } from '../tabs.ts';
import { panelId, panelTabId, type PanelContext, type PanelSpec } from './panel.ts';

export interface PanelsProps {
  readonly panels: readonly PanelSpec[];
  /** What the panels are given, but `panels` and `open`, which come from the list and the tabs. Read once, when mounted. */
  readonly context: Omit<PanelContext, 'open' | 'panels'>;
  /** Called with the `open` action once the tabs exist, for the page's own buttons (Check shows Checks). */
  readonly onOpen?: (open: PanelContext['open']) => void;
}

export function Panels({ panels, context, onOpen }: PanelsProps) {
  const selected = useSignal(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const panelElements = useRef<(HTMLDivElement | null)[]>([]);
  const names = panels.map((panel) => panel.name);

  const select = (index: number, focus?: 'tab' | 'panel') => {
    selected.value = index;
    // Focus after the panel is shown: a hidden element cannot take it.
    queueMicrotask(() => (focus === 'tab' ? tabs.current[index] : focus === 'panel' ? panelElements.current[index] : null)?.focus());
  };
  // Made once, so that panels given it do not re-render for a new function each time.
  const panelContext = useRef<PanelContext>();
  panelContext.current ??= {
    ...context,
    panels: names,
    open: (name, { focus = true } = {}) => {
      const index = names.indexOf(name);
      if (index >= 0) select(index, focus ? 'panel' : undefined);
    },
  };
  useLayoutEffect(() => onOpen?.(panelContext.current!.open), []);

  const onKeyDown = (event: KeyboardEvent, i: number) => {
    const index = nextTab(event.key, i, panels.length);
    if (index === undefined) return;
    event.preventDefault();
    select(index, 'tab');
  };

  return (
    <>
      <div class="workbench-results-bar">
        <div role="tablist" aria-label="Results" class="workbench-tabs" data-panel-tabs>
          {panels.map(({ name }, i) => (
            <button
              key={name}
              ref={(element) => void (tabs.current[i] = element)}
              type="button"
              role="tab"
              id={panelTabId(name)}
              aria-selected={selected.value === i ? 'true' : 'false'}
              aria-controls={panelId(name)}
              tabIndex={selected.value === i ? 0 : -1}
              data-panel={name}
              onClick={() => select(i)}
              onKeyDown={(event) => onKeyDown(event, i)}
            >
              {name}
            </button>
          ))}
        </div>
      </div>
      <div class="workbench-panels" data-panels>
        {panels.map(({ name, Panel }, i) => (
          <div
            key={name}
            ref={(element) => void (panelElements.current[i] = element)}
            role="tabpanel"
            id={panelId(name)}
            aria-labelledby={panelTabId(name)}
            class="workbench-panel"
            tabIndex={0}
            hidden={selected.value !== i}
          >
            <PanelBoundary name={name}>
              <Panel context={panelContext.current!} />
            </PanelBoundary>
          </div>
        ))}
      </div>
    </>
  );
}

/** A panel that fails to draw says so in its own place; the other panels go on being drawn. */
function PanelBoundary({ name, children }: { name: string; children: ComponentChildren }) {
  const [error, tryAgain] = useErrorBoundary();
  if (!error) return <>{children}</>;
  return (
    <p class="workbench-problem" role="alert">
      {`The ${name} panel could not be drawn: ${error instanceof Error ? error.message : String(error)}. `}
      <button type="button" onClick={tryAgain}>
        Draw it again
      </button>
    </p>
  );
}
