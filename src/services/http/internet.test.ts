import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../bus/clock.ts';
import { SimulatedInternet } from './internet.ts';

describe('the simulated internet', () => {
  it('answers a served origin and journals the request and response with virtual times', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const net = new SimulatedInternet(clock);
    net.serve('https://Invoices.example.com/', (request) => ({ status: 201, body: `${request.method} ${request.path} ${request.query.deal} ${request.headers['x-api-key']}`, delayMs: 120 }));
    const exchange = await net.send(
      { method: 'POST', url: 'https://invoices.example.com/invoices/42?deal=42', headers: { 'X-Api-Key': 'k' }, body: '{}' },
      { timeoutMs: 5000, purpose: 'test' },
    );
    expect(exchange).toEqual({ ok: true, status: 201, headers: {}, body: 'POST /invoices/42 42 k', durationMs: 120 });
    const [entry] = net.requests();
    expect(entry).toMatchObject({ seq: 1, purpose: 'test', sentAt: clock.now(), completedAt: clock.now() + 120, request: { headers: { 'X-Api-Key': 'k' } }, response: { status: 201 } });
  });

  it('fails an unknown host as unreachable, with no HTTP status', async () => {
    const net = new SimulatedInternet(new VirtualClock());
    const exchange = await net.send({ method: 'GET', url: 'https://nowhere.example.com/', headers: {}, body: '' }, { timeoutMs: 5000, purpose: 'test' });
    expect(exchange).toMatchObject({ ok: false, failure: 'unreachable' });
    expect(net.requests()[0]!.failure?.kind).toBe('unreachable');
  });

  it('times out an answer slower than the caller waits', async () => {
    const net = new SimulatedInternet(new VirtualClock(0));
    net.serve('https://slow.example.com', () => ({ status: 200, delayMs: 5001 }));
    const exchange = await net.send({ method: 'GET', url: 'https://slow.example.com/', headers: {}, body: '' }, { timeoutMs: 5000, purpose: 'test' });
    expect(exchange).toEqual({ ok: false, failure: 'timeout', message: 'slow.example.com did not answer within 5000 ms.', durationMs: 5000 });
    expect(net.requests()[0]!.completedAt).toBe(5000);
  });

  it('stops answering an origin taken off the internet', async () => {
    const net = new SimulatedInternet(new VirtualClock());
    net.serve('https://a.example.com', () => ({ status: 200 }));
    net.stop('https://a.example.com');
    expect((await net.send({ method: 'GET', url: 'https://a.example.com/', headers: {}, body: '' }, { timeoutMs: 5000, purpose: 't' })).ok).toBe(false);
  });
});
