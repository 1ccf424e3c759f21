/**
 * Sharding: `check --shard i/n` probes a deterministic slice of the plan on its own broker, and
 * `merge-reports` joins the slices into the report one run would have written. Every shard builds the
 * whole plan with the same run id (derived from the input unless given), so case ids, probe destinations
 * and the broker's configuration are the same in every shard; each keeps every n-th case of it.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../core/errors';
import type { Plan } from '../plan/types';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(
      `--shard ${text}: expected i/n with 1 <= i <= n`,
      'e.g. --shard 2/4 runs the second of four slices',
    );
  return { index, count };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * The run id every shard of one input agrees on: a digest of what decides the plan. Two sharded runs of
 * the same input share probe names, which only matters on a broker that outlives a run (external): give
 * those `--run-id`.
 */
export function sharedRunId(planInputs: unknown): string {
  return createHash('sha256').update(JSON.stringify(planInputs)).digest('hex').slice(0, 6);
}

/** Cases at positions i-1, i-1+n, i-1+2n ... of the plan; the rest of the plan (what the broker declares) stays. */
export function shardOfPlan(plan: Plan, shard: Shard): { plan: Plan; positions: number[] } {
  const positions: number[] = [];
  plan.cases.forEach((_, position) => {
    if (position % shard.count === shard.index - 1) positions.push(position);
  });
  return { plan: { ...plan, cases: positions.map((p) => plan.cases[p]!) }, positions };
}
