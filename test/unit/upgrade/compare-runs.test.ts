/** Which cells move between two runs, in diff's words, with both brokers' evidence. */
import type { RunResult } from '../../../src/check/run-result';
import type { Observation } from '../../../src/probes/types';
import { formatUpgradePreview, toUpgradeReport } from '../../../src/upgrade/format-upgrade';
import { UpgradeReportSchema } from '../../../src/upgrade/upgrade-schema';
import {
  compareRuns,
  resolveRelease,
  upgradeExitCode,
  type UpgradePreview,
} from '../../../src/upgrade/upgrade-preview';
import { fixtureRunResult } from '../../fixtures/run-result';

const refused: Observation = {
  outcome: 'denied',
  durationMs: 4,
  evidence: [
    {
      source: 'wire',
      text: 'ERROR message:User orders-writer is not authorized to create: topic://ActiveMQ.Advisory.Connection',
    },
  ],
};

/** The fixture run, with one connect also observed on a cold broker. */
function withColdConnect(cold: Observation): RunResult {
  const result = fixtureRunResult();
  result.verdicts = result.verdicts.map((v) =>
    v.case.id === 'stomp orders-writer connect' ? { ...v, coldObservation: cold } : v,
  );
  return result;
}

function preview(from: RunResult, to: RunResult): UpgradePreview {
  return {
    input: 'policy.yaml',
    from: { requested: 'amazon-mq/5.18', version: '5.18.7' },
    to: { requested: '5.19.10', version: '5.19.10' },
    protocols: ['stomp', 'mqtt'],
    ...compareRuns(from, to),
    problems: [],
    results: { from, to },
  };
}

describe('compareRuns', () => {
  it('finds nothing moving between two runs that observed the same, and counts the cells', () => {
    const same = compareRuns(fixtureRunResult(), fixtureRunResult());
    expect(same.moves).toEqual([]);
    expect(same.unchanged).toBeGreaterThan(40);
  });

  it('reports a connect a cold broker refused before and grants after, with both brokers evidence', () => {
    const granted: Observation = {
      ...refused,
      outcome: 'granted',
      evidence: [{ source: 'wire', text: 'CONNECTED version:1.2' }],
    };
    const p = preview(withColdConnect(refused), withColdConnect(granted));
    expect(p.moves).toHaveLength(1);
    expect(p.moves[0]).toMatchObject({
      subject: 'orders-writer',
      operation: 'connect',
      protocol: 'stomp',
      phase: 'cold',
      change: 'gains',
    });
    const text = formatUpgradePreview(p, 'text');
    expect(text).toContain('+ orders-writer gains connect over stomp (cold broker)');
    expect(text).toContain('5.18.7: wire: ERROR message:User orders-writer is not authorized to create');
    expect(text).toContain('5.19.10: wire: CONNECTED version:1.2');
    expect(upgradeExitCode(p)).toBe(1);
  });

  it('compares a cold cell with the other run warm one where that run had no cold variant', () => {
    // the release with the fix plans no cold variant: its cold broker does what its warm one does
    const p = preview(withColdConnect(refused), fixtureRunResult());
    expect(p.moves.map((m) => `${m.change} ${m.phase}`)).toEqual(['gains cold']);
  });

  it('writes a JSON report its schema accepts, and Markdown for a pull request', () => {
    const p = preview(withColdConnect(refused), fixtureRunResult());
    expect(UpgradeReportSchema.safeParse(toUpgradeReport(p)).success).toBe(true);
    expect(formatUpgradePreview(p, 'markdown')).toMatch(
      /^### Upgrade preview: ActiveMQ 5\.18\.7 → 5\.19\.10/,
    );
    expect(upgradeExitCode(preview(fixtureRunResult(), fixtureRunResult()))).toBe(0);
  });
});

describe('resolveRelease', () => {
  it('takes a release as written and an engine as the release it runs', () => {
    expect(resolveRelease('5.19.1', '--to')).toEqual({ requested: '5.19.1', version: '5.19.1' });
    expect(resolveRelease('amazon-mq/5.18', '--from')).toEqual({
      requested: 'amazon-mq/5.18',
      version: '5.18.7',
    });
    expect(() => resolveRelease('5.19', '--to')).toThrow(/--to "5\.19" is neither a release nor an engine/);
  });
});
