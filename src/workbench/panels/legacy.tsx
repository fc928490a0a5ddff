// A panel still drawn by hand with DOM calls, as a component: `mount` builds it once in its element and returns what
// redraws it for each new view. For panels not yet written as components.

import { useLayoutEffect, useRef } from 'preact/hooks';
import type { WorkbenchView } from '../view.ts';
import type { PanelContext, PanelProps } from './panel.ts';

export function legacyPanel(mount: (element: HTMLElement, context: PanelContext) => (view: WorkbenchView) => void) {
  return function LegacyPanel({ context }: PanelProps) {
    const element = useRef<HTMLDivElement>(null);
    const redraw = useRef<(view: WorkbenchView) => void>();
    const view = context.view.value;
    useLayoutEffect(() => {
      redraw.current ??= mount(element.current!, context);
      redraw.current(view);
    }, [view]);
    return <div ref={element} style={{ display: 'contents' }} />;
  };
}
