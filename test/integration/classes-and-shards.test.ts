/**
 * Equivalence classes and sharding on a real broker, per release × runtime:
 * - a run probing one representative per class gives every cell the outcome an exhaustive run observes;
 * - the shards of a run, each on its own broker, merge into the report the unsharded run writes (the
 *   same cases, verdicts, predictions, findings and baseline; only timings, broker-generated ids in the
 *   evidence and the shards' own log files differ).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineOf } from '../../src/baseline/baseline-of';
import { formatBaseline } from '../../src/baseline/format-baseline';
import { mergeShards, shardFileName, shardFileText } from '../../src/check/merge-shards';
import { runCheck } from '../../src/check/run-check';
import type { RunResult } from '../../src/check/run-result';
import type { Protocol } from '../../src/core/types';
import { summaryLine } from '../../src/report/console';
import { toJsonReport } from '../../src/report/json';
import { toJUnitXml } from '../../src/report/junit';
import { describeBrokerMatrix } from '../support/broker-matrix';

const FIXTURES = join(__dirname, '..', 'fixtures');
const RUN_TIMEOUT_MS = 300_000;
/** a protocol each of the three probe families: a JMS client, a frame protocol, MQTT's topic-only names */
const PROTOCOLS: Protocol[] = ['openwire', 'stomp', 'mqtt'];

/** Per cell (protocol, user, operation, what the destination stands for): the matrix cell shown. */
function cells(result: RunResult): Map<string, string> {
  const report = toJsonReport(result);
  return new Map(
    [...report.cases, ...report.inferred].map((c) => [
      [c.protocol, c.user, c.operation, c.target].join(' '),
      c.cell,
    ]),
  );
}

/** The JSON report without what differs between any two runs: timings, generated ids in evidence, log files. */
function comparable(result: RunResult): unknown {
  const report = toJsonReport(result);
  const { startedAt: _s, durationMs: _d, brokerLogFile: _l, shards: _sh, ...run } = report.run;
  return {
    ...report,
    run,
    cases: report.cases.map((c) => ({
      ...c,
      // how many deliveries a probe needed varies; what it observed, and that it has evidence, may not
      observation: c.observation && {
        outcome: c.observation.outcome,
        evidenced: c.observation.evidence.length > 0,
      },
      coldObservation: c.coldObservation && {
        outcome: c.coldObservation.outcome,
        evidenced: c.coldObservation.evidence.length > 0,
      },
    })),
  };
}

function junitCases(result: RunResult): string[] {
  return [...toJUnitXml(result).matchAll(/<testcase name="([^"]*)"[^>]*>\s*<(\w+)/g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
}

describeBrokerMatrix(
  'equivalence classes and shards',
  ({ brokerVersion, runtime }) => {
    jest.setTimeout(RUN_TIMEOUT_MS);
    const input = join(FIXTURES, 'classes', 'shared-roles.yaml');

    it('probes one representative per class, and every cell agrees with an exhaustive run', async () => {
      const base = { input, runtime, brokerVersion, protocols: PROTOCOLS };
      const classes = await runCheck(base);
      const exhaustive = await runCheck({ ...base, exhaustive: true });

      const probed = classes.verdicts.filter((v) => !v.case.inferredFrom);
      const inferred = classes.verdicts.filter((v) => v.case.inferredFrom);
      expect(inferred.length).toBeGreaterThan(probed.length / 2);
      expect(exhaustive.verdicts.some((v) => v.case.inferredFrom)).toBe(false);
      expect(cells(classes)).toEqual(cells(exhaustive));
      // per user, still: every user's own connect is probed with its own credentials
      for (const user of ['shop-eu-1', 'shop-eu-2', 'shop-us-1', 'audit-1', 'audit-2'])
        for (const protocol of PROTOCOLS)
          expect(
            probed.some(
              (v) => v.case.user === user && v.case.operation === 'connect' && v.case.protocol === protocol,
            ),
          ).toBe(true);
      // a member's own expectation is probed as its own case, not inferred
      const own = classes.verdicts.filter(
        (v) => v.case.user === 'shop-eu-2' && v.case.expectation && !v.case.skip,
      );
      expect(own).toHaveLength(4);
      for (const v of own) {
        expect(v.case.inferredFrom).toBeUndefined();
        expect(v.observation?.evidence.length).toBeGreaterThan(0);
      }
      for (const result of [classes, exhaustive]) {
        expect(result.counts.inconclusive).toBe(0);
        expect(result.counts['model-disagreement']).toBe(0);
      }
      // an inferred verdict is judged on its representative's evidence, which is there
      const byId = new Map(probed.map((v) => [v.case.id, v]));
      for (const v of inferred.filter((x) => !x.case.skip)) {
        const representative = byId.get(v.case.inferredFrom!);
        expect(representative?.observation?.evidence.length ?? 0).toBeGreaterThan(0);
        expect(v.observation).toBe(representative?.observation);
      }
    });

    it('merges the shards of a run, each on its own broker, into the unsharded run', async () => {
      const base = { input, runtime, brokerVersion, protocols: PROTOCOLS };
      const whole = await runCheck({ ...base, runId: 'shardtest' });
      const dir = mkdtempSync(join(tmpdir(), 'amq-auth-shards-'));
      const files: string[] = [];
      for (const index of [2, 1, 3]) {
        const shard = { index, count: 3 };
        const result = await runCheck({ ...base, runId: 'shardtest', shard });
        const probed = result.verdicts.filter((v) => !v.case.inferredFrom).length;
        expect(probed).toBeLessThan(whole.verdicts.filter((v) => !v.case.inferredFrom).length / 2);
        const file = join(dir, shardFileName(shard));
        writeFileSync(file, shardFileText(result));
        files.push(file);
      }
      const merged = mergeShards(files);

      expect(comparable(merged)).toEqual(comparable(whole));
      expect(formatBaseline(baselineOf(merged))).toBe(formatBaseline(baselineOf(whole)));
      expect(junitCases(merged)).toEqual(junitCases(whole));
      expect(summaryLine(merged)).toBe(summaryLine(whole));
      expect(merged.shards?.map((s) => s.index)).toEqual([1, 2, 3]);
      expect(JSON.parse(readFileSync(files[0]!, 'utf8')).result.shard.count).toBe(3);
    });
  },
  // what classes and shards do is the same on every runtime; the runtimes have their own contract suites
  { runtimes: ['local'] },
);
