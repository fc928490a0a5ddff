// The Metrics panel in Chromium, on a lesson's account driven through the controller: what CloudWatch recorded,
// per minute of virtual time, and a table the learner is on kept focused while the numbers change.
import { afterEach, describe, expect, it } from 'vitest';
import { learnerFiles } from '../lesson-files.ts';
import { MetricsPanel } from './MetricsPanel.tsx';
import { drawn, renderPanel, type RenderedPanel } from './panel-harness.tsx';

let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());
const metricsOf = async (lessonId: string, editable: string[]) => (panel = await renderPanel(lessonId, editable, MetricsPanel));
const row = (metric: string, dimensions: string) => [...panel!.element.querySelectorAll<HTMLTableRowElement>(`[data-metric="${metric}"]`)].find((tr) => tr.cells[1]!.textContent === dimensions)!;
const total = (tr: HTMLTableRowElement) => tr.cells[3]!.textContent;
const minute = /\d\d:\d\d/.source;

describe('the Metrics panel', () => {
  it('shows a table per namespace, a row per metric with its dimensions, a bar per minute and the total', async () => {
    const { send, element } = await metricsOf('03-welcome-email', ['handler.ts']);
    expect(element.textContent).toBe('No metrics yet: send an event, and the bus and your functions record them per minute.');

    await send();
    await drawn();
    expect(element.querySelector('.panel-note')!.textContent).toMatch(new RegExp(`^Sum per minute, ${minute} to ${minute} UTC \\(virtual time\\)\\.$`));
    expect([...element.querySelectorAll('table')].map((table) => table.getAttribute('aria-label'))).toEqual(['AWS/Events metrics', 'AWS/Lambda metrics']);
    const invocations = row('AWS/Lambda Invocations', 'FunctionName=welcome-email');
    expect(total(invocations)).toBe('1');
    const chart = invocations.querySelector('svg')!;
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toMatch(new RegExp(`^Invocations per minute: ${minute} 1$`));
    expect([...chart.querySelectorAll('rect')].map((bar) => bar.getAttribute('class'))).toEqual(['metric-bar']);
    expect(total(row('AWS/Lambda Errors', 'FunctionName=welcome-email'))).toBe('0');

    await send();
    await drawn();
    expect(total(row('AWS/Lambda Invocations', 'FunctionName=welcome-email'))).toBe('2');
  });

  it('counts the minutes from the account’s start to its clock, and keeps focus on the table the learner is on', async () => {
    const { lesson, send, controller, element } = await metricsOf('05-monitoring', ['handler.ts', 'alarms.json']);
    panel!.files = () => learnerFiles(lesson, {}); // the starter fails some signups: Lambda retries them minutes later
    for (const [i] of lesson.architecture.sampleEvents.entries()) await send(i);
    await drawn();
    const table = element.querySelector<HTMLTableElement>('table[aria-label="AWS/Lambda metrics"]')!;
    table.focus();
    const errors = () => row('AWS/Lambda Errors', 'FunctionName=welcome-email');
    const before = Number(total(errors()));
    expect(before).toBeGreaterThan(0);

    await controller.fastForward();
    await drawn();
    expect(document.activeElement).toBe(table);
    expect(Number(total(errors()))).toBe(before + 2);
    // A bar for every minute from the first send to the last retry, three minutes on at least; the retries' minutes are not empty.
    const bars = [...errors().querySelectorAll('rect')];
    expect(bars.length).toBeGreaterThanOrEqual(4);
    expect(bars.at(-1)!.getAttribute('class')).toBe('metric-bar');
    expect(errors().querySelector('svg')!.getAttribute('aria-label')!.split(', ')).toHaveLength(bars.length);
  });
});
