/**
 * The observed matrix of a run as a baseline. Keys come from the plan's `target` (the policy's own words),
 * never from the probed destination, whose name carries the run id.
 */
import type { RunResult } from '../check/run-result';
import type { Verdict } from '../check/verdict';
import { formatDestination } from '../core/destination';
import type { Protocol } from '../core/types';
import type { CredentialVariant } from '../plan/types';
import { byProtocolOrder } from './cells';
import {
  BASELINE_SCHEMA_VERSION,
  CONNECT_TARGET,
  type Baseline,
  type BaselineOutcome,
  type ProtocolOutcomes,
} from './types';

const CREDENTIAL_LABEL: Record<Exclude<CredentialVariant, 'valid'>, string> = {
  'wrong-password': 'wrong password',
  'unknown-user': 'unknown user',
  'no-credentials': 'no credentials',
};

/** `orders-writer`, or for the negative connects `unknown (unknown user)`, `billing (wrong password)`. */
export function subjectKey(user: string, credentials: CredentialVariant): string {
  return credentials === 'valid' ? user : `${user} (${CREDENTIAL_LABEL[credentials]})`;
}

export function targetKey(verdict: Verdict, runId: string): string {
  const c = verdict.case;
  if (c.operation === 'connect') return CONNECT_TARGET;
  if (c.target) return c.target;
  // Every planned destination case carries a target; should one not, keep the key free of the run id.
  return c.destination ? formatDestination(c.destination).split(runId).join('{run}') : CONNECT_TARGET;
}

/** Two cases landing on one key (not planned today) must not make the file depend on their order. */
function merge(a: BaselineOutcome | undefined, b: BaselineOutcome): BaselineOutcome {
  return a === undefined || a === b ? b : 'inconclusive';
}

/** The warm broker's outcome, or `order-dependent` when the cold broker decided otherwise. */
function outcomeOf(verdict: Verdict): BaselineOutcome {
  const warm = verdict.observation!.outcome;
  const cold = verdict.coldObservation?.outcome;
  if (cold === undefined || cold === warm || cold === 'inconclusive' || warm === 'inconclusive') return warm;
  return 'order-dependent';
}

export function baselineOf(result: RunResult): Baseline {
  const matrix: Baseline['matrix'] = {};
  const probed = new Set<Protocol>();
  for (const verdict of result.verdicts) {
    // A skipped case says nothing about the broker; a case the run never reached has no observation.
    if (verdict.kind === 'skipped' || !verdict.observation) continue;
    const c = verdict.case;
    const subject = subjectKey(c.user, c.credentials);
    const target = targetKey(verdict, result.runId);
    const operations = ((matrix[subject] ??= {})[target] ??= {});
    const protocols: ProtocolOutcomes = (operations[c.operation] ??= {});
    protocols[c.protocol] = merge(protocols[c.protocol], outcomeOf(verdict));
    probed.add(c.protocol);
  }
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    engine: result.engine.id,
    protocols: [...probed].sort(byProtocolOrder),
    matrix,
  };
}
