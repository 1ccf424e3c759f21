/**
 * The scale benchmark: a 250-user, 50-entry map shaped like a large Amazon MQ broker's
 * (bench/generate-policy.ts, amazonMqScalePolicyYaml) over every protocol the broker build has, checked
 * three ways side by side in one run: with equivalence classes (the default), with --exhaustive, and one
 * shard of four (--shard 1/4, what each of four CI runners does). Wall time from the start of the run to
 * its result (plan, broker starts, probing, inference), the cases probed and inferred, peak memory.
 *
 * `npm run bench:scale` runs it alone; `npm run bench` runs it last. BENCH_SCALE_MODES narrows the modes
 * (default "classes,exhaustive,shard"); the exhaustive run probes every one of about 300,000 cases and
 * takes the better part of an hour on two cores. BENCH_SCALE_SIZE (users x entries, default 250x50) and
 * BENCH_PROTOCOLS (a list) make a smaller map, e.g. to see how memory grows with the cases.
 */
import { runCheck, type CheckOptions } from '../src/check/run-check';
import type { Protocol } from '../src/core/types';
import { amazonMqScalePolicyYaml } from './generate-policy';
import { withPeakRss, writePolicy } from './probe-rate';

export const SCALE_MODES = ['classes', 'exhaustive', 'shard'] as const;
export type ScaleMode = (typeof SCALE_MODES)[number];

export interface ScaleResult {
  mode: ScaleMode;
  wallSeconds: number;
  probed: number;
  inferred: number;
  userClasses: number;
  targetClasses: number;
  inconclusive: number;
  modelDisagreements: number;
  peakRssMb: number;
  /** the heap the run's result holds, after a full collection (only with node --expose-gc) */
  retainedMb?: number;
}

const MODE_OPTIONS: Record<ScaleMode, Partial<CheckOptions>> = {
  classes: {},
  exhaustive: { exhaustive: true },
  shard: { shard: { index: 1, count: 4 } },
};

export async function scaleBench(
  modes: readonly ScaleMode[] = (process.env.BENCH_SCALE_MODES ?? SCALE_MODES.join(','))
    .split(',')
    .map((m) => m.trim()) as ScaleMode[],
): Promise<ScaleResult[]> {
  const [users, entries] = (process.env.BENCH_SCALE_SIZE ?? '250x50').split('x').map(Number) as [
    number,
    number,
  ];
  const input = writePolicy(users, entries, amazonMqScalePolicyYaml);
  const protocols = process.env.BENCH_PROTOCOLS?.split(',') as Protocol[] | undefined;
  const results: ScaleResult[] = [];
  for (const mode of modes) {
    if (!SCALE_MODES.includes(mode)) throw new Error(`BENCH_SCALE_MODES: unknown mode ${mode}`);
    global.gc?.();
    const t0 = performance.now();
    const { value: run, peakRssMb } = await withPeakRss(() =>
      runCheck({ input, runtime: 'local', ...(protocols ? { protocols } : {}), ...MODE_OPTIONS[mode] }),
    );
    const wallSeconds = Math.round((performance.now() - t0) / 100) / 10;
    // peak RSS follows the collector's whims; what the result keeps per case is the heap left after a collection
    global.gc?.();
    const retainedMb = global.gc ? Math.round(process.memoryUsage().heapUsed / 2 ** 20) : undefined;
    const inferred = run.verdicts.filter((v) => v.case.inferredFrom !== undefined).length;
    const result: ScaleResult = {
      mode,
      wallSeconds,
      probed: run.verdicts.length - inferred,
      inferred,
      userClasses: run.classes?.users.length ?? 0,
      targetClasses: run.classes?.targets.length ?? 0,
      inconclusive: run.counts.inconclusive,
      modelDisagreements: run.counts['model-disagreement'],
      peakRssMb,
      ...(retainedMb === undefined ? {} : { retainedMb }),
    };
    results.push(result);
    console.log(
      `${mode.padEnd(10)} ${String(result.wallSeconds).padStart(7)} s  ${result.probed} probed + ${result.inferred} inferred (${result.userClasses} user classes, ${result.targetClasses} target classes), ${result.inconclusive} inconclusive, ${result.modelDisagreements} model disagreements, peak RSS ${peakRssMb} MB${retainedMb === undefined ? '' : `, heap held after the run ${retainedMb} MB`}`,
    );
  }
  return results;
}

if (require.main === module) {
  console.log(
    `== ${process.env.BENCH_SCALE_SIZE ?? '250x50'} (users x entries) over ${process.env.BENCH_PROTOCOLS ?? 'every protocol'} (local broker)`,
  );
  scaleBench().catch((error: unknown) => {
    console.error(error);
    process.exit(3);
  });
}
