export { lintPolicy, lintInput, lintExitCode, countFindings, MODEL_RULES } from './lint-policy';
export type { LintResult } from './lint-policy';
export { RULES, finding, sortFindings } from './finding';
export type { Finding, FindingCode, Severity, RuleDescription } from './finding';
export { formatFindings, SARIF_VERSION } from './format';
export type { FindingsFormat } from './format';
