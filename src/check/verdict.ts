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
  'inconclusive',
  'skipped',
] as const;
/**
 * - pass: the broker did what the model predicted and what the team declared;
 * - expectation-failure: the config does not do what the team declared;
 * - model-disagreement: the harness predicted wrong (a bug, or a broker-version behaviour to learn);
 * - inconclusive: the probe could not tell (never a pass);
 * - skipped: the case cannot run here (e.g. the broker build lacks the transport).
 */
export type VerdictKind = (typeof VERDICT_KINDS)[number];

export interface Verdict {
  case: PlannedCase;
  kind: VerdictKind;
  /** absent for skipped cases */
  observation?: Observation;
  /** one line: what was expected, what happened */
  summary: string;
}

const word = (allowed: boolean) => (allowed ? 'granted' : 'denied');

export function judge(planned: PlannedCase, observation: Observation | undefined): Verdict {
  if (planned.skip) return { case: planned, kind: 'skipped', summary: `skipped: ${planned.skip}` };
  if (!observation) {
    return {
      case: planned,
      kind: 'inconclusive',
      summary: 'inconclusive: the case was not run (the run ended early)',
    };
  }
  if (observation.outcome === 'inconclusive') {
    return {
      case: planned,
      kind: 'inconclusive',
      observation,
      summary: `inconclusive: ${observation.detail ?? 'no decisive signal'}`,
    };
  }
  const observedAllowed = observation.outcome === 'granted';
  const observed = word(observedAllowed);
  if (planned.expectation && planned.expectation.allowed !== observedAllowed) {
    return {
      case: planned,
      kind: 'expectation-failure',
      observation,
      summary: `expected ${word(planned.expectation.allowed)} (declared), broker ${observed}`,
    };
  }
  if (planned.prediction.allowed !== observedAllowed) {
    return {
      case: planned,
      kind: 'model-disagreement',
      observation,
      summary: `model predicted ${word(planned.prediction.allowed)}, broker ${observed}`,
    };
  }
  const declared = planned.expectation ? ' as declared' : '';
  return { case: planned, kind: 'pass', observation, summary: `${observed}${declared}, as predicted` };
}

export function countVerdicts(verdicts: readonly Verdict[]): Record<VerdictKind, number> {
  const counts = Object.fromEntries(VERDICT_KINDS.map((k) => [k, 0])) as Record<VerdictKind, number>;
  for (const v of verdicts) counts[v.kind] += 1;
  return counts;
}
