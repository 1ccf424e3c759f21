/** Rules about what the map covers as a whole: no map, no temp entry, `>` for everyone, the Amazon MQ console group. */
import type { AuthorizationEntry, Permission } from '../../core/types';
import { ANY_GROUP } from '../../model/acl';
import { ANY_DESCENDANT } from '../../model/wildcard';
import { AMAZON_MQ_CONSOLE_GROUP } from '../../policy';
import { finding, type Finding } from '../finding';
import { braces, fileStart, groupsInMap, type LintRule } from './context';

export const noAuthorizationMap: LintRule = ({ policy, file }) =>
  policy.authorization
    ? []
    : [
        finding('NO_AUTHORIZATION_MAP', {
          message:
            'there is no authorization map: every authenticated user may do everything on every destination',
          location: fileStart(file),
          fix:
            policy.source.kind === 'policy'
              ? 'add an authorization: block with entries for the destinations each group may use'
              : 'add <plugins><authorizationPlugin><map><authorizationMap> with <authorizationEntries>',
        }),
      ];

export const noTempDestinationEntry: LintRule = ({ policy, file }) => {
  const map = policy.authorization;
  if (!map || map.tempDestinationEntry) return [];
  return [
    finding('NO_TEMP_DESTINATION_ENTRY', {
      message:
        'the map has no temp-destination entry: every authenticated user may create and use temporary queues and topics',
      location: fileStart(file),
      fix:
        policy.source.kind === 'policy'
          ? 'add authorization.tempDestinations with read/write/admin for the groups that use request-reply'
          : 'add <tempDestinationAuthorizationEntry><tempDestinationAuthorizationEntry read=".." write=".." admin=".."/></tempDestinationAuthorizationEntry> to the authorizationMap',
    }),
  ];
};

/** `activemq-webconsole` is Amazon MQ's own administrative group; anything named like admin is taken as intended. */
export function isAdministrativeGroup(group: string): boolean {
  return group === AMAZON_MQ_CONSOLE_GROUP || /admin/i.test(group);
}

export const broadWildcardGrant: LintRule = ({ policy }) => {
  const map = policy.authorization;
  if (!map) return [];
  const findings: Finding[] = [];
  const catchAll = map.entries.filter((e) => e.pattern === ANY_DESCENDANT);
  for (const entry of catchAll) {
    const risky = (p: Permission) => entry[p].filter((g) => g === ANY_GROUP || !isAdministrativeGroup(g));
    const write = risky('write');
    const admin = risky('admin');
    if (write.length === 0 && admin.length === 0) continue;
    const granted = [
      write.length ? `write to ${braces(write)}` : '',
      admin.length ? `admin to ${braces(admin)}` : '',
    ].filter(Boolean);
    findings.push(
      finding('BROAD_WILDCARD_GRANT', {
        message: `${entry.id} grants ${granted.join(' and ')}: ${describeReach(entry)}`,
        location: entry.location,
        fix: `grant these groups write/admin on their own prefix (e.g. ${entry.type}: 'TEAM.>') instead of '>'`,
      }),
    );
  }
  return findings;
};

function describeReach(entry: AuthorizationEntry): string {
  return `every ${entry.type} on the broker, present and future, including other teams' ones`;
}

export const webconsoleNotInMap: LintRule = ({ policy, file }) => {
  const map = policy.authorization;
  if (policy.engine.flavour !== 'amazon-mq' || !map) return [];
  const groups = groupsInMap(map);
  const anyone = [...map.entries, map.defaultEntry].some(
    (a) =>
      a && (a.read.includes(ANY_GROUP) || a.admin.includes(ANY_GROUP)) && 'pattern' in a && a.pattern === '>',
  );
  if (groups.includes(AMAZON_MQ_CONSOLE_GROUP) || anyone) return [];
  const consoleUsers = policy.users
    .filter((u) => u.groups.includes(AMAZON_MQ_CONSOLE_GROUP))
    .map((u) => u.username);
  return [
    finding('WEBCONSOLE_NOT_IN_MAP', {
      severity: consoleUsers.length > 0 ? 'warning' : 'info',
      message:
        consoleUsers.length > 0
          ? `${consoleUsers.join(', ')} ${consoleUsers.length === 1 ? 'has' : 'have'} console access, but the map never grants ${AMAZON_MQ_CONSOLE_GROUP}: the ActiveMQ Web Console cannot use any destination`
          : `the map never grants ${AMAZON_MQ_CONSOLE_GROUP}: users given console access later cannot use destinations in the ActiveMQ Web Console`,
      location: fileStart(file),
      fix: `add ${AMAZON_MQ_CONSOLE_GROUP} to read, write and admin of the queue '>' and topic '>' entries, as Amazon MQ's own example map does`,
    }),
  ];
};
