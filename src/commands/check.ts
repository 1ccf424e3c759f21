import { runCheck, type CheckOptions } from '../check/run-check';
import type { RunResult } from '../check/run-result';
import type { VerdictKind } from '../check/verdict';
import { EXIT, UsageError, type ExitCode } from '../core/errors';
import { PROTOCOLS, type Protocol } from '../core/types';

export const FAIL_ON_CHOICES = ['expectation', 'disagreement', 'order', 'inconclusive'] as const;
export type FailOn = (typeof FAIL_ON_CHOICES)[number];
export const DEFAULT_FAIL_ON: readonly FailOn[] = FAIL_ON_CHOICES;

const FAIL_KIND: Record<FailOn, VerdictKind> = {
  expectation: 'expectation-failure',
  disagreement: 'model-disagreement',
  order: 'order-dependent',
  inconclusive: 'inconclusive',
};

export function parseProtocols(text: string | undefined): Protocol[] | undefined {
  if (!text) return undefined;
  const wanted = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = wanted.filter((p) => !(PROTOCOLS as readonly string[]).includes(p));
  if (unknown.length)
    throw new UsageError(`unknown protocol ${unknown.join(', ')}`, `use any of ${PROTOCOLS.join(', ')}`);
  return wanted as Protocol[];
}

export function parseFailOn(text: string | undefined): FailOn[] {
  if (!text) return [...DEFAULT_FAIL_ON];
  const wanted = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = wanted.filter((p) => !(FAIL_ON_CHOICES as readonly string[]).includes(p));
  if (unknown.length)
    throw new UsageError(
      `unknown --fail-on value ${unknown.join(', ')}`,
      `use any of ${FAIL_ON_CHOICES.join(', ')}`,
    );
  return wanted as FailOn[];
}

/** 3 when the run ended early; else 1 when a verdict kind the user fails on occurred; else 0. */
export function exitCodeFor(result: RunResult, failOn: readonly FailOn[]): ExitCode {
  if (result.aborted) return EXIT.INFRA;
  if (failOn.some((f) => result.counts[FAIL_KIND[f]] > 0)) return EXIT.FAILED;
  // a wrong prediction under an expectation failure still fails a run that fails on disagreements
  const hidden = failOn.includes('disagreement') && result.verdicts.some((v) => v.modelDisagrees);
  return hidden ? EXIT.FAILED : EXIT.OK;
}

export type { CheckOptions };
export { runCheck };
