import type { AuthorizationEntry, AuthorizationMap, Policy } from '../../core/types';
import type { AuthorizationModel } from '../../model/authorization-model';
import { ANY_GROUP } from '../../model/acl';
import type { Finding } from '../finding';

export interface LintContext {
  policy: Policy;
  model: AuthorizationModel;
  /** the file findings without a better position point at */
  file: string;
}

export type LintRule = (ctx: LintContext) => Finding[];

export const PERMISSION_VERB = { read: 'read', write: 'write to', admin: 'administer' } as const;

/** Every group name the map mentions (entries, defaultEntry, tempDestinationAuthorizationEntry), `*` excluded. */
export function groupsInMap(map: AuthorizationMap): string[] {
  const acls = [...map.entries, map.defaultEntry, map.tempDestinationEntry].filter((a) => a !== undefined);
  const names = acls.flatMap((a) => [...a.read, ...a.write, ...a.admin]).filter((g) => g !== ANY_GROUP);
  return [...new Set(names)].sort();
}

export function entryMentions(entry: AuthorizationEntry, group: string): boolean {
  return entry.read.includes(group) || entry.write.includes(group) || entry.admin.includes(group);
}

export function braces(groups: readonly string[]): string {
  return `{${groups.join(', ')}}`;
}

export function fileStart(file: string) {
  return { file, line: 1, column: 1 };
}
