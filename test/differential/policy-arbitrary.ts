/**
 * Policies nobody chose, for holding the model to the real broker: a few users in overlapping groups (some
 * in none), entries with wildcards at every position, overlaps, the `*` group, unused groups, default and
 * temporary-destination entries, advisory entries for some groups, anonymous access, composite names and
 * explicit expectations. Every value is drawn from small pools, so shrinking ends at a policy a person can
 * read and rerun.
 */
import fc from 'fast-check';
import { OPERATIONS } from '../../src/core/types';

export interface GeneratedEntry {
  queue?: string;
  topic?: string;
  read?: string[];
  write?: string[];
  admin?: string[];
}

export interface GeneratedPolicy {
  engine: string;
  anonymousAccess?: boolean;
  anonymousGroup?: string;
  users: Array<{ username: string; groups: string[] }>;
  authorization: {
    entries: GeneratedEntry[];
    default?: { read: string[]; write: string[]; admin: string[] };
    tempDestinations?: { read: string[]; write: string[]; admin: string[] };
  };
  destinations?: string[];
  expectations?: Array<{ user: string; can?: string[]; cannot?: string[]; on?: string }>;
}

const GROUPS = ['g1', 'g2', 'g3', 'g4'];
/** `*` admits every authenticated user holding a group; `unused` is a group no user holds. */
const ACL_GROUPS = [...GROUPS, '*', 'unused'];
const SEGMENTS = ['A', 'B', 'C', 'X1'];

const aclList = fc.subarray(ACL_GROUPS, { maxLength: 3 });

/** A name of 1 to 3 segments, each a word or (not last) `*`; `>` only as the last segment. */
const pattern: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...SEGMENTS) },
        { weight: 1, arbitrary: fc.constant('*') },
      ),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    fc.constantFrom('', '', '.>'),
  )
  .map(([segments, tail]) => `${segments.join('.')}${tail}`);

const concrete: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 })
  .map((s) => s.join('.'));

const destinationEntry: fc.Arbitrary<GeneratedEntry> = fc
  .record({ type: fc.constantFrom('queue', 'topic'), pattern, read: aclList, write: aclList, admin: aclList })
  .map(({ type, pattern: p, ...acl }) => ({ [type]: p, ...acl }));

const advisoryEntry: fc.Arbitrary<GeneratedEntry> = fc
  .record({ read: aclList, write: aclList, admin: aclList })
  .map((acl) => ({ topic: 'ActiveMQ.Advisory.>', ...acl }));

const aclTriple = fc.record({ read: aclList, write: aclList, admin: aclList });

const destinationName = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(fc.constantFrom('queue', 'topic'), concrete).map(([t, n]) => `${t}://${n}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('queue', 'topic'), concrete, concrete)
      .filter(([, a, b]) => a !== b)
      .map(([t, a, b]) => `${t}://${a},${b}`),
  },
);

export function policyArbitrary(brokerVersion: string): fc.Arbitrary<GeneratedPolicy> {
  const users = fc
    .uniqueArray(
      fc.record({
        username: fc.constantFrom('u1', 'u2', 'u3', 'u4', 'u5', 'u6'),
        groups: fc.subarray(GROUPS, { maxLength: 2 }),
      }),
      { minLength: 3, maxLength: 6, selector: (u) => u.username },
    )
    .map((list) => [...list].sort((a, b) => a.username.localeCompare(b.username)));
  return fc
    .record({
      users,
      entries: fc.array(destinationEntry, { minLength: 3, maxLength: 8 }),
      advisory: fc.option(advisoryEntry, { nil: undefined }),
      defaultEntry: fc.option(aclTriple, { nil: undefined, freq: 4 }),
      tempEntry: fc.option(aclTriple, { nil: undefined, freq: 3 }),
      anonymous: fc.option(fc.constantFrom('anonymous', 'g1'), { nil: undefined, freq: 4 }),
      destinations: fc.uniqueArray(destinationName, { maxLength: 2 }),
      expectations: fc.array(
        fc.record({
          user: fc.constantFrom('u1', 'u2', 'u3', 'anonymous', 'unknown'),
          can: fc.subarray(
            [...OPERATIONS].filter((o) => o !== 'browse' && o !== 'create'),
            { maxLength: 2 },
          ),
          on: destinationName,
        }),
        { maxLength: 2 },
      ),
    })
    .map((g) => {
      const declared = new Set<string>(g.users.map((u) => u.username));
      const policy: GeneratedPolicy = {
        engine: `activemq/${brokerVersion}`,
        users: g.users,
        authorization: {
          entries: [...g.entries, ...(g.advisory ? [g.advisory] : [])],
          ...(g.defaultEntry ? { default: g.defaultEntry } : {}),
          ...(g.tempEntry ? { tempDestinations: g.tempEntry } : {}),
        },
      };
      if (g.anonymous) {
        policy.anonymousAccess = true;
        if (g.anonymous !== 'anonymous') policy.anonymousGroup = g.anonymous;
      }
      if (g.destinations.length) policy.destinations = g.destinations.filter((d) => !d.includes(','));
      const expectations = g.expectations
        .filter((e) => e.can.length > 0)
        .filter((e) => declared.has(e.user) || e.user === 'anonymous' || e.user === 'unknown')
        .map((e) => ({
          user: e.user,
          can: e.can,
          ...(e.can.includes('connect') && e.can.length === 1 ? {} : { on: e.on }),
        }));
      if (expectations.length) policy.expectations = expectations;
      return policy;
    });
}
