/**
 * ActiveMQ Classic destination wildcards, as `DestinationMap` / `DestinationMapNode` evaluate them
 * (apache/activemq, activemq-client/src/main/java/org/apache/activemq/filter/). Checked against the
 * 5.17.2 jars: `DefaultAuthorizationMap.get` looks up with `findWildcardMatches(key, false)`.
 *
 * Separator `.`, `*` is exactly one segment, `>` is the rest. An entry `FOO.>` also matches `FOO` itself.
 */

export const PATH_SEPARATOR = '.';
export const ANY_CHILD = '*';
export const ANY_DESCENDANT = '>';

/**
 * Segments of a destination name. Empty segments are kept (`A..B` has three), as ActiveMQ 5.17
 * splits character by character instead of tokenizing.
 */
export function destinationPaths(name: string): string[] {
  return name.split(PATH_SEPARATOR);
}

/** ActiveMQ treats a name as a wildcard when `*` or `>` appears anywhere in it. */
export function isWildcard(name: string): boolean {
  return name.includes(ANY_CHILD) || name.includes(ANY_DESCENDANT);
}

class TreeNode<T> {
  readonly children = new Map<string, TreeNode<T>>();
  readonly values: T[] = [];
  constructor(readonly depth: number) {}

  childOrCreate(path: string): TreeNode<T> {
    let child = this.children.get(path);
    if (!child) {
      child = new TreeNode<T>(this.depth + 1);
      this.children.set(path, child);
    }
    return child;
  }

  appendDescendantValues(answer: Set<T>): void {
    for (const child of this.children.values()) {
      for (const v of child.values) answer.add(v);
      child.appendDescendantValues(answer);
    }
  }
}

/**
 * A pattern-indexed tree with ActiveMQ's lookup semantics, including lookups of wildcard names
 * (a subscription to `USERS.>` is authorized against the entries on the way to `USERS.>`, not
 * against every entry below it).
 *
 * ActiveMQ walks an `AnyChildDestinationNode` for a `*` in the looked-up name; here the current
 * position is a list of nodes, which is the same thing: the empty list plays the role of `null`.
 */
export class DestinationTree<T> {
  private readonly root = new TreeNode<T>(0);

  add(pattern: string, value: T): void {
    let node = this.root;
    for (const path of destinationPaths(pattern)) node = node.childOrCreate(path);
    node.values.push(value);
  }

  /** Values of every pattern that `name` (concrete or wildcard) matches. */
  lookup(name: string): Set<T> {
    const answer = new Set<T>();
    appendMatchingValues(answer, [this.root], destinationPaths(name), 0, false);
    return answer;
  }
}

/**
 * `deep` is false for the top-level authorization lookup and true for the nested walk below a `*`
 * entry; that asymmetry is ActiveMQ's, kept on purpose.
 */
function appendMatchingValues<T>(
  answer: Set<T>,
  start: TreeNode<T>[],
  paths: string[],
  startIndex: number,
  deep: boolean,
): void {
  let nodes = start;
  let couldMatchAny = true;
  for (let i = startIndex; i < paths.length && nodes.length > 0; i++) {
    const path = paths[i] as string;
    if (deep && path === ANY_DESCENDANT) {
      for (const n of nodes) n.appendDescendantValues(answer);
      couldMatchAny = false;
      break;
    }
    for (const n of nodes) appendMatchingWildcards(answer, n, paths, i);
    nodes =
      path === ANY_CHILD
        ? nodes.flatMap((n) => [...n.children.values()])
        : nodes.flatMap((n) => {
            const child = n.children.get(path);
            return child ? [child] : [];
          });
  }
  for (const n of nodes) {
    for (const v of n.values) answer.add(v);
    if (couldMatchAny) {
      // lets `FOO` match an entry `FOO.>`
      const any = n.children.get(ANY_DESCENDANT);
      if (any) for (const v of any.values) answer.add(v);
    }
  }
}

function appendMatchingWildcards<T>(answer: Set<T>, node: TreeNode<T>, paths: string[], idx: number): void {
  if (idx - 1 > node.depth) return;
  const star = node.children.get(ANY_CHILD);
  if (star) appendMatchingValues(answer, [star], paths, idx + 1, true);
  const rest = node.children.get(ANY_DESCENDANT);
  if (rest) {
    for (const v of rest.values) answer.add(v);
    rest.appendDescendantValues(answer);
  }
}

/**
 * Whether an authorization entry with `pattern` applies to a lookup of `name`. For a concrete name
 * this is plain wildcard matching; for a wildcard name it follows the broker's lookup (so `USERS.>`
 * is governed by `>` and `USERS.>` but not by `USERS.A.>`).
 */
export function matches(pattern: string, name: string): boolean {
  const tree = new DestinationTree<true>();
  tree.add(pattern, true);
  return tree.lookup(name).size > 0;
}

/**
 * Whether some concrete destination name is matched by both patterns, reading `*` as one segment and
 * `>` as zero or more segments wherever it appears. Used to relate entries to each other (overlap,
 * shadowing), not to decide access.
 */
export function intersects(patternA: string, patternB: string): boolean {
  const a = destinationPaths(patternA);
  const b = destinationPaths(patternB);
  const memo = new Map<number, boolean>();
  const width = b.length + 1;

  const from = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) {
      result = true;
    } else if (a[i] === ANY_DESCENDANT) {
      result = from(i + 1, j) || (j < b.length && from(i, j + 1));
    } else if (b[j] === ANY_DESCENDANT) {
      result = from(i, j + 1) || (i < a.length && from(i + 1, j));
    } else if (i === a.length || j === b.length) {
      result = false;
    } else {
      const sa = a[i] as string;
      const sb = b[j] as string;
      result = (sa === ANY_CHILD || sb === ANY_CHILD || sa === sb) && from(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return from(0, 0);
}
