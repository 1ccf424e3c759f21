import type { DestinationType } from '../core/types';

/**
 * The id of an authorization entry: `queue://PATTERN` or `topic://PATTERN`, and `#2`, `#3`, ... when an
 * entry with the same type and pattern already took that id, so ids stay unique and readable.
 */
export function entryId(
  type: DestinationType,
  pattern: string,
  existingIds: ReadonlySet<string> | readonly string[],
): string {
  const taken = existingIds instanceof Set ? existingIds : new Set(existingIds);
  const base = `${type}://${pattern}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}#${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
