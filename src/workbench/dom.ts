// A small way to build DOM without a framework: `h('li', { class: 'rule', 'data-state': 'matched' }, 'text', child)`.
// Attributes set to `false`/`undefined` are left off; `true` sets an empty attribute. Text is always text, never HTML.

export type Child = Node | string | number | null | undefined | false;
export type Attributes = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flatMap((child) => (child === null || child === undefined || child === false ? [] : [typeof child === 'number' ? String(child) : child])));
  return element;
}

let counter = 0;
/** An id unique on the page, for aria-describedby and label/for pairs. */
export const uniqueId = (prefix: string): string => `${prefix}-${++counter}`;

/** `09:00:05` for a virtual time, in UTC as CloudWatch shows it. */
export const clockTime = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
