/**
 * The broker as the oracle: generated policies run through `check` on a real broker over every protocol,
 * and any model disagreement or inconclusive case is a failure of the harness, reported with the seed and
 * a shrunk policy to reproduce it (`amq-auth check <file>`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { runCheck } from '../../src/check/run-check';
import type { Protocol } from '../../src/core/types';
import type { RunResult } from '../../src/check/run-result';
import { policyArbitrary, type GeneratedPolicy } from './policy-arbitrary';

export interface DifferentialOptions {
  brokerVersion: string;
  seed: number;
  numRuns: number;
  /** shrinking reruns the broker for every candidate: stop improving the counterexample after this long */
  timeLimitMs: number;
  runtime?: 'local' | 'testcontainers';
  log?: (line: string) => void;
}

export interface PolicyOutcome {
  policy: GeneratedPolicy;
  cases: number;
  disagreements: string[];
  inconclusive: string[];
  durationMs: number;
}

export interface DifferentialReport {
  brokerVersion: string;
  seed: number;
  policies: number;
  cases: number;
  disagreements: number;
  inconclusive: number;
  durationMs: number;
  /** the first failing policy after shrinking, as YAML, with what went wrong */
  counterexample?: { yaml: string; problems: string[]; shrinks: number };
}

function problemsOf(result: RunResult): Pick<PolicyOutcome, 'disagreements' | 'inconclusive'> {
  return {
    disagreements: result.verdicts
      .filter((v) => v.kind === 'model-disagreement' || v.modelDisagrees)
      .map((v) => `${v.case.id}: ${v.summary}`),
    inconclusive: result.verdicts
      .filter((v) => v.kind === 'inconclusive')
      .map((v) => `${v.case.id}: ${v.summary}`),
  };
}

export function policyYaml(policy: GeneratedPolicy): string {
  return stringify(policy, { flowCollectionPadding: false, lineWidth: 0 });
}

export async function checkGenerated(
  policy: GeneratedPolicy,
  options: Pick<DifferentialOptions, 'brokerVersion' | 'runtime'> & { protocols?: Protocol[] },
): Promise<PolicyOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'amq-auth-differential-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, policyYaml(policy));
  const started = Date.now();
  try {
    const result = await runCheck({
      input: file,
      runtime: options.runtime ?? 'local',
      brokerVersion: options.brokerVersion,
      ...(options.protocols ? { protocols: options.protocols } : {}),
    });
    return { policy, cases: result.verdicts.length, ...problemsOf(result), durationMs: Date.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runDifferential(options: DifferentialOptions): Promise<DifferentialReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const seen: PolicyOutcome[] = [];
  let shrinking = false;
  // Every shrinking step reruns the broker: only over the protocols that failed, to shrink further in time.
  let shrinkProtocols: Protocol[] | undefined;
  const property = fc.asyncProperty(policyArbitrary(options.brokerVersion), async (policy) => {
    const outcome = await checkGenerated(policy, { ...options, protocols: shrinkProtocols });
    if (!shrinking) seen.push(outcome);
    const bad = outcome.disagreements.length + outcome.inconclusive.length;
    log(
      `${shrinking ? 'shrink' : `policy ${seen.length}`}: ${outcome.cases} cases, ${outcome.disagreements.length} disagreements, ${outcome.inconclusive.length} inconclusive (${(outcome.durationMs / 1000).toFixed(1)} s)`,
    );
    if (bad > 0) {
      if (!shrinking) {
        const failing = [...outcome.disagreements, ...outcome.inconclusive].map(
          (p) => p.split(' ')[0] as Protocol,
        );
        shrinkProtocols = [...new Set(failing)];
      }
      shrinking = true;
      throw new Error([...outcome.disagreements, ...outcome.inconclusive].join('\n'));
    }
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns,
    interruptAfterTimeLimit: options.timeLimitMs,
    markInterruptAsFailure: false,
  });
  const report: DifferentialReport = {
    brokerVersion: options.brokerVersion,
    seed: options.seed,
    policies: seen.length,
    cases: seen.reduce((n, o) => n + o.cases, 0),
    disagreements: seen.reduce((n, o) => n + o.disagreements.length, 0),
    inconclusive: seen.reduce((n, o) => n + o.inconclusive.length, 0),
    durationMs: Date.now() - started,
  };
  if (details.failed && details.counterexample) {
    const [policy] = details.counterexample;
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    report.counterexample = {
      yaml: policyYaml(policy),
      problems: error.split('\n'),
      shrinks: details.numShrinks,
    };
  }
  return report;
}

export function describeReport(report: DifferentialReport): string {
  const lines = [
    `ActiveMQ ${report.brokerVersion}, seed ${report.seed}: ${report.policies} policies, ${report.cases} cases, ${report.disagreements} model disagreements, ${report.inconclusive} inconclusive, ${(report.durationMs / 1000).toFixed(0)} s`,
  ];
  if (report.counterexample) {
    lines.push(
      `counterexample after ${report.counterexample.shrinks} shrinks (reproduce: save as policy.yaml, run amq-auth check policy.yaml --runtime local --broker-version ${report.brokerVersion}):`,
      report.counterexample.yaml,
      'problems:',
      ...report.counterexample.problems.map((p) => `  ${p}`),
    );
  }
  return lines.join('\n');
}
