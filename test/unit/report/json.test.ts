import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { toJsonReport, toJsonText } from '../../../src/report/json';
import { JsonReportSchema, reportJsonSchema } from '../../../src/report/json-schema';
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
