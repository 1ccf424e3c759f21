import type { Verdict, VerdictKind } from '../../../src/check/verdict';
import { caseOutcome, CaseFailure, runFailureMessage } from '../../../src/jest';
import { InfrastructureError } from '../../../src/core/errors';
import { FIXTURE_PASSWORDS, fixtureRunResult } from '../../fixtures/run-result';

const result = fixtureRunResult();
const first = (kind: VerdictKind): Verdict => {
  const found = result.verdicts.find((v) => v.kind === kind);
  if (!found) throw new Error(`the fixture has no ${kind} verdict`);
  return found;
};

describe('caseOutcome', () => {
  it('passes a pass', () => {
    expect(caseOutcome(first('pass'), result)).toEqual({ failed: false });
  });

  it('fails an expectation failure with the declaration, the evidence and the broker log', () => {
    const outcome = caseOutcome(first('expectation-failure'), result);
    expect(outcome.failed).toBe(true);
    const message = outcome.failed ? outcome.message : '';
    expect(message).toMatch(/^expected denied \(declared\), broker granted/);
    expect(message).toContain('declared: ');
    expect(message).toContain('evidence (');
    expect(message).toContain(`broker log: ${result.brokerLogFile}`);
    expect(message).toContain(`run ${result.runId} on the local runtime`);
  });

  it('points a failure of a declared expectation at its line in the policy', () => {
    const verdict = first('expectation-failure');
    const outcome = caseOutcome(verdict, result);
    const location = verdict.case.expectation?.statement.location;
    expect(location).toBeDefined();
    expect(outcome.failed && outcome.location).toEqual(location);
    const failure = new CaseFailure('expected denied', location);
    expect(failure.stack).toBe(
      `CaseFailure: expected denied\n    at declared expectation (${location!.file}:${location!.line}:${location!.column})`,
    );
  });

  it('fails model disagreements and inconclusive cases by default', () => {
    expect(caseOutcome(first('model-disagreement'), result).failed).toBe(true);
    expect(caseOutcome(first('inconclusive'), result).failed).toBe(true);
  });

  it('passes the kinds failOn leaves out, and only those', () => {
    expect(caseOutcome(first('model-disagreement'), result, ['expectation']).failed).toBe(false);
    expect(caseOutcome(first('inconclusive'), result, ['expectation']).failed).toBe(false);
    expect(caseOutcome(first('expectation-failure'), result, ['expectation']).failed).toBe(true);
  });

  it('never passes a case the test file registered but the run skipped or left out', () => {
    const skipped = caseOutcome(first('skipped'), result);
    expect(skipped.failed && skipped.message).toMatch(
      /^skipped: .*the test file expected to probe this case/,
    );
    const missing = caseOutcome(undefined, result);
    expect(missing.failed && missing.message).toMatch(/^the run returned no verdict/);
  });

  it('names why an aborted run left the case undecided', () => {
    const aborted = { ...result, aborted: 'the broker exited during the run (code 1, signal -)' };
    const outcome = caseOutcome(first('inconclusive'), aborted);
    expect(outcome.failed && outcome.message).toContain('the run ended early: the broker exited');
  });

  it('never shows a password', () => {
    for (const verdict of result.verdicts) {
      const outcome = caseOutcome(verdict, result);
      const text = outcome.failed ? outcome.message : '';
      for (const password of FIXTURE_PASSWORDS) expect(text).not.toContain(password);
    }
  });
});

describe('runFailureMessage and CaseFailure', () => {
  it('shows a harness error with its hint, and no stack frames', () => {
    const error = new InfrastructureError('no broker runtime available', { hint: 'install Docker' });
    const failure = new CaseFailure(runFailureMessage(error));
    expect(failure.message).toContain('no broker runtime available\n  hint: install Docker');
    expect(failure.stack).not.toMatch(/\n\s+at /);
  });

  it('masks credentials an unexpected error carries', () => {
    const message = runFailureMessage(new Error('CONNECT login:writer passcode:Wr1ter-pass-2026!'));
    expect(message).not.toContain('Wr1ter-pass-2026!');
  });
});
