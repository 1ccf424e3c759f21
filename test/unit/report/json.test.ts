import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { toJsonReport, toJsonText } from '../../../src/report/json';
import { JsonReportSchema, reportJsonSchema } from '../../../src/report/json-schema';
import { withInferredVerdicts } from '../../../src/check/inferred-verdicts';
import type { RunResult } from '../../../src/check/run-result';
import { countVerdicts } from '../../../src/check/verdict';
import { fixtureRunResult } from '../../fixtures/run-result';

const SCHEMA_FILE = join(__dirname, '../../../schema/report.schema.json');
const checkedInSchema = () => JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;

describe('toJsonReport', () => {
  it('matches the checked-in JSON Schema file', () => {
    // when this fails, regenerate the file from src/report/json-schema.ts: reportJsonSchema()
    expect(checkedInSchema()).toEqual(reportJsonSchema());
  });

  it('validates against schema/report.schema.json itself', () => {
    const fromFile = z.fromJSONSchema(checkedInSchema() as Parameters<typeof z.fromJSONSchema>[0]);
    const report = JSON.parse(toJsonText(fixtureRunResult())) as unknown;
    expect(fromFile.safeParse(report).success).toBe(true);
    expect(JsonReportSchema.safeParse(report).success).toBe(true);
  });

  it('is rejected by the schema when a required key is missing or an unknown key appears', () => {
    const fromFile = z.fromJSONSchema(checkedInSchema() as Parameters<typeof z.fromJSONSchema>[0]);
    const report = toJsonReport(fixtureRunResult());
    const { total: _total, ...withoutTotal } = report;
    expect(fromFile.safeParse(withoutTotal).success).toBe(false);
    expect(fromFile.safeParse({ ...report, extra: 1 }).success).toBe(false);
    const badCase = { ...report, cases: [{ ...report.cases[0], verdict: 'passed-ish' }] };
    expect(fromFile.safeParse(badCase).success).toBe(false);
  });

  it('carries the run, the counts and one entry per case', () => {
    const result = fixtureRunResult();
    const report = toJsonReport(result);
    expect(report.schemaVersion).toBe(1);
    expect(report.status).toBe('failed');
    expect(report.total).toBe(result.verdicts.length);
    expect(report.counts).toEqual(result.counts);
    expect(report.run).toMatchObject({ id: 'r7k2q9', engine: { id: 'activemq/5.17.2' }, aborted: null });
    expect(report.cases).toHaveLength(result.verdicts.length);
    for (const c of report.cases) expect(c.observation === null).toBe(c.verdict === 'skipped');
  });

  it('keeps the evidence, the declaration and the deciding entries of a failure', () => {
    const report = toJsonReport(fixtureRunResult());
    const failure = report.cases.find((c) => c.verdict === 'expectation-failure');
    expect(failure).toMatchObject({
      title: 'billing cannot produce queue://ORDERS.new over stomp',
      destination: 'queue://ORDERS.new',
      cell: 'expectation-failure',
      expected: { allowed: false, source: 'declared' },
      declared: { allowed: false, location: 'examples/orders/policy.yaml:66:5' },
      prediction: { allowed: true, permission: 'write', decidingEntries: ['queue://>'] },
      observation: { outcome: 'granted' },
    });
    expect(failure?.observation?.evidence.map((e) => e.source)).toEqual(['wire', 'observer']);
    const conflict = report.cases.find((c) => c.observation?.clientIdConflict);
    expect(conflict?.verdict).toBe('inconclusive');
  });
});

describe('results.json written piece by piece', () => {
  /** The fixture run with one representative standing for a class of two users on two targets. */
  function withAClass(): RunResult {
    const result = fixtureRunResult();
    const probed = [...result.verdicts];
    const at = probed.findIndex((v) => v.case.operation === 'produce' && !v.case.skip && v.case.target);
    const rep = probed[at]!;
    probed[at] = {
      ...rep,
      case: {
        ...rep.case,
        represents: {
          users: [rep.case.user, 'orders-writer-eu'],
          targets: [
            { target: rep.case.target!, destination: rep.case.destination! },
            { target: 'queue://ORDERS.other', destination: { kind: 'queue', name: 'ORDERS.other' } },
          ],
        },
      },
    };
    const verdicts = withInferredVerdicts(probed);
    return { ...result, verdicts, counts: countVerdicts(verdicts) };
  }

  it.each([
    ['without classes', fixtureRunResult],
    ['with inferred cases', withAClass],
  ])('is byte for byte what one JSON.stringify writes (%s)', (_, make) => {
    const result = make();
    expect(toJsonText(result)).toBe(`${JSON.stringify(toJsonReport(result), null, 2)}\n`);
    expect(JsonReportSchema.safeParse(JSON.parse(toJsonText(result))).success).toBe(true);
  });

  it('lists inferred cases apart, each naming the probed case it follows from', () => {
    const report = toJsonReport(withAClass());
    expect(report.inferred).toHaveLength(3);
    const ids = new Set(report.cases.map((c) => c.id));
    for (const c of report.inferred) expect(ids.has(c.inferredFrom)).toBe(true);
    expect(report.total).toBe(report.cases.length + report.inferred.length);
    expect(report.cases.find((c) => c.represents)?.represents?.users).toEqual([
      expect.any(String),
      'orders-writer-eu',
    ]);
  });
});
