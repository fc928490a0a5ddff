import { describe, expect, it } from 'vitest';
import invoiceLesson from '../../../lessons/10-saas-automation/architecture.ts';
import type { HttpJournalEntry } from '../../services/http/internet.ts';
import { connectionSecrets, httpRows, maskSecret, prettyBody, statusLine } from './http.ts';

const AT = Date.UTC(2026, 10, 30, 16, 20, 0);

const invoiceCall = (seq: number, sentAt: number, end: Pick<HttpJournalEntry, 'response' | 'failure' | 'completedAt'>): HttpJournalEntry => ({
  seq,
  purpose: 'api-destination issue-invoice',
  sentAt,
  ...end,
  request: {
    method: 'POST',
    url: 'https://invoices.example.com/v1/invoices',
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'x-api-key': 'fin-test-5f3c9a', 'User-Agent': 'Amazon/EventBridge/ApiDestinations' },
    body: '{"requestId":"DL-20931","amount":48000}',
  },
});

describe('the HTTP panel’s rows', () => {
  it('shows each request as sent, its body as indented JSON, and the answer with its reason phrase and time', () => {
    const [row] = httpRows([invoiceCall(1, AT, { completedAt: AT + 120, response: { status: 201, headers: { 'content-type': 'application/json' }, body: '{"invoiceId":"INV-000001"}' } })], { secrets: [], reveal: false });
    expect(row).toEqual({
      seq: 1,
      purpose: 'api-destination issue-invoice',
      sentAt: '16:20:00',
      outcome: '201 Created after 120 ms',
      ok: true,
      method: 'POST',
      url: 'https://invoices.example.com/v1/invoices',
      requestHeaders: 'Content-Type: application/json; charset=utf-8\nx-api-key: fin-test-5f3c9a\nUser-Agent: Amazon/EventBridge/ApiDestinations',
      requestBody: '{\n  "requestId": "DL-20931",\n  "amount": 48000\n}',
      response: { status: '201 Created', headers: 'content-type: application/json', body: '{\n  "invoiceId": "INV-000001"\n}' },
    });
  });

  it('masks the connection’s API key to its last four characters unless asked to show it', () => {
    const secrets = connectionSecrets(invoiceLesson);
    expect(secrets).toEqual(['fin-test-5f3c9a']);
    const entries = [invoiceCall(1, AT, { completedAt: AT, response: { status: 401, headers: {}, body: '{"message":"Missing or unknown x-api-key"}' } })];
    expect(httpRows(entries, { secrets, reveal: false })[0]!.requestHeaders).toContain('x-api-key: •••••••••••3c9a');
    expect(httpRows(entries, { secrets, reveal: false })[0]!.requestHeaders).not.toContain('fin-test-5f3c9a');
    expect(httpRows(entries, { secrets, reveal: true })[0]!.requestHeaders).toContain('x-api-key: fin-test-5f3c9a');
    expect(httpRows(entries, { secrets, reveal: false })[0]).toMatchObject({ ok: false, outcome: '401 Unauthorized after 0 ms' });
  });

  it('masks an OAuth client secret and the token it earned wherever they appear', () => {
    const token: HttpJournalEntry = {
      seq: 1,
      purpose: 'connection crm (OAuth token)',
      sentAt: AT,
      completedAt: AT,
      request: { method: 'POST', url: 'https://auth.example.com/token', headers: { Authorization: `Basic ${btoa('client:s3cret-value')}` }, body: 'grant_type=client_credentials' },
      response: { status: 200, headers: {}, body: '{"access_token":"tok-abcdef123456","expires_in":3600}' },
    };
    const call: HttpJournalEntry = { ...invoiceCall(2, AT, { completedAt: AT, response: { status: 200, headers: {}, body: '' } }), request: { ...invoiceCall(2, AT, { completedAt: AT }).request, headers: { Authorization: 'Bearer tok-abcdef123456' } } };
    const rows = httpRows([token, call], { secrets: ['s3cret-value'], reveal: false });
    expect(rows[0]!.requestHeaders).toBe(`Authorization: Basic ${maskSecret(btoa('client:s3cret-value'))}`);
    expect(rows[0]!.response!.body).toContain(`"access_token": "${maskSecret('tok-abcdef123456')}"`);
    expect(rows[1]!.requestHeaders).toBe('Authorization: Bearer ••••••••••••3456');
  });

  it('says how a request without an answer ended', () => {
    const rows = httpRows(
      [
        invoiceCall(1, AT, { completedAt: AT + 5000, failure: { kind: 'timeout', message: 'invoices.example.com did not answer within 5000 ms.' } }),
        invoiceCall(2, AT + 60_000, { completedAt: AT + 60_000, failure: { kind: 'unreachable', message: 'invoices.example.com cannot be reached.' } }),
      ],
      { secrets: [], reveal: false },
    );
    expect(rows.map((r) => [r.seq, r.sentAt, r.outcome, r.ok, r.failure, r.response])).toEqual([
      [1, '16:20:00', 'timed out after 5000 ms', false, 'invoices.example.com did not answer within 5000 ms.', undefined],
      [2, '16:21:00', 'unreachable', false, 'invoices.example.com cannot be reached.', undefined],
    ]);
  });

  it('formats bodies and statuses for reading', () => {
    expect(prettyBody('[1,2]')).toBe('[\n  1,\n  2\n]');
    expect(prettyBody('{not json')).toBe('{not json');
    expect(prettyBody('a=1&b=2')).toBe('a=1&b=2');
    expect(statusLine(429)).toBe('429 Too Many Requests');
    expect(statusLine(418)).toBe('418');
    expect(maskSecret('short')).toBe('•••••');
  });
});
