// The Pipes panel in Chromium, on lesson 14's account (the solution's filter and enrichment) as the page builds it.
import { afterEach, describe, expect, it } from 'vitest';
import { renderPanel, selectText, type RenderedPanel } from './panel-harness.tsx';
import { PipesPanel } from './PipesPanel.tsx';

const EDITABLE = ['filter.json', 'enrich.ts'];
let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());
const batches = () => [...panel!.element.querySelectorAll<HTMLElement>('.pipe-batch')];
const lines = (batch: HTMLElement, list: string) => [...batch.querySelectorAll(`ul[aria-label="${list}"] > li`)].map((li) => li.firstChild?.textContent + (li.childNodes[1]?.textContent ?? ''));

describe('the Pipes panel', () => {
  it('shows the batch the pipe read from the table’s stream, what the enrichment returned and the event it put on the bus', async () => {
    panel = await renderPanel('14-pipes', EDITABLE, PipesPanel);
    expect(panel.element.textContent).toBe('No batch yet: write to the table (Send event or Run), then Fast-forward so the pipe polls its stream.');
    await panel.sendSample('Place an order');
    await panel.fastForward();
    const [batch] = batches();
    expect(batches()).toHaveLength(1);
    expect(batch!.dataset.ok).toBe('true');
    expect(batch!.querySelector('h4')!.textContent).toMatch(/^\d\d:\d\d:\d\d orders-outbox$/);
    expect(lines(batch!, 'Records read')).toEqual(['INSERT o-1001']);
    expect(lines(batch!, 'Attempts')).toEqual(['✔ attempt 1: 1 record; to the enrichment, which returned 1 item; 1 event put on the bus (OrderPlaced)']);
    expect(JSON.parse(batch!.querySelector('ul[aria-label="Attempts"] pre')!.textContent!)).toEqual([expect.objectContaining({ eventType: 'OrderPlaced', order: expect.objectContaining({ id: 'o-1001' }) })]);
    expect(batch!.querySelector('.panel-note')!.textContent).toBe('Done.');
  });

  it('keeps the text a learner selected in a batch while the pipe reads more', async () => {
    panel = await renderPanel('14-pipes', EDITABLE, PipesPanel);
    await panel.sendSample('Place an order');
    await panel.fastForward();
    const output = batches()[0]!.querySelector('pre')!;
    const selection = selectText(output);
    const selected = selection.toString();
    await panel.sendSample('Ship the order');
    await panel.fastForward();
    expect(batches()).toHaveLength(2);
    expect(lines(batches()[1]!, 'Records read')).toEqual(['MODIFY o-1001']);
    expect(selection.toString()).toBe(selected);
    expect(output.isConnected && output.contains(selection.anchorNode)).toBe(true);
  });
});
