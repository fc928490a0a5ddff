// The History panel in Chromium, on lesson 09's account driven through the controller: the events sent, latest
// first; one compared with the composer, the comparison kept open while more are sent; one sent again as it was.
import { afterEach, describe, expect, it } from 'vitest';
import { composerText } from '../composer.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { renderPanel, type RenderedPanel } from './panel-harness.tsx';

let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());
const historyOf = async () => (panel = await renderPanel('09-connecting-systems', ['sync.ts'], HistoryPanel));
const sent = () => [...panel!.element.querySelectorAll<HTMLElement>('ol[aria-label="Events sent"] > li')];
const button = (name: string) => panel!.element.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`)!;
const differences = () => panel!.element.querySelector<HTMLElement>('[role="region"][aria-label="Differences"]')!;
const until = (done: () => boolean) => expect.poll(done).toBe(true);

describe('the History panel', () => {
  it('lists each event sent, the latest first, with its time, source, detail-type and what became of it', async () => {
    const { sendSample, element } = await historyOf();
    expect(element.textContent).toBe('The events you send are listed here, to send again or to compare with the composer.');
    await sendSample('AccountClosed v3');
    await sendSample('AccountUpdated v2');
    expect(sent().map((li) => [li.dataset.sent, li.querySelector('span')!.textContent])).toEqual([
      ['2', expect.stringMatching(/^\d\d:\d\d:\d\d crm\.accounts · AccountUpdated: 1 rule matched$/)],
      ['1', expect.stringMatching(/^\d\d:\d\d:\d\d crm\.accounts · AccountClosed: 1 rule matched$/)],
    ]);
    expect(element.querySelector('ol')!.reversed).toBe(true);
    expect([...sent()[0]!.querySelectorAll('button')].map((b) => [b.textContent, b.getAttribute('aria-label')])).toEqual([
      ['Send again', 'Send again (event 2)'],
      ['Compare with the composer', 'Compare with the composer (event 2)'],
    ]);
    expect(element.textContent).not.toContain('The events you send are listed here');
  });

  it('compares an event with the composer line by line, and keeps the comparison open while more events are sent', async () => {
    const { sendSample } = await historyOf();
    await sendSample('AccountClosed v3');
    button('Compare with the composer (event 1)').click();
    await until(() => differences().textContent !== '');
    expect(differences().textContent).toBe('The composer holds event 1 as it was sent');

    await sendSample('AccountUpdated v2');
    button('Compare with the composer (event 1)').click();
    await until(() => differences().querySelector('pre') !== null);
    expect(differences().querySelector('h4')!.textContent).toBe('Event 1 (−) and the composer now (+)');
    expect(differences().querySelector('.diff-removed')!.textContent).toMatch(/^- .*AccountClosed/);
    expect(differences().querySelector('.diff-added')!.textContent).toMatch(/^\+ .*AccountUpdated/);
    expect(differences().getAttribute('aria-live')).toBe('polite');
    const opened = differences().querySelector('pre');

    await sendSample('AccountClosed v3');
    expect(sent()).toHaveLength(3);
    expect(differences().querySelector('pre')).toBe(opened);
    expect(differences().querySelector('h4')!.textContent).toBe('Event 1 (−) and the composer now (+)');
  });

  it('sends an event again as it was, whatever the composer holds, and the button keeps the learner’s focus', async () => {
    const { sendSample, controller, lesson } = await historyOf();
    const text = (name: string) => composerText(lesson.architecture.sampleEvents.find((sample) => sample.name === name)!);
    await sendSample('AccountClosed v3');
    await sendSample('AccountUpdated v2');
    const again = button('Send again (event 1)');
    again.focus();
    again.click();
    await until(() => sent().length === 3);
    expect(controller.state.history.map((event) => event.text)).toEqual([text('AccountClosed v3'), text('AccountUpdated v2'), text('AccountClosed v3')]);
    expect(sent()[0]!.querySelector('span')!.textContent).toContain('AccountClosed');
    expect(document.activeElement).toBe(again);
    expect(again.getAttribute('aria-label')).toBe('Send again (event 1)');
  });
});
