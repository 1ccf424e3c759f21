/**
 * A run's observed matrix as cells a second run can be compared with: keyed by what the policy names
 * (subject, destination pattern, operation, protocol) and the broker's phase, never by probe names, which
 * carry each run's id. A case that ran on a cold broker gives a cold cell beside its warm one.
 */
import { subjectKey, targetKey } from '../baseline/baseline-of';
import type { RunResult } from '../check/run-result';
import type { Verdict } from '../check/verdict';
import type { Operation, Protocol } from '../core/types';
import type { Observation, Outcome } from '../probes/types';

export type Phase = 'warm' | 'cold';

export interface ObservedCell {
  key: string;
  subject: string;
  target: string;
  operation: Operation;
  protocol: Protocol;
  phase: Phase;
  outcome: Outcome;
  observation: Observation;
  verdict: Verdict;
}

export function cellKey(
  c: Pick<ObservedCell, 'subject' | 'target' | 'operation' | 'protocol' | 'phase'>,
): string {
  return [c.subject, c.target, c.operation, c.protocol, c.phase].join('\u0000');
}

export function observedCells(result: RunResult): Map<string, ObservedCell> {
  const cells = new Map<string, ObservedCell>();
  for (const verdict of result.verdicts) {
    if (verdict.kind === 'skipped' || !verdict.observation) continue;
    const c = verdict.case;
    const base = {
      subject: subjectKey(c.user, c.credentials),
      target: targetKey(verdict, result.runId),
      operation: c.operation,
      protocol: c.protocol,
      verdict,
    };
    const phases: Array<[Phase, Observation | undefined]> = [
      ['warm', verdict.observation],
      ['cold', verdict.coldObservation],
    ];
    for (const [phase, observation] of phases) {
      if (!observation) continue;
      const key = cellKey({ ...base, phase });
      cells.set(key, { ...base, key, phase, outcome: observation.outcome, observation });
    }
  }
  return cells;
}

/**
 * The cold cell of a key, or the warm one where this run had no cold variant: where the outcome does not
 * depend on what touched an advisory topic before, a cold broker does what a warm one does.
 */
export function coldOrWarm(cells: Map<string, ObservedCell>, key: string): ObservedCell | undefined {
  const found = cells.get(key);
  if (found) return found;
  return key.endsWith('\u0000cold') ? cells.get(`${key.slice(0, -'cold'.length)}warm`) : undefined;
}
