/**
 * What a run says about the configuration itself, beside the verdicts: outcomes that change after a
 * broker restart, and users whose default clients cannot connect. One finding per user and cause, with
 * the cases it covers and the fix, so a reader gets the news once instead of once per case.
 */
import type { Protocol } from '../core/types';
import { TEMP_DESTINATION_ADVISORIES } from '../model/advisory';
import type { Verdict } from './verdict';

export type ConfigFindingKind = 'order-dependent' | 'default-client-refused';

export interface ConfigFinding {
  kind: ConfigFindingKind;
  user: string;
  /** one sentence: what happens to this user's clients */
  message: string;
  fix: string;
  protocols: Protocol[];
  /** ids of the cases that show it */
  cases: string[];
}

const ADVISORY_TOPIC_IN_REASON = /topic:\/\/ActiveMQ\.Advisory\.[^\s,`]+/g;

function groupsText(groups: readonly string[]): string {
  return groups.length ? groups.join(', ') : '(none)';
}

/** The fix of an outcome that depends on advisory topics existing: admin on them, or an engine with the fix. */
export function orderDependentFix(verdict: Verdict): string {
  const cold = verdict.case.cold;
  const topics = [...new Set(cold?.reason.match(ADVISORY_TOPIC_IN_REASON) ?? [])];
  const groups = groupsText(verdict.case.prediction.userGroups);
  return `grant admin on topic://ActiveMQ.Advisory.> to a group of ${verdict.case.user} (${groups})${topics.length ? `, which covers ${topics.join(', ')}` : ''}, so the broker can create the advisory topics as this user; or run ActiveMQ 5.19.8 or later, which creates them under its own identity (apache/activemq#2071)`;
}

export function defaultClientFix(verdict: Verdict): string {
  return `grant read on ${TEMP_DESTINATION_ADVISORIES.name
    .split(',')
    .map((n) => `topic://${n}`)
    .join(
      ' and ',
    )} (e.g. an entry topic="ActiveMQ.Advisory.>" read="…") to a group of ${verdict.case.user} (${groupsText(verdict.case.prediction.userGroups)}); or configure its JMS clients with watchTopicAdvisories=false`;
}

/** The default OpenWire client is refused for the temp-destination advisories while authentication succeeds. */
function defaultClientRefused(v: Verdict): boolean {
  const c = v.case;
  return (
    c.protocol === 'openwire' &&
    c.operation === 'connect' &&
    c.credentials === 'valid' &&
    v.observation?.outcome === 'denied' &&
    !c.prediction.allowed &&
    c.prediction.permission === 'read'
  );
}

export function configFindings(verdicts: readonly Verdict[]): ConfigFinding[] {
  const found = new Map<string, ConfigFinding>();
  const note = (key: string, make: () => Omit<ConfigFinding, 'protocols' | 'cases'>, v: Verdict) => {
    let finding = found.get(key);
    if (!finding) {
      finding = { ...make(), protocols: [], cases: [] };
      found.set(key, finding);
    }
    if (!finding.protocols.includes(v.case.protocol)) finding.protocols.push(v.case.protocol);
    finding.cases.push(v.case.id);
  };
  for (const v of verdicts) {
    const user = v.case.user;
    if (v.kind === 'order-dependent') {
      note(
        `order ${user}`,
        () => ({
          kind: 'order-dependent',
          user,
          message: `${user}'s clients succeed or fail depending on whether a privileged client touched an advisory topic first: after a broker restart they are refused until then`,
          fix: orderDependentFix(v),
        }),
        v,
      );
    } else if (defaultClientRefused(v)) {
      note(
        `default-client ${user}`,
        () => ({
          kind: 'default-client-refused',
          user,
          message: `${user}'s JMS applications cannot connect with a default ActiveMQConnectionFactory: it needs read on the temporary-destination advisory topics (its destination cases ran over a connection with watchTopicAdvisories=false)`,
          fix: defaultClientFix(v),
        }),
        v,
      );
    }
  }
  return [...found.values()];
}
