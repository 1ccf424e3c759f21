/**
 * The policy the harness's broker really runs: the team's policy plus what probing needs and nothing
 * that changes a team user's permissions. Entries are unioned, so an entry for a group only the observer
 * holds adds that group to every ACL and takes nothing from anyone.
 */
import { Secret } from '../core/secret';
import type { AuthorizationEntry, Destination, Policy, PolicyUser } from '../core/types';
import { generatePassword } from '../policy';

export const OBSERVER_USER = 'amq-auth-observer';
export const OBSERVER_GROUP = 'amq-auth-observers';

export function observerUser(): PolicyUser {
  return {
    username: OBSERVER_USER,
    password: new Secret(generatePassword()),
    passwordSource: 'generated',
    groups: [OBSERVER_GROUP],
  };
}

function observerEntry(type: 'queue' | 'topic'): AuthorizationEntry {
  const all = [OBSERVER_GROUP];
  return { id: `${type}://>#observer`, type, pattern: '>', read: all, write: all, admin: all };
}

/**
 * `advisoryTopics`: declared too on a warm broker, so that no outcome there depends on what touched them
 * before (a declared topic exists from the start, created by the broker itself).
 */
export function effectivePolicy(
  policy: Policy,
  observer: PolicyUser,
  probeDestinations: Destination[],
  advisoryTopics: Destination[] = [],
): Policy {
  const declared = new Map<string, Destination>();
  for (const d of [...policy.destinations, ...probeDestinations, ...advisoryTopics])
    declared.set(`${d.kind}://${d.name}`, d);
  return {
    ...policy,
    users: [...policy.users, observer],
    destinations: [...declared.values()],
    authorization: policy.authorization && {
      ...policy.authorization,
      entries: [...policy.authorization.entries, observerEntry('queue'), observerEntry('topic')],
    },
  };
}
