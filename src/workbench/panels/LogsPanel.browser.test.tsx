// The Logs panel in Chromium, on a lesson's account driven through the controller: what it shows of CloudWatch
// Logs, its filter patterns, and the learner's place (focus, a selection, the chosen group, the scroll) kept while
// functions log more.
import { userEvent } from 'vitest/browser';
import { afterEach, describe, expect, it } from 'vitest';
import { LogsPanel } from './LogsPanel.tsx';
import { drawn, renderPanel, type RenderedPanel } from './panel-harness.tsx';

let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());
const logsOf = async (lessonId: string, editable: string[]) => (panel = await renderPanel(lessonId, editable, LogsPanel));
const output = () => panel!.element.querySelector<HTMLElement>('[data-logs]')!;
const filterBox = () => panel!.element.querySelector<HTMLInputElement>('input[type="search"]')!;
/** A range over the first place `text` is shown in `root`, as the learner's mouse would select it. */
function rangeOver(root: Node, text: string): Range {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const at = walker.currentNode.textContent!.indexOf(text);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(walker.currentNode, at);
    range.setEnd(walker.currentNode, at + text.length);
    return range;
  }
  throw new Error(`Nothing in the panel says ${text}`);
}
const lines = () => [...panel!.element.querySelectorAll('pre')].flatMap((pre) => pre.textContent!.split('\n'));

describe('the Logs panel', () => {
  it('shows each function’s log group and stream with Lambda’s lines, each with its time, once an event is sent', async () => {
    const { send, element } = await logsOf('03-welcome-email', ['handler.ts']);
    expect(output().textContent).toBe('Send an event to see the logs it leaves.');
    expect(element.querySelector('select')!.getAttribute('aria-label')).toBe('Log group');
    expect([...element.querySelectorAll('option')].map((option) => option.value)).toEqual(['', '/aws/lambda/welcome-email']);

    await send();
    await drawn();
    const group = element.querySelector('.log-group')!;
    expect(group.querySelector('h4')!.textContent).toBe('/aws/lambda/welcome-email');
    expect(group.querySelector('h5')!.textContent).toMatch(/^Log stream \d{4}\/\d{2}\/\d{2}\/\[\$LATEST\]\w+$/);
    expect(lines()[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z {2}START RequestId: \S+ Version: \$LATEST$/);
    expect(lines().some((line) => line.endsWith('New user signed up: 12345'))).toBe(true);
    expect(lines().at(-1)).toMatch(/ {2}REPORT RequestId: \S+\tDuration: /);
  });

  it('filters the lines with a CloudWatch filter pattern, and names a pattern it cannot read while keeping the last one', async () => {
    const { send, element } = await logsOf('03-welcome-email', ['handler.ts']);
    await send();
    await userEvent.fill(filterBox(), 'REPORT');
    await drawn();
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toContain('REPORT RequestId:');

    await userEvent.fill(filterBox(), '%(REPORT|START)%');
    await drawn();
    expect(element.querySelector('[role="alert"]')!.textContent).toBe('Invalid regex in filter pattern: %(REPORT|START)% (CloudWatch does not support the () operator)');
    expect(lines()).toHaveLength(1);
    await userEvent.fill(filterBox(), '{ $.level = "ERROR" }');
    await drawn();
    expect(element.querySelector('[role="alert"]')!.textContent).toBe('The simulator does not evaluate JSON or space-delimited filter patterns: { $.level = "ERROR" }');

    await userEvent.fill(filterBox(), '?START ?END');
    await drawn();
    expect(element.querySelector('[role="alert"]')!.textContent).toBe('');
    expect(lines().map((line) => line.split('  ')[1]!.split(' ')[0])).toEqual(['START', 'END']);
    await userEvent.fill(filterBox(), '"signed up" -12345');
    await drawn();
    expect(output().textContent).toBe('No log events match the filter.');
  });

  it('keeps focus and the caret in the filter box, and a selection in a line, while the functions log more', async () => {
    const { send } = await logsOf('03-welcome-email', ['handler.ts']);
    await send();
    await drawn();
    // The learner selects the words a line says, to copy them.
    const said = 'New user signed up: 12345';
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(rangeOver(output(), said));
    expect(selection.toString()).toBe(said);
    await send();
    await drawn();
    expect(lines().filter((line) => line.includes(said))).toHaveLength(2);
    expect(selection.toString()).toBe(said);

    await userEvent.fill(filterBox(), 'signed');
    filterBox().setSelectionRange(2, 4);
    await send();
    await drawn();
    expect(lines().filter((line) => line.includes('New user signed up'))).toHaveLength(3);
    expect(document.activeElement).toBe(filterBox());
    expect([filterBox().value, filterBox().selectionStart, filterBox().selectionEnd]).toEqual(['signed', 2, 4]);
  });

  it('keeps the log group the learner chose, a bus’s own among them, and the place they scrolled to', async () => {
    const { send, element } = await logsOf('05-monitoring', ['handler.ts', 'alarms.json']);
    const busGroup = '/aws/vendedlogs/events/event-bus/default';
    await send();
    await drawn();
    expect([...element.querySelectorAll('.log-group h4')].map((heading) => heading.textContent)).toEqual(['/aws/lambda/welcome-email', busGroup]);
    await userEvent.selectOptions(element.querySelector('select')!, busGroup);
    await drawn();
    expect([...element.querySelectorAll('.log-group h4')].map((heading) => heading.textContent)).toEqual([busGroup]);
    expect(lines().map((line) => JSON.parse(line.split('  ')[1]!).message_type)).toEqual(expect.arrayContaining(['EVENT_RECEIPT', 'RULE_MATCH', 'INVOCATION_SUCCESS']));

    // The panel scrolls as the workbench's does, and the learner has scrolled to the middle of the bus's log.
    element.style.cssText = 'display: block; max-height: 6rem; overflow: auto';
    const before = lines().length;
    element.scrollTop = element.scrollHeight / 2;
    const scrolledTo = element.scrollTop;
    expect(scrolledTo).toBeGreaterThan(0);
    const box = element.getBoundingClientRect();
    const lineInView = () => document.elementFromPoint(box.left + 20, box.top + box.height / 2);
    const reading = lineInView();
    expect(reading!.closest('pre')).not.toBeNull();
    await send();
    await drawn();
    expect(lines().length).toBeGreaterThan(before);
    expect(element.querySelector('select')!.value).toBe(busGroup);
    // The line they were reading is still the one in front of them.
    expect(lineInView()).toBe(reading);
    expect(element.scrollTop).toBe(scrolledTo);
  });
});
