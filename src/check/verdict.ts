/**
 * Expected against observed, per case. Pure: the checker never talks to the broker, it judges the
 * history the probes recorded (the Jepsen split of generator, client and checker).
 */
import type { PlannedCase } from '../plan/types';
import type { Observation } from '../probes/types';

export const VERDICT_KINDS = [
  'pass',
  'expectation-failure',
  'model-disagreement',
  'order-dependent',
  'inconclusive',
  'skipped',
] as const;
/**
 * - pass: the broker did what the model predicted and what the team declared;
 * - expectation-failure: the config does not do what the team declared;
 * - model-disagreement: the harness predicted wrong (a bug, or a broker-version behaviour to learn);
 * - order-dependent: the broker did what the model predicted on a warm and on a cold broker, and the two
 *   differ: the outcome depends on what touched an advisory topic before (engines before 5.19.8), so in
 *   production it changes after a restart. A configuration finding, with its fix;
 * - inconclusive: the probe could not tell (never a pass);
 * - skipped: the case cannot run here (e.g. the broker build lacks the transport).
 */
export type VerdictKind = (typeof VERDICT_KINDS)[number];

export interface Verdict {
  case: PlannedCase;
  kind: VerdictKind;
  /** absent for skipped cases; on a warm broker for cases with a cold variant */
  observation?: Observation;
  /** the same case on a cold broker (the user first to touch the advisory topics), when planned */
  coldObservation?: Observation;
  /**
   * The broker did not do what the model predicted, in either phase. Also set under an expectation
   * failure, which the verdict's kind reports first, so a wrong prediction is never hidden.
   */
  modelDisagrees?: boolean;
  /** one line: what was expected, what happened */
  summary: string;
}

const word = (allowed: boolean) => (allowed ? 'granted' : 'denied');

/** One phase's observation against what was predicted and declared for it. */
interface PhaseJudgement {
  kind: Exclude<VerdictKind, 'order-dependent' | 'skipped'>;
  observedAllowed?: boolean;
  modelDisagrees: boolean;
  summary: string;
}

function judgePhase(
  planned: PlannedCase,
  predictedAllowed: boolean,
  observation: Observation | undefined,
  where: string,
): PhaseJudgement {
  if (!observation) {
    return {
      kind: 'inconclusive',
      modelDisagrees: false,
      summary: `inconclusive${where}: the case was not run (the run ended early)`,
    };
  }
  if (observation.outcome === 'inconclusive') {
    return {
      kind: 'inconclusive',
      modelDisagrees: false,
      summary: `inconclusive${where}: ${observation.detail ?? 'no decisive signal'}`,
    };
  }
  const observedAllowed = observation.outcome === 'granted';
  const observed = word(observedAllowed);
  const modelDisagrees = predictedAllowed !== observedAllowed;
  if (planned.expectation && planned.expectation.allowed !== observedAllowed) {
    const alsoModel = modelDisagrees ? `; the model also predicted ${word(predictedAllowed)}` : '';
    return {
      kind: 'expectation-failure',
      observedAllowed,
      modelDisagrees,
      summary: `expected ${word(planned.expectation.allowed)} (declared), broker ${observed}${where}${alsoModel}`,
    };
  }
  if (modelDisagrees) {
    return {
      kind: 'model-disagreement',
      observedAllowed,
      modelDisagrees,
      summary: `model predicted ${word(predictedAllowed)}, broker ${observed}${where}`,
    };
  }
  const declared = planned.expectation ? ' as declared' : '';
  return {
    kind: 'pass',
    observedAllowed,
    modelDisagrees,
    summary: `${observed}${declared}, as predicted${where}`,
  };
}

const COLD = ' on a cold broker (as after a restart)';
const WARM = ' on a warm broker';
const SEVERITY: readonly PhaseJudgement['kind'][] = [
  'expectation-failure',
  'model-disagreement',
  'inconclusive',
  'pass',
];

/**
 * Every judged verdict has one shape, written out: copies by spreading came out several times the size in
 * V8, and a large run keeps 300,000 verdicts.
 */
function judged(
  planned: PlannedCase,
  observation: Observation | undefined,
  coldObservation: Observation | undefined,
  kind: VerdictKind,
  modelDisagrees: boolean,
  summary: string,
): Verdict {
  return { case: planned, kind, observation, coldObservation, modelDisagrees, summary };
}

export function judge(
  planned: PlannedCase,
  observation: Observation | undefined,
  coldObservation?: Observation,
): Verdict {
  if (planned.skip) return { case: planned, kind: 'skipped', summary: `skipped: ${planned.skip}` };
  const verdict = (kind: VerdictKind, modelDisagrees: boolean, summary: string) =>
    judged(planned, observation, coldObservation, kind, modelDisagrees, summary);
  if (!planned.cold) {
    const warm = judgePhase(planned, planned.prediction.allowed, observation, '');
    return verdict(warm.kind, warm.modelDisagrees, warm.summary);
  }
  const warm = judgePhase(planned, planned.prediction.allowed, observation, WARM);
  const cold = judgePhase(planned, planned.cold.allowed, coldObservation, COLD);
  const modelDisagrees = warm.modelDisagrees || cold.modelDisagrees;
  const worst = [warm, cold].sort((a, b) => SEVERITY.indexOf(a.kind) - SEVERITY.indexOf(b.kind))[0]!;
  if (worst.kind !== 'pass') {
    const other = worst === warm ? cold : warm;
    const both = other.kind === 'pass' ? worst.summary : `${worst.summary}; ${other.summary}`;
    return verdict(worst.kind, modelDisagrees, both);
  }
  if (warm.observedAllowed === cold.observedAllowed) {
    return verdict('pass', modelDisagrees, `${warm.summary.replace(WARM, '')} on warm and cold brokers`);
  }
  return verdict(
    'order-dependent',
    modelDisagrees,
    `${word(warm.observedAllowed!)}${WARM}, ${word(cold.observedAllowed!)}${COLD}, as predicted: the outcome depends on what touched an advisory topic before`,
  );
}

/** The verdict with another summary, in the same shape. */
export function withSummary(v: Verdict, summary: string): Verdict {
  if (v.kind === 'skipped') return { case: v.case, kind: v.kind, summary };
  return judged(v.case, v.observation, v.coldObservation, v.kind, v.modelDisagrees === true, summary);
}

export function countVerdicts(verdicts: readonly Verdict[]): Record<VerdictKind, number> {
  const counts = Object.fromEntries(VERDICT_KINDS.map((k) => [k, 0])) as Record<VerdictKind, number>;
  for (const v of verdicts) counts[v.kind] += 1;
  return counts;
}
