/**
 * Whether one ActiveMQ destination pattern covers another: every concrete name the narrow pattern
 * matches is matched by the broad one. `>` matches the rest of the name including nothing (an entry
 * `FOO.>` also governs `FOO`), `*` exactly one segment.
 */
import { ANY_CHILD, ANY_DESCENDANT, destinationPaths } from '../model/wildcard';

export function covers(broad: string, narrow: string): boolean {
  const b = destinationPaths(broad);
  const n = destinationPaths(narrow);
  const from = (i: number, j: number): boolean => {
    const bs = b[i];
    const ns = n[j];
    if (bs === ANY_DESCENDANT) return true;
    if (bs === undefined) return ns === undefined;
    // `FOO` is covered by `FOO.>` only through the branch above; a narrow `>` needs a broad `>`
    if (ns === undefined || ns === ANY_DESCENDANT) return false;
    if (bs === ANY_CHILD) return ns !== ANY_DESCENDANT && from(i + 1, j + 1);
    return ns !== ANY_CHILD && bs === ns && from(i + 1, j + 1);
  };
  return from(0, 0);
}

/** `covers` and not the same set of names. */
export function strictlyCovers(broad: string, narrow: string): boolean {
  return covers(broad, narrow) && !covers(narrow, broad);
}
