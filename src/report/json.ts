/**
 * The machine-readable report (schema version 1, see json-schema.ts and docs/report-schema.md). Every
 * optional field is written as null rather than left out, so consumers read one shape.
 */
import { formatDestination } from '../core/destination';
import { formatLocation } from '../core/errors';
import type { RunResult } from '../check/run-result';
import type { Verdict } from '../check/verdict';
import type { Decision } from '../core/types';
import type { Evidence, Observation } from '../probes/types';
import { caseTitle, cellKind, expectedOutcome, runStatus, targetLabel, totalCases } from './case-view';
import { REPORT_SCHEMA_VERSION } from './json-schema';
import { probedVerdicts } from '../check/inferred-verdicts';
import type { JsonReport, JsonReportCase, JsonReportInferredCase } from './json-schema';
import { redactCredentials } from './redact';
import { statementText } from './verdict-text';

function evidenceOf(e: Evidence) {
  return { source: e.source, text: redactCredentials(e.text), atMs: e.atMs ?? null };
}

function observationOf(o: Observation | undefined): JsonReportCase['observation'] {
  if (!o) return null;
  return {
    outcome: o.outcome,
    durationMs: o.durationMs,
    detail: o.detail === undefined ? null : redactCredentials(o.detail),
    clientIdConflict: o.clientIdConflict === true,
    evidence: o.evidence.map(evidenceOf),
  };
}

function predictionOf(p: Decision): JsonReportCase['prediction'] {
  return {
    allowed: p.allowed,
    permission: p.permission ?? null,
    userGroups: [...p.userGroups],
    aclGroups: [...p.aclGroups],
    matchedEntries: [...p.matchedEntries],
    decidingEntries: [...p.decidingEntries],
    reason: p.reason,
    caveats: [...p.caveats],
  };
}

function caseOf(v: Verdict): JsonReportCase {
  const c = v.case;
  return {
    id: c.id,
    title: caseTitle(c),
    protocol: c.protocol,
    user: c.user,
    credentials: c.credentials,
    operation: c.operation,
    destination: c.destination ? formatDestination(c.destination) : null,
    target: targetLabel(c),
    createVia: c.createVia ?? null,
    verdict: v.kind,
    cell: cellKind(v),
    summary: redactCredentials(v.summary),
    expected: expectedOutcome(c),
    prediction: predictionOf(c.prediction),
    declared: c.expectation
      ? {
          allowed: c.expectation.allowed,
          statement: statementText(c.expectation.statement),
          location: formatLocation(c.expectation.statement.location) || null,
        }
      : null,
    observation: observationOf(v.observation),
    client: c.client ?? 'default',
    coldPrediction: c.cold ? predictionOf(c.cold) : null,
    coldObservation: observationOf(v.coldObservation),
    modelDisagrees: v.modelDisagrees === true,
    skipReason: c.skip ?? null,
    represents: c.represents
      ? { users: [...c.represents.users], targets: c.represents.targets.map((t) => t.target) }
      : null,
  };
}

function inferredOf(v: Verdict): JsonReportInferredCase {
  const c = v.case;
  return {
    id: c.id,
    title: caseTitle(c),
    protocol: c.protocol,
    user: c.user,
    operation: c.operation,
    target: targetLabel(c),
    verdict: v.kind,
    cell: cellKind(v),
    inferredFrom: c.inferredFrom!,
  };
}

export function toJsonReport(result: RunResult): JsonReport {
  return {
    ...reportHead(result),
    cases: probedCases(result).map(caseOf),
    inferred: inferredCases(result).map(inferredOf),
  };
}

const probedCases = (result: RunResult) => probedVerdicts(result.verdicts);
const inferredCases = (result: RunResult) => result.verdicts.filter((v) => v.case.inferredFrom !== undefined);

/** Everything but the case lists, which a large run streams one case at a time. */
function reportHead(result: RunResult): Omit<JsonReport, 'cases' | 'inferred'> {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: 'amq-auth-harness',
    status: runStatus(result),
    run: {
      id: result.runId,
      input: result.input,
      engine: { id: result.engine.id, flavour: result.engine.flavour, version: result.engine.version },
      runtime: {
        kind: result.runtime.kind,
        reason: result.runtime.reason,
        brokerVersion: result.runtime.brokerVersion ?? null,
        requestedBrokerVersion: result.runtime.requestedBrokerVersion ?? null,
        build: result.runtime.build
          ? {
              kind: result.runtime.build.kind,
              description: result.runtime.build.description,
              substitutes: [...(result.runtime.build.substitutes ?? [])],
            }
          : null,
        versionWarning: result.runtime.versionWarning ?? null,
      },
      protocols: [...result.protocols],
      capabilities: [...result.capabilities],
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      aborted: result.aborted ?? null,
      brokerLogFile: result.brokerLogFile ?? null,
      shards: result.shards
        ? result.shards.map((s) => ({
            index: s.index,
            count: s.count,
            startedAt: s.startedAt,
            durationMs: s.durationMs,
            brokerLogFile: s.brokerLogFile ?? null,
          }))
        : null,
    },
    total: totalCases(result),
    counts: { ...result.counts },
    findings: (result.findings ?? []).map((f) => ({
      kind: f.kind,
      user: f.user,
      message: f.message,
      fix: f.fix,
      protocols: [...f.protocols],
      cases: [...f.cases],
    })),
    classes: result.classes
      ? {
          exhaustive: result.exhaustive === true,
          users: result.classes.users.map((u) => ({ users: [...u.users], groups: [...u.groups] })),
          targets: result.classes.targets.map((t) => ({
            targets: [...t.targets],
            entries: [...t.entries],
            advisoryEntries: [...t.advisoryEntries],
          })),
        }
      : null,
  };
}

/** The report as written to results.json: two-space indented, ending in a newline. */
export function toJsonText(result: RunResult): string {
  return [...jsonChunks(result)].join('');
}

const CASES_MARK = '\u0000cases\u0000';
const INFERRED_MARK = '\u0000inferred\u0000';

/**
 * results.json piece by piece, byte for byte what JSON.stringify(toJsonReport(result), null, 2) writes, but
 * never the whole text (nor every case object) at once: a 250-user run has some 200,000 cases.
 */
export function* jsonChunks(result: RunResult): Generator<string> {
  // the head with each case list replaced by a marker string, then split where the markers are
  const head = JSON.stringify({ ...reportHead(result), cases: CASES_MARK, inferred: INFERRED_MARK }, null, 2);
  const quoted = (mark: string) => JSON.stringify(mark);
  const [beforeCases, rest] = head.split(quoted(CASES_MARK)) as [string, string];
  const [between, afterInferred] = rest.split(quoted(INFERRED_MARK)) as [string, string];
  yield beforeCases;
  yield* arrayChunks(probedCases(result), caseOf);
  yield between;
  yield* arrayChunks(inferredCases(result), inferredOf);
  yield `${afterInferred}\n`;
}

/** A top-level array member of the report, as JSON.stringify indents it (two levels deep). */
function* arrayChunks<T>(items: readonly Verdict[], render: (v: Verdict) => T): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  yield '[\n';
  for (let i = 0; i < items.length; i += 1) {
    const text = JSON.stringify(render(items[i]!), null, 2).replace(/^/gm, '    ');
    yield i < items.length - 1 ? `${text},\n` : `${text}\n`;
  }
  yield '  ]';
}
