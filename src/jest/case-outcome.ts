/**
 * One verdict as one Jest test result: which verdict kinds fail the test, and the message a failing test
 * shows (the verdict explained with its evidence, the run and the broker log to look at).
 */
import type { RunResult } from '../check/run-result';
import type { Verdict, VerdictKind } from '../check/verdict';
import type { FailOn } from '../commands/check';
import { formatLocation, HarnessError, type SourceLocation } from '../core/errors';
import { redactCredentials } from '../report/redact';
import { verdictDetailLines } from '../report/verdict-text';

export const DEFAULT_JEST_FAIL_ON: readonly FailOn[] = [
  'expectation',
  'disagreement',
  'order',
  'inconclusive',
];

const FAILING_KIND: Record<FailOn, VerdictKind> = {
  expectation: 'expectation-failure',
  disagreement: 'model-disagreement',
  order: 'order-dependent',
  inconclusive: 'inconclusive',
};

/**
 * A failed case. Its stack holds no frames of this library (they would only point here); when the case
 * comes from a declared expectation, its one frame is the expectation's place in the policy file, so Jest
 * shows that line of the policy as the failure's code frame.
 */
export class CaseFailure extends Error {
  constructor(message: string, location?: SourceLocation) {
    super(message);
    this.name = 'CaseFailure';
    const frame = location ? `\n    at declared expectation (${formatLocation(location)})` : '';
    this.stack = `${this.name}: ${message}${frame}`;
  }
}

export type CaseOutcome = { failed: false } | { failed: true; message: string; location?: SourceLocation };

function runLines(result: RunResult): string[] {
  const lines = [`run ${result.runId} on the ${result.runtime.kind} runtime (${result.runtime.reason})`];
  if (result.aborted) lines.push(`the run ended early: ${result.aborted}`);
  if (result.brokerLogFile) lines.push(`broker log: ${result.brokerLogFile}`);
  return lines;
}

/** How the test of one case ends, given the run's verdict for it. */
export function caseOutcome(
  verdict: Verdict | undefined,
  result: RunResult,
  failOn: readonly FailOn[] = DEFAULT_JEST_FAIL_ON,
): CaseOutcome {
  if (!verdict) {
    return {
      failed: true,
      message: ['the run returned no verdict for this case', ...runLines(result)].join('\n'),
    };
  }
  if (verdict.kind === 'skipped') {
    // The test was registered to run; a skip decided only now (e.g. the broker build changed) is no pass.
    return {
      failed: true,
      message: [`${verdict.summary} (the test file expected to probe this case)`, ...runLines(result)].join(
        '\n',
      ),
    };
  }
  const hiddenDisagreement = verdict.modelDisagrees === true && failOn.includes('disagreement');
  if (verdict.kind === 'pass' && !hiddenDisagreement) return { failed: false };
  if (!hiddenDisagreement && !failOn.some((f) => FAILING_KIND[f] === verdict.kind)) return { failed: false };
  return {
    failed: true,
    message: [...verdictDetailLines(verdict), ...runLines(result)].join('\n'),
    location: verdict.case.expectation?.statement.location,
  };
}

/** The message every case of a run that could not happen fails with. */
export function runFailureMessage(error: unknown): string {
  const text =
    error instanceof HarnessError ? error.describe() : error instanceof Error ? error.message : String(error);
  return `the check run failed before this case was decided:\n${redactCredentials(text)}`;
}
