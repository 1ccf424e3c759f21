/** Permission changes as text, as Markdown for a pull-request comment, or as JSON. */
import type { PermissionChange } from './permission-diff';

export type DiffFormat = 'text' | 'markdown' | 'json';

export function summarizeChanges(changes: readonly PermissionChange[]): { gained: number; lost: number } {
  const gained = changes.filter((c) => c.change === 'gained').length;
  return { gained, lost: changes.length - gained };
}

function summaryLine(changes: readonly PermissionChange[]): string {
  const { gained, lost } = summarizeChanges(changes);
  return `${gained} gained, ${lost} lost`;
}

function target(c: PermissionChange): string {
  return c.destination ?? '(broker)';
}

function entries(list: readonly string[]): string {
  return list.length ? list.join(', ') : 'no entry';
}

function formatText(changes: readonly PermissionChange[]): string {
  const lines = changes.map(
    (c) =>
      `${c.change === 'gained' ? '+' : '-'} ${c.subject} ${c.name} ${c.change} ${c.operation} ${target(c)}` +
      ` (before: ${entries(c.before)}; after: ${entries(c.after)})`,
  );
  return [...lines, summaryLine(changes)].join('\n');
}

/** Markdown table cells cannot hold `|` or line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function codeList(list: readonly string[]): string {
  return list.length ? list.map(code).join(', ') : '—';
}

function formatMarkdown(changes: readonly PermissionChange[]): string {
  const out = ['### Permission changes', '', `**${summaryLine(changes)}**`];
  const bySubject = new Map<string, PermissionChange[]>();
  for (const c of changes) {
    const key = `${c.subject} ${c.name}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), c]);
  }
  for (const [key, list] of bySubject) {
    const [subject, ...name] = key.split(' ');
    out.push('', `#### ${subject} ${code(name.join(' '))}`, '');
    out.push('| Change | Operation | Destination | Decided before by | Decided after by |');
    out.push('| --- | --- | --- | --- | --- |');
    for (const c of list) {
      out.push(
        `| ${c.change === 'gained' ? '➕ gained' : '➖ lost'} | ${c.operation} | ${cell(code(target(c)))} | ${cell(codeList(c.before))} | ${cell(codeList(c.after))} |`,
      );
    }
  }
  return out.join('\n');
}

export function formatDiff(changes: readonly PermissionChange[], format: DiffFormat): string {
  switch (format) {
    case 'text':
      return formatText(changes);
    case 'markdown':
      return formatMarkdown(changes);
    case 'json':
      return JSON.stringify({ summary: summarizeChanges(changes), changes }, null, 2);
  }
}
