// The SNS panel in Chromium, on lesson 07's account (the solution's pager text) as the page builds it.
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel, selectText, type RenderedPanel } from './panel-harness.tsx';
import { SnsPanel } from './SnsPanel.tsx';

const PAGER_TEXT = 'ESCALATED T-9001: URGENT priority, standard customer C-17. Paged by rule page-on-call.';
let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());

describe('the SNS panel', () => {
  it('shows each message published to the topic and what the on-call phone received', async () => {
    panel = await renderPanel('07-input-transformers', ['pager-text.json', 'partner-update.json'], SnsPanel);
    expect(panel.element.textContent).toBe('Nothing published yet: messages to the lesson’s topics, and SMS sent straight to a number, show here.');
    await panel.sendSample('Ticket escalated (URGENT)');
    const messages = panel.element.querySelectorAll('.sns-message');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.querySelector('h4')!.textContent).toMatch(/^\d\d:\d\d:\d\d topic oncall-pager$/);
    expect(messages[0]!.querySelector('pre')!.textContent).toBe(PAGER_TEXT);
    const deliveries = messages[0]!.querySelector('ul[aria-label="Deliveries"]')!;
    expect([...deliveries.querySelectorAll('li')].map((li) => [li.dataset.ok, li.textContent])).toEqual([['true', '✔ sms +15555550199: delivered (Promotional)']]);
  });

  it('keeps the text a learner selected in a message while more messages arrive', async () => {
    panel = await renderPanel('07-input-transformers', ['pager-text.json', 'partner-update.json'], SnsPanel);
    await panel.sendSample('Ticket escalated (URGENT)');
    const first = panel.element.querySelector('.sns-message pre')!;
    const selection = selectText(first);
    await panel.sendSample('Ticket escalated (URGENT)');
    expect(panel.element.querySelectorAll('.sns-message')).toHaveLength(2);
    expect(panel.element.querySelector('.sns-message pre')).toBe(first);
    expect(selection.toString()).toBe(PAGER_TEXT);
    expect(first.contains(selection.anchorNode)).toBe(true);
  });
});
