/**
 * How every reporter names and classifies a case, so the console, JUnit, JSON and HTML reports agree on
 * words and symbols.
 */
import { formatDestination } from '../core/destination';
import type { Operation } from '../core/types';
import type { RunResult } from '../check/run-result';
import type { Verdict, VerdictKind } from '../check/verdict';
import type { PlannedCase } from '../plan/types';
import { probedVerdicts } from '../check/inferred-verdicts';

/** A verdict as one matrix cell: a pass splits by what the broker did, so a reader sees the permission. */
export const CELL_KINDS = [
  'granted',
  'denied',
  'expectation-failure',
  'model-disagreement',
  'order-dependent',
  'inconclusive',
  'skipped',
] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export const CELL_SYMBOL: Record<CellKind, string> = {
  granted: '✓',
  denied: '✗',
  'expectation-failure': '!E',
  'model-disagreement': '!M',
  'order-dependent': '~',
  inconclusive: '?',
  skipped: '-',
};

export const CELL_MEANING: Record<CellKind, string> = {
  granted: 'granted, as expected',
  denied: 'denied, as expected',
  'expectation-failure': 'expectation failure: the config does not do what the policy declares',
  'model-disagreement': 'model disagreement: the broker did not do what the harness predicted',
  'order-dependent':
    'order-dependent: granted or denied depending on what touched an advisory topic before (changes after a restart)',
  inconclusive: 'inconclusive: no decisive signal (never a pass)',
  skipped: 'skipped: cannot run here',
};

export const VERDICT_LABEL: Record<VerdictKind, string> = {
  pass: 'pass',
  'expectation-failure': 'expectation failure',
  'model-disagreement': 'model disagreement',
  'order-dependent': 'order-dependent',
  inconclusive: 'inconclusive',
  skipped: 'skipped',
};

export function cellKind(verdict: Verdict): CellKind {
  if (verdict.kind !== 'pass') return verdict.kind;
  return verdict.observation?.outcome === 'granted' ? 'granted' : 'denied';
}

/** When several verdicts share a cell, the one a reader must see first. */
const SEVERITY: Record<CellKind, number> = {
  'expectation-failure': 6,
  'model-disagreement': 5,
  inconclusive: 4,
  'order-dependent': 3,
  granted: 2,
  denied: 2,
  skipped: 1,
};

export function worstOf(verdicts: readonly Verdict[]): Verdict | undefined {
  let worst: Verdict | undefined;
  for (const v of verdicts) {
    if (!worst || SEVERITY[cellKind(v)] > SEVERITY[cellKind(worst)]) worst = v;
  }
  return worst;
}

/** Expectation failures, model disagreements and order-dependent outcomes: what fails a run by default. */
export function isFailure(verdict: Verdict): boolean {
  return (
    verdict.kind === 'expectation-failure' ||
    verdict.kind === 'model-disagreement' ||
    verdict.kind === 'order-dependent'
  );
}

/** Failures and inconclusive cases: everything a reader has to look at. */
export function needsAttention(verdict: Verdict): boolean {
  return isFailure(verdict) || verdict.kind === 'inconclusive' || verdict.modelDisagrees === true;
}

/** What the case is held to: the team's declaration when there is one, else the model's prediction. */
export function expectedOutcome(c: PlannedCase): { allowed: boolean; source: 'declared' | 'model' } {
  return c.expectation
    ? { allowed: c.expectation.allowed, source: 'declared' }
    : { allowed: c.prediction.allowed, source: 'model' };
}

/** Who the row is about: the user, or which negative credentials were presented. */
export function subjectLabel(c: PlannedCase): string {
  switch (c.credentials) {
    case 'valid':
      return c.user;
    case 'wrong-password':
      return `${c.user} (wrong password)`;
    case 'unknown-user':
      return `${c.user} (unknown user)`;
    case 'no-credentials':
      return `${c.user} (no credentials)`;
  }
}

export const CONNECT_TARGET = 'connect';

/** What the probed destination stands for in the policy; connects have their own column. */
export function targetLabel(c: PlannedCase): string {
  if (c.target) return c.target;
  if (c.destination) return formatDestination(c.destination);
  return CONNECT_TARGET;
}

function operationPhrase(c: PlannedCase): string {
  const where = c.destination ? ` ${formatDestination(c.destination)}` : '';
  const via = c.operation === 'create' && c.createVia ? ` (by first ${c.createVia})` : '';
  return `${c.operation}${where}${via}`;
}

/** A sentence naming the case and what it is held to, e.g. `orders-writer cannot consume queue://X over stomp`. */
export function caseTitle(c: PlannedCase): string {
  const can = expectedOutcome(c).allowed ? 'can' : 'cannot';
  return `${subjectLabel(c)} ${can} ${operationPhrase(c)} over ${c.protocol}`;
}

export const OPERATION_SHORT: Record<Operation, string> = {
  connect: 'conn',
  produce: 'prod',
  consume: 'cons',
  browse: 'brws',
  create: 'crea',
  'request-reply': 'rqrp',
  'wildcard-consume': 'wcns',
  'durable-subscribe': 'dura',
  'virtual-topic': 'vtop',
};

/**
 * The run as one word: `failed` when any expectation failed or the model disagreed; else `aborted` when
 * the run ended early; else `inconclusive` when some case could not be decided (never a pass); else `passed`.
 */
export type RunStatus = 'passed' | 'failed' | 'aborted' | 'inconclusive';

export function runStatus(result: RunResult): RunStatus {
  const counts = result.counts;
  if (result.verdicts.some((v) => isFailure(v) || v.modelDisagrees)) return 'failed';
  if (result.aborted) return 'aborted';
  if (counts.inconclusive > 0) return 'inconclusive';
  return 'passed';
}

export function totalCases(result: RunResult): number {
  return Object.values(result.counts).reduce((a, b) => a + b, 0);
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** What every reporter says of a run's classes: how many cases were probed, how many inferred, of which classes. */
export function classesSummary(
  result: RunResult,
): { probed: number; inferred: number; userClasses: number; targetClasses: number } | undefined {
  const probed = probedVerdicts(result.verdicts).length;
  const inferred = result.verdicts.length - probed;
  if (!result.classes || inferred === 0) return undefined;
  return {
    probed,
    inferred,
    userClasses: result.classes.users.length,
    targetClasses: result.classes.targets.length,
  };
}
