// The HTTP panel in Chromium, on lesson 10's account (the solution's pattern and transformer) as the page builds it.
import { afterEach, describe, expect, it } from 'vitest';
import { HttpPanel } from './HttpPanel.tsx';
import { drawn, renderPanel, selectText, type RenderedPanel } from './panel-harness.tsx';

const EDITABLE = ['deal-won.json', 'invoice-request.json'];
let panel: RenderedPanel | undefined;
afterEach(() => panel?.dispose());
const exchanges = () => [...panel!.element.querySelectorAll<HTMLElement>('.http-exchange')];
const revealBox = () => panel!.element.querySelector<HTMLInputElement>('input[type="checkbox"]')!;

describe('the HTTP panel', () => {
  it('shows the request EventBridge sent to the API destination with its API key masked, and the answer', async () => {
    panel = await renderPanel('10-saas-automation', EDITABLE, HttpPanel);
    expect(panel.element.textContent).toContain('No request has left the account yet: send an event that a rule routes to an API destination.');
    expect(revealBox().closest('label')!.textContent).toBe(' Show secret values');
    await panel.sendSample('Deal won');
    const [call] = exchanges();
    expect(exchanges()).toHaveLength(1);
    expect(call!.dataset).toMatchObject({ ok: 'true', purpose: 'api-destination issue-invoice' });
    expect(call!.querySelector('h4')!.textContent).toMatch(/^#1 \d\d:\d\d:\d\d api-destination issue-invoice: 201 Created after \d+ ms$/);
    expect(call!.querySelector('.http-request-line')!.textContent).toBe('POST https://invoices.example.com/v1/invoices');
    const [headers, body, , responseBody] = [...call!.querySelectorAll('pre')].map((pre) => pre.textContent);
    expect(headers).toContain('x-api-key: •••••••••••3c9a');
    expect(headers).not.toContain('fin-test-5f3c9a');
    expect(JSON.parse(body!)).toMatchObject({ requestId: 'DL-20931', customerName: 'Northwind Traders' });
    expect(responseBody).toContain('"invoiceId": "INV-000001"');
    expect([...call!.querySelectorAll('h5')].map((h5) => h5.textContent)).toEqual(['Request headers', 'Request body', 'Response: 201 Created']);
  });

  it('keeps the secret values shown, the checkbox focused and a selection in an earlier request while more requests arrive', async () => {
    panel = await renderPanel('10-saas-automation', EDITABLE, HttpPanel);
    await panel.sendSample('Deal won');
    revealBox().focus();
    revealBox().click();
    await drawn();
    expect(exchanges()[0]!.textContent).toContain('x-api-key: fin-test-5f3c9a');
    const firstBody = exchanges()[0]!.querySelectorAll('pre')[1]!;
    const selection = selectText(firstBody);
    const selected = selection.toString();

    await panel.sendSample('Deal won');
    expect(exchanges()).toHaveLength(2);
    expect(exchanges().map((call) => call.querySelector('pre')!.textContent!.includes('x-api-key: fin-test-5f3c9a'))).toEqual([true, true]);
    expect(revealBox().checked).toBe(true);
    expect(document.activeElement).toBe(revealBox());
    expect(selection.toString()).toBe(selected);
    expect(firstBody.isConnected && firstBody.contains(selection.anchorNode)).toBe(true);

    revealBox().click();
    await drawn();
    expect(exchanges()[1]!.querySelector('pre')!.textContent).toContain('x-api-key: •••••••••••3c9a');
  });
});
