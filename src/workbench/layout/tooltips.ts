// The toolbar's tooltips (what a button does, and its shortcut) show on hover and on keyboard focus, in CSS
// (layout.css: `.tip-host`). WCAG 1.4.13 asks that such content can be dismissed without moving the pointer or
// focus: Escape hides the tooltip until the pointer leaves its button or focus moves on.

export function dismissTooltipsOnEscape(scope: HTMLElement): void {
  const hosts = [...scope.querySelectorAll<HTMLElement>('.tip-host')];
  scope.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const host of hosts) if (host.matches(':hover, :focus-within')) host.dataset.tipDismissed = 'true';
  });
  for (const host of hosts) {
    const restore = () => delete host.dataset.tipDismissed;
    host.addEventListener('pointerleave', restore);
    host.addEventListener('focusout', restore);
  }
}
