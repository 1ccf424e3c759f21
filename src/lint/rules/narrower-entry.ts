/**
 * A narrower entry that looks like a restriction but is not one: entries are unioned, so the groups of
 * a broader entry still apply below it (`app.>` write=writers, `app.locked.>` write=admins: writers
 * still write to `app.locked.x`).
 *
 * Heuristic, to keep the usual layout quiet (a `>` entry for administrators plus team entries below):
 * groups that administer the whole type (admin on the `>` entry or on defaultEntry) are expected to
 * keep their access, and an entry that lists no group for a permission adds nothing rather than
 * restricting.
 */
import type { AuthorizationEntry, AuthorizationMap, DestinationType, Permission } from '../../core/types';
import { PERMISSIONS } from '../../core/types';
import { ANY_GROUP } from '../../model/acl';
import { ANY_DESCENDANT } from '../../model/wildcard';
import { finding, type Finding } from '../finding';
import { strictlyCovers } from '../pattern-cover';
import { braces, PERMISSION_VERB, type LintRule } from './context';

function typeAdministrators(map: AuthorizationMap, type: DestinationType): Set<string> {
  const catchAll = map.entries.filter((e) => e.type === type && e.pattern === ANY_DESCENDANT);
  return new Set([...catchAll.flatMap((e) => e.admin), ...(map.defaultEntry?.admin ?? [])]);
}

function leaks(
  broad: AuthorizationEntry,
  narrow: AuthorizationEntry,
  p: Permission,
  keep: Set<string>,
): string[] {
  return broad[p].filter((g) => !narrow[p].includes(g) && (g === ANY_GROUP || !keep.has(g)));
}

export const narrowerEntryCannotRestrict: LintRule = ({ policy }) => {
  const map = policy.authorization;
  if (!map) return [];
  const findings: Finding[] = [];
  for (const narrow of map.entries) {
    const keep = typeAdministrators(map, narrow.type);
    const broader = map.entries.filter(
      (b) => b !== narrow && b.type === narrow.type && strictlyCovers(b.pattern, narrow.pattern),
    );
    for (const p of PERMISSIONS) {
      if (narrow[p].length === 0 || narrow[p].includes(ANY_GROUP)) continue;
      const sources = broader
        .map((b) => ({ id: b.id, groups: leaks(b, narrow, p, keep) }))
        .filter((s) => s.groups.length > 0);
      if (sources.length === 0) continue;
      const leaked = [...new Set(sources.flatMap((s) => s.groups))].sort();
      const from = sources.map((s) => `${s.id} grants ${p} to ${braces(s.groups)}`).join('; ');
      findings.push(
        finding('NARROWER_ENTRY_CANNOT_RESTRICT', {
          message: `${narrow.id} lists ${p} ${braces(narrow[p])}, but ${from}: ${leaked.join(', ')} can still ${PERMISSION_VERB[p]} ${narrow.type}://${narrow.pattern}`,
          location: narrow.location,
          fix: `if ${leaked.join(', ')} must not ${PERMISSION_VERB[p]} ${narrow.pattern}, replace the broader entr${sources.length === 1 ? 'y' : 'ies'} with patterns that do not cover it; if they should, add them to ${p} here so the entry says what the broker does`,
        }),
      );
    }
  }
  return findings;
};
