/**
 * What changes for every client when the broker moves from one release to another: the same policy
 * checked on real brokers of both releases, one after the other, and every cell (user × destination
 * pattern × operation × protocol, on a warm and where it matters a cold broker) whose observed outcome
 * differs, with both brokers' evidence. Cells that hold on both are counted, not listed; wherever either
 * broker disagrees with the model's prediction for its release, that is reported as a model disagreement.
 */
import { brokerVersionFor } from '../broker/distribution/broker-version';
import { runCheck, type CheckOptions } from '../check/run-check';
import type { RunResult } from '../check/run-result';
import { UsageError } from '../core/errors';
import type { Operation, Protocol } from '../core/types';
import { parseEngine } from '../policy/engine';
import { loadInput } from '../input/load-input';
import type { Evidence, Outcome } from '../probes/types';
import { cellKey, coldOrWarm, observedCells, type ObservedCell, type Phase } from './cells';

export interface UpgradeSide {
  /** as the user wrote it: an engine (`amazon-mq/5.18`) or a release (`5.18.7`) */
  requested: string;
  /** the release that ran */
  version: string;
}

export interface CellMove {
  subject: string;
  target: string;
  operation: Operation;
  protocol: Protocol;
  phase: Phase;
  before: Outcome;
  after: Outcome;
  /** `gains` / `loses` for a grant that appears or goes; `changes` when either side is inconclusive */
  change: 'gains' | 'loses' | 'changes';
  fromEvidence: Evidence[];
  toEvidence: Evidence[];
}

export interface HarnessProblem {
  version: string;
  caseId: string;
  kind: 'model-disagreement' | 'inconclusive';
  summary: string;
}

export interface UpgradePreview {
  input: string;
  from: UpgradeSide;
  to: UpgradeSide;
  protocols: Protocol[];
  moves: CellMove[];
  /** cells observed on both brokers with the same outcome */
  unchanged: number;
  /** cells one run observed and the other did not (a case only one release's plan has) */
  unmatched: number;
  problems: HarnessProblem[];
  /** set when either run ended early */
  aborted?: string;
  results: { from: RunResult; to: RunResult };
}

export type UpgradeOptions = Omit<CheckOptions, 'brokerVersion'> & { from: string; to: string };

/** `5.18.7`, or an engine such as `amazon-mq/5.19`, as the release it runs. */
export function resolveRelease(text: string, option: string): UpgradeSide {
  const requested = text.trim();
  if (/^\d+\.\d+\.\d+$/.test(requested)) return { requested, version: requested };
  const parsed = parseEngine(requested);
  if (!parsed.ok) {
    throw new UsageError(
      `${option} ${JSON.stringify(text)} is neither a release nor an engine: ${parsed.message}`,
      parsed.hint,
    );
  }
  return { requested, version: brokerVersionFor(parsed.engine).version };
}

function changeOf(before: Outcome, after: Outcome): CellMove['change'] {
  if (before === 'denied' && after === 'granted') return 'gains';
  if (before === 'granted' && after === 'denied') return 'loses';
  return 'changes';
}

function problemsOf(result: RunResult, version: string): HarnessProblem[] {
  return result.verdicts.flatMap((v): HarnessProblem[] => {
    if (v.kind === 'inconclusive')
      return [{ version, caseId: v.case.id, kind: 'inconclusive', summary: v.summary }];
    if (v.kind === 'model-disagreement' || v.modelDisagrees)
      return [{ version, caseId: v.case.id, kind: 'model-disagreement', summary: v.summary }];
    return [];
  });
}

/** The moves between two runs' observed matrices: pure, so reports and tests share it. */
export function compareRuns(
  from: RunResult,
  to: RunResult,
): Pick<UpgradePreview, 'moves' | 'unchanged' | 'unmatched'> {
  const before = observedCells(from);
  const after = observedCells(to);
  const keys = new Set([...before.keys(), ...after.keys()]);
  const moves: CellMove[] = [];
  let unchanged = 0;
  let unmatched = 0;
  for (const key of [...keys].sort()) {
    const a: ObservedCell | undefined = coldOrWarm(before, key);
    const b: ObservedCell | undefined = coldOrWarm(after, key);
    if (!a || !b) {
      unmatched += 1;
      continue;
    }
    if (a.outcome === b.outcome) {
      unchanged += 1;
      continue;
    }
    const phase: Phase = key.endsWith('\u0000cold') ? 'cold' : 'warm';
    moves.push({
      subject: a.subject,
      target: a.target,
      operation: a.operation,
      protocol: a.protocol,
      phase,
      before: a.outcome,
      after: b.outcome,
      change: changeOf(a.outcome, b.outcome),
      fromEvidence: a.observation.evidence,
      toEvidence: b.observation.evidence,
    });
  }
  return { moves, unchanged, unmatched };
}

export async function upgradePreview(options: UpgradeOptions): Promise<UpgradePreview> {
  const from = resolveRelease(options.from, '--from');
  const to = resolveRelease(options.to, '--to');
  // an input that cannot be read fails now, before either broker starts
  loadInput(options.input, options);
  const log = options.log ?? (() => undefined);
  const run = (side: UpgradeSide) => {
    log(`== ActiveMQ ${side.version} (${side.requested})`);
    return runCheck({ ...options, brokerVersion: side.version });
  };
  const fromResult = await run(from);
  const toResult = await run(to);
  const aborted = fromResult.aborted ?? toResult.aborted;
  return {
    input: options.input,
    from,
    to,
    protocols: [...fromResult.protocols],
    ...compareRuns(fromResult, toResult),
    problems: [...problemsOf(fromResult, from.version), ...problemsOf(toResult, to.version)],
    ...(aborted ? { aborted } : {}),
    results: { from: fromResult, to: toResult },
  };
}

/** 0 nothing moves; 1 something moves or the harness disagreed with a broker; 3 a run ended early. */
export function upgradeExitCode(preview: UpgradePreview): 0 | 1 | 3 {
  if (preview.aborted) return 3;
  return preview.moves.length > 0 || preview.problems.length > 0 ? 1 : 0;
}

export { cellKey };
