/**
 * A fresh clone must pass `npm ci` on every platform: the lock records every package the tree names
 * (other platforms' optional native packages included), and every install script is decided in
 * package.json's allowScripts, so npm neither refuses the lock nor warns about unreviewed scripts.
 */
import { readFileSync } from 'node:fs';
import {
  describeUnlocked,
  findUnlockedDependencies,
  type LockFile,
} from '../../../scripts/lockfile-completeness';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as LockFile & {
  packages: Record<string, { hasInstallScript?: boolean; optional?: boolean; os?: string[] }>;
};
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  allowScripts?: Record<string, boolean>;
};
const nameOf = (location: string) => location.replace(/^.*node_modules\//, '');

describe('package-lock.json', () => {
  it('locks every dependency, optional and peer dependency that a locked package declares', () => {
    expect(findUnlockedDependencies(lock).map(describeUnlocked)).toEqual([]);
  });

  it('records the native packages of other platforms (resolved from nothing, not from one machine)', () => {
    const platforms = new Set(Object.values(lock.packages).flatMap((p) => (p.optional && p.os ? p.os : [])));
    expect([...platforms]).toEqual(expect.arrayContaining(['linux', 'darwin', 'win32']));
  });

  it('is reported incomplete when an optional platform package is missing, as npm ci would refuse it', () => {
    const dropped = Object.keys(lock.packages).filter((k) => /node_modules\/@swc\/core-darwin-/.test(k));
    expect(dropped.length).toBeGreaterThan(0);
    const packages = { ...lock.packages };
    for (const location of dropped) delete packages[location];
    const missing = findUnlockedDependencies({ ...lock, packages }).map((d) => d.name);
    expect(missing.sort()).toEqual(dropped.map(nameOf).sort());
  });

  it('finds a dependency in an ancestor node_modules as Node does, and a nested one only below its owner', () => {
    const tree: LockFile = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '1' } },
        'node_modules/a': { dependencies: { b: '1', c: '1' } },
        'node_modules/a/node_modules/b': {},
        'node_modules/c': { dependencies: { b: '2' } },
      },
    };
    expect(findUnlockedDependencies(tree).map((d) => `${d.from} -> ${d.name}`)).toEqual([
      'node_modules/c -> b',
    ]);
  });
});

describe('package.json allowScripts', () => {
  it('decides every locked package that has an install script, so npm has nothing unreviewed to warn about', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([location, p]) => location !== '' && p.hasInstallScript)
      .map(([location]) => nameOf(location));
    const decided = Object.keys(manifest.allowScripts ?? {}).map((k) => k.replace(/(?<=.)@.*$/, ''));
    expect([...new Set(withScripts)].filter((n) => !decided.includes(n))).toEqual([]);
  });
});
