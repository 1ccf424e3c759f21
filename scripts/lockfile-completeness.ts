/**
 * `npm ci` refuses a lock file that does not record every package the tree names, including the
 * optional native packages of other platforms (`@swc/core-darwin-arm64`, ...). npm only records those
 * when the lock is resolved from nothing, so an incremental `npm install` on one platform can silently
 * drop them. This finds such gaps without touching the network: every dependency a locked package
 * declares must resolve, the way Node resolves it, to a locked package.
 *
 * Run: `npx tsx scripts/lockfile-completeness.ts [package-lock.json]` (exit 1 and a list on a gap).
 */
import { readFileSync } from 'node:fs';

interface LockedPackage {
  version?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface LockFile {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
}

export interface UnlockedDependency {
  /** Where the declaring package sits in the tree ("" is the project itself). */
  from: string;
  name: string;
  range: string;
  kind: 'dependency' | 'optional' | 'peer';
}

/** The folder holding `location`'s own node_modules, and each ancestor's, nearest first (Node's lookup). */
function lookupFolders(location: string): string[] {
  const folders: string[] = [];
  let current = location;
  for (;;) {
    folders.push(current);
    if (current === '') return folders;
    const cut = current.lastIndexOf('/node_modules/');
    current = cut < 0 ? '' : current.slice(0, cut);
  }
}

function resolves(packages: LockFile['packages'], from: string, name: string): boolean {
  return lookupFolders(from).some((folder) => {
    const path = folder === '' ? `node_modules/${name}` : `${folder}/node_modules/${name}`;
    return path in packages;
  });
}

export function findUnlockedDependencies(lock: LockFile): UnlockedDependency[] {
  if (lock.lockfileVersion < 2 || typeof lock.packages !== 'object') {
    throw new Error(`expected a lockfileVersion 2 or 3 lock file, got version ${lock.lockfileVersion}`);
  }
  const missing: UnlockedDependency[] = [];
  for (const [from, pkg] of Object.entries(lock.packages)) {
    if (pkg.link) continue;
    const declared: Array<[UnlockedDependency['kind'], Record<string, string> | undefined]> = [
      ['dependency', pkg.dependencies],
      ['optional', pkg.optionalDependencies],
      ['peer', pkg.peerDependencies],
    ];
    for (const [kind, deps] of declared) {
      for (const [name, range] of Object.entries(deps ?? {})) {
        if (kind === 'peer' && pkg.peerDependenciesMeta?.[name]?.optional) continue;
        if (!resolves(lock.packages, from, name)) missing.push({ from, name, range, kind });
      }
    }
  }
  return missing;
}

export function describeUnlocked(d: UnlockedDependency): string {
  const owner = d.from === '' ? 'the project' : d.from.replace(/^.*node_modules\//, '');
  return `${d.name}@${d.range} (${d.kind} of ${owner}) is not in the lock file`;
}

if (require.main === module) {
  const file = process.argv[2] ?? 'package-lock.json';
  const missing = findUnlockedDependencies(JSON.parse(readFileSync(file, 'utf8')) as LockFile);
  for (const d of missing) console.error(describeUnlocked(d));
  if (missing.length > 0) {
    console.error(`${missing.length} dependencies missing from ${file}: run scripts/regenerate-lock.sh`);
    process.exit(1);
  }
  console.log(`${file}: every declared dependency is locked`);
}
