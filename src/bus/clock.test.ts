import { describe, expect, it } from 'vitest';
import { MAX_TASKS_AT_ONE_INSTANT, RunawayLoopError, VirtualClock } from './clock.ts';
import { seededRandom, uuidV4 } from './random.ts';

describe('VirtualClock', () => {
  it('runs tasks in time order, and same-time tasks in the order they were scheduled', async () => {
    const clock = new VirtualClock(0);
    const ran: string[] = [];
    clock.at(200, () => void ran.push('b@200'));
    clock.at(100, () => void ran.push('a@100'));
    clock.at(200, () => void ran.push('c@200'));
    await clock.advance(150);
    expect(ran).toEqual(['a@100']);
    expect(clock.now()).toBe(150);
    await clock.advance(50);
    expect(ran).toEqual(['a@100', 'b@200', 'c@200']);
  });

  it('runs tasks that tasks schedule, and reads the task time inside each', async () => {
    const clock = new VirtualClock(0);
    const times: number[] = [];
    const tick = () => {
      times.push(clock.now());
      if (times.length < 3) clock.after(1000, tick);
    };
    clock.after(0, tick);
    await clock.runUntilIdle();
    expect(times).toEqual([0, 1000, 2000]);
    expect(clock.pending).toBe(0);
  });

  it('does not wait for background work, but runs the background tasks due before the last foreground one', async () => {
    const clock = new VirtualClock(0);
    const ran: number[] = [];
    const everyMinute = () => {
      ran.push(clock.now());
      clock.after(60_000, everyMinute, { background: true });
    };
    clock.after(60_000, everyMinute, { background: true });
    clock.at(150_000, () => void ran.push(-1));
    await clock.runUntilIdle();
    expect(ran).toEqual([60_000, 120_000, -1]);
    expect(clock.nextDue).toBe(180_000);
  });

  it('cancels a task', async () => {
    const clock = new VirtualClock(0);
    let ran = false;
    const handle = clock.after(10, () => void (ran = true));
    clock.cancel(handle);
    await clock.advance(20);
    expect(ran).toBe(false);
  });

  it('stops a loop that keeps scheduling work at the same instant, saying so', async () => {
    const clock = new VirtualClock(0);
    let count = 0;
    const again = () => {
      count++;
      clock.after(0, again);
    };
    clock.after(0, again);
    await expect(clock.runUntilIdle()).rejects.toThrow(RunawayLoopError);
    expect(count).toBeGreaterThanOrEqual(MAX_TASKS_AT_ONE_INSTANT);
    expect(count).toBeLessThanOrEqual(MAX_TASKS_AT_ONE_INSTANT + 1);
    // The clock is usable afterwards.
    await clock.advance(1000);
  }, 30_000);

  it('orders many tasks by time exactly, whatever order they were scheduled in', async () => {
    const clock = new VirtualClock(0);
    const times = Array.from({ length: 2000 }, (_, i) => (i * 7919) % 1000);
    const ran: number[] = [];
    for (const t of times) clock.at(t, () => void ran.push(clock.now()));
    await clock.runUntilIdle();
    expect(ran).toEqual([...times].sort((a, b) => a - b));
  });

  it('runs asynchronous tasks due at one instant together, and waits for them before the next instant', async () => {
    const clock = new VirtualClock(0);
    const ran: string[] = [];
    clock.at(1, async () => {
      ran.push('slow starts');
      await Promise.resolve();
      ran.push('slow ends');
    });
    clock.at(1, () => void ran.push('next at the same instant'));
    clock.at(2, () => void ran.push('later'));
    await clock.advance(2);
    expect(ran).toEqual(['slow starts', 'next at the same instant', 'slow ends', 'later']);
  });

  it('starts a task scheduled for the current instant after the tasks already running then', async () => {
    const clock = new VirtualClock(0);
    const ran: string[] = [];
    clock.at(1, async () => {
      clock.at(1, () => void ran.push('scheduled while running'));
      await Promise.resolve();
      ran.push('first ends');
    });
    await clock.advance(1);
    expect(ran).toEqual(['first ends', 'scheduled while running']);
  });

  it('does not run a task cancelled by another task of its instant', async () => {
    const clock = new VirtualClock(0);
    const ran: string[] = [];
    let second: ReturnType<VirtualClock['at']> | undefined;
    clock.at(1, () => clock.cancel(second!));
    second = clock.at(1, () => void ran.push('cancelled'));
    await clock.advance(1);
    expect(ran).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('reports the failure of one task of an instant after the others have finished', async () => {
    const clock = new VirtualClock(0);
    const ran: string[] = [];
    clock.at(1, async () => {
      throw new Error('broken');
    });
    clock.at(1, async () => {
      await Promise.resolve();
      ran.push('other finished');
    });
    await expect(clock.advance(1)).rejects.toThrow('broken');
    expect(ran).toEqual(['other finished']);
  });
});

describe('seeded randomness', () => {
  it('repeats for the same seed and makes valid version 4 UUIDs', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const ids = [uuidV4(a), uuidV4(a)];
    expect([uuidV4(b), uuidV4(b)]).toEqual(ids);
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
