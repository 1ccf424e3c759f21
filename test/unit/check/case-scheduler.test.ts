import { runScheduled } from '../../../src/check/case-scheduler';

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
});
