import { runScheduled, type ScheduleStats } from '../../../src/check/case-scheduler';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runScheduled', () => {
  it('never overlaps tasks that share a key, runs the others side by side and runs every task', async () => {
    const tasks = Array.from({ length: 40 }, (_, i) => ({ id: i, keys: [`client${i % 5}`, `dest${i % 7}`] }));
    const holding = new Set<string>();
    let peak = 0;
    let running = 0;
    const ran: number[] = [];
    await runScheduled(tasks, {
      keys: (t) => t.keys,
      limit: 4,
      run: async (t) => {
        for (const k of t.keys) {
          expect(holding.has(k)).toBe(false);
          holding.add(k);
        }
        peak = Math.max(peak, ++running);
        await tick();
        running -= 1;
        for (const k of t.keys) holding.delete(k);
        ran.push(t.id);
        return true;
      },
    });
    expect(ran.sort((a, b) => a - b)).toEqual(tasks.map((t) => t.id));
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
  });

  it('runs tasks holding a shared key side by side, and a task holding it as its own key alone', async () => {
    // ten readers of "wildcard q" and two writers, in between
    const tasks = Array.from({ length: 12 }, (_, i) => ({ id: i, writer: i === 3 || i === 8 }));
    let readers = 0;
    let writers = 0;
    let peakReaders = 0;
    const ran: number[] = [];
    await runScheduled(tasks, {
      keys: (t) => (t.writer ? ['wildcard q'] : []),
      sharedKeys: (t) => (t.writer ? [] : ['wildcard q']),
      limit: 6,
      run: async (t) => {
        if (t.writer) {
          expect(readers).toBe(0);
          expect(writers).toBe(0);
          writers += 1;
        } else {
          expect(writers).toBe(0);
          readers += 1;
          peakReaders = Math.max(peakReaders, readers);
        }
        await tick();
        if (t.writer) writers -= 1;
        else readers -= 1;
        ran.push(t.id);
        return true;
      },
    });
    expect(ran.sort((a, b) => a - b)).toEqual(tasks.map((t) => t.id));
    expect(peakReaders).toBeGreaterThan(1);
  });

  it('starts nothing more once a task says stop, and passes a failure on', async () => {
    const started: number[] = [];
    await runScheduled([1, 2, 3, 4], {
      keys: () => ['same'],
      limit: 2,
      run: async (n) => {
        started.push(n);
        return n < 2;
      },
    });
    expect(started).toEqual([1, 2]);
    await expect(
      runScheduled([1, 2], { keys: () => [], limit: 1, run: async () => Promise.reject(new Error('boom')) }),
    ).rejects.toThrow('boom');
  });

  it('keeps the queue order among tasks waiting for the same key, and accounts where the run waited', async () => {
    const tasks = Array.from({ length: 30 }, (_, i) => ({
      id: i,
      keys: [`client ${i % 3}`, `destination ${i % 4}`],
    }));
    const order = new Map<string, number[]>();
    let stats: ScheduleStats | undefined;
    await runScheduled(tasks, {
      keys: (t) => t.keys,
      limit: 8,
      run: async (t) => {
        const seen = order.get(t.keys[0]!) ?? [];
        seen.push(t.id);
        order.set(t.keys[0]!, seen);
        await tick();
        return true;
      },
      onStats: (s) => (stats = s),
    });
    for (const ids of order.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(stats).toBeDefined();
    const s = stats!;
    expect(s.tasks).toBe(30);
    expect(s.queuedMs).toHaveLength(30);
    expect(s.fullMs + s.blockedMs + s.drainedMs).toBeCloseTo(s.wallMs, 0);
    // three clients, so never more than three in flight, and the rest of the time tasks waited on keys
    expect(s.meanInFlight).toBeLessThanOrEqual(3);
    expect(s.fullMs).toBe(0);
    expect(s.blockedBy.client).toBeGreaterThan(0);
  });
});
