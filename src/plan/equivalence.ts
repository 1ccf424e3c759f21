/**
 * Equivalence classes: the broker decides a destination operation from the user's groups and the entries
 * whose patterns match the destination (and, for the advisory topics the operation touches, the entries
 * matching those). Users with equal group sets, and destinations matched by the same entries with the
 * same entries matching their advisory topics, therefore get identical decisions. A run probes one
 * representative per class and says of every other member why it follows. What is per user (connecting
 * with the user's own credentials, the credential edge cases, the team's own expectations) is still
 * probed per user.
 */
import type { Destination } from '../core/types';
import { isComposite } from '../model/acl';
import { advisoryTopicsFor } from '../model/advisory';
import type { AuthorizationModel } from '../model/authorization-model';
import type { ProbeDestination } from './probe-destinations';

/** Users the broker cannot tell apart on destinations: the same groups. */
export interface UserClass {
  /** in policy order; the first is the representative */
  users: string[];
  /** the group set they share, sorted */
  groups: string[];
}

/** Probe targets the broker cannot tell apart: the same entries match them and their advisory topics. */
export interface TargetClass {
  /** the targets (policy's words), in plan order; the first is the representative */
  targets: string[];
  /** the concrete destination probed for each target, in the same order */
  destinations: Destination[];
  /** entry ids matching each target's destination (the same for every member) */
  entries: string[];
  /** entry ids matching the advisory topics its operations touch (the same for every member) */
  advisoryEntries: string[];
}

export interface EquivalenceClasses {
  users: UserClass[];
  targets: TargetClass[];
}

/** Every user and target alone: `--exhaustive`. */
export function singletonClasses(
  subjects: readonly string[],
  probes: readonly ProbeDestination[],
  model: AuthorizationModel,
): EquivalenceClasses {
  return {
    users: subjects.map((u) => ({ users: [u], groups: sortedGroups(model, u) })),
    targets: probes.map((p) => ({
      targets: [p.target],
      destinations: [p.destination],
      ...entryKey(p, model),
    })),
  };
}

export function equivalenceClasses(
  subjects: readonly string[],
  probes: readonly ProbeDestination[],
  model: AuthorizationModel,
): EquivalenceClasses {
  const users = new Map<string, UserClass>();
  for (const user of subjects) {
    const groups = sortedGroups(model, user);
    // a user the broker does not know (no such account) is never grouped: its own refusals say so
    const key = model.knowsUser(user) ? JSON.stringify(groups) : `unknown ${user}`;
    const found = users.get(key);
    if (found) found.users.push(user);
    else users.set(key, { users: [user], groups });
  }
  const targets = new Map<string, TargetClass>();
  probes.forEach((probe, index) => {
    const entries = entryKey(probe, model);
    // a composite combines its parts' ACLs and fans out to them: it stays alone. A target with a create
    // case (a wildcard entry's fresh names match the same entries as its probe name) only joins its like.
    const key = isComposite(probe.destination)
      ? `composite ${index}`
      : JSON.stringify([
          probe.destination.kind,
          entries.entries,
          entries.advisoryEntries,
          Boolean(probe.freshPattern),
        ]);
    const found = targets.get(key);
    if (found) {
      found.targets.push(probe.target);
      found.destinations.push(probe.destination);
    } else targets.set(key, { targets: [probe.target], destinations: [probe.destination], ...entries });
  });
  return { users: [...users.values()], targets: [...targets.values()] };
}

function sortedGroups(model: AuthorizationModel, user: string): string[] {
  return [...new Set(model.userGroups(user))].sort();
}

function matched(model: AuthorizationModel, destination: Destination): string[] {
  return model.lookup(destination)?.matchedEntries ?? [];
}

/** The entries deciding on the destination itself and on every advisory topic an operation on it touches. */
function entryKey(
  probe: ProbeDestination,
  model: AuthorizationModel,
): Pick<TargetClass, 'entries' | 'advisoryEntries'> {
  const advisory = new Set<string>();
  for (const operation of ['produce', 'consume', 'create'] as const) {
    for (const via of ['produce', 'consume'] as const) {
      for (const topic of advisoryTopicsFor(probe.destination, operation, undefined, via))
        for (const id of matched(model, topic)) advisory.add(id);
    }
  }
  return { entries: matched(model, probe.destination), advisoryEntries: [...advisory].sort() };
}
