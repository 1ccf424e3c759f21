import type { AuthorizationMap, Destination } from '../../../src/core/types';
import { compositeParts, DEFAULT_ENTRY_ID, grants, lookupAcl, TEMP_ENTRY_ID } from '../../../src/model/acl';
import { entry, mapOf, referenceMap } from './builders';

const queue = (name: string): Destination => ({ kind: 'queue', name });
const topic = (name: string): Destination => ({ kind: 'topic', name });
const readOf = (map: AuthorizationMap, d: Destination) => lookupAcl(map, d).acl?.read;

// apache/activemq activemq-unit-tests .../security/AuthorizationMapTest.java, testWildcardSubscriptions
describe('AuthorizationMapTest lookups (read ACLs)', () => {
  const onlyA = mapOf(entry('queue', 'A', { read: ['usersA'] }));
  const withUsers = mapOf(...onlyA.entries, entry('queue', 'USERS.>', { read: ['users'] }));
  const withUsersA = mapOf(...withUsers.entries, entry('queue', 'USERS.A.>', { read: ['usersA'] }));
  const full = mapOf(...withUsersA.entries, entry('queue', '>', { read: ['admins'] }));

  it('with only A defined, > gives {} and A gives {usersA}', () => {
    expect(readOf(onlyA, queue('>'))).toEqual([]);
    expect(readOf(onlyA, queue('A'))).toEqual(['usersA']);
  });

  it('with A and USERS.>', () => {
    expect(readOf(withUsers, queue('>'))).toEqual([]);
    expect(readOf(withUsers, queue('USERS.>'))).toEqual(['users']);
    expect(readOf(withUsers, queue('USERS.FOO.>'))).toEqual(['users']);
    expect(readOf(withUsers, queue('USERS.TEST'))).toEqual(['users']);
  });

  it('with USERS.A.> added, USERS.A.> gives {users, usersA} and USERS.> still only {users}', () => {
    expect(readOf(withUsersA, queue('>'))).toEqual([]);
    expect(readOf(withUsersA, queue('USERS.>'))).toEqual(['users']);
    expect(readOf(withUsersA, queue('USERS.A.>'))).toEqual(['users', 'usersA']);
  });

  it('with > added', () => {
    expect(readOf(full, queue('>'))).toEqual(['admins']);
    expect(readOf(full, queue('A'))).toEqual(['admins', 'usersA']);
    expect(readOf(full, queue('USERS.>'))).toEqual(['admins', 'users']);
    expect(readOf(full, queue('USERS.FOO.>'))).toEqual(['admins', 'users']);
    expect(readOf(full, queue('USERS.TEST'))).toEqual(['admins', 'users']);
    expect(readOf(full, queue('USERS.A.>'))).toEqual(['admins', 'users', 'usersA']);
  });
});

// AuthorizationMapTest.testComposite
describe('composite destinations', () => {
  const map = mapOf(
    entry('queue', '>', { read: ['admins'] }),
    entry('queue', 'USERS.>', { read: ['users'] }),
    entry('queue', 'QUEUEA', { read: ['users'], write: ['users'], admin: ['users'] }),
    entry('queue', 'QUEUEB', { read: ['users'], write: ['users'], admin: ['users'] }),
  );

  it('USERS.FOO.BAR,DENIED keeps only what both parts share: {admins}', () => {
    const found = lookupAcl(map, queue('USERS.FOO.BAR,DENIED'));
    expect(found.acl?.read).toEqual(['admins']);
    expect(found.matchedEntries).toEqual(['queue://>']);
  });

  it('USERS.FOO.BAR,USERS.BAR.FOO keeps both entries', () => {
    expect(readOf(map, queue('USERS.FOO.BAR,USERS.BAR.FOO'))).toEqual(['admins', 'users']);
  });

  it('entries with the same lists count as the same entry (AuthorizationEntry.equals): QUEUEA,QUEUEB', () => {
    const found = lookupAcl(map, queue('QUEUEA,QUEUEB'));
    expect(found.acl?.read).toEqual(['admins', 'users']);
    expect(found.matchedEntries).toEqual(['queue://>', 'queue://QUEUEA', 'queue://QUEUEB']);
  });

  it('parts may name their own type', () => {
    const mixed = mapOf(entry('queue', 'Q', { read: ['g'] }), entry('topic', 'T', { read: ['g'] }));
    expect(compositeParts(queue('Q, topic://T ,,Q'))).toEqual([queue('Q'), topic('T')]);
    expect(readOf(mixed, queue('Q,topic://T'))).toEqual(['g']);
    expect(readOf(mixed, queue('Q,T'))).toEqual([]);
  });

  it('the default entry is added after the intersection', () => {
    const withDefault: AuthorizationMap = {
      ...map,
      defaultEntry: { read: ['auditors'], write: [], admin: [] },
    };
    const found = lookupAcl(withDefault, queue('USERS.X,NOWHERE.Y'));
    expect(found.acl?.read).toEqual(['admins', 'auditors']);
    expect(found.matchedEntries).toEqual(['queue://>', DEFAULT_ENTRY_ID]);
  });
});

describe('union, types, default entry, temporary destinations', () => {
  const map = mapOf(
    entry('queue', 'app.>', { write: ['writers'] }),
    entry('queue', 'app.locked.>', { write: ['admins'] }),
    entry('topic', 'app.>', { write: ['topic-writers'] }),
  );

  it('a narrower entry adds groups and never takes any away', () => {
    const found = lookupAcl(map, queue('app.locked.x'));
    expect(found.acl?.write).toEqual(['admins', 'writers']);
    expect(found.matchedEntries).toEqual(['queue://app.>', 'queue://app.locked.>']);
    expect(found.contributions.map((c) => [c.id, c.acl.write])).toEqual([
      ['queue://app.>', ['writers']],
      ['queue://app.locked.>', ['admins']],
    ]);
  });

  it('only entries of the destination type apply', () => {
    expect(lookupAcl(map, topic('app.locked.x')).acl?.write).toEqual(['topic-writers']);
  });

  it('no matching entry means an empty ACL', () => {
    const found = lookupAcl(map, queue('other'));
    expect(found.acl).toEqual({ read: [], write: [], admin: [] });
    expect(found.matchedEntries).toEqual([]);
  });

  it('defaultEntry joins every queue and topic lookup', () => {
    const found = lookupAcl(
      { ...map, defaultEntry: { read: ['everyone'], write: [], admin: [] } },
      queue('other'),
    );
    expect(found.acl?.read).toEqual(['everyone']);
    expect(found.matchedEntries).toEqual([DEFAULT_ENTRY_ID]);
  });

  it('temporary destinations use only the temp entry, never ordinary or default entries', () => {
    const temp: Destination = { kind: 'temp-queue', name: 'ID:x:1:1' };
    const everything = mapOf(entry('queue', '>', { read: ['admins'] }));
    expect(lookupAcl(everything, temp)).toEqual({ acl: null, matchedEntries: [], contributions: [] });
    const withTemp: AuthorizationMap = {
      ...everything,
      defaultEntry: { read: ['everyone'], write: [], admin: [] },
      tempDestinationEntry: { read: ['t'], write: ['t'], admin: ['tadmins'] },
    };
    const found = lookupAcl(withTemp, temp);
    expect(found.acl).toEqual({ read: ['t'], write: ['t'], admin: ['tadmins'] });
    expect(found.matchedEntries).toEqual([TEMP_ENTRY_ID]);
  });

  it('an entry written with a composite pattern applies to each part', () => {
    const composite = mapOf(entry('queue', 'A,B', { read: ['g'] }));
    expect(readOf(composite, queue('A'))).toEqual(['g']);
    expect(readOf(composite, queue('B'))).toEqual(['g']);
    expect(readOf(composite, queue('C'))).toEqual([]);
  });

  it('reports the reference broker ACL of ORDERS.vip as the union of three entries', () => {
    const found = lookupAcl(referenceMap(), queue('ORDERS.vip'));
    expect(found.acl?.read).toEqual(['admins', 'consumers', 'vip']);
    expect(found.acl?.write).toEqual(['admins', 'producers', 'writers']);
    expect(found.matchedEntries).toEqual(['queue://>', 'queue://ORDERS.>', 'queue://ORDERS.vip']);
  });
});

describe('grants', () => {
  it('matches a held group', () => {
    expect(grants(['a', 'b'], ['b'])).toBe(true);
    expect(grants(['a'], ['b'])).toBe(false);
  });
  it('* admits anyone holding at least one group', () => {
    expect(grants(['*'], ['whatever'])).toBe(true);
    expect(grants(['*'], [])).toBe(false);
  });
});
