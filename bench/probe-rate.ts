/**
 * What the benchmarks share: rounding, a policy file of the synthetic map, peak memory while work runs,
 * and verdicts per second of one check run (the harness, or the naive baseline: a new connection per
 * case, one case at a time), timed from the broker being ready.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../src/check/run-check';
import type { Protocol } from '../src/core/types';
import { syntheticPolicyYaml } from './generate-policy';

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The synthetic map of `users` users and `destinations` entries, written to a fresh file. */
export function writePolicy(users: number, destinations: number, yaml = syntheticPolicyYaml): string {
  const dir = mkdtempSync(join(tmpdir(), 'amq-auth-bench-'));
  const file = join(dir, `policy-${users}x${destinations}.yaml`);
  writeFileSync(file, yaml(users, destinations));
  return file;
}

/** Peak resident memory of this process while `work` runs, sampled every 50 ms. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const value = await work();
    return { value, peakRssMb: round(peak / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

export interface ProbeRate {
  verdicts: number;
  probeSeconds: number;
  perSecond: number;
  inconclusive: number;
  failures: number;
  peakRssMb: number;
}

export async function probeRate(input: string, protocols: Protocol[], naive: boolean): Promise<ProbeRate> {
  let ready = 0;
  const { value: result, peakRssMb } = await withPeakRss(() =>
    runCheck({
      input,
      runtime: 'local',
      protocols,
      ...(naive ? { concurrency: 1, connectionPerCase: true } : {}),
      log: (line) => {
        if (line.startsWith('broker ready')) ready = performance.now();
      },
    }),
  );
  const probeSeconds = (performance.now() - ready) / 1000;
  const verdicts = result.verdicts.filter((v) => v.kind !== 'skipped').length;
  return {
    verdicts,
    probeSeconds: round(probeSeconds, 2),
    perSecond: round(verdicts / probeSeconds),
    inconclusive: result.counts.inconclusive,
    failures: result.counts['expectation-failure'] + result.counts['model-disagreement'],
    peakRssMb,
  };
}
