import { formatDestination } from '../core/destination';
import type { AuthorizationEntry, Destination, DestinationType, Policy } from '../core/types';

/** Entries on advisory topics are about the broker's own bookkeeping; probing them would only add noise. */
const ADVISORY_PREFIX = 'ActiveMQ.';

export interface ProbeDestination {
  destination: Destination;
  /** what it stands for in the policy */
  target: string;
  /**
   * The pattern fresh names for `create` are made from (every create case needs its own name: once one
   * case created it, it exists for the rest of the run); absent when the pattern has no wildcard.
   */
  freshPattern?: Destination;
}

const hasWildcard = (pattern: string) => pattern.split('.').some((s) => s === '*' || s === '>');

/**
 * A concrete name the pattern matches: each wildcard segment becomes a segment unique to this run, so
 * probes never touch a destination a real client uses.
 */
export function concretize(pattern: string, token: string): string {
  return pattern
    .split('.')
    .map((segment) => (segment === '*' || segment === '>' ? token : segment))
    .join('.');
}

export const UNLISTED_TARGET = (type: DestinationType) => `${type}://(unlisted name)`;

/** A name matching `pattern` no other case uses: `create` cases each need a destination nobody made yet. */
export function freshName(pattern: Destination, runId: string, serial: number): Destination {
  return { kind: pattern.kind, name: concretize(pattern.name, `c${runId}n${serial}`) };
}

/**
 * The destinations a run probes: one per authorization entry, one queue and one topic that no entry
 * names, the policy's declared destinations, and the destinations its expectations name.
 */
export function probeDestinations(policy: Policy, runId: string): ProbeDestination[] {
  const token = `p${runId}`;
  const found = new Map<string, ProbeDestination>();
  const add = (p: ProbeDestination) => {
    const key = formatDestination(p.destination);
    if (!found.has(key)) found.set(key, p);
  };

  const entries: AuthorizationEntry[] = policy.authorization?.entries ?? [];
  for (const entry of entries) {
    if (entry.pattern.startsWith(ADVISORY_PREFIX)) continue;
    const wildcard = hasWildcard(entry.pattern);
    add({
      destination: { kind: entry.type, name: concretize(entry.pattern, token) },
      target: `${entry.type}://${entry.pattern}`,
      freshPattern: wildcard ? { kind: entry.type, name: entry.pattern } : undefined,
    });
  }
  for (const type of ['queue', 'topic'] as const) {
    add({
      destination: { kind: type, name: `amqauth.unlisted.${token}` },
      target: UNLISTED_TARGET(type),
      freshPattern: { kind: type, name: 'amqauth.unlisted.*' },
    });
  }
  for (const declared of policy.destinations) {
    if (declared.kind !== 'queue' && declared.kind !== 'topic') continue;
    add({ destination: declared, target: formatDestination(declared) });
  }
  return [...found.values()];
}
