/** A case's evidence reads on one time line, whatever step recorded it. */
import { setTimeout as sleep } from 'node:timers/promises';
import { CaseClock } from '../../../src/probes/run-case';

describe('CaseClock.adopt', () => {
  it('moves a step’s evidence from the step’s own start onto the case’s time line', async () => {
    const clock = new CaseClock();
    await sleep(30);
    // a step that took 20 ms and saw its answer 15 ms after it began; it returns now
    const adopted = clock.adopt({
      durationMs: 20,
      evidence: [
        { source: 'wire', text: 'answer', atMs: 15 },
        { source: 'client', text: 'untimed' },
      ],
    });
    const now = clock.ms();
    expect(adopted[0]!.text).toBe('answer');
    // began at now - 20, so the answer came at now - 5 (within the few ms the call took; times are
    // rounded to 0.1 ms)
    expect(adopted[0]!.atMs).toBeGreaterThanOrEqual(now - 5 - 3);
    expect(adopted[0]!.atMs).toBeLessThanOrEqual(now - 5 + 0.1);
    expect(adopted[0]!.atMs).toBeGreaterThan(15);
    expect(adopted[1]).toEqual({ source: 'client', text: 'untimed' });
  });

  it('keeps the case’s own evidence after the adopted step', async () => {
    const clock = new CaseClock();
    await sleep(10);
    const adopted = clock.adopt({ durationMs: 5, evidence: [{ source: 'wire', text: 'x', atMs: 5 }] });
    const later = clock.evidence('observer', 'y');
    expect(later.atMs!).toBeGreaterThanOrEqual(adopted[0]!.atMs!);
  });
});
