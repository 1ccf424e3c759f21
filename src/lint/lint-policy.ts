/**
 * `lint`: static findings over a policy (or a broker XML read as one) and its authorization model, plus,
 * for a broker XML bound for Amazon MQ, what Amazon MQ would remove or refuse. Nothing here talks to a
 * broker.
 */
import { isXmlInput, loadInput, type InputOptions } from '../input/load-input';
import { readInputFile } from '../policy/read-input';
import { modelFor } from '../model/for-policy';
import type { Diagnostic, Policy } from '../core/types';
import { amazonMqFindings } from './amazon-mq-findings';
import { sortFindings, type Finding, type Severity } from './finding';
import type { LintContext, LintRule } from './rules/context';
import { advisoryAdminMissing } from './rules/advisory';
import { createNeedsAdmin } from './rules/auto-create';
import { compositeIntersection } from './rules/composite';
import { groupWithoutUsers, userWithoutPermissions } from './rules/groups-and-users';
import {
  broadWildcardGrant,
  noAuthorizationMap,
  noTempDestinationEntry,
  webconsoleNotInMap,
} from './rules/map-coverage';
import { narrowerEntryCannotRestrict } from './rules/narrower-entry';
import { defaultClientCannotConnect } from './rules/default-client';
import { duplicateEntry, malformedWildcard, slashInDestination } from './rules/entry-shape';

export const MODEL_RULES: readonly LintRule[] = [
  noAuthorizationMap,
  noTempDestinationEntry,
  narrowerEntryCannotRestrict,
  groupWithoutUsers,
  userWithoutPermissions,
  advisoryAdminMissing,
  webconsoleNotInMap,
  broadWildcardGrant,
  createNeedsAdmin,
  compositeIntersection,
  duplicateEntry,
  slashInDestination,
  malformedWildcard,
  defaultClientCannotConnect,
];

/**
 * Findings of one policy, sorted (errors first, then by position). Give `xmlText` for a broker XML
 * input: on an `amazon-mq/*` engine it is also checked against Amazon MQ's schema.
 */
export function lintPolicy(policy: Policy, xmlText?: string): Finding[] {
  const ctx: LintContext = { policy, model: modelFor(policy), file: policy.source.file };
  const findings = MODEL_RULES.flatMap((rule) => rule(ctx));
  if (xmlText !== undefined) findings.push(...amazonMqFindings(xmlText, policy.engine, policy.source.file));
  return sortFindings(findings);
}

export interface LintResult {
  file: string;
  engine: string;
  findings: Finding[];
  counts: Record<Severity, number>;
}

/** The Amazon MQ checks report placeholders themselves, with what Amazon MQ does about them. */
const SUPERSEDED_BY_AMAZON_MQ = new Set(['xml-placeholder']);

function fromDiagnostic(d: Diagnostic): Finding {
  const result: Finding = {
    code: d.code,
    severity: d.severity,
    message: d.message,
    explanation: d.message,
    fix: d.hint ?? '',
  };
  if (d.location) result.location = d.location;
  return result;
}

export function countFindings(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Loads a policy file or broker XML (throws PolicyError/PolicyErrors when it cannot be used) and lints it. */
export function lintInput(path: string, opts: InputOptions = {}): LintResult {
  const policy = loadInput(path, { credentialProblems: 'diagnose', ...opts });
  const text = readInputFile(path, 'input');
  const xmlText = isXmlInput(path, text) ? text : undefined;
  const amazon = xmlText !== undefined && policy.engine.flavour === 'amazon-mq';
  const diagnostics = policy.diagnostics
    .filter((d) => !(amazon && SUPERSEDED_BY_AMAZON_MQ.has(d.code)))
    .map(fromDiagnostic);
  const findings = sortFindings([...diagnostics, ...lintPolicy(policy, xmlText)]);
  return { file: path, engine: policy.engine.id, findings, counts: countFindings(findings) };
}

/** 1 when a finding at or above `failOn` exists (default: errors only), else 0. */
export function lintExitCode(result: LintResult, failOn: 'error' | 'warning' = 'error'): 0 | 1 {
  const failing = failOn === 'warning' ? result.counts.error + result.counts.warning : result.counts.error;
  return failing > 0 ? 1 : 0;
}
