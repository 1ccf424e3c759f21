/**
 * A verdict explained in plain lines (what was held, what the model said, which entries decided, what the
 * broker showed), for the console's failure list and the bodies of JUnit failures.
 */
import { formatDestination } from '../core/destination';
import { formatLocation } from '../core/errors';
import type { Expectation } from '../core/types';
import type { RunResult } from '../check/run-result';
import type { Verdict } from '../check/verdict';
import type { Evidence, Observation } from '../probes/types';
import { orderDependentFix } from '../check/config-findings';
import { redactCredentials } from './redact';
import { VERDICT_LABEL, plural, totalCases } from './case-view';
import { VERDICT_KINDS } from '../check/verdict';

export function statementText(s: Expectation): string {
  const parts: string[] = [];
  if (s.can.length) parts.push(`can ${s.can.join(', ')}`);
  if (s.cannot.length) parts.push(`cannot ${s.cannot.join(', ')}`);
  const on = s.on ? ` on ${formatDestination(s.on)}` : '';
  const over = s.protocols?.length ? ` over ${s.protocols.join(', ')}` : '';
  return `${s.user} ${parts.join(' and ')}${on}${over}`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms * 10) / 10} ms`;
}

export function evidenceLine(e: Evidence): string {
  const at = e.atMs === undefined ? '' : `+${formatMs(e.atMs)}`;
  return `${e.source.padEnd(10)} ${at.padStart(10)}  ${redactCredentials(e.text)}`;
}

export function entriesText(v: Verdict): string {
  const p = v.case.prediction;
  const deciding = p.decidingEntries.length ? p.decidingEntries.join(', ') : '(none)';
  const matched = p.matchedEntries.length ? p.matchedEntries.join(', ') : '(none)';
  return `deciding entries: ${deciding}; matched: ${matched}`;
}

/** The explanation of one verdict, without its title line. */
export function verdictDetailLines(v: Verdict): string[] {
  const c = v.case;
  const p = c.prediction;
  const lines: string[] = [v.summary];
  if (c.expectation) {
    const where = formatLocation(c.expectation.statement.location);
    lines.push(`declared: ${statementText(c.expectation.statement)}${where ? ` (${where})` : ''}`);
  }
  lines.push(`model: ${p.allowed ? 'granted' : 'denied'}: ${p.reason}`);
  if (p.permission) {
    lines.push(
      `needs ${p.permission}; user groups: ${p.userGroups.join(', ') || '(none)'}; ACL groups: ${p.aclGroups.join(', ') || '(none)'}`,
    );
  }
  if (c.destination) lines.push(entriesText(v));
  if (c.client === 'minimal') {
    lines.push(
      `client: connected with watchTopicAdvisories=false, since ${c.user}'s default JMS connection is refused (see its connect case)`,
    );
  }
  for (const caveat of p.caveats) lines.push(`caveat: ${caveat}`);
  if (c.cold)
    lines.push(`model on a cold broker: ${c.cold.allowed ? 'granted' : 'denied'}: ${c.cold.reason}`);
  if (v.kind === 'order-dependent') lines.push(`fix: ${orderDependentFix(v)}`);
  if (c.skip) return lines.map(redactCredentials);
  const phases: Array<[string, Observation | undefined]> = c.cold
    ? [
        ['warm broker', v.observation],
        ['cold broker', v.coldObservation],
      ]
    : [['', v.observation]];
  for (const [phase, o] of phases) {
    if (!o) continue;
    const on = phase ? ` (${phase})` : '';
    if (o.detail && !v.summary.includes(o.detail)) lines.push(`broker${on}: ${o.outcome}: ${o.detail}`);
    if (o.clientIdConflict)
      lines.push('client id conflict: the broker still held a client id (not a denial)');
    lines.push(`evidence${on} (${formatMs(o.durationMs)}):`);
    for (const e of o.evidence) lines.push(`  ${evidenceLine(e)}`);
  }
  return lines.map(redactCredentials);
}

export function countsText(result: RunResult): string {
  const parts = VERDICT_KINDS.map((k) => `${result.counts[k]} ${VERDICT_LABEL[k]}`);
  return `${plural(totalCases(result), 'case')}: ${parts.join(', ')}`;
}
