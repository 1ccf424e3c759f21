/**
 * The HTML report's inline style and script. The page loads nothing from the network (its
 * Content-Security-Policy forbids it), so it can be archived as a CI artifact and opened anywhere.
 */

export const HTML_STYLE = `
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #d5dbe3; --bg: #f6f8fa;
  --granted: #d7f0dc; --granted-fg: #17602b; --denied: #e4e9f1; --denied-fg: #34495e;
  --fail: #c62828; --model: #7b1fa2; --inconclusive: #ffe08a; --inconclusive-fg: #6b4f00;
  --skipped: #f1f1f1; --skipped-fg: #9a9a9a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
header { padding: 16px 24px 12px; background: var(--bg); border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 4px; font-size: 20px; display: flex; gap: 12px; align-items: center; }
h2 { font-size: 16px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 0 0 6px; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
.meta { margin: 0; color: var(--muted); }
.status { font-size: 13px; padding: 2px 10px; border-radius: 12px; color: #fff; letter-spacing: .04em; }
.status-passed { background: var(--granted-fg); } .status-failed, .status-aborted { background: var(--fail); }
.status-inconclusive { background: #b7791f; }
.counts { display: flex; gap: 8px; list-style: none; padding: 0; margin: 10px 0 0; flex-wrap: wrap; }
.count { padding: 4px 12px; border-radius: 6px; border: 1px solid var(--line); background: #fff; }
.count b { font-size: 16px; margin-right: 4px; }
.count.k-expectation-failure b { color: var(--fail); } .count.k-model-disagreement b { color: var(--model); }
.count.k-inconclusive b { color: var(--inconclusive-fg); } .count.k-pass b { color: var(--granted-fg); }
.count.k-order-dependent b { color: #975a16; }
.count.k-skipped b { color: var(--skipped-fg); } .count.zero { opacity: .55; }
.aborted { margin: 10px 0 0; padding: 8px 12px; background: #fde2e2; border: 1px solid var(--fail); border-radius: 6px; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 400px; gap: 20px; padding: 16px 24px; align-items: start; }
.attention ul { margin: 0 0 16px; padding: 0; list-style: none; }
.attention li { margin: 2px 0; }
.attention button { all: unset; cursor: pointer; }
.attention button:hover .t, .attention button:focus .t { text-decoration: underline; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 12px; }
.tab { border: 1px solid var(--line); border-bottom: none; background: var(--bg); padding: 6px 14px; border-radius: 6px 6px 0 0; cursor: pointer; font: inherit; }
.tab[aria-selected="true"] { background: #fff; font-weight: 600; position: relative; top: 1px; }
.tab .badge { margin-left: 6px; font-size: 11px; padding: 0 6px; border-radius: 8px; color: #fff; background: var(--fail); }
.tab .badge.quiet { background: var(--skipped-fg); }
.js .protocol:not(.active) { display: none; }
.protocol h2 { display: none; } .js .protocol h2 { display: none; }
html:not(.js) .protocol h2 { display: block; margin-top: 16px; }
.skipnote { color: var(--muted); margin: 8px 0; }
.matrix-wrap { overflow-x: auto; }
table.matrix { border-collapse: separate; border-spacing: 0; }
.matrix th, .matrix td { border-right: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 0; }
.matrix thead th { background: var(--bg); font-weight: 600; padding: 4px 6px; white-space: nowrap; }
.matrix thead th[scope="colgroup"] { white-space: normal; max-width: 180px; }
.matrix thead tr:first-child th { border-top: 1px solid var(--line); }
.matrix thead th.op { font-weight: 400; color: var(--muted); font-size: 12px; }
.matrix th.user { text-align: left; padding: 4px 10px; white-space: nowrap; background: #fff; border-left: 1px solid var(--line); font-weight: 500; }
.matrix th.corner { border-left: 1px solid var(--line); text-align: left; }
.matrix td.empty { background: #fff; }
.cell { width: 100%; min-width: 40px; height: 30px; border: 0; font: 600 14px/30px ui-monospace, Menlo, Consolas, monospace; cursor: pointer; text-align: center; display: block; }
.cell:focus-visible { outline: 3px solid #1e66f5; outline-offset: -3px; }
.cell.selected { outline: 3px solid #1d2330; outline-offset: -3px; }
.c-granted { background: var(--granted); color: var(--granted-fg); }
.c-denied { background: var(--denied); color: var(--denied-fg); }
.c-expectation-failure { background: var(--fail); color: #fff; }
.c-model-disagreement { background: var(--model); color: #fff; }
.c-order-dependent { background: repeating-linear-gradient(90deg, var(--granted), var(--granted) 50%, var(--denied) 50%, var(--denied)); color: #975a16; font-weight: 700; }
.c-inconclusive { background: var(--inconclusive); color: var(--inconclusive-fg); }
.c-skipped { background: repeating-linear-gradient(135deg, var(--skipped), var(--skipped) 4px, #fafafa 4px, #fafafa 8px); color: var(--skipped-fg); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 14px 0; padding: 0; list-style: none; color: var(--muted); font-size: 13px; }
.cell.mini { display: inline-block; width: 34px; min-width: 0; height: 22px; line-height: 22px; margin-right: 6px; vertical-align: middle; border-radius: 3px; }
.legend .cell.mini { cursor: default; }
aside.detail { position: sticky; top: 12px; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; background: #fff; max-height: calc(100vh - 24px); overflow: auto; }
aside.detail .hint { color: var(--muted); margin: 0; }
.case .kind { display: inline-block; font: 600 12px/1.6 ui-monospace, Menlo, Consolas, monospace; padding: 0 8px; border-radius: 10px; margin-bottom: 6px; }
.case .summary { margin: 4px 0 10px; font-weight: 500; }
.case dl { display: grid; grid-template-columns: 110px minmax(0, 1fr); gap: 4px 10px; margin: 0 0 10px; }
.case dt { color: var(--muted); } .case dd { margin: 0; overflow-wrap: anywhere; }
.chip { display: inline-block; padding: 0 6px; margin: 0 4px 2px 0; border-radius: 4px; background: var(--bg); border: 1px solid var(--line); }
.chip.deciding { background: #e8f0fe; border-color: #8ab4f8; }
table.evidence { width: 100%; border-collapse: collapse; }
.evidence td { vertical-align: top; padding: 3px 6px 3px 0; border-top: 1px solid var(--line); }
.evidence td.src { white-space: nowrap; color: var(--muted); width: 1%; }
.evidence td.at { white-space: nowrap; text-align: right; color: var(--muted); width: 1%; }
.evidence pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
details.all { margin-top: 18px; } details.all > summary { cursor: pointer; font-weight: 600; }
details.all .case { border-top: 1px solid var(--line); padding: 10px 0; }
@media (max-width: 1000px) { main { grid-template-columns: 1fr; } aside.detail { position: static; } }
`;

/**
 * Tabs switch protocols; a click on a matrix cell or a listed failure shows that case's article in the
 * side panel. On load the first case needing attention is shown, so a failing report opens on its cause.
 */
export const HTML_SCRIPT = `
(function () {
  document.documentElement.classList.add('js');
  var tabs = Array.prototype.slice.call(document.querySelectorAll('.tab'));
  var panel = document.getElementById('detail');
  function showTab(protocol) {
    tabs.forEach(function (t) { t.setAttribute('aria-selected', String(t.dataset.protocol === protocol)); });
    document.querySelectorAll('.protocol').forEach(function (s) {
      s.classList.toggle('active', s.dataset.protocol === protocol);
    });
  }
  function showCase(index) {
    var article = document.getElementById('case-' + index);
    if (!article) return;
    var copy = article.cloneNode(true);
    copy.removeAttribute('id');
    panel.replaceChildren(copy);
    panel.dataset.shown = String(index);
    document.querySelectorAll('.cell.selected').forEach(function (c) { c.classList.remove('selected'); });
    var cell = document.querySelector('.matrix .cell[data-case="' + index + '"]');
    if (cell) {
      cell.classList.add('selected');
      var section = cell.closest('.protocol');
      if (section) showTab(section.dataset.protocol);
    }
  }
  tabs.forEach(function (t) { t.addEventListener('click', function () { showTab(t.dataset.protocol); }); });
  document.addEventListener('click', function (event) {
    var target = event.target.closest('[data-case]');
    if (target && !target.closest('aside')) showCase(target.dataset.case);
  });
  var first = tabs[0];
  if (first) showTab(first.dataset.protocol);
  var attention = document.querySelector('.attention [data-case]');
  if (attention) showCase(attention.dataset.case);
})();
`;
