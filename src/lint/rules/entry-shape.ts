/** Entries whose pattern does not say what its author meant: written twice, with a `/`, or a wildcard glued to a name. */
import type { AuthorizationEntry } from '../../core/types';
import { finding, type Finding } from '../finding';
import type { LintRule } from './context';

function entryName(e: AuthorizationEntry): string {
  return `${e.type}://${e.pattern}`;
}

export const duplicateEntry: LintRule = ({ policy }) => {
  const first = new Map<string, AuthorizationEntry>();
  const findings: Finding[] = [];
  for (const entry of policy.authorization?.entries ?? []) {
    const key = entryName(entry);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, entry);
      continue;
    }
    const where = earlier.location ? ` (line ${earlier.location.line})` : '';
    findings.push(
      finding('DUPLICATE_ENTRY', {
        message: `${key} is written again; the first entry for it${where} and this one are unioned`,
        location: entry.location,
        fix: `merge the two into one ${entry.type}="${entry.pattern}" entry with the groups both are meant to grant, and delete the other`,
      }),
    );
  }
  return findings;
};

export const slashInDestination: LintRule = ({ policy }) =>
  (policy.authorization?.entries ?? [])
    .filter((e) => e.pattern.includes('/'))
    .map((e) =>
      finding('SLASH_IN_DESTINATION', {
        message: `${entryName(e)} contains /: an MQTT client publishing to ${e.pattern} reaches ${e.type}://${e.pattern.replace(/\//g, '.')}, which this entry does not match`,
        location: e.location,
        fix: `write the pattern with dots: ${e.type}="${e.pattern.replace(/\//g, '.')}" (MQTT clients keep writing ${e.pattern}; + and # become * and >)`,
      }),
    );

/** What is wrong with a pattern's segments, or undefined when every wildcard stands alone. */
export function wildcardProblem(pattern: string): string | undefined {
  if (pattern.includes(',')) return undefined; // composites are the composite rule's concern
  const segments = pattern.split('.');
  if (segments.some((s) => s === '')) {
    if (pattern.startsWith('.')) return 'it starts with a dot, so its first segment is empty';
    if (pattern.endsWith('.')) return 'it ends with a dot, so its last segment is empty';
    return 'it has two dots in a row, so one segment is empty';
  }
  const glued = segments.find((s) => s.length > 1 && /[*>]/.test(s));
  if (glued) return `the segment "${glued}" holds a wildcard character beside other characters`;
  const gtAt = segments.indexOf('>');
  if (gtAt >= 0 && gtAt < segments.length - 1)
    return '> stands before the last segment, where it matches nothing more';
  return undefined;
}

function suggestion(pattern: string): string {
  return pattern
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (s.length > 1 && s.endsWith('>') ? `${s.slice(0, -1)}.>` : s))
    .join('.');
}

export const malformedWildcard: LintRule = ({ policy }) =>
  (policy.authorization?.entries ?? []).flatMap((e) => {
    const problem = wildcardProblem(e.pattern);
    if (!problem) return [];
    return [
      finding('MALFORMED_WILDCARD', {
        message: `${entryName(e)}: ${problem}`,
        location: e.location,
        fix: `write wildcards as whole segments, e.g. ${e.type}="${suggestion(e.pattern)}"`,
      }),
    ];
  });
