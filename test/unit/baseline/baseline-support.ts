/** Small edits of a baseline for the comparison tests; each returns a changed deep copy. */
import type { Operation, Protocol } from '../../../src/core/types';
import type { Baseline, BaselineOutcome } from '../../../src/baseline';

export function copy(b: Baseline): Baseline {
  return structuredClone(b);
}

export function withCell(
  b: Baseline,
  subject: string,
  target: string,
  operation: Operation,
  protocol: Protocol,
  outcome: BaselineOutcome | undefined,
): Baseline {
  const out = copy(b);
  const protocols = (((out.matrix[subject] ??= {})[target] ??= {})[operation] ??= {});
  if (outcome === undefined) delete protocols[protocol];
  else protocols[protocol] = outcome;
  return out;
}
