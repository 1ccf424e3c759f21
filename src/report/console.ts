/**
 * The terminal report: a compact matrix per protocol, then what needs attention with its evidence, then
 * one summary line. Colour only when asked, so piped output stays plain.
 */
import { brokerLabel } from './broker-label';
import { createColors } from 'picocolors';
import type { RunResult } from '../check/run-result';
import type { Verdict, VerdictKind } from '../check/verdict';
import { VERDICT_KINDS } from '../check/verdict';
import {
  CELL_KINDS,
  CELL_MEANING,
  CELL_SYMBOL,
  OPERATION_SHORT,
  VERDICT_LABEL,
  caseTitle,
  cellKind,
  classesSummary,
  isFailure,
  needsAttention,
  plural,
  runStatus,
  totalCases,
} from './case-view';
import type { CellKind, RunStatus } from './case-view';
import { buildMatrices } from './matrix';
import type { ProtocolMatrix } from './matrix';
import { formatMs, verdictDetailLines } from './verdict-text';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

export interface ConsoleOptions {
  color: boolean;
  verbosity: Verbosity;
}

type Colors = ReturnType<typeof createColors>;
type Paint = (text: string) => string;

const CELL_WIDTH = 4;
const GROUP_GAP = ' │ ';

function cellPaint(c: Colors): Record<CellKind, Paint> {
  return {
    granted: c.green,
    denied: c.cyan,
    'expectation-failure': (t) => c.bold(c.red(t)),
    'model-disagreement': (t) => c.bold(c.magenta(t)),
    'order-dependent': (t) => c.bold(c.yellow(t)),
    inconclusive: c.yellow,
    skipped: c.gray,
  };
}

function verdictPaint(c: Colors): Record<VerdictKind, Paint> {
  return {
    pass: c.green,
    'expectation-failure': c.red,
    'model-disagreement': c.magenta,
    'order-dependent': c.yellow,
    inconclusive: c.yellow,
    skipped: c.gray,
  };
}

const STATUS_PAINT = (c: Colors): Record<RunStatus, Paint> => ({
  passed: (t) => c.bold(c.green(t)),
  failed: (t) => c.bold(c.red(t)),
  aborted: (t) => c.bold(c.red(t)),
  inconclusive: (t) => c.bold(c.yellow(t)),
});

function groupWidth(target: string, columns: number): number {
  return Math.max(target.length, columns * (CELL_WIDTH + 1) - 1);
}

function renderMatrix(m: ProtocolMatrix, c: Colors): string[] {
  const paint = cellPaint(c);
  const labelWidth = Math.max(...m.rows.map((r) => r.label.length), 4);
  const widths = m.groups.map((g) => groupWidth(g.target, g.columns.length));
  const targetsLine = m.groups.map((g, i) => g.target.padEnd(widths[i] ?? 0)).join(GROUP_GAP);
  const opsLine = m.groups
    .map((g, i) =>
      g.columns
        .map((col) => OPERATION_SHORT[col.operation].padEnd(CELL_WIDTH))
        .join(' ')
        .padEnd(widths[i] ?? 0),
    )
    .join(GROUP_GAP);
  const lines = [
    `${' '.repeat(labelWidth)}  ${c.bold(targetsLine.trimEnd())}`,
    `${' '.repeat(labelWidth)}  ${c.dim(opsLine.trimEnd())}`,
  ];
  for (const row of m.rows) {
    const groups = m.groups.map((g, i) => {
      const cells = g.columns.map((col) => {
        const v = m.shown(row, col);
        if (!v) return ' '.repeat(CELL_WIDTH);
        const kind = cellKind(v);
        // paint the symbol only: padding inside escape codes would survive trimming
        const symbol = CELL_SYMBOL[kind];
        return paint[kind](symbol) + ' '.repeat(CELL_WIDTH - symbol.length);
      });
      const used = g.columns.length * (CELL_WIDTH + 1) - 1;
      return cells.join(' ') + ' '.repeat(Math.max(0, (widths[i] ?? 0) - used));
    });
    lines.push(`${row.label.padEnd(labelWidth)}  ${groups.join(GROUP_GAP)}`.trimEnd());
  }
  return lines;
}

function skipNotes(m: ProtocolMatrix): string[] {
  const byReason = new Map<string, number>();
  for (const v of m.verdicts) {
    if (v.kind !== 'skipped') continue;
    const reason = v.case.skip ?? 'no reason given';
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }
  return [...byReason].map(([reason, n]) => `  - ${plural(n, 'case')} skipped: ${reason}`);
}

function renderProtocol(m: ProtocolMatrix, c: Colors): string[] {
  const title = c.bold(c.underline(m.protocol));
  if (m.skippedReason !== undefined) {
    return [`${title}  ${c.gray(`all ${plural(m.verdicts.length, 'case')} skipped: ${m.skippedReason}`)}`];
  }
  return [title, ...renderMatrix(m, c), ...skipNotes(m)];
}

function legend(c: Colors): string[] {
  const paint = cellPaint(c);
  const cells = CELL_KINDS.map((k) => `${paint[k](CELL_SYMBOL[k])} ${CELL_MEANING[k].split(':')[0]}`);
  const ops = Object.entries(OPERATION_SHORT).map(([op, short]) => `${short} ${op}`);
  return [c.dim(`legend: ${cells.join('  ')}`), c.dim(`        ${ops.join('  ')}`)];
}

function header(result: RunResult, c: Colors): string[] {
  const r = result.runtime;
  const substitutes = r.build?.substitutes?.length
    ? `; ${r.build.substitutes.length} module jar(s) from a neighbouring release, each with why in results.json`
    : '';
  return [
    `${c.bold('amq-auth check')} ${result.input} against ${result.engine.id} on ${brokerLabel(r)}`,
    ...(r.versionWarning ? [c.yellow(`warning: ${r.versionWarning}`)] : []),
    c.dim(
      `run ${result.runId}, ${result.startedAt}, ${formatMs(result.durationMs)}; runtime ${r.kind}: ${r.reason}`,
    ),
    ...(r.build ? [c.dim(`broker: ${r.build.description}${substitutes}`)] : []),
    ...classesLines(result, c),
  ];
}

function classesLines(result: RunResult, c: Colors): string[] {
  const lines: string[] = [];
  if (result.shards)
    lines.push(c.dim(`merged from ${plural(result.shards.length, 'shard')}, each on its own broker`));
  const classes = classesSummary(result);
  if (classes) {
    lines.push(
      c.dim(
        `classes: ${plural(classes.userClasses, 'user class', 'user classes')} (equal groups), ${plural(classes.targetClasses, 'target class', 'target classes')} (same entries); ${classes.probed} cases probed, ${classes.inferred} inferred from their class's representative (--exhaustive probes every one)`,
      ),
    );
  }
  return lines;
}

/** How many inferred cases follow from each probed case. */
function inferredCounts(result: RunResult): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of result.verdicts)
    if (v.case.inferredFrom) counts.set(v.case.inferredFrom, (counts.get(v.case.inferredFrom) ?? 0) + 1);
  return counts;
}

function withClassNote(lines: string[], v: Verdict, counts: Map<string, number>): string[] {
  const n = counts.get(v.case.id);
  return n
    ? [
        ...lines,
        `     and ${plural(n, 'more case')} of its class (the same groups on destinations matched by the same entries)`,
      ]
    : lines;
}

function verdictBlock(v: Verdict, c: Colors): string[] {
  const kind = cellKind(v);
  const symbol = cellPaint(c)[kind](CELL_SYMBOL[kind]) + ' '.repeat(2 - CELL_SYMBOL[kind].length);
  const head = `${symbol} ${c.bold(caseTitle(v.case))}`;
  return [head, ...verdictDetailLines(v).map((l) => `     ${l}`)];
}

function attentionSections(result: RunResult, c: Colors): string[] {
  const out: string[] = [];
  const findings = result.findings ?? [];
  if (findings.length) {
    out.push('', c.bold(c.yellow(`Configuration findings (${findings.length})`)));
    for (const f of findings) {
      out.push(
        `${c.bold('!')}  ${f.message} (over ${f.protocols.join(', ')}; ${plural(f.cases.length, 'case')})`,
      );
      out.push(`     fix: ${f.fix}`);
    }
  }
  const sections: [VerdictKind, string][] = [
    ['expectation-failure', 'Expectation failures'],
    ['model-disagreement', 'Model disagreements'],
    ['order-dependent', 'Order-dependent outcomes'],
    ['inconclusive', 'Inconclusive'],
  ];
  const paint = verdictPaint(c);
  const counts = inferredCounts(result);
  for (const [kind, title] of sections) {
    const verdicts = result.verdicts.filter((v) => v.kind === kind);
    if (!verdicts.length) continue;
    out.push('', paint[kind](c.bold(`${title} (${verdicts.length})`)));
    // an inferred case says what its representative says: listed once, with how many follow
    for (const v of verdicts)
      if (!v.case.inferredFrom) out.push(...withClassNote(verdictBlock(v, c), v, counts));
  }
  const hidden = result.verdicts.filter(
    (v) => v.modelDisagrees && v.kind !== 'model-disagreement' && !v.case.inferredFrom,
  );
  if (hidden.length) {
    out.push(
      '',
      paint['model-disagreement'](c.bold(`Model disagreements within the cases above (${hidden.length})`)),
    );
    for (const v of hidden) out.push(`   ${caseTitle(v.case)}: ${v.summary}`);
  }
  return out;
}

function allCases(result: RunResult, c: Colors): string[] {
  const out: string[] = ['', c.bold('All cases')];
  const counts = inferredCounts(result);
  for (const v of result.verdicts) {
    if (needsAttention(v) || v.case.inferredFrom) continue;
    out.push(...withClassNote(verdictBlock(v, c), v, counts));
  }
  return out;
}

export function summaryLine(result: RunResult, c: Colors = createColors(false)): string {
  const paint = verdictPaint(c);
  const counts = VERDICT_KINDS.map((k) => {
    const text = `${result.counts[k]} ${VERDICT_LABEL[k]}`;
    return result.counts[k] > 0 ? paint[k](text) : c.dim(text);
  });
  const status = runStatus(result);
  return `${STATUS_PAINT(c)[status](status.toUpperCase())}  ${plural(totalCases(result), 'case')}: ${counts.join(', ')}`;
}

export function renderConsole(result: RunResult, options: ConsoleOptions): string {
  const c = createColors(options.color);
  const out: string[] = [];
  if (options.verbosity !== 'quiet') {
    out.push(...header(result, c));
    for (const m of buildMatrices(result)) out.push('', ...renderProtocol(m, c));
    out.push('', ...legend(c));
    if (options.verbosity === 'verbose') out.push(...allCases(result, c));
  }
  out.push(...attentionSections(result, c));
  if (result.aborted) out.push('', c.bold(c.red(`run aborted: ${result.aborted}`)));
  if (result.brokerLogFile && result.verdicts.some(isFailure))
    out.push(c.dim(`broker log: ${result.brokerLogFile}`));
  out.push('', summaryLine(result, c));
  return `${out.join('\n').replace(/^\n+/, '')}\n`;
}
