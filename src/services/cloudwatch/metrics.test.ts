import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';

const at = (minute: number, second = 0) => Date.UTC(2026, 10, 22, 9, minute, second);

describe('CloudWatch metrics in memory', () => {
  it('sums data points per minute, and keeps series apart by their exact dimensions', () => {
    const metrics = new Metrics();
    const record = (value: number, epochMs: number, dimensions: Record<string, string>) =>
      metrics.record('AWS/Events', 'Invocations', dimensions, value, 'Count', epochMs);
    record(1, at(0, 5), { RuleName: 'signup' });
    record(2, at(0, 50), { RuleName: 'signup' });
    record(4, at(2, 1), { RuleName: 'signup' });
    record(8, at(0, 1), {});
    const query = { namespace: 'AWS/Events', name: 'Invocations', dimensions: { RuleName: 'signup' } };
    expect(metrics.minutes(query).map((m) => [new Date(m.minute).toISOString(), m.sum, m.sampleCount, m.maximum])).toEqual([
      ['2026-11-22T09:00:00.000Z', 3, 2, 2],
      ['2026-11-22T09:02:00.000Z', 4, 1, 4],
    ]);
    expect(metrics.sum(query)).toBe(7);
    expect(metrics.sum({ namespace: 'AWS/Events', name: 'Invocations' })).toBe(8);
    expect(metrics.sum(query, at(1), at(3))).toBe(4);
    expect(metrics.list()).toContainEqual({ namespace: 'AWS/Events', name: 'Invocations', dimensions: { RuleName: 'signup' } });
  });

  it('matches dimensions whatever order their keys are given in', () => {
    const metrics = new Metrics();
    metrics.record('AWS/Events', 'Invocations', { RuleName: 'r', EventBusName: 'orders' }, 1, 'Count', at(0));
    expect(metrics.sum({ namespace: 'AWS/Events', name: 'Invocations', dimensions: { EventBusName: 'orders', RuleName: 'r' } })).toBe(1);
  });

  it('keeps a week of minutes per series', () => {
    const metrics = new Metrics();
    for (let minute = 0; minute < 7 * 24 * 60 + 10; minute++) {
      metrics.record('AWS/Lambda', 'Errors', {}, 1, 'Count', minute * 60_000);
    }
    const minutes = metrics.minutes({ namespace: 'AWS/Lambda', name: 'Errors' });
    expect(minutes).toHaveLength(7 * 24 * 60);
    expect(minutes[0]!.minute).toBe(10 * 60_000);
  });
});
