/** Findings as text for a terminal, JSON for scripts, or SARIF 2.1.0 for code-scanning tools. */
import { formatLocation } from '../core/errors';
import { RULES, type Finding, type RuleDescription, type Severity } from './finding';

export type FindingsFormat = 'text' | 'json' | 'sarif';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'amq-auth-harness';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

function formatText(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const blocks = findings.map((f) => {
    const where = formatLocation(f.location);
    return [
      `${f.severity}: ${where ? `${where}: ` : ''}${f.message} [${f.code}]`,
      `  why: ${f.explanation}`,
      ...(f.fix ? [`  fix: ${f.fix}`] : []),
    ].join('\n');
  });
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return `${blocks.join('\n')}\n${count('error')} errors, ${count('warning')} warnings, ${count('info')} info`;
}

/** Rule metadata: the catalogue's for the lint's own codes, the first finding's text for loader codes. */
function ruleFor(code: string, example: Finding): RuleDescription {
  return (
    (RULES as Record<string, RuleDescription>)[code] ?? {
      severity: example.severity,
      title: example.code,
      explanation: example.explanation,
    }
  );
}

function formatSarif(findings: readonly Finding[]): string {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  const rules = codes.map((code) => {
    const rule = ruleFor(code, findings.find((f) => f.code === code) as Finding);
    return {
      id: code,
      name: code,
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.explanation },
      defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    };
  });
  const results = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: codes.indexOf(f.code),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
    ...(f.location
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.location.file.split('\\').join('/') },
                region: { startLine: f.location.line, startColumn: f.location.column },
              },
            },
          ],
        }
      : {}),
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [{ tool: { driver: { name: TOOL_NAME, rules } }, results }],
  };
  return JSON.stringify(log, null, 2);
}

export function formatFindings(findings: readonly Finding[], format: FindingsFormat): string {
  switch (format) {
    case 'text':
      return formatText(findings);
    case 'json':
      return JSON.stringify(findings, null, 2);
    case 'sarif':
      return formatSarif(findings);
  }
}
