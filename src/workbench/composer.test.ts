import { describe, expect, it } from 'vitest';
import { composerText, envelopeOf, readComposer } from './composer.ts';

const sample = { name: 'UserSignedUp', entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: { userId: '1' } } };

describe('the event composer', () => {
  it('sends the sample as written: Detail as the JSON string PutEvents takes', () => {
    const read = readComposer(composerText(sample));
    expect(read).toEqual({ ok: true, entry: { Source: 'myapp.users', DetailType: 'UserSignedUp', Detail: '{"userId":"1"}' }, detail: { userId: '1' } });
  });

  it('passes a Detail written as a string through untouched, so PutEvents can refuse it in its own words', () => {
    const read = readComposer('{"Source": "a", "DetailType": "b", "Detail": "{not json"}');
    expect(read.ok && read.entry.Detail).toBe('{not json');
  });

  it('says what is wrong with text that is not one PutEvents entry', () => {
    expect(readComposer('{"Source": ')).toMatchObject({ ok: false, message: expect.stringMatching(/^The event is not valid JSON: /) });
    expect(readComposer('[]')).toEqual({ ok: false, message: 'The event must be a JSON object: one PutEvents entry, with Source, DetailType and Detail.' });
    expect(readComposer('{"source": "a"}')).toEqual({ ok: false, message: '"source" is not a field of a PutEvents entry; its fields are Source, DetailType, Detail, EventBusName, Resources, Time, TraceHeader.' });
  });

  it('builds the envelope a rule’s target receives, for Run on a consumer', () => {
    const read = readComposer(composerText(sample));
    if (!read.ok) throw new Error(read.message);
    const envelope = envelopeOf(read.entry, { account: '123456789012', region: 'us-east-1', now: Date.UTC(2026, 10, 22, 9, 0, 0, 250) });
    expect(envelope).toMatchObject({ version: '0', 'detail-type': 'UserSignedUp', source: 'myapp.users', account: '123456789012', time: '2026-11-22T09:00:00Z', region: 'us-east-1', resources: [], detail: { userId: '1' } });
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
