/**
 * A self-contained HTML page: summary first, then one tab per protocol with the users x (target x
 * operation) matrix, cells coloured by verdict; a click on a cell shows its evidence and deciding entries.
 * Every case's article is also in the page (under "All cases"), so it reads without script too.
 */
import { formatLocation } from '../core/errors';
import type { RunResult } from '../check/run-result';
import type { Verdict } from '../check/verdict';
import { VERDICT_KINDS } from '../check/verdict';
import { probedVerdicts } from '../check/inferred-verdicts';
import {
  CELL_KINDS,
  CELL_MEANING,
  CELL_SYMBOL,
  VERDICT_LABEL,
  caseTitle,
  cellKind,
  classesSummary,
  isFailure,
  plural,
  runStatus,
  totalCases,
} from './case-view';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets';
import { brokerLabel } from './broker-label';
import { buildMatrices } from './matrix';
import type { ProtocolMatrix } from './matrix';
import { redactCredentials } from './redact';
import { formatMs, statementText } from './verdict-text';
import { escapeHtml as h } from './xml-text';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

function header(result: RunResult): string {
  const status = runStatus(result);
  const r = result.runtime;
  const counts = VERDICT_KINDS.map((k) => {
    const n = result.counts[k];
    return `<li class="count k-${k}${n === 0 ? ' zero' : ''}" data-kind="${k}"><b>${n}</b>${h(VERDICT_LABEL[k])}</li>`;
  }).join('');
  const warning = r.versionWarning
    ? `<p class="aborted" data-version-warning><b>Broker version:</b> ${h(r.versionWarning)}</p>`
    : '';
  const aborted = result.aborted
    ? `<p class="aborted" data-aborted><b>Run aborted:</b> ${h(result.aborted)}. The cases after it are inconclusive.</p>`
    : '';
  return `<header>
<h1>amq-auth check <span class="status status-${status}" data-status="${status}">${status.toUpperCase()}</span></h1>
<p class="meta"><b>${h(result.input)}</b> against <b>${h(result.engine.id)}</b> on <b data-broker-version>${h(brokerLabel(r))}</b> &middot; ${plural(totalCases(result), 'case')} &middot; ${h(result.protocols.join(', '))}</p>
<p class="meta">run ${h(result.runId)} &middot; started ${h(result.startedAt)} &middot; ${h(formatMs(result.durationMs))} &middot; runtime ${h(r.kind)}: ${h(r.reason)}${r.build ? ` &middot; ${h(r.build.description)}` : ''}${result.brokerLogFile ? ` &middot; broker log <code>${h(result.brokerLogFile)}</code>` : ''}</p>
<ul class="counts">${counts}</ul>
${warning}${aborted}
</header>`;
}

function findingsSection(result: RunResult): string {
  const findings = result.findings ?? [];
  if (!findings.length) return '';
  const items = findings
    .map(
      (f) =>
        `<li data-finding="${h(f.kind)}"><b>${h(f.message)}</b> <span class="meta">(${h(f.protocols.join(', '))}; ${f.cases.length} cases)</span><br>fix: ${h(f.fix)}</li>`,
    )
    .join('');
  return `<section class="attention findings"><h2>Configuration findings (${findings.length})</h2><ul>${items}</ul></section>`;
}

function attention(result: RunResult, index: Map<Verdict, number>): string {
  const verdicts = [
    ...result.verdicts.filter(isFailure),
    ...result.verdicts.filter((v) => v.kind === 'inconclusive'),
  ];
  if (!verdicts.length) return '<section class="attention"><h2>Nothing needs attention</h2></section>';
  const items = verdicts
    .map((v) => {
      const kind = cellKind(v);
      return `<li><button type="button" data-case="${index.get(v)}"><span class="cell mini c-${kind}">${h(CELL_SYMBOL[kind])}</span><span class="t">${h(caseTitle(v.case))}</span> <span class="meta">&mdash; ${h(v.summary)}</span></button></li>`;
    })
    .join('\n');
  return `<section class="attention"><h2>Needs attention (${verdicts.length})</h2><ul>${items}</ul></section>`;
}

function tabs(matrices: ProtocolMatrix[]): string {
  const buttons = matrices.map((m) => {
    const failures = m.verdicts.filter(isFailure).length;
    const badge =
      m.skippedReason !== undefined
        ? '<span class="badge quiet">skipped</span>'
        : failures > 0
          ? `<span class="badge">${failures}</span>`
          : '';
    return `<button type="button" class="tab" role="tab" data-protocol="${h(m.protocol)}">${h(m.protocol)}${badge}</button>`;
  });
  return `<nav class="tabs" role="tablist">${buttons.join('')}</nav>`;
}

/** Long targets may wrap after `//` and each `.`, so the matrix stays narrow. */
function breakable(target: string): string {
  return h(target).replace(/(\/\/|\.)/g, '$1<wbr>');
}

/** What the classes are and how many cases follow from a representative. */
function classesNote(result: RunResult): string {
  const classes = classesSummary(result);
  if (!classes) return '';
  return `<p class="meta" id="classes">${plural(classes.inferred, 'case')} follow from a probed representative of their class: ${plural(classes.userClasses, 'user class', 'user classes')} (users with equal groups) and ${plural(classes.targetClasses, 'target class', 'target classes')} (destinations matched by the same entries, as are their advisory topics). An inferred cell opens its representative's case; <code>--exhaustive</code> probes every one.</p>`;
}

function cellTitle(v: Verdict): string {
  return `${caseTitle(v.case)}\n${redactCredentials(v.summary)}`;
}

function* matrixTable(m: ProtocolMatrix, index: Map<Verdict, number>): Generator<string> {
  const targetRow = m.groups
    .map((g) => `<th colspan="${g.columns.length}" scope="colgroup"><code>${breakable(g.target)}</code></th>`)
    .join('');
  const opRow = m.columns.map((c) => `<th class="op" scope="col">${h(c.operation)}</th>`).join('');
  yield `<div class="matrix-wrap"><table class="matrix" data-protocol="${h(m.protocol)}">
<thead><tr><th class="corner" rowspan="2">user</th>${targetRow}</tr><tr>${opRow}</tr></thead>
<tbody>
`;
  // a row at a time: a 250-user matrix is written without ever holding the whole table
  for (const [i, row] of m.rows.entries()) {
    const cells = m.columns
      .map((col) => {
        const v = m.shown(row, col);
        if (!v) return '<td class="empty"></td>';
        const kind = cellKind(v);
        const more = m.cell(row, col).length > 1 ? ` data-more="${m.cell(row, col).length - 1}"` : '';
        return `<td><button type="button" class="cell c-${kind}" data-case="${index.get(v)}" data-verdict="${v.kind}" data-cell="${kind}"${more} title="${h(cellTitle(v))}">${h(CELL_SYMBOL[kind])}</button></td>`;
      })
      .join('');
    yield `${i > 0 ? '\n' : ''}<tr><th class="user" scope="row">${h(row.label)}</th>${cells}</tr>`;
  }
  yield `
</tbody></table></div>`;
}

function skipNotes(m: ProtocolMatrix): string {
  const reasons = new Map<string, number>();
  for (const v of m.verdicts) {
    if (v.kind === 'skipped') reasons.set(v.case.skip ?? '', (reasons.get(v.case.skip ?? '') ?? 0) + 1);
  }
  if (m.skippedReason !== undefined) {
    return `<p class="skipnote">All ${plural(m.verdicts.length, 'case')} skipped: ${h(m.skippedReason)}</p>`;
  }
  return [...reasons]
    .map(([reason, n]) => `<p class="skipnote">${plural(n, 'case')} skipped: ${h(reason)}</p>`)
    .join('');
}

function* protocolSection(m: ProtocolMatrix, index: Map<Verdict, number>): Generator<string> {
  yield `<section class="protocol" data-protocol="${h(m.protocol)}" role="tabpanel">
<h2>${h(m.protocol)}</h2>
`;
  if (m.skippedReason === undefined) yield* matrixTable(m, index);
  yield `
${skipNotes(m)}
</section>`;
}

function legend(): string {
  const items = CELL_KINDS.map(
    (k) => `<li><span class="cell mini c-${k}">${h(CELL_SYMBOL[k])}</span>${h(CELL_MEANING[k])}</li>`,
  ).join('');
  return `<ul class="legend">${items}</ul>`;
}

function chips(ids: readonly string[], deciding: readonly string[]): string {
  if (!ids.length) return '<span class="meta">(none)</span>';
  return ids
    .map((id) => `<code class="chip${deciding.includes(id) ? ' deciding' : ''}">${h(id)}</code>`)
    .join('');
}

function caseArticle(v: Verdict, i: number): string {
  const c = v.case;
  const p = c.prediction;
  const kind = cellKind(v);
  const rows: [string, string][] = [];
  if (c.expectation) {
    const where = formatLocation(c.expectation.statement.location);
    rows.push([
      'declared',
      `${h(statementText(c.expectation.statement))}${where ? ` <span class="meta">(${h(where)})</span>` : ''}`,
    ]);
  }
  rows.push(['model', `<b>${p.allowed ? 'granted' : 'denied'}</b>: ${h(p.reason)}`]);
  if (p.permission) {
    rows.push(['needs', `<code>${h(p.permission)}</code>`]);
    rows.push(['user groups', chips(p.userGroups, [])]);
    rows.push(['ACL groups', chips(p.aclGroups, [])]);
  }
  if (c.destination) {
    rows.push(['deciding entries', chips(p.decidingEntries, p.decidingEntries)]);
    rows.push(['matched entries', chips(p.matchedEntries, p.decidingEntries)]);
  }
  for (const caveat of p.caveats) rows.push(['caveat', h(caveat)]);
  const o = v.observation;
  if (c.skip) rows.push(['skipped', h(c.skip)]);
  if (o) {
    rows.push([
      'broker',
      `<b>${o.outcome}</b> in ${h(formatMs(o.durationMs))}${o.detail ? `: ${h(redactCredentials(o.detail))}` : ''}`,
    ]);
    if (o.clientIdConflict)
      rows.push(['client id', 'the broker still held the client id; not a denial of this case']);
  }
  const evidence = o?.evidence.length
    ? `<table class="evidence">${o.evidence
        .map(
          (e) =>
            `<tr><td class="src">${h(e.source)}</td><td class="at">${e.atMs === undefined ? '' : `+${h(formatMs(e.atMs))}`}</td><td><pre>${h(redactCredentials(e.text))}</pre></td></tr>`,
        )
        .join('')}</table>`
    : '';
  return `<article class="case" id="case-${i}" data-verdict="${v.kind}">
<span class="kind c-${kind}">${h(CELL_SYMBOL[kind])} ${h(VERDICT_LABEL[v.kind])}</span>
<h3>${h(caseTitle(c))}</h3>
<p class="summary">${h(redactCredentials(v.summary))}</p>
<dl>${rows.map(([k, val]) => `<dt>${h(k)}</dt><dd>${val}</dd>`).join('')}</dl>
${evidence ? `<h3>Evidence</h3>${evidence}` : ''}
<p class="meta mono">${h(c.id)}</p>
</article>`;
}

export function toHtml(result: RunResult): string {
  return [...htmlChunks(result)].join('');
}

/** report.html a matrix row or a case at a time. */
export function* htmlChunks(result: RunResult): Generator<string> {
  const matrices = buildMatrices(result);
  // one article per probed case; an inferred verdict opens its representative's, whose evidence decides it
  const probed = probedVerdicts(result.verdicts);
  const article = new Map(probed.map((v, i) => [v.case.id, i] as const));
  const index = new Map(
    result.verdicts.map((v) => [v, article.get(v.case.inferredFrom ?? v.case.id)!] as const),
  );
  const status = runStatus(result);
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>amq-auth check ${h(result.input)}: ${status}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
${header(result)}
<main>
<div class="left">
${findingsSection(result)}${attention(result, index)}
${tabs(matrices)}
`;
  for (const [i, m] of matrices.entries()) {
    if (i > 0) yield '\n';
    yield* protocolSection(m, index);
  }
  yield `
${legend()}
${classesNote(result)}
<details class="all"><summary>All ${plural(probed.length, 'probed case')} with evidence</summary>
`;
  for (const [i, v] of probed.entries()) yield `${i > 0 ? '\n' : ''}${caseArticle(v, i)}`;
  yield `
</details>
</div>
<aside class="detail" id="detail" aria-live="polite"><p class="hint">Select a cell to see what the broker said and which entries decided.</p></aside>
</main>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}
