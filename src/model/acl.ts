/**
 * Effective ACLs of a destination, as ActiveMQ Classic's `DefaultAuthorizationMap` computes them
 * (apache/activemq, activemq-broker/src/main/java/org/apache/activemq/security/).
 *
 * - Every entry of the destination's type whose pattern matches contributes: the groups are unioned,
 *   a narrower entry never takes away what a broader one grants.
 * - `defaultEntry` is added to every lookup of a queue or topic.
 * - A composite name (`A,B`) keeps only the entries every part matches. Entries are compared the way
 *   `AuthorizationEntry.equals` does in 5.17: by their read/write/admin lists, not by their pattern,
 *   so two entries with the same lists count as one.
 * - Temporary destinations use only `tempDestinationAuthorizationEntry`; without it the broker skips
 *   the check (`getTempDestination*ACLs()` return null).
 */
import { parseDestination } from '../core/destination';
import type {
  Acl,
  AclWithLocation,
  AuthorizationEntry,
  AuthorizationMap,
  Destination,
  DestinationKind,
  DestinationType,
  Permission,
} from '../core/types';
import { DestinationTree } from './wildcard';

export const DEFAULT_ENTRY_ID = 'default';
export const TEMP_ENTRY_ID = 'temp-destinations';
/** The group name that `DefaultAuthorizationMap` turns into a principal equal to every principal. */
export const ANY_GROUP = '*';
export const COMPOSITE_SEPARATOR = ',';

/** One entry that took part in a lookup, with its own lists (to tell which entry granted whom). */
export interface AclContribution {
  id: string;
  acl: Acl;
}

export interface AclLookup {
  /** union of the contributions; null when the broker does not check at all (temporary destination, no temp entry) */
  acl: Acl | null;
  /** ids of the contributing entries, in map order, then `default` (or just `temp-destinations`) */
  matchedEntries: string[];
  contributions: AclContribution[];
}

export function isTemporary(kind: DestinationKind): boolean {
  return kind === 'temp-queue' || kind === 'temp-topic';
}

export function isComposite(destination: Destination): boolean {
  return destination.name.includes(COMPOSITE_SEPARATOR);
}

/**
 * Parts of a composite destination. A part may carry its own `queue://`/`topic://` prefix, as ActiveMQ
 * allows (`ORDERS.a,topic://EVENTS.a`); otherwise it has the composite's kind. Blank parts are
 * dropped and duplicates collapse, as in `ActiveMQDestination.setPhysicalName`.
 */
export function compositeParts(destination: Destination): Destination[] {
  const seen = new Set<string>();
  const parts: Destination[] = [];
  for (const raw of destination.name.split(COMPOSITE_SEPARATOR)) {
    const text = raw.trim();
    if (text.length === 0) continue;
    const part = parseDestination(text) ?? { kind: destination.kind, name: text };
    const key = `${part.kind}://${part.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(part);
  }
  return parts;
}

/** Whether a user holding `userGroups` is in `aclGroups`; `*` admits anyone holding at least one group. */
export function grants(aclGroups: readonly string[], userGroups: readonly string[]): boolean {
  if (userGroups.length === 0) return false;
  if (aclGroups.includes(ANY_GROUP)) return true;
  return userGroups.some((g) => aclGroups.includes(g));
}

export function emptyAcl(): Acl {
  return { read: [], write: [], admin: [] };
}

function copyAcl(acl: Acl): Acl {
  return { read: [...acl.read], write: [...acl.write], admin: [...acl.admin] };
}

function unionAcls(acls: readonly Acl[]): Acl {
  const union = (p: Permission) => [...new Set(acls.flatMap((a) => a[p]))].sort();
  return { read: union('read'), write: union('write'), admin: union('admin') };
}

/** The identity `AuthorizationEntry.equals` uses in a composite intersection. */
function valueKey(acl: Acl): string {
  return JSON.stringify([acl.read, acl.write, acl.admin]);
}

/** An authorization map indexed once, for many lookups. */
export class CompiledAuthorizationMap {
  private readonly trees: Record<DestinationType, DestinationTree<AuthorizationEntry>> = {
    queue: new DestinationTree(),
    topic: new DestinationTree(),
  };
  private readonly order = new Map<AuthorizationEntry, number>();

  constructor(readonly map: AuthorizationMap) {
    map.entries.forEach((entry, index) => {
      this.order.set(entry, index);
      // an entry written as `queue="A,B"` is put under each part, like `DestinationMap.put`
      for (const part of compositeParts({ kind: entry.type, name: entry.pattern })) {
        if (part.kind === 'queue' || part.kind === 'topic') this.trees[part.kind].add(part.name, entry);
      }
    });
  }

  lookup(destination: Destination): AclLookup {
    if (isTemporary(destination.kind)) return this.lookupTemporary();
    const entries = isComposite(destination)
      ? this.matchComposite(compositeParts(destination))
      : this.matchSingle(destination);
    const sorted = [...entries].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
    const contributions: AclContribution[] = sorted.map((e) => ({ id: e.id, acl: copyAcl(e) }));
    if (this.map.defaultEntry)
      contributions.push({ id: DEFAULT_ENTRY_ID, acl: copyAcl(this.map.defaultEntry) });
    return {
      acl: unionAcls(contributions.map((c) => c.acl)),
      matchedEntries: contributions.map((c) => c.id),
      contributions,
    };
  }

  private lookupTemporary(): AclLookup {
    const temp: AclWithLocation | undefined = this.map.tempDestinationEntry;
    if (!temp) return { acl: null, matchedEntries: [], contributions: [] };
    const acl = copyAcl(temp);
    return {
      acl: unionAcls([acl]),
      matchedEntries: [TEMP_ENTRY_ID],
      contributions: [{ id: TEMP_ENTRY_ID, acl }],
    };
  }

  private matchSingle(destination: Destination): Set<AuthorizationEntry> {
    // a temporary part inside a queue/topic composite is looked up in ActiveMQ's temp tree, which
    // authorization entries never fill
    if (destination.kind !== 'queue' && destination.kind !== 'topic') return new Set();
    return this.trees[destination.kind].lookup(destination.name);
  }

  /** Entries (by value) every part matches; every entry with a surviving value is reported. */
  private matchComposite(parts: Destination[]): Set<AuthorizationEntry> {
    const all: AuthorizationEntry[] = [];
    let kept = new Set<string>();
    parts.forEach((part, index) => {
      if (index > 0 && kept.size === 0) return;
      const matched = [...this.matchSingle(part)];
      all.push(...matched);
      const keys = new Set(matched.map(valueKey));
      kept = index === 0 ? keys : new Set([...kept].filter((k) => keys.has(k)));
    });
    return new Set(all.filter((e) => kept.has(valueKey(e))));
  }
}

export function compileAuthorizationMap(map: AuthorizationMap): CompiledAuthorizationMap {
  return new CompiledAuthorizationMap(map);
}

/** One-off lookup; compile the map once with `compileAuthorizationMap` for many lookups. */
export function lookupAcl(map: AuthorizationMap, destination: Destination): AclLookup {
  return compileAuthorizationMap(map).lookup(destination);
}
