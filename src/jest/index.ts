/** `amq-auth-harness/jest`: run a policy's permission matrix as Jest tests. */
export {
  describePolicy,
  DEFAULT_RUN_TIMEOUT_MS,
  CASE_TIMEOUT_MS,
  SNAPSHOT_TEST_TITLE,
} from './describe-policy';
export type { DescribePolicyOptions, PolicySuiteHandle } from './describe-policy';
export { CaseFailure, caseOutcome, DEFAULT_JEST_FAIL_ON, runFailureMessage } from './case-outcome';
export type { CaseOutcome } from './case-outcome';
export { adoptRunPlan, planPolicySuite, stableCaseTitle, RUN_TOKEN_PLACEHOLDER } from './policy-suite';
export type { PolicySuite, SuiteCase, PlanSuiteOptions } from './policy-suite';
export { runtimeCapabilitiesSync, CAPABILITIES_PROBE_TIMEOUT_MS } from './capabilities-sync';
export { jestGlobals } from './jest-globals';
export type { JestGlobals, TestRegistrar, TestBody, SnapshotExpect } from './jest-globals';
export type { FailOn } from '../commands/check';
