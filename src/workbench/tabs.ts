// The workbench's two tab lists (the files, the result panels) share one keyboard behaviour.

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
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const index = (next + tabs.length) % tabs.length;
      select(index);
      tabs[index]!.focus();
    });
  });
  return select;
}
