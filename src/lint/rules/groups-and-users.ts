/** Groups nobody holds and users nothing is granted to: usually typos or leftovers after a reorganisation. */
import { ANY_GROUP, grants } from '../../model/acl';
import { AMAZON_MQ_CONSOLE_GROUP } from '../../policy';
import { finding, type Finding } from '../finding';
import { entryMentions, groupsInMap, type LintRule } from './context';

export const groupWithoutUsers: LintRule = ({ policy }) => {
  const map = policy.authorization;
  // With no users at all (an Amazon MQ XML without a users file) every group would be reported.
  if (!map || policy.users.length === 0) return [];
  const held = new Set(policy.users.flatMap((u) => u.groups));
  const findings: Finding[] = [];
  for (const group of groupsInMap(map)) {
    // Amazon MQ puts console users in this group itself.
    if (held.has(group) || (group === AMAZON_MQ_CONSOLE_GROUP && policy.engine.flavour === 'amazon-mq'))
      continue;
    const entries = map.entries.filter((e) => entryMentions(e, group));
    const location = entries[0]?.location ?? map.defaultEntry?.location ?? map.tempDestinationEntry?.location;
    const ids = entries.map((e) => e.id);
    findings.push(
      finding('GROUP_WITHOUT_USERS', {
        message: `group ${group} is granted permissions${ids.length ? ` (${ids.join(', ')})` : ''} but no user holds it`,
        location,
        fix: `add ${group} to the users that need it, correct the group name, or remove it from the map`,
      }),
    );
  }
  return findings;
};

export const userWithoutPermissions: LintRule = ({ policy }) => {
  const map = policy.authorization;
  if (!map) return [];
  const acls = [...map.entries, map.defaultEntry, map.tempDestinationEntry].filter((a) => a !== undefined);
  return policy.users
    .filter(
      (u) =>
        !acls.some((a) => grants(a.read, u.groups) || grants(a.write, u.groups) || grants(a.admin, u.groups)),
    )
    .map((u) =>
      finding('USER_WITHOUT_PERMISSIONS', {
        message:
          u.groups.length === 0
            ? `user ${u.username} holds no group, so no entry (not even one for '${ANY_GROUP}') can grant it anything`
            : `user ${u.username} (groups ${u.groups.join(', ')}) is granted nothing by any entry`,
        location: u.location,
        fix: `give ${u.username} a group the map grants, or grant one of its groups what it needs`,
      }),
    );
};
