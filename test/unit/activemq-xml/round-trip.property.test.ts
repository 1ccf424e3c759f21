import fc from 'fast-check';
import { entryId } from '../../../src/activemq-xml/entry-id';
import { parseBrokerXml } from '../../../src/activemq-xml/parse';
import { renderAuthorizationXml, renderBrokerXml } from '../../../src/activemq-xml/render';
import type {
  Acl,
  AuthorizationEntry,
  AuthorizationMap,
  Destination,
  DestinationType,
} from '../../../src/core/types';
import { policy, target, user } from './policy-builder';

/** Amazon MQ's character set for user and group names. */
const NAME = fc.stringMatching(/^[A-Za-z0-9\-._~]{2,20}$/);
const GROUP = fc.oneof({ weight: 9, arbitrary: NAME }, { weight: 1, arbitrary: fc.constant('*') });

const PRINTABLE_ASCII = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
/** Printable ASCII with the characters XML treats specially made frequent, plus whitespace escapes. */
const PASSWORD_CHAR = fc.oneof(
  { weight: 3, arbitrary: PRINTABLE_ASCII },
  { weight: 2, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ';', '#') },
  { weight: 1, arbitrary: fc.constantFrom('\t', '\n', '\r', 'é', '🔑') },
);
/**
 * A password holding a whole `${...}` reads back as a placeholder to resolve, as the broker's Spring context
 * would read it; the placeholder tests cover that, so the round trip keeps to literal passwords.
 */
const PASSWORD = fc
  .string({ unit: PASSWORD_CHAR, minLength: 12, maxLength: 40 })
  .filter((p) => !/\$\{[^}]*\}/.test(p));

const SEGMENT = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/) },
  { weight: 1, arbitrary: fc.constant('*') },
  { weight: 1, arbitrary: fc.constant('>') },
);
const SIMPLE_PATTERN = fc.array(SEGMENT, { minLength: 1, maxLength: 4 }).map((s) => s.join('.'));
const PATTERN = fc.array(SIMPLE_PATTERN, { minLength: 1, maxLength: 2 }).map((p) => p.join(','));

const GROUP_LIST = fc.uniqueArray(GROUP, { maxLength: 4 });
const ACL: fc.Arbitrary<Acl> = fc.record({ read: GROUP_LIST, write: GROUP_LIST, admin: GROUP_LIST });

const ENTRIES: fc.Arbitrary<AuthorizationEntry[]> = fc
  .array(fc.tuple(fc.constantFrom<DestinationType>('queue', 'topic'), PATTERN, ACL), { maxLength: 8 })
  .map((rows) => {
    const ids = new Set<string>();
    return rows.map(([type, pattern, acl]) => {
      const id = entryId(type, pattern, ids);
      ids.add(id);
      return { id, type, pattern, ...acl };
    });
  });

const MAP: fc.Arbitrary<AuthorizationMap> = fc
  .record({
    entries: ENTRIES,
    defaultEntry: fc.option(ACL, { nil: undefined }),
    temp: fc.option(ACL, { nil: undefined }),
  })
  .map(({ entries, defaultEntry, temp }) => ({
    entries,
    ...(defaultEntry ? { defaultEntry } : {}),
    ...(temp ? { tempDestinationEntry: temp } : {}),
  }));

const USERS = fc.uniqueArray(
  fc.record({ username: NAME, password: PASSWORD, groups: fc.uniqueArray(NAME, { maxLength: 5 }) }),
  {
    selector: (u) => u.username,
    maxLength: 6,
  },
);

const DESTINATIONS: fc.Arbitrary<Destination[]> = fc.array(
  fc.record({
    kind: fc.constantFrom<'queue' | 'topic'>('queue', 'topic'),
    name: fc
      .array(fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), { minLength: 1, maxLength: 3 })
      .map((s) => s.join('.')),
  }),
  { maxLength: 4 },
);

function withoutLocations(map: AuthorizationMap | null): AuthorizationMap | null {
  if (!map) return null;
  const acl = ({ read, write, admin }: Acl): Acl => ({ read, write, admin });
  return {
    entries: map.entries.map(({ id, type, pattern, read, write, admin }) => ({
      id,
      type,
      pattern,
      read,
      write,
      admin,
    })),
    ...(map.defaultEntry ? { defaultEntry: acl(map.defaultEntry) } : {}),
    ...(map.tempDestinationEntry ? { tempDestinationEntry: acl(map.tempDestinationEntry) } : {}),
  };
}

describe('render then parse', () => {
  it('gives back the same map, users, groups, destinations and anonymous access', () => {
    fc.assert(
      fc.property(
        fc.option(MAP, { nil: null }),
        USERS,
        DESTINATIONS,
        fc.boolean(),
        (authorization, users, destinations, anonymousAccessAllowed) => {
          const xml = renderBrokerXml(
            policy({
              authorization,
              users: users.map((u) => user(u.username, u.password, u.groups)),
              destinations,
              anonymousAccessAllowed,
            }),
            target(),
          );
          const parsed = parseBrokerXml(xml, 'generated.xml');
          expect(parsed.diagnostics).toEqual([]);
          expect(withoutLocations(parsed.authorization)).toEqual(authorization);
          expect(
            parsed.users?.map((u) => ({
              username: u.username,
              password: u.password.reveal(),
              groups: u.groups,
            })),
          ).toEqual(users);
          expect(parsed.destinations).toEqual(destinations);
          expect(parsed.anonymousAccessAllowed).toBe(anonymousAccessAllowed);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives back the same map from the authorizationPlugin fragment alone', () => {
    fc.assert(
      fc.property(MAP, (map) => {
        expect(
          withoutLocations(parseBrokerXml(renderAuthorizationXml(map), 'fragment.xml').authorization),
        ).toEqual(map);
      }),
      { numRuns: 200 },
    );
  });
});
