/** Engines that create advisory topics as the connecting user need admin on them for every connecting group. */
import type { Destination } from '../../core/types';
import { ANY_GROUP, grants } from '../../model/acl';
import { ADVISORY_PREFIX, isAdvisoryCreationByUser } from '../../model/advisory';
import { ANY_DESCENDANT } from '../../model/wildcard';
import { finding } from '../finding';
import { braces, fileStart, groupsInMap, type LintRule } from './context';

const ALL_ADVISORIES: Destination = { kind: 'topic', name: `${ADVISORY_PREFIX}${ANY_DESCENDANT}` };

export const advisoryAdminMissing: LintRule = ({ policy, model, file }) => {
  const map = policy.authorization;
  if (!map || !isAdvisoryCreationByUser(policy.engine)) return [];
  const adminAcl = model.lookup(ALL_ADVISORIES)?.acl?.admin ?? [];
  // Without users (an Amazon MQ XML without a users file) every group of the map may connect.
  const subjects =
    policy.users.length > 0
      ? policy.users.map((u) => ({ label: u.username, groups: u.groups }))
      : groupsInMap(map).map((g) => ({ label: `group ${g}`, groups: [g] }));
  const missing = subjects.filter((s) => s.groups.length > 0 && !grants(adminAcl, s.groups));
  if (missing.length === 0) return [];
  const groups = [...new Set(missing.flatMap((s) => s.groups))].sort();
  const advisoryEntry = map.entries.find((e) => e.type === 'topic' && e.pattern === ALL_ADVISORIES.name);
  return [
    finding('ADVISORY_ADMIN_MISSING', {
      message: `on ${policy.engine.id} ${missing.map((s) => s.label).join(', ')} may be refused at connect (\`not authorized to create: topic://ActiveMQ.Advisory.Connection\`) depending on what connected before: admin on topic://${ALL_ADVISORIES.name} is ${braces(adminAcl)}`,
      location: advisoryEntry?.location ?? fileStart(file),
      fix: `give ${groups.join(', ')} read, write and admin on topic '${ALL_ADVISORIES.name}' (or '${ANY_GROUP}' for every authenticated user)`,
    }),
  ];
};
