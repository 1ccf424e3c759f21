/**
 * `amq-auth-harness`: the library behind the `amq-auth` command. Load a policy or broker XML, model its
 * permissions, render or parse broker XML, check it against a real broker and report the verdicts.
 * Jest helpers live in `amq-auth-harness/jest`.
 */
export type * from './core/types';
export { Secret, SECRET_MASK } from './core/secret';
export {
  EXIT,
  HarnessError,
  PolicyError,
  PolicyErrors,
  UsageError,
  BrokerStartError,
  InfrastructureError,
  formatLocation,
} from './core/errors';
export type { ExitCode, SourceLocation } from './core/errors';
export { parseDestination, formatDestination, sameDestination } from './core/destination';

export { loadInput, DEFAULT_XML_ENGINE } from './input/load-input';
export type { InputOptions } from './input/load-input';
export { modelFor } from './model/for-policy';
export { AuthorizationModel } from './model/authorization-model';
export { renderBrokerXml, renderAuthorizationXml } from './activemq-xml/render';
export type { RenderOptions } from './activemq-xml/render';
export { parseBrokerXml } from './activemq-xml/parse';
export type { ParsedBrokerXml, ParsedUser } from './activemq-xml/parse';
export { generateBrokerXml } from './commands/generate';

export { buildPlan } from './plan/build-plan';
export type { Plan, PlannedCase } from './plan/types';
export { runCheck, newRunId, DEFAULT_CONCURRENCY } from './check/run-check';
export type { CheckOptions } from './check/run-check';
export type { RunResult } from './check/run-result';
export { judge, countVerdicts, VERDICT_KINDS } from './check/verdict';
export type { Verdict, VerdictKind } from './check/verdict';
export { exitCodeFor, FAIL_ON_CHOICES } from './commands/check';
export type { FailOn } from './commands/check';
export { selectRuntime, RUNTIME_CHOICES } from './broker/select-runtime';
export type { RuntimeChoice, SelectRuntimeOptions } from './broker/select-runtime';

export * from './report';
export { verdictDetailLines } from './report/verdict-text';
export { lintPolicy, lintInput, formatFindings } from './lint';
export type { Finding, LintResult } from './lint';
export { diffPolicies, diffInputs, formatDiff } from './diff';
export type { PermissionChange } from './diff';
export { reviewIamPolicies, formatIamReview, iamExitCode, parseTasks, TASK_NAMES, IAM_RULES } from './iam';
export type { IamReview, IamReviewOptions, IamFormat, TaskName } from './iam';
