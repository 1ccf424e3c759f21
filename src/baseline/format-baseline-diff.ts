/**
 * A baseline comparison for a terminal or a pull-request comment, in the words of `amq-auth diff`: who
 * gained or lost which operation on which destination pattern, and over which protocols.
 */
import type { Operation, Protocol } from '../core/types';
import { byProtocolOrder } from './cells';
import type { BaselineDiff, CellChange, ProtocolInconsistency } from './compare-baseline';
import { CONNECT_TARGET, type BaselineOutcome } from './types';

export type BaselineDiffFormat = 'text' | 'markdown';

type ChangeKind = 'gained' | 'lost' | 'unsettled' | 'new' | 'removed';

/** Changes that differ only in protocol, shown as one line. */
interface ChangeLine {
  kind: ChangeKind;
  subject: string;
  target: string;
  operation: Operation;
  before?: BaselineOutcome;
  after?: BaselineOutcome;
  protocols: Protocol[];
}

const SYMBOL: Record<ChangeKind, string> = {
  gained: '+',
  lost: '-',
  unsettled: '~',
  new: '+',
  removed: '-',
};

function grouped(kind: ChangeKind, changes: readonly CellChange[]): ChangeLine[] {
  const lines = new Map<string, ChangeLine>();
  for (const c of changes) {
    const key = [c.subject, c.target, c.operation, c.before ?? '', c.after ?? ''].join('\u0000');
    const line = lines.get(key);
    if (line) line.protocols.push(c.protocol);
    else lines.set(key, { kind, ...c, protocols: [c.protocol] });
  }
  for (const line of lines.values()) line.protocols.sort(byProtocolOrder);
  return [...lines.values()];
}

function changeLines(diff: BaselineDiff): ChangeLine[] {
  return [
    ...grouped('gained', diff.gained),
    ...grouped('lost', diff.lost),
    ...grouped('unsettled', diff.unsettled),
    ...grouped('new', diff.added),
    ...grouped('removed', diff.removed),
  ];
}

/** `consume on queue://ORDERS.>`, or just `connect`. */
function what(operation: Operation, target: string): string {
  return target === CONNECT_TARGET ? operation : `${operation} on ${target}`;
}

const over = (protocols: readonly Protocol[]) => `over ${protocols.join(', ')}`;

function sentence(l: ChangeLine): string {
  const action = what(l.operation, l.target);
  switch (l.kind) {
    case 'gained':
    case 'lost':
      return `${l.subject} ${l.kind} ${action} ${over(l.protocols)}`;
    case 'unsettled':
      return `${l.subject} ${action} ${over(l.protocols)}: ${l.before} in the baseline, ${l.after} now`;
    case 'new':
      return `new: ${l.subject} ${action} ${over(l.protocols)}: ${l.after} (not in the baseline)`;
    case 'removed':
      return `removed: ${l.subject} ${action} ${over(l.protocols)}: ${l.before} in the baseline, not probed now`;
  }
}

function inconsistencySentence(i: ProtocolInconsistency): string {
  const known = i.inBaseline ? 'also in the baseline' : 'new in this run';
  return `${i.subject} ${what(i.operation, i.target)}: granted ${over(i.granted)}, denied ${over(i.denied)} (${known})`;
}

/** Counts lines as shown: one permission changed over several protocols is one change. */
export function summarizeBaselineDiff(diff: BaselineDiff): string {
  const lines = changeLines(diff);
  const n = (kind: ChangeKind) => lines.filter((l) => l.kind === kind).length;
  return (
    `${n('gained')} gained, ${n('lost')} lost, ${n('unsettled')} unsettled, ${n('new')} new, ${n('removed')} removed ` +
    `(compared over ${diff.compared.length ? diff.compared.join(', ') : 'no protocol'})`
  );
}

function notes(diff: BaselineDiff): string[] {
  const out: string[] = [];
  for (const n of diff.notCompared) out.push(`not compared: ${n.protocol} (${n.reason})`);
  if (diff.engine.baseline !== diff.engine.current)
    out.push(
      `engine: the baseline was recorded on ${diff.engine.baseline}, this run is ${diff.engine.current}`,
    );
  return out;
}

function formatText(diff: BaselineDiff): string {
  const lines = changeLines(diff).map((l) => `${SYMBOL[l.kind]} ${sentence(l)}`);
  const split = diff.inconsistencies.map((i) => `! protocols disagree: ${inconsistencySentence(i)}`);
  return [...lines, ...split, ...notes(diff), summarizeBaselineDiff(diff)].join('\n');
}

/** Markdown table cells cannot hold `|` or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

const CHANGE_LABEL: Record<ChangeKind, string> = {
  gained: '➕ gained',
  lost: '➖ lost',
  unsettled: 'unsettled',
  new: 'new',
  removed: 'removed',
};

function formatMarkdown(diff: BaselineDiff): string {
  const out = ['### Permission changes against the baseline', '', `**${summarizeBaselineDiff(diff)}**`];
  const lines = changeLines(diff);
  if (lines.length) {
    out.push('', '| Change | Who | Operation | Destination | Protocols | Baseline | Now |');
    out.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const l of lines) {
      const destination = l.target === CONNECT_TARGET ? '—' : code(l.target);
      out.push(
        `| ${CHANGE_LABEL[l.kind]} | ${cell(code(l.subject))} | ${l.operation} | ${cell(destination)} | ` +
          `${l.protocols.join(', ')} | ${l.before ?? '—'} | ${l.after ?? '—'} |`,
      );
    }
  }
  if (diff.inconsistencies.length) {
    out.push('', '#### Protocols disagree', '');
    for (const i of diff.inconsistencies) out.push(`- ${cell(inconsistencySentence(i))}`);
  }
  const extra = notes(diff);
  if (extra.length) out.push('', ...extra.map((n) => `_${n}_`));
  return out.join('\n');
}

export function formatBaselineDiff(diff: BaselineDiff, format: BaselineDiffFormat): string {
  return format === 'markdown' ? formatMarkdown(diff) : formatText(diff);
}
