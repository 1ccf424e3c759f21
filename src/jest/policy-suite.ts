/**
 * Collection-time planning: the policy, model and plan a Jest suite registers one test per case from.
 * buildPlan is pure, so the run later plans the same cases; `adoptRunPlan` swaps the run's plan for this
 * one (same destinations, ids and titles) and keeps only what the run learnt, i.e. which cases it skips.
 */
import { PROTOCOLS, type Policy, type Protocol, type Transport } from '../core/types';
import { InfrastructureError } from '../core/errors';
import { newRunId } from '../check/run-check';
import { loadInput, type InputOptions } from '../input/load-input';
import { modelFor } from '../model/for-policy';
import { buildPlan } from '../plan/build-plan';
import type { Plan, PlannedCase } from '../plan/types';
import { scopePlanToExternalBroker } from '../broker/external/scope';
import { caseTitle } from '../report/case-view';
import { withInferredCases } from '../check/inferred-verdicts';

/** Stands for the run-unique token in probe destination names, so test titles are the same every run. */
export const RUN_TOKEN_PLACEHOLDER = '{run}';

export interface SuiteCase {
  /** the Jest test title: stable across runs, unique within the suite */
  title: string;
  planned: PlannedCase;
}

export interface PolicySuite {
  /** the Jest describe title */
  name: string;
  policy: Policy;
  plan: Plan;
  cases: SuiteCase[];
}

export interface PlanSuiteOptions extends InputOptions {
  /** default: every protocol */
  protocols?: readonly Protocol[];
  /** transports the broker build supports; cases over other transports are planned as skipped */
  capabilities: readonly Transport[];
  /** default: a fresh run id (probe and create destinations carry it, so a reused broker never sees a name twice) */
  runId?: string;
  /** the run goes to a broker the harness does not manage: plan only what the run may do there */
  externalBroker?: boolean;
  /** probe every member of every equivalence class */
  exhaustive?: boolean;
}

/** caseTitle with the run's token in destination names replaced by a placeholder. */
export function stableCaseTitle(c: PlannedCase, runId: string): string {
  if (!c.destination || !runId) return caseTitle(c);
  const name = c.destination.name.split(runId).join(RUN_TOKEN_PLACEHOLDER);
  return caseTitle({ ...c, destination: { ...c.destination, name } });
}

/** One test per case, inferred members of an equivalence class included (each right after its representative). */
export function suiteCases(plan: Plan): SuiteCase[] {
  const seen = new Set<string>();
  return withInferredCases(plan.cases).map((planned) => {
    let title = stableCaseTitle(planned, plan.runId);
    // Titles follow the case ids, which are unique; the id keeps two titles apart should they ever collide.
    if (seen.has(title)) title = `${title} [${planned.id}]`;
    seen.add(title);
    return { title, planned };
  });
}

export function planPolicySuite(input: string, options: PlanSuiteOptions): PolicySuite {
  const policy = loadInput(input, options);
  const runId = options.runId ?? newRunId();
  const planned = buildPlan(policy, modelFor(policy), {
    runId,
    protocols: options.protocols ?? [...PROTOCOLS],
    capabilities: options.capabilities,
    exhaustive: options.exhaustive,
  });
  // runCheck scopes its plan the same way, so these cases are registered as skipped rather than failing
  const plan = options.externalBroker ? scopePlanToExternalBroker(planned, policy) : planned;
  return { name: `${input} on ${policy.engine.id}`, policy, plan, cases: suiteCases(plan) };
}

function sameShape(a: PlannedCase, b: PlannedCase): boolean {
  return (
    a.protocol === b.protocol &&
    a.user === b.user &&
    a.credentials === b.credentials &&
    a.operation === b.operation &&
    a.destination?.kind === b.destination?.kind &&
    a.target === b.target &&
    a.createVia === b.createVia &&
    a.prediction.allowed === b.prediction.allowed &&
    a.expectation?.allowed === b.expectation?.allowed
  );
}

/**
 * The collected plan, with each case skipped that either plan skips: a case registered as skipped is never
 * probed, and one the run alone skips fails its test. The two plans differ only in the run id inside
 * destination names, so they pair up case by case; anything else means the input changed between
 * collection and run, and the verdicts could not be matched to the registered tests.
 */
export function adoptRunPlan(collected: Plan, run: Plan): Plan {
  const mismatch =
    collected.cases.length !== run.cases.length
      ? `${collected.cases.length} cases collected, ${run.cases.length} planned by the run`
      : collected.cases.findIndex((c, i) => !sameShape(c, run.cases[i]!));
  if (typeof mismatch === 'string' || mismatch >= 0) {
    const detail =
      typeof mismatch === 'string'
        ? mismatch
        : `case ${collected.cases[mismatch]!.id} differs from the run's`;
    throw new InfrastructureError(`the run planned other cases than the test file registered: ${detail}`, {
      hint: 'the policy or its environment changed while Jest was running; run the tests again',
    });
  }
  return {
    ...collected,
    cases: collected.cases.map((c, i) => ({ ...c, skip: run.cases[i]!.skip ?? c.skip })),
  };
}
