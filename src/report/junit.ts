/**
 * JUnit XML for CI systems: one testsuite per protocol, one testcase per case. Expectation failures and
 * model disagreements are `<failure>`s, inconclusive cases `<error>`s (not a pass, not a verdict on the
 * config), skipped cases `<skipped>`. The element and attribute names follow the schema most CI systems
 * read (testmoapp/junitxml, the Jenkins/Ant dialect).
 */
import type { RunResult } from '../check/run-result';
import type { Verdict } from '../check/verdict';
import { caseTitle, isFailure, targetLabel } from './case-view';
import { buildMatrices } from './matrix';
import type { ProtocolMatrix } from './matrix';
import { evidenceLine, verdictDetailLines } from './verdict-text';
import { escapeXmlAttr, escapeXmlText } from './xml-text';

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  seconds: number;
}

function countsOf(verdicts: readonly Verdict[]): Counts {
  return {
    tests: verdicts.length,
    failures: verdicts.filter(isFailure).length,
    errors: verdicts.filter((v) => v.kind === 'inconclusive').length,
    skipped: verdicts.filter((v) => v.kind === 'skipped').length,
    seconds: verdicts.reduce((sum, v) => sum + (v.observation?.durationMs ?? 0), 0) / 1000,
  };
}

const seconds = (s: number) => s.toFixed(3);

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`)
    .join('');
}

function countAttrs(c: Counts): Record<string, string | number> {
  return {
    tests: c.tests,
    failures: c.failures,
    errors: c.errors,
    skipped: c.skipped,
    time: seconds(c.seconds),
  };
}

function body(lines: string[], indent: string): string {
  return lines.map((l) => `${indent}${escapeXmlText(l)}`).join('\n');
}

function testcase(v: Verdict): string[] {
  const head = `    <testcase${attrs({
    name: caseTitle(v.case),
    classname: targetLabel(v.case),
    time: seconds((v.observation?.durationMs ?? 0) / 1000),
  })}`;
  if (v.kind === 'skipped') {
    return [`${head}>`, `      <skipped${attrs({ message: v.case.skip ?? v.summary })}/>`, '    </testcase>'];
  }
  const lines = [`${head}>`];
  if (isFailure(v) || v.kind === 'inconclusive') {
    const element = v.kind === 'inconclusive' ? 'error' : 'failure';
    lines.push(
      `      <${element}${attrs({ message: v.summary, type: v.kind })}>`,
      body(verdictDetailLines(v), ''),
      `      </${element}>`,
    );
  } else if (v.case.inferredFrom) {
    // its evidence is its representative's, written once under that test case
    lines.push(`      <system-out>${body([v.summary], '')}</system-out>`);
  } else if (v.observation) {
    const out = [v.summary, ...v.observation.evidence.map(evidenceLine)];
    lines.push(`      <system-out>${body(out, '')}</system-out>`);
  }
  lines.push('    </testcase>');
  return lines;
}

function properties(result: RunResult): string[] {
  const props: Record<string, string | undefined> = {
    run: result.runId,
    input: result.input,
    engine: result.engine.id,
    runtime: result.runtime.kind,
    'runtime.reason': result.runtime.reason,
    'broker.version': result.runtime.brokerVersion,
    'broker.requestedVersion': result.runtime.requestedBrokerVersion,
    'broker.build': result.runtime.build?.description,
    'broker.versionWarning': result.runtime.versionWarning,
    capabilities: result.capabilities.join(','),
    'broker.log': result.brokerLogFile,
    aborted: result.aborted,
    ...Object.fromEntries(
      (result.findings ?? []).map((f, i) => [`finding.${i + 1}`, `${f.message}; fix: ${f.fix}`]),
    ),
  };
  return [
    '    <properties>',
    ...Object.entries(props)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
  ];
}

function* testsuite(m: ProtocolMatrix, result: RunResult): Generator<string> {
  yield `  <testsuite${attrs({ name: m.protocol, ...countAttrs(countsOf(m.verdicts)), timestamp: result.startedAt })}>\n`;
  yield lines(properties(result));
  for (const v of m.verdicts) yield lines(testcase(v));
  yield '  </testsuite>\n';
}

const lines = (ls: string[]) => ls.map((l) => `${l}\n`).join('');

export function toJUnitXml(result: RunResult): string {
  return [...junitChunks(result)].join('');
}

/** junit.xml a test case at a time (a large run has some 200,000). */
export function* junitChunks(result: RunResult): Generator<string> {
  const total = { ...countsOf(result.verdicts), seconds: result.durationMs / 1000 };
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${attrs({ name: `amq-auth check ${result.input}`, ...countAttrs(total), timestamp: result.startedAt })}>\n`;
  for (const m of buildMatrices(result)) yield* testsuite(m, result);
  yield '</testsuites>\n';
}
