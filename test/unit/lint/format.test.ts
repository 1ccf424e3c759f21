import { join } from 'node:path';
import { formatFindings, lintInput, RULES } from '../../../src/lint';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'lint');
const findings = [
  ...lintInput(join(FIXTURES, 'NARROWER_ENTRY_CANNOT_RESTRICT', 'trigger.yaml')).findings,
  ...lintInput(join(FIXTURES, 'TRANSPORT_CONNECTOR_REJECTED', 'trigger.xml'), { engine: 'amazon-mq/5.18' })
    .findings,
];

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations?: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number };
        };
      }[];
    }[];
  }[];
}

describe('formatFindings', () => {
  it('writes SARIF 2.1.0 with one rule per code and results pointing at their rule', () => {
    const log = JSON.parse(formatFindings(findings, 'sarif')) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0] as SarifLog['runs'][0];
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['NARROWER_ENTRY_CANNOT_RESTRICT', 'TRANSPORT_CONNECTOR_REJECTED']),
    );
    expect(run.results).toHaveLength(findings.length);
    for (const result of run.results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      const region = result.locations?.[0]?.physicalLocation.region;
      if (region) expect(region.startLine).toBeGreaterThanOrEqual(1);
    }
    const rejected = run.results.find((r) => r.ruleId === 'TRANSPORT_CONNECTOR_REJECTED');
    expect(rejected?.level).toBe('error');
    expect(
      run.tool.driver.rules.find((r) => r.id === 'TRANSPORT_CONNECTOR_REJECTED')?.shortDescription.text,
    ).toBe(RULES.TRANSPORT_CONNECTOR_REJECTED.title);
  });

  it('maps info to the SARIF level note', () => {
    const info = lintInput(join(__dirname, '..', '..', '..', 'examples', 'orders', 'policy.yaml')).findings;
    const log = JSON.parse(formatFindings(info, 'sarif')) as SarifLog;
    expect(log.runs[0]?.results.map((r) => r.level)).toEqual(info.map(() => 'note'));
  });

  it('prints text with position, code, why and fix, and a count line', () => {
    const text = formatFindings(findings, 'text');
    expect(text).toMatch(
      /^error: .*trigger\.xml:\d+:\d+: transportConnector name="stomp" .*\[TRANSPORT_CONNECTOR_REJECTED\]$/m,
    );
    expect(text).toContain('  why: ActiveMQ unions');
    expect(text).toContain('  fix: ');
    expect(text).toMatch(/\d+ errors, \d+ warnings, \d+ info$/);
    expect(formatFindings([], 'text')).toBe('no findings');
  });

  it('round-trips JSON', () => {
    expect(JSON.parse(formatFindings(findings, 'json'))).toEqual(findings);
  });
});
