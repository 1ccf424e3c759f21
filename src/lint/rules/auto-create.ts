/**
 * Write without admin where nothing is pre-created: the first send to a destination that does not exist
 * makes the broker create it, which needs admin, so such producers are refused until someone else
 * creates the destination.
 */
import { ANY_GROUP, grants } from '../../model/acl';
import { ADVISORY_PREFIX } from '../../model/advisory';
import { matches } from '../../model/wildcard';
import { finding, type Finding } from '../finding';
import { braces, type LintRule } from './context';

export const createNeedsAdmin: LintRule = ({ policy, model }) => {
  const map = policy.authorization;
  if (!map) return [];
  const findings: Finding[] = [];
  for (const entry of map.entries) {
    // the broker creates advisory topics itself; the advisory rule covers who needs admin there
    if (entry.type === 'topic' && entry.pattern.startsWith(ADVISORY_PREFIX)) continue;
    const admins = model.lookup({ kind: entry.type, name: entry.pattern })?.acl?.admin ?? [];
    const writersWithoutAdmin = entry.write.filter((g) => !grants(admins, [g]));
    if (writersWithoutAdmin.length === 0) continue;
    const declared = policy.destinations.some((d) => d.kind === entry.type && matches(entry.pattern, d.name));
    if (declared) continue;
    const who = writersWithoutAdmin.map((g) => (g === ANY_GROUP ? 'every group' : g));
    findings.push(
      finding('CREATE_NEEDS_ADMIN', {
        message: `${entry.id} grants write to ${braces(who)} without admin, and no declared ${entry.type} matches ${entry.pattern}: a first send fails with \`not authorized to create\``,
        location: entry.location,
        fix: `declare the ${entry.type}s under ${entry.pattern} (policy destinations:, or <destinations> in the broker XML) so they exist at start, or grant admin on ${entry.pattern} to ${who.join(', ')}`,
      }),
    );
  }
  return findings;
};
