import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { mergeShards, shardFileName, shardFilesIn, shardFileText } from '../../../src/check/merge-shards';
import type { RunResult } from '../../../src/check/run-result';
import { parseShard, shardOfPlan, sharedRunId } from '../../../src/check/shard';
import { HarnessError } from '../../../src/core/errors';
import type { Plan } from '../../../src/plan/types';
import { fixtureRunResult } from '../../fixtures/run-result';

describe('--shard', () => {
  it('reads i/n and refuses anything else, saying what it expects', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '-1/2', '1/2/3'])
      expect(() => parseShard(bad)).toThrow(/expected i\/n with 1 <= i <= n/);
  });

  it('splits a plan into disjoint slices that together hold every case once, whatever n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 9 }), (cases, count) => {
        const plan = { cases: Array.from({ length: cases }, (_, i) => ({ id: `c${i}` })) } as unknown as Plan;
        const seen: string[] = [];
        for (let index = 1; index <= count; index += 1) {
          const { plan: slice, positions } = shardOfPlan(plan, { index, count });
          expect(slice.cases.map((c) => c.id)).toEqual(positions.map((p) => `c${p}`));
          // balanced: no slice holds more than one case beyond another
          expect(Math.abs(slice.cases.length - cases / count)).toBeLessThan(1);
          seen.push(...slice.cases.map((c) => c.id));
        }
        expect(seen.sort()).toEqual(plan.cases.map((c) => c.id).sort());
      }),
    );
  });

  it('derives one run id from what decides the plan, so every shard plans the same cases', () => {
    expect(sharedRunId(['a', 1])).toBe(sharedRunId(['a', 1]));
    expect(sharedRunId(['a', 1])).not.toBe(sharedRunId(['a', 2]));
    expect(sharedRunId(['a'])).toMatch(/^[0-9a-f]{6}$/);
  });
});

/** The fixture run cut into `count` shard files, as check --shard would have written them. */
function shardFiles(count: number, alter: (r: RunResult, index: number) => RunResult = (r) => r): string[] {
  const whole = fixtureRunResult();
  const dir = mkdtempSync(join(tmpdir(), 'amq-auth-shard-unit-'));
  const files: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const positions = whole.verdicts.map((_, i) => i).filter((i) => i % count === index - 1);
    const result = alter(
      {
        ...whole,
        verdicts: positions.map((p) => whole.verdicts[p]!),
        shard: { index, count, positions },
        durationMs: 1000 * index,
      },
      index,
    );
    const file = join(dir, shardFileName({ index, count }));
    writeFileSync(file, shardFileText(result));
    files.push(file);
  }
  return files;
}

describe('merge-reports', () => {
  it('rebuilds the whole run from its shards, in plan order, taking as long as the longest shard', () => {
    const whole = fixtureRunResult();
    const files = shardFiles(3);
    const merged = mergeShards([files[2]!, files[0]!, files[1]!]);
    expect(merged.verdicts.map((v) => v.case.id)).toEqual(whole.verdicts.map((v) => v.case.id));
    expect(merged.verdicts.map((v) => v.kind)).toEqual(whole.verdicts.map((v) => v.kind));
    expect(merged.counts).toEqual(whole.counts);
    // every probed case's evidence, read back from where the merge keeps it on disk
    const evidence = (r: RunResult) =>
      r.verdicts.map((v) => [v.observation?.evidence, v.coldObservation?.evidence]);
    expect(evidence(merged)).toEqual(evidence(whole));
    expect(evidence(whole).flat(2).length).toBeGreaterThan(0);
    expect(merged.durationMs).toBe(3000);
    expect(merged.shards?.map((s) => s.index)).toEqual([1, 2, 3]);
    expect(merged.shard).toBeUndefined();
  });

  it('finds the shard files in the directories it is given', () => {
    const files = shardFiles(2);
    expect(shardFilesIn([join(files[0]!, '..')])).toEqual(files);
  });

  const refusal = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(HarnessError);
      expect((error as HarnessError).exitCode).toBe(2);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('refuses a missing shard, a shard given twice and shards of different runs, saying which', () => {
    const files = shardFiles(3);
    expect(refusal(() => mergeShards([files[0]!, files[2]!]))).toMatch(/shard 2\/3 missing/);
    expect(refusal(() => mergeShards([files[0]!, files[0]!, files[1]!]))).toMatch(
      /shard 1\/3 is given twice/,
    );
    const other = shardFiles(3, (r, i) => (i === 2 ? { ...r, runId: 'other1' } : r));
    expect(refusal(() => mergeShards([files[0]!, other[1]!, files[2]!]))).toMatch(
      /is not a shard of the same run .*run id is other1, not r7k2q9/,
    );
    const notShard = join(mkdtempSync(join(tmpdir(), 'amq-auth-shard-unit-')), 'results.json');
    writeFileSync(notShard, '{"schemaVersion":1}');
    expect(refusal(() => mergeShards([notShard]))).toMatch(/not a shard file of this harness/);
    writeFileSync(notShard, '{ broken');
    expect(refusal(() => mergeShards([notShard]))).toMatch(/not a shard file \(/);
    expect(refusal(() => shardFilesIn(['/no/such/dir']))).toMatch(/no such file or directory/);
  });
});
