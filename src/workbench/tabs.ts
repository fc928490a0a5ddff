// The workbench's two tab lists (the files here, the result panels in ./panels/Panels.tsx) share one keyboard behaviour.

/** Tabs that follow the ARIA tabs pattern: one tab stop, arrow keys, Home and End. */
export function tabList(tabs: HTMLElement[], onSelect: (index: number) => void): (index: number) => void {
  const select = (index: number) => {
    tabs.forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === index));
      tab.tabIndex = i === index ? 0 : -1;
    });
    onSelect(index);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(i));
    tab.addEventListener('keydown', (event) => {
      const index = nextTab(event.key, i, tabs.length);
      if (index === undefined) return;
      event.preventDefault();
      select(index);
      tabs[index]!.focus();
    });
  });
  return select;
}

/** The tab a key moves to from tab `index` of `count` (arrows wrap round), or undefined for a key tabs do not take. */
export function nextTab(key: string, index: number, count: number): number | undefined {
  const next = ({ ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: count - 1 } as Record<string, number>)[key];
  return next === undefined ? undefined : (next + count) % count;
}
