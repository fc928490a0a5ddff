import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import pagerLesson from '../../../lessons/07-input-transformers/architecture.ts';
import invoiceLesson from '../../../lessons/10-saas-automation/architecture.ts';
import type { LessonArchitecture } from '../../lessons/architecture.ts';
import { composerText, readComposer } from '../composer.ts';
import { previewTransformer, testerWords, transformerFiles } from './transformer.ts';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const NOW = Date.UTC(2026, 10, 30, 16, 21, 0);

function preview(architecture: LessonArchitecture, file: string, text: string, sample: string, files: Record<string, string> = {}) {
  const event = readComposer(composerText(architecture.sampleEvents.find((s) => s.name === sample)!));
  return previewTransformer({ architecture, files: { ...files, [file]: text }, file, event, account: '123456789012', region: 'us-east-1', now: NOW, id: 'e0000000-0000-4000-8000-000000000000' });
}

describe('the transformer tester', () => {
  it('knows which files are input transformers, and of which rule and target', () => {
    expect([...transformerFiles(pagerLesson)].map(([file, { rule, target }]) => `${file} ${rule.name} ${target.id}`)).toEqual([
      'pager-text.json page-on-call oncall-pager',
      'partner-update.json partner-tracking partner-updates',
    ]);
    expect([...transformerFiles(invoiceLesson).keys()]).toEqual(['invoice-request.json']);
  });

  it('shows the pager text exactly as the SNS topic would receive it, rule name included', () => {
    expect(preview(pagerLesson, 'pager-text.json', read('solutions/07-input-transformers/pager-text.json'), 'Ticket escalated (URGENT)')).toEqual({
      kind: 'output',
      format: 'text',
      text: 'ESCALATED T-9001: URGENT priority, standard customer C-17. Paged by rule page-on-call.',
      matches: true,
    });
  });

  it('fills a JSON template minified, with the time PutEvents gave the event, and says when the rule would not match it', () => {
    const result = preview(pagerLesson, 'partner-update.json', read('solutions/07-input-transformers/partner-update.json'), 'Ticket escalated (URGENT)');
    expect(result).toEqual({ kind: 'output', format: 'json', text: '{"tracking":"","order":"","state":"ESCALATED","weightKg":"","priority":"URGENT","country":"","changedAt":"2026-11-30T16:21:00Z"}', matches: false });
    expect(preview(pagerLesson, 'partner-update.json', read('solutions/07-input-transformers/partner-update.json'), 'Package out for delivery')).toMatchObject({
      kind: 'output',
      text: '{"tracking":"PKG-1001","order":"ORD-501","state":"OUT_FOR_DELIVERY","weightKg":2.4,"priority":false,"country":"GB","changedAt":"2026-11-30T16:21:00Z"}',
      matches: true,
    });
  });

  it('builds a partner’s event as PutPartnerEvents does, and reads the rule’s pattern from the learner’s file', () => {
    const files = { 'deal-won.json': read('solutions/10-saas-automation/deal-won.json') };
    const body = read('solutions/10-saas-automation/invoice-request.json');
    const won = preview(invoiceLesson, 'invoice-request.json', body, 'Deal won', files);
    expect(won).toMatchObject({ kind: 'output', format: 'json', matches: true });
    expect(JSON.parse((won as { text: string }).text)).toEqual({
      requestId: 'DL-20931',
      accountId: 'ACC-1001',
      customerName: 'Northwind Traders',
      billingEmail: 'finance@northwind.example',
      amount: 48000,
      currency: 'EUR',
    });
    expect(preview(invoiceLesson, 'invoice-request.json', body, 'Deal lost', files)).toMatchObject({ kind: 'output', matches: false });
    // A pattern file that is not JSON yet: whether the rule matches cannot be said.
    expect(preview(invoiceLesson, 'invoice-request.json', body, 'Deal won', { 'deal-won.json': '{' })).toMatchObject({ kind: 'output', matches: undefined });
  });

  it('gives PutTargets’ own refusal of a placeholder the map does not declare', () => {
    const text = JSON.stringify({ InputPathsMap: { ticket: '$.detail.ticketId' }, InputTemplate: 'ESCALATED <ticket> <tier>' });
    expect(preview(pagerLesson, 'pager-text.json', text, 'Ticket escalated (URGENT)')).toEqual({
      kind: 'invalid',
      message: 'PutTargets would refuse it: ValidationException: InputTemplate for target oncall-pager contains invalid placeholder tier.',
    });
  });

  it('names the file when it is not JSON or not a transformer', () => {
    expect(preview(pagerLesson, 'pager-text.json', '{"InputTemplate": ', 'Ticket escalated (URGENT)')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^pager-text\.json: is not valid JSON/) });
    expect(preview(pagerLesson, 'pager-text.json', '{"Template": "x"}', 'Ticket escalated (URGENT)')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^pager-text\.json: /) });
  });

  it('says AWS delivers nothing when a JSON template does not fill into JSON', () => {
    const text = JSON.stringify({ InputPathsMap: { customer: '$.detail.customer' }, InputTemplate: '{"who": "<customer>"}' });
    expect(preview(pagerLesson, 'pager-text.json', text, 'Ticket escalated (URGENT)')).toMatchObject({ kind: 'nothing', matches: true });
  });

  it('passes on what is wrong with the composer’s event', () => {
    const base = { architecture: pagerLesson, files: { 'pager-text.json': read('solutions/07-input-transformers/pager-text.json') }, file: 'pager-text.json', account: '123456789012', region: 'us-east-1', now: NOW, id: 'x' };
    expect(previewTransformer({ ...base, event: readComposer('{') })).toMatchObject({ kind: 'event', message: expect.stringMatching(/^The event is not valid JSON/) });
    expect(previewTransformer({ ...base, event: readComposer('{"Source": "myapp.support", "DetailType": "T", "Detail": "[1]"}') })).toEqual({
      kind: 'event',
      message: 'PutEvents would refuse this event: MalformedDetail: Detail is malformed.',
    });
  });
});

describe('the transformer tester’s words', () => {
  const pager = transformerFiles(pagerLesson).get('pager-text.json')!;
  const invoice = transformerFiles(invoiceLesson).get('invoice-request.json')!;

  it('name the target, its rule and the file, and for an API destination where the whole request shows', () => {
    const output = { kind: 'output', text: 'x', format: 'text', matches: true } as const;
    expect(testerWords('pager-text.json', pager, output)).toEqual({
      note: 'What EventBridge delivers to oncall-pager (SNS topic, rule page-on-call) for the event in the Event box, with pager-text.json as you type it.',
      verdict: 'Delivered as text, exactly as below.',
    });
    expect(testerWords('invoice-request.json', invoice, { ...output, format: 'json' }).note).toMatch(/ It is the body of the HTTP request; the HTTP panel shows the whole request once an event is sent\.$/);
  });

  it('say when the rule would not match, and give AWS’s refusal as it is', () => {
    expect(testerWords('pager-text.json', pager, { kind: 'output', text: '{}', format: 'json', matches: false }).verdict).toBe(
      'Delivered as JSON (minified). Rule page-on-call does not match this event, so none of this would be delivered: try a sample the rule matches.',
    );
    expect(testerWords('pager-text.json', pager, { kind: 'invalid', message: 'PutTargets would refuse it: ValidationException: …' }).verdict).toBe('PutTargets would refuse it: ValidationException: …');
  });
});
