/** The upgrade preview in the words of `amq-auth diff`: text, Markdown for a pull request, or JSON. */
import { formatDestination } from '../core/destination';
import { CONNECT_TARGET } from '../baseline/types';
import { redactCredentials } from '../report/redact';
import type { Evidence } from '../probes/types';
import { UPGRADE_SCHEMA_VERSION, type UpgradeReport } from './upgrade-schema';
import type { CellMove, UpgradePreview } from './upgrade-preview';

export type UpgradeFormat = 'text' | 'markdown' | 'json';

const SYMBOL: Record<CellMove['change'], string> = { gains: '+', loses: '-', changes: '~' };

/** Moves that differ only in protocol, as one line. */
interface MoveLine {
  move: CellMove;
  protocols: string[];
}

function grouped(moves: readonly CellMove[]): MoveLine[] {
  const lines = new Map<string, MoveLine>();
  for (const m of moves) {
    const key = [m.subject, m.target, m.operation, m.phase, m.before, m.after].join('\u0000');
    const line = lines.get(key);
    if (line) line.protocols.push(m.protocol);
    else lines.set(key, { move: m, protocols: [m.protocol] });
  }
  return [...lines.values()];
}

function action(m: CellMove): string {
  return m.target === CONNECT_TARGET ? m.operation : `${m.operation} on ${m.target}`;
}

export function moveSentence(line: MoveLine, from: string, to: string): string {
  const m = line.move;
  const over = `over ${line.protocols.join(', ')}`;
  const phase = m.phase === 'cold' ? ' (cold broker)' : '';
  if (m.change === 'changes') {
    return `~ ${m.subject} ${action(m)} ${over}${phase}: ${m.before} on ${from}, ${m.after} on ${to}`;
  }
  return `${SYMBOL[m.change]} ${m.subject} ${m.change} ${action(m)} ${over}${phase}`;
}

function evidenceText(evidence: readonly Evidence[]): string {
  return evidence.map((e) => `${e.source}: ${redactCredentials(e.text)}`).join(' | ');
}

function summary(p: UpgradePreview): string {
  const cells = p.moves.length + p.unchanged;
  const moved = p.moves.length === 0 ? 'nothing moves' : `${p.moves.length} of ${cells} cells move`;
  const problems = p.problems.length ? `; ${p.problems.length} harness problems (see below)` : '';
  return `ActiveMQ ${p.from.version} (${p.from.requested}) -> ${p.to.version} (${p.to.requested}) over ${p.protocols.join(', ')}: ${moved}, ${p.unchanged} hold on both${problems}`;
}

function formatText(p: UpgradePreview): string {
  const out = [summary(p)];
  for (const line of grouped(p.moves)) {
    out.push(moveSentence(line, p.from.version, p.to.version));
    out.push(`    ${p.from.version}: ${evidenceText(line.move.fromEvidence)}`);
    out.push(`    ${p.to.version}: ${evidenceText(line.move.toEvidence)}`);
  }
  for (const problem of p.problems)
    out.push(`! ${problem.kind} on ${problem.version}: ${problem.caseId}: ${problem.summary}`);
  if (p.aborted) out.push(`run aborted: ${p.aborted}`);
  return out.join('\n');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function formatMarkdown(p: UpgradePreview): string {
  const out = [`### Upgrade preview: ActiveMQ ${p.from.version} → ${p.to.version}`, '', summary(p), ''];
  if (p.moves.length) {
    out.push(
      '| change | evidence on ' + p.from.version + ' | evidence on ' + p.to.version + ' |',
      '|---|---|---|',
    );
    for (const line of grouped(p.moves)) {
      const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
      out.push(
        `| ${code(moveSentence(line, p.from.version, p.to.version))} | ${cell(evidenceText(line.move.fromEvidence))} | ${cell(evidenceText(line.move.toEvidence))} |`,
      );
    }
    out.push('');
  }
  if (p.problems.length) {
    out.push('**The harness disagreed with a broker** (a bug to report, not a property of the upgrade):', '');
    for (const problem of p.problems)
      out.push(`- ${problem.kind} on ${problem.version}: ${code(problem.caseId)}: ${problem.summary}`);
  }
  return out.join('\n');
}

export function toUpgradeReport(p: UpgradePreview): UpgradeReport {
  return {
    schemaVersion: UPGRADE_SCHEMA_VERSION,
    generator: 'amq-auth-harness',
    input: p.input,
    from: { ...p.from, brokerVersionRan: p.results.from.runtime.brokerVersion ?? null },
    to: { ...p.to, brokerVersionRan: p.results.to.runtime.brokerVersion ?? null },
    protocols: [...p.protocols],
    moves: p.moves.map((m) => ({
      subject: m.subject,
      target: m.target,
      operation: m.operation,
      protocol: m.protocol,
      phase: m.phase,
      before: m.before,
      after: m.after,
      change: m.change,
      fromEvidence: m.fromEvidence.map((e) => ({ source: e.source, text: redactCredentials(e.text) })),
      toEvidence: m.toEvidence.map((e) => ({ source: e.source, text: redactCredentials(e.text) })),
    })),
    unchanged: p.unchanged,
    unmatched: p.unmatched,
    problems: p.problems.map((x) => ({ ...x })),
    aborted: p.aborted ?? null,
  };
}

export function formatUpgradePreview(p: UpgradePreview, format: UpgradeFormat): string {
  if (format === 'json') return JSON.stringify(toUpgradeReport(p), null, 2);
  return format === 'markdown' ? formatMarkdown(p) : formatText(p);
}

export { formatDestination };
