/**
 * One request through the IAM simulator (@cloud-copilot/iam-simulate): allowed or denied, and the
 * statements that decide it, with why. The simulator evaluates; this module only reads its analysis.
 */
import { allowedContextKeysForRequest, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { PolicyError, PolicyErrors, type SourceLocation } from '../core/errors';
import { parseElementPath, type PolicyDoc } from './load-iam-policy';
import { principalOf, splitAction, type ApiRequest, type Target } from './resources';

/** The identity-based policies of one principal, and its permission boundary if it has one. */
export interface PolicySet {
  identity: PolicyDoc[];
  boundary?: PolicyDoc;
}

export type Reason =
  | 'allowed'
  | 'explicit-deny'
  | 'condition-not-met'
  | 'resource-not-matched'
  | 'no-allow'
  | 'boundary-no-allow';

export interface StatementRef {
  policy: string;
  kind: 'identity' | 'boundary';
  /** 1-based, as IAM counts */
  index: number;
  sid?: string;
  /** the statement's path in its document, e.g. ['Statement', 2] */
  path: (string | number)[];
  location?: SourceLocation;
}

export interface DecidingStatement extends StatementRef {
  /** condition-not-met: each condition the request did not meet, in words */
  unmetConditions?: string[];
  /** condition keys of unmet conditions that the request did not carry */
  missingKeys?: string[];
  /** resource-not-matched: the statement's resource entries and why none matched */
  unmatchedResources?: string[];
}

export interface Verdict {
  action: string;
  resource: string;
  resourceType?: string;
  context: Record<string, string>;
  /** context keys the simulator dropped because the service reference lists none such for this request */
  ignoredContextKeys: string[];
  allowed: boolean;
  reason: Reason;
  /** the statements that decide (allowed, explicit-deny) or came closest (condition, resource) */
  statements: DecidingStatement[];
  /**
   * Allow statements that name this action with a resource ARN although it supports no resource-level
   * permission: they never grant it, whatever else does.
   */
  scopedWildcardOnly: StatementRef[];
  /** one line: why */
  detail: string;
}

/** What the simulator's analysis of one statement carries that this module reads. */
interface AnalysedStatement {
  policyId: string;
  statement: { index(): number; sid(): string | undefined; path(): string };
  explain: {
    effect: string;
    actionMatch: boolean;
    resourceMatch: boolean;
    conditionMatch: boolean;
    resources?: ResourceExplainLike | ResourceExplainLike[];
    notResources?: ResourceExplainLike | ResourceExplainLike[];
    conditions?: Array<{
      operator: string;
      conditionKeyValue: string;
      values: { value: string } | Array<{ value: string }>;
      matches: boolean;
      failedBecauseMissing?: boolean;
    }>;
  };
}
interface ResourceExplainLike {
  resource: string;
  matches: boolean;
  mismatchReason?: string;
}
interface StatementsAnalysis {
  result: string;
  allowStatements: AnalysedStatement[];
  denyStatements: AnalysedStatement[];
  unmatchedStatements: AnalysedStatement[];
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Why a resource entry did not match, in words, for the simulator's reasons a reader needs explained. */
const MISMATCH_WORDS: Record<string, string> = {
  wildcardOnlyActionSpecificResource: 'the action supports no resource-level permission: only "*" grants it',
  accountMismatch: 'another account',
  regionMismatch: 'another region',
  partitionMismatch: 'another partition',
  serviceMismatch: 'another service',
  productMismatch: 'another resource type',
};

function simulationOf(set: PolicySet, request: ApiRequest, target: Target): Simulation {
  return {
    request: {
      principal: principalOf(target),
      action: request.action,
      resource: { resource: request.resource, accountId: target.account },
      contextVariables: request.context,
    },
    identityPolicies: set.identity.map((p) => ({ name: p.name, policy: p.document })),
    ...(set.boundary
      ? { permissionBoundaryPolicies: [{ name: set.boundary.name, policy: set.boundary.document }] }
      : {}),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}

/**
 * The simulator validates every document before it evaluates; its complaints are input errors at the
 * element they name. Any request does, since validation comes first.
 */
export async function validatePolicySet(set: PolicySet, target: Target): Promise<void> {
  const probe: ApiRequest = { action: 'mq:ListBrokers', resource: '*', context: {} };
  const result = await runSimulation(simulationOf(set, probe, target), { simulationMode: 'Strict' });
  if (result.resultType !== 'error') return;
  const { identityPolicyErrors = {}, permissionBoundaryErrors = {} } = result.errors;
  const errors: PolicyError[] = [];
  const report = (
    doc: PolicyDoc | undefined,
    what: string,
    found: Array<{ path: string; message: string }>,
  ) => {
    for (const { path, message } of found) {
      const element = parseElementPath(path);
      errors.push(
        new PolicyError(`${what} ${doc?.name ?? ''}: ${path ? `${path}: ` : ''}${message}`, {
          location: doc?.locate?.(element.path, element.part),
          hint: 'see "IAM JSON policy element reference" in the IAM User Guide',
        }),
      );
    }
  };
  for (const [name, found] of Object.entries(identityPolicyErrors)) {
    report(
      set.identity.find((p) => p.name === name),
      'policy',
      found,
    );
  }
  for (const found of Object.values(permissionBoundaryErrors))
    report(set.boundary, 'permission boundary', found);
  if (errors.length === 0) {
    throw new PolicyErrors([
      new PolicyError(`the IAM simulator refused the policies: ${result.errors.message}`, {}),
    ]);
  }
  throw new PolicyErrors(errors);
}

function refOf(set: PolicySet, analysed: AnalysedStatement, kind: 'identity' | 'boundary'): StatementRef {
  const doc = kind === 'boundary' ? set.boundary : set.identity.find((p) => p.name === analysed.policyId);
  const { path } = parseElementPath(analysed.statement.path());
  const ref: StatementRef = { policy: analysed.policyId, kind, index: analysed.statement.index(), path };
  const sid = analysed.statement.sid();
  if (sid !== undefined) ref.sid = sid;
  const location = doc?.locate?.(path);
  if (location) ref.location = location;
  return ref;
}

function unmetConditions(s: AnalysedStatement): { words: string[]; missing: string[] } {
  const words: string[] = [];
  const missing: string[] = [];
  for (const c of s.explain.conditions ?? []) {
    if (c.matches) continue;
    const values = list(c.values).map((v) => v.value);
    const shown = `${c.operator} ${c.conditionKeyValue} ${values.length === 1 ? values[0] : `[${values.join(', ')}]`}`;
    if (c.failedBecauseMissing) missing.push(c.conditionKeyValue);
    words.push(c.failedBecauseMissing ? `${shown} (the request carries no ${c.conditionKeyValue})` : shown);
  }
  return { words, missing };
}

function unmatchedResources(s: AnalysedStatement): string[] {
  if (s.explain.notResources !== undefined) {
    // the simulator marks the NotResource entries that exclude the request as not matching
    return list(s.explain.notResources)
      .filter((r) => !r.matches)
      .map((r) => `NotResource ${r.resource} excludes it`);
  }
  return list(s.explain.resources)
    .filter((r) => !r.matches)
    .map((r) => {
      const why = r.mismatchReason ? MISMATCH_WORDS[r.mismatchReason] : undefined;
      return why ? `${r.resource} (${why})` : r.resource;
    });
}

/** Allow statements that named the action but not this resource, or whose condition failed. */
function nearMisses(
  set: PolicySet,
  analysis: StatementsAnalysis,
  kind: 'identity' | 'boundary',
): { reason: Reason; statements: DecidingStatement[] } {
  const naming = analysis.unmatchedStatements.filter(
    (s) => s.explain.effect === 'Allow' && s.explain.actionMatch,
  );
  const byCondition = naming.filter((s) => s.explain.resourceMatch && !s.explain.conditionMatch);
  if (byCondition.length > 0) {
    return {
      reason: 'condition-not-met',
      statements: byCondition.map((s) => {
        const { words, missing } = unmetConditions(s);
        return { ...refOf(set, s, kind), unmetConditions: words, missingKeys: missing };
      }),
    };
  }
  const byResource = naming.filter((s) => !s.explain.resourceMatch);
  if (byResource.length > 0) {
    return {
      reason: 'resource-not-matched',
      statements: byResource.map((s) => ({
        ...refOf(set, s, kind),
        unmatchedResources: unmatchedResources(s),
      })),
    };
  }
  return { reason: 'no-allow', statements: [] };
}

/** `statement 2 "Sid" of file:12:5`; `short` leaves out a location the reader is shown already. */
export function describeStatement(ref: StatementRef, short = false): string {
  const name = `statement ${ref.index}${ref.sid ? ` "${ref.sid}"` : ''}`;
  if (short && ref.location) return `${ref.kind === 'boundary' ? 'permission boundary ' : ''}${name}`;
  const where = ref.location
    ? `${ref.location.file}:${ref.location.line}:${ref.location.column}`
    : ref.policy;
  return `${name} of ${ref.kind === 'boundary' ? 'permission boundary ' : ''}${where}`;
}

function detailOf(reason: Reason, statements: DecidingStatement[], boundary?: string): string {
  const refs = statements.map((s) => describeStatement(s)).join('; ');
  switch (reason) {
    case 'allowed':
      return `allowed by ${refs}`;
    case 'explicit-deny':
      return `explicitly denied by ${refs}`;
    case 'condition-not-met':
      return `condition not met: ${statements
        .map((s) => `${describeStatement(s)} requires ${(s.unmetConditions ?? []).join(' and ')}`)
        .join('; ')}`;
    case 'resource-not-matched':
      return `no allow for this resource: ${statements
        .map(
          (s) =>
            `${describeStatement(s)} names ${(s.unmatchedResources ?? []).join(', ') || 'other resources'}`,
        )
        .join('; ')}`;
    case 'no-allow':
      return 'no statement allows it';
    case 'boundary-no-allow': {
      const closest = statements.length > 0 ? ` (closest: ${refs})` : '';
      return `the identity policies allow it, but the permission boundary ${boundary ?? ''} does not${closest}`;
    }
  }
}

function wildcardOnlyScopes(set: PolicySet, analysis: StatementsAnalysis | undefined): StatementRef[] {
  if (!analysis) return [];
  return analysis.unmatchedStatements
    .filter(
      (s) =>
        s.explain.effect === 'Allow' &&
        s.explain.actionMatch &&
        list(s.explain.resources).some((r) => r.mismatchReason === 'wildcardOnlyActionSpecificResource'),
    )
    .map((s) => refOf(set, s, 'identity'));
}

export async function evaluateRequest(set: PolicySet, request: ApiRequest, target: Target): Promise<Verdict> {
  const result = await runSimulation(simulationOf(set, request, target), { simulationMode: 'Strict' });
  if (result.resultType === 'error') {
    // The documents were validated and the requests come from the service reference: a refusal here is
    // a fault of this program, not of the input.
    throw new Error(
      `the IAM simulator refused ${request.action} on ${request.resource}: ${result.errors.message}`,
    );
  }
  const one = result.resultType === 'single' ? result.result : result.results[0];
  const base = {
    action: request.action,
    resource: request.resource,
    ...(request.resourceType ? { resourceType: request.resourceType } : {}),
    context: request.context,
    ignoredContextKeys: one?.ignoredContextKeys ?? [],
  };
  if (!one) {
    return {
      ...base,
      allowed: false,
      reason: 'no-allow',
      statements: [],
      scopedWildcardOnly: [],
      detail: 'no statement allows it',
    };
  }
  const analysis = one.analysis;
  const identity = analysis.identityAnalysis as StatementsAnalysis | undefined;
  const boundary = analysis.permissionBoundaryAnalysis as StatementsAnalysis | undefined;
  const scopedWildcardOnly = wildcardOnlyScopes(set, identity);

  let reason: Reason;
  let statements: DecidingStatement[];
  if (analysis.result === 'Allowed') {
    reason = 'allowed';
    statements = [
      ...(identity?.allowStatements ?? []).map((s) => refOf(set, s, 'identity')),
      ...(boundary?.allowStatements ?? []).map((s) => refOf(set, s, 'boundary')),
    ];
  } else if (analysis.result === 'ExplicitlyDenied') {
    reason = 'explicit-deny';
    statements = [
      ...(identity?.denyStatements ?? []).map((s) => refOf(set, s, 'identity')),
      ...(boundary?.denyStatements ?? []).map((s) => refOf(set, s, 'boundary')),
    ];
  } else if (identity?.result === 'Allowed' && boundary && boundary.result !== 'Allowed') {
    reason = 'boundary-no-allow';
    statements = nearMisses(set, boundary, 'boundary').statements;
  } else if (identity) {
    ({ reason, statements } = nearMisses(set, identity, 'identity'));
  } else {
    reason = 'no-allow';
    statements = [];
  }
  return {
    ...base,
    allowed: reason === 'allowed',
    reason,
    statements,
    scopedWildcardOnly,
    detail: detailOf(reason, statements, set.boundary?.name),
  };
}

/** Whether the service reference lets this request carry the key (so a condition on it can ever hold). */
export async function requestCarries(request: ApiRequest, key: string): Promise<boolean> {
  const [service, name] = splitAction(request.action);
  const keys = await allowedContextKeysForRequest(service, name, request.resource, false, undefined);
  return keys.includes(key.toLowerCase());
}
