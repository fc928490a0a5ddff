import { signal } from '@preact/signals';
import { render } from 'preact';
import { afterEach, expect, it } from 'vitest';
import type { WorkbenchView } from '../view.ts';
import type { PanelContext, PanelProps, PanelSpec } from './panel.ts';
import { drawn } from './panel-harness.tsx';
import { Panels } from './Panels.tsx';

const view = signal<WorkbenchView>({ state: { flow: {}, before: [], busy: false, checking: false, problem: '', history: [] }, session: undefined, version: 0 });
const context = { lesson: {} as never, controller: {} as never, view, composed: () => '' };

function NotePanel({ context }: PanelProps) {
  return (
    <label>
      Note <input /> <span data-version>{context.view.value.version}</span>
    </label>
  );
}
let opener: PanelContext | undefined;
function OpenerPanel({ context }: PanelProps) {
  opener = context;
  return <p>Opens others</p>;
}
const panels: PanelSpec[] = [
  { name: 'Flow', shows: () => true, Panel: OpenerPanel },
  { name: 'Logs', shows: () => true, Panel: NotePanel },
  { name: 'Queues', shows: () => true, Panel: NotePanel },
];

const host = document.body.appendChild(document.createElement('div'));
afterEach(() => render(null, host));
const tabs = () => [...host.querySelectorAll<HTMLElement>('[role="tab"]')];
const shown = () => [...host.querySelectorAll<HTMLElement>('[role="tabpanel"]')].filter((panel) => !panel.hidden).map((panel) => panel.id);

it('draws a tab and a panel for each panel of the list, the first shown', () => {
  render(<Panels panels={panels} context={context} />, host);
  expect(tabs().map((tab) => [tab.textContent, tab.getAttribute('aria-controls'), tab.getAttribute('aria-selected'), tab.tabIndex])).toEqual([
    ['Flow', 'panel-flow', 'true', 0],
    ['Logs', 'panel-logs', 'false', -1],
    ['Queues', 'panel-queues', 'false', -1],
  ]);
  expect(shown()).toEqual(['panel-flow']);
  expect(host.querySelector('#panel-logs')!.getAttribute('aria-labelledby')).toBe('panel-tab-logs');
});

it('moves between tabs with the arrow keys, Home and End, wrapping round', async () => {
  render(<Panels panels={panels} context={context} />, host);
  const press = async (key: string) => {
    document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    await drawn();
    return [document.activeElement!.textContent, shown()[0]];
  };
  tabs()[0]!.focus();
  expect(await press('ArrowLeft')).toEqual(['Queues', 'panel-queues']);
  expect(await press('ArrowRight')).toEqual(['Flow', 'panel-flow']);
  expect(await press('End')).toEqual(['Queues', 'panel-queues']);
  expect(await press('Home')).toEqual(['Flow', 'panel-flow']);
});

it('keeps a hidden panel as the learner left it, and redraws every panel with the news', async () => {
  render(<Panels panels={panels} context={context} />, host);
  tabs()[1]!.click();
  await drawn();
  const input = host.querySelector<HTMLInputElement>('#panel-logs input')!;
  input.value = 'typed';
  input.focus();
  view.value = { ...view.value, version: view.value.version + 1 };
  await drawn();
  // The update reached the panel without replacing what the learner was typing into, and the hidden panel too.
  expect(host.querySelector('#panel-logs [data-version]')!.textContent).toBe(String(view.value.version));
  expect(host.querySelector<HTMLElement>('#panel-queues')!.hidden).toBe(true);
  expect(host.querySelector('#panel-queues [data-version]')!.textContent).toBe(String(view.value.version));
  expect(document.activeElement).toBe(input);
  tabs()[2]!.click();
  tabs()[1]!.click();
  await drawn();
  expect(host.querySelector<HTMLInputElement>('#panel-logs input')).toBe(input);
  expect(input.value).toBe('typed');
});

it('gives panels an action that shows another panel with focus on it, and the page the same action', async () => {
  let pageOpen: ((name: string) => void) | undefined;
  render(<Panels panels={panels} context={context} onOpen={(open) => (pageOpen = open)} />, host);
  expect(opener!.panels).toEqual(['Flow', 'Logs', 'Queues']);
  opener!.open('Queues');
  await drawn();
  expect(shown()).toEqual(['panel-queues']);
  expect(document.activeElement!.id).toBe('panel-queues');
  expect(tabs()[2]!.getAttribute('aria-selected')).toBe('true');
  pageOpen!('Logs');
  await drawn();
  expect(shown()).toEqual(['panel-logs']);
  expect(document.activeElement!.id).toBe('panel-logs');
});

it('shows a panel without taking the focus when asked to (the Check button keeps it)', async () => {
  let pageOpen: PanelContext['open'] | undefined;
  render(<Panels panels={panels} context={context} onOpen={(open) => (pageOpen = open)} />, host);
  const button = document.body.appendChild(document.createElement('button'));
  button.focus();
  pageOpen!('Queues', { focus: false });
  await drawn();
  expect(shown()).toEqual(['panel-queues']);
  expect(document.activeElement).toBe(button);
  button.remove();
});

it('keeps a panel that fails to draw to itself: it says why, the others go on, and it can be drawn again', async () => {
  let failing = true;
  function FailingPanel({ context }: PanelProps) {
    if (failing && context.view.value.version > 0) throw new Error('no such log group');
    return <p data-drawn>{context.view.value.version}</p>;
  }
  render(<Panels panels={[{ name: 'Logs', shows: () => true, Panel: FailingPanel }, panels[2]!]} context={context} />, host);
  view.value = { ...view.value, version: view.value.version + 1 };
  await drawn();
  expect(host.querySelector('#panel-logs [role="alert"]')!.textContent).toBe('The Logs panel could not be drawn: no such log group. Draw it again');
  expect(host.querySelector('#panel-queues [data-version]')!.textContent).toBe(String(view.value.version));
  failing = false;
  host.querySelector<HTMLButtonElement>('#panel-logs button')!.click();
  await drawn();
  expect(host.querySelector('#panel-logs [data-drawn]')!.textContent).toBe(String(view.value.version));
});
