import fc from 'fast-check';
import type {
  Acl,
  AuthorizationEntry,
  AuthorizationMap,
  Destination,
  Permission,
} from '../../../src/core/types';
import { lookupAcl } from '../../../src/model/acl';
import { intersects, matches } from '../../../src/model/wildcard';

const PERMISSIONS: Permission[] = ['read', 'write', 'admin'];
const LETTERS = ['a', 'b', 'c'];
const GROUPS = ['g1', 'g2', 'g3', 'g4', '*'];

/** An independent reading of the documented rules: `*` one segment, a trailing `>` zero or more. */
function naivePattern(pattern: string): RegExp {
  const segments = pattern.split('.');
  const rest = segments[segments.length - 1] === '>';
  const fixed = (rest ? segments.slice(0, -1) : segments).map((s) => (s === '*' ? '[^.]*' : s)).join('\\.');
  if (!rest) return new RegExp(`^${fixed}$`);
  return fixed === '' ? /^.*$/ : new RegExp(`^${fixed}(\\..*)?$`);
}
const naiveMatches = (pattern: string, name: string) => naivePattern(pattern).test(name);

const segment = fc.constantFrom(...LETTERS);
const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('.'));
const pattern = fc
  .tuple(fc.array(fc.constantFrom(...LETTERS, '*'), { minLength: 0, maxLength: 3 }), fc.boolean())
  .filter(([segs, rest]) => segs.length > 0 || rest)
  .map(([segs, rest]) => [...segs, ...(rest ? ['>'] : [])].join('.'));
const lookupName = fc.oneof(name, pattern);
const groups = fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 3 });
const entryArb = fc.record({
  type: fc.constantFrom('queue' as const, 'topic' as const),
  pattern,
  read: groups,
  write: groups,
  admin: groups,
});
const mapArb = fc.record({
  entries: fc.array(entryArb, { maxLength: 6 }),
  defaultEntry: fc.option(fc.record({ read: groups, write: groups, admin: groups }), { nil: undefined }),
});

function toMap(m: { entries: Omit<AuthorizationEntry, 'id'>[]; defaultEntry?: Acl }): AuthorizationMap {
  return { entries: m.entries.map((e, i) => ({ ...e, id: `e${i}` })), defaultEntry: m.defaultEntry };
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const isSubset = (a: string[], b: string[]) => a.every((x) => b.includes(x));

describe('wildcard properties', () => {
  it('matches agrees with a regex reading of the pattern for concrete names', () => {
    fc.assert(fc.property(pattern, name, (p, n) => matches(p, n) === naiveMatches(p, n)));
  });

  const universe: string[] = [];
  const grow = (prefix: string[], depth: number) => {
    if (prefix.length > 0) universe.push(prefix.join('.'));
    if (depth === 0) return;
    for (const s of [...LETTERS, 'x']) grow([...prefix, s], depth - 1);
  };
  grow([], 5);

  it('intersects holds exactly when some concrete name matches both patterns', () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        const ra = naivePattern(a);
        const rb = naivePattern(b);
        const witness = universe.some((n) => ra.test(n) && rb.test(n));
        return intersects(a, b) === witness && intersects(b, a) === witness;
      }),
      { numRuns: 200 },
    );
  });
});

describe('ACL properties', () => {
  it('the ACL of a concrete destination is the union over entries a regex says match, plus default', () => {
    fc.assert(
      fc.property(mapArb, fc.constantFrom('queue' as const, 'topic' as const), name, (m, kind, n) => {
        const map = toMap(m);
        const found = lookupAcl(map, { kind, name: n });
        const expectedEntries = map.entries.filter((e) => e.type === kind && naiveMatches(e.pattern, n));
        const expected = [...expectedEntries, ...(map.defaultEntry ? [map.defaultEntry] : [])];
        expect(found.matchedEntries).toEqual([
          ...expectedEntries.map((e) => e.id),
          ...(map.defaultEntry ? ['default'] : []),
        ]);
        for (const p of PERMISSIONS) expect(found.acl?.[p]).toEqual(sorted(expected.flatMap((e) => e[p])));
      }),
    );
  });

  it('adding an entry never removes a permission (concrete, wildcard and composite lookups)', () => {
    const destination = fc.record({
      kind: fc.constantFrom('queue' as const, 'topic' as const),
      name: fc.oneof(
        lookupName,
        fc.tuple(lookupName, lookupName).map(([a, b]) => `${a},${b}`),
      ),
    });
    fc.assert(
      fc.property(mapArb, entryArb, destination, (m, extra, d) => {
        const before = lookupAcl(toMap(m), d).acl;
        const after = lookupAcl(toMap({ ...m, entries: [...m.entries, extra] }), d).acl;
        return PERMISSIONS.every((p) => isSubset(before?.[p] ?? [], after?.[p] ?? []));
      }),
    );
  });

  it('a composite keeps the entries both parts match (entries with distinct lists)', () => {
    // one private group per entry makes every entry distinct under AuthorizationEntry.equals
    const distinct = mapArb.map((m) => ({
      defaultEntry: undefined,
      entries: m.entries.map((e, i) => ({ ...e, read: [...e.read, `own${i}`] })),
    }));
    fc.assert(
      fc.property(
        distinct,
        fc.constantFrom('queue' as const, 'topic' as const),
        lookupName,
        lookupName,
        (m, kind, a, b) => {
          const map = toMap(m);
          const partA = lookupAcl(map, { kind, name: a });
          const partB = lookupAcl(map, { kind, name: b });
          const both = lookupAcl(map, { kind, name: `${a},${b}` });
          const shared = partA.matchedEntries.filter((id) => partB.matchedEntries.includes(id));
          expect(both.matchedEntries).toEqual(shared);
          for (const p of PERMISSIONS) {
            expect(isSubset(both.acl?.[p] ?? [], partA.acl?.[p] ?? [])).toBe(true);
            expect(isSubset(both.acl?.[p] ?? [], partB.acl?.[p] ?? [])).toBe(true);
          }
        },
      ),
    );
  });

  it('a temporary destination ignores every ordinary entry', () => {
    fc.assert(
      fc.property(mapArb, name, (m, n) => {
        const d: Destination = { kind: 'temp-topic', name: n };
        return lookupAcl(toMap(m), d).acl === null;
      }),
    );
  });
});
