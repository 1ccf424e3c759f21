/** The sharded-check recipe: n slices on their own runners, every slice kept, one merge that judges the run. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseShard } from '../../../src/check/shard';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

const workflow = parse(readFileSync('examples/ci/sharded-check.yml', 'utf8')) as {
  jobs: {
    shard: {
      strategy: { 'fail-fast': boolean; matrix: { shard: number[] } };
      env: { SHARDS: number };
      steps: Step[];
    };
    merge: { needs: string; if: string; steps: Step[] };
  };
};
const { shard, merge } = workflow.jobs;

describe('examples/ci/sharded-check.yml', () => {
  it('runs every slice 1..n once, each a valid --shard, and keeps going when one fails', () => {
    const n = shard.env.SHARDS;
    expect(shard.strategy.matrix.shard).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    for (const i of shard.strategy.matrix.shard)
      expect(parseShard(`${i}/${n}`)).toEqual({ index: i, count: n });
    expect(shard.strategy['fail-fast']).toBe(false);
    const check = shard.steps.find((s) => s.run?.includes('amq-auth check'));
    expect(check?.run).toContain('--shard "${{ matrix.shard }}/$SHARDS"');
    expect(check?.run).toContain('--report-dir "shard-${{ matrix.shard }}"');
    // a slice fails its job only when it could not run; the merge judges the verdicts
    expect(check?.run).toMatch(/if \[ "\$code" -ge 2 \]; then exit "\$code"; fi/);
    const upload = shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('shard-${{ matrix.shard }}/shard-*.json');
  });

  it('merges every slice after they ran, even failed ones, and compares the baseline there', () => {
    expect(merge.needs).toBe('shard');
    expect(merge.if).toBe('${{ !cancelled() }}');
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toMatchObject({
      pattern: 'amq-auth-shard-*',
      path: 'shards',
      'merge-multiple': true,
    });
    const join = merge.steps.find((s) => s.run?.includes('amq-auth merge-reports'));
    expect(join?.run).toContain('merge-reports shards --report-dir reports --baseline');
  });
});
