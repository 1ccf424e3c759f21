import { UsageError } from '../../../src/core/errors';
import type { Destination } from '../../../src/core/types';
import {
  AuthorizationModel,
  advisoryTopicsFor,
  isAdvisoryCreationByUser,
} from '../../../src/model/authorization-model';
import {
  ACTIVEMQ_5_17_2,
  ACTIVEMQ_5_19_8,
  engine,
  entry,
  mapOf,
  REFERENCE_USERS,
  referenceMap,
} from './builders';

const queue = (name: string): Destination => ({ kind: 'queue', name });
const topic = (name: string): Destination => ({ kind: 'topic', name });
const tempQueue: Destination = { kind: 'temp-queue', name: 'ID:vm-1:1:1' };

const reference = (e = ACTIVEMQ_5_17_2) =>
  new AuthorizationModel({ map: referenceMap(), users: REFERENCE_USERS, engine: e });

// outcomes recorded on a real 5.17.2 broker: shared reference, "Semantics" and key findings 11-12
describe('the recorded 5.17.2 reference broker', () => {
  const model = reference();

  it('vip and consumer can both read ORDERS.vip; the narrower entry adds vip, takes nothing away', () => {
    const consumer = model.explain('consumer', queue('ORDERS.vip'), 'consume');
    expect(consumer.allowed).toBe(true);
    expect(consumer.decidingEntries).toEqual(['queue://ORDERS.>']);
    const vip = model.explain('vip', queue('ORDERS.vip'), 'consume');
    expect(vip.allowed).toBe(true);
    expect(vip.decidingEntries).toEqual(['queue://ORDERS.vip']);
    expect(vip.matchedEntries).toEqual(['queue://>', 'queue://ORDERS.>', 'queue://ORDERS.vip']);
    expect(vip.aclGroups).toEqual(['admins', 'consumers', 'vip']);
  });

  it('vip cannot read ORDERS.new nor write ORDERS.vip', () => {
    expect(model.explain('vip', queue('ORDERS.new'), 'consume').allowed).toBe(false);
    const write = model.explain('vip', queue('ORDERS.vip'), 'produce');
    expect(write.allowed).toBe(false);
    expect(write.permission).toBe('write');
    expect(write.decidingEntries).toEqual([]);
    expect(write.reason).toContain('vip (groups vip) may not produce queue://ORDERS.vip');
  });

  it('writer-noadmin may send to ORDERS.new but not create ORDERS.fresh-x; producer may create', () => {
    expect(model.explain('writer-noadmin', queue('ORDERS.new'), 'produce').allowed).toBe(true);
    const create = model.explain('writer-noadmin', queue('ORDERS.fresh-x'), 'create');
    expect(create.allowed).toBe(false);
    expect(create.permission).toBe('admin');
    expect(create.aclGroups).toEqual(['admins', 'consumers', 'producers']);
    expect(model.explain('producer', queue('ORDERS.fresh-x'), 'create').allowed).toBe(true);
  });

  it('consumer cannot write ORDERS.new; consumer reads but cannot create EVENTS.a', () => {
    expect(model.explain('consumer', queue('ORDERS.new'), 'produce').allowed).toBe(false);
    expect(model.explain('consumer', topic('EVENTS.a'), 'consume').allowed).toBe(true);
    expect(model.explain('consumer', topic('EVENTS.a'), 'create').allowed).toBe(false);
  });

  it('* is one level: producer is denied on EVENTS.a.b, allowed on EVENTS.a', () => {
    expect(model.explain('producer', topic('EVENTS.a'), 'produce').allowed).toBe(true);
    const deep = model.explain('producer', topic('EVENTS.a.b'), 'produce');
    expect(deep.allowed).toBe(false);
    expect(deep.matchedEntries).toEqual(['topic://>']);
  });

  it('nobody (a group named nowhere) is denied every destination operation', () => {
    const destinations = [
      queue('ORDERS.new'),
      queue('ORDERS.vip'),
      topic('EVENTS.a'),
      queue('SCRATCH.x'),
      tempQueue,
    ];
    for (const d of destinations) expect(model.allowedOperations('nobody', d)).toEqual([]);
  });

  it('admin may do everything on ordinary destinations', () => {
    expect(model.allowedOperations('admin', queue('ANY.thing'))).toEqual([
      'produce',
      'consume',
      'browse',
      'create',
    ]);
  });

  it('temporary destinations follow the temp entry: consumer may, nobody and advonly may not (A4)', () => {
    expect(model.explain('consumer', tempQueue, 'create').allowed).toBe(true);
    const advonly = model.explain('advonly', tempQueue, 'create');
    expect(advonly.allowed).toBe(false);
    expect(advonly.matchedEntries).toEqual(['temp-destinations']);
  });

  it('the OpenWire advisory watcher needs read on both temp advisory topics (A1)', () => {
    const watcher = topic('ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic');
    expect(model.explain('nobody', watcher, 'consume').allowed).toBe(false);
    expect(model.explain('advonly', watcher, 'consume').allowed).toBe(true);
  });
});

describe('the advisory rule', () => {
  it('knows which engines create advisories as the user', () => {
    const affected = (flavour: 'activemq' | 'amazon-mq', v: string) =>
      isAdvisoryCreationByUser(engine(flavour, v));
    expect(affected('activemq', '5.17.2')).toBe(true);
    expect(affected('activemq', '5.18.7')).toBe(true);
    expect(affected('activemq', '5.19.7')).toBe(true);
    expect(affected('activemq', '5.19')).toBe(true);
    expect(affected('activemq', '5.19.8')).toBe(false);
    expect(affected('activemq', '6.1.4')).toBe(true);
    expect(affected('activemq', '6.2.6')).toBe(true);
    expect(affected('activemq', '6.2.7')).toBe(false);
    expect(affected('activemq', '6.3.0')).toBe(false);
    expect(affected('amazon-mq', '5.18')).toBe(true);
    expect(affected('amazon-mq', '5.19')).toBe(true);
  });

  it('names the advisory topic of each operation', () => {
    expect(advisoryTopicsFor(undefined, 'connect')).toEqual([topic('ActiveMQ.Advisory.Connection')]);
    expect(advisoryTopicsFor(queue('SCRATCH.x'), 'produce')).toEqual([
      topic('ActiveMQ.Advisory.Producer.Queue.SCRATCH.x'),
    ]);
    expect(advisoryTopicsFor(topic('EVENTS.a'), 'consume')).toEqual([
      topic('ActiveMQ.Advisory.Consumer.Topic.EVENTS.a'),
    ]);
    expect(advisoryTopicsFor(queue('Q'), 'browse')).toEqual([topic('ActiveMQ.Advisory.Consumer.Queue.Q')]);
    expect(advisoryTopicsFor(queue('Q'), 'create')).toEqual([topic('ActiveMQ.Advisory.Queue')]);
    expect(advisoryTopicsFor(queue('Q'), 'produce', 'stomp')).toEqual([]);
    expect(advisoryTopicsFor(topic('ActiveMQ.Advisory.Connection'), 'consume')).toEqual([]);
  });

  it('nobody connects once advisories exist, with a caveat; is refused while they do not (F1/F4)', () => {
    const model = reference();
    const warm = model.explain('nobody', undefined, 'connect');
    expect(warm.allowed).toBe(true);
    expect(warm.caveats).toHaveLength(1);
    expect(warm.caveats[0]).toContain('topic://ActiveMQ.Advisory.Connection');
    const cold = model.explain('nobody', undefined, 'connect', { advisoryTopicsExist: false });
    expect(cold.allowed).toBe(false);
    expect(cold.reason).toContain(
      'User nobody is not authorized to create: topic://ActiveMQ.Advisory.Connection',
    );
  });

  it('consumer, with admin on ActiveMQ.Advisory.>, connects on a fresh broker without caveat (F3)', () => {
    const fresh = reference().explain('consumer', undefined, 'connect', { advisoryTopicsExist: false });
    expect(fresh.allowed).toBe(true);
    expect(fresh.caveats).toEqual([]);
  });

  it('advonly owns SCRATCH.> but cannot be the first producer there (A3)', () => {
    const model = reference();
    const cold = model.explain('advonly', queue('SCRATCH.fresh-1'), 'produce', {
      advisoryTopicsExist: false,
    });
    expect(cold.allowed).toBe(false);
    expect(cold.reason).toContain('topic://ActiveMQ.Advisory.Producer.Queue.SCRATCH.fresh-1');
    const warm = model.explain('advonly', queue('SCRATCH.fresh-1'), 'produce');
    expect(warm.allowed).toBe(true);
    expect(warm.decidingEntries).toEqual(['queue://SCRATCH.>']);
    expect(warm.caveats).toHaveLength(1);
    const stomp = model.explain('advonly', queue('SCRATCH.fresh-1'), 'produce', {
      advisoryTopicsExist: false,
      protocol: 'stomp',
    });
    expect(stomp.allowed).toBe(true);
  });

  it('does not apply on fixed engines', () => {
    const cold = reference(ACTIVEMQ_5_19_8).explain('nobody', undefined, 'connect', {
      advisoryTopicsExist: false,
    });
    expect(cold.allowed).toBe(true);
    expect(cold.caveats).toEqual([]);
  });
});

describe('identities', () => {
  const map = mapOf(
    entry('queue', 'PUBLIC.>', { read: ['*'], write: ['*'] }),
    entry('queue', 'ANON.>', { read: ['anonymous'] }),
  );
  const users = [
    { username: 'alice', groups: ['staff'] },
    { username: 'loner', groups: [] },
  ];

  it('group * admits any user holding at least one group', () => {
    const model = new AuthorizationModel({ map, users, engine: ACTIVEMQ_5_19_8 });
    const alice = model.explain('alice', queue('PUBLIC.x'), 'produce');
    expect(alice.allowed).toBe(true);
    expect(alice.decidingEntries).toEqual(['queue://PUBLIC.>']);
    expect(model.explain('loner', queue('PUBLIC.x'), 'produce').allowed).toBe(false);
  });

  it('an unknown user is refused everything, connect included', () => {
    const model = new AuthorizationModel({ map, users, engine: ACTIVEMQ_5_19_8 });
    const d = model.explain('mallory', undefined, 'connect');
    expect(d.allowed).toBe(false);
    expect(d.reason).toContain('User name [mallory] or password is invalid.');
    expect(model.allowedOperations('mallory', queue('PUBLIC.x'))).toEqual([]);
    expect(model.userGroups('mallory')).toEqual([]);
  });

  it('anonymous is user anonymous in group anonymous, only when allowed', () => {
    const closed = new AuthorizationModel({ map, users, engine: ACTIVEMQ_5_19_8 });
    expect(closed.explain('anonymous', undefined, 'connect').allowed).toBe(false);
    const open = new AuthorizationModel({
      map,
      users,
      engine: ACTIVEMQ_5_19_8,
      anonymousAccessAllowed: true,
    });
    expect(open.userGroups('anonymous')).toEqual(['anonymous']);
    expect(open.explain('anonymous', undefined, 'connect').allowed).toBe(true);
    expect(open.explain('anonymous', queue('ANON.x'), 'consume').allowed).toBe(true);
    expect(open.explain('anonymous', queue('ANON.x'), 'produce').allowed).toBe(false);
  });

  it('without an authorization map every authenticated user may do everything', () => {
    const model = new AuthorizationModel({ map: null, users, engine: ACTIVEMQ_5_17_2 });
    const d = model.explain('loner', queue('ANY'), 'create', { advisoryTopicsExist: false });
    expect(d.allowed).toBe(true);
    expect(d.reason).toContain('no authorization map');
    expect(d.caveats).toEqual([]);
    expect(model.explain('mallory', queue('ANY'), 'consume').allowed).toBe(false);
  });

  it('without a temp entry any authenticated user may use temporary destinations', () => {
    const model = new AuthorizationModel({ map, users, engine: ACTIVEMQ_5_19_8 });
    const d = model.explain('loner', tempQueue, 'create');
    expect(d.allowed).toBe(true);
    expect(d.reason).toContain('No tempDestinationAuthorizationEntry');
  });

  it('a destination operation without a destination is a usage error', () => {
    const model = new AuthorizationModel({ map, users, engine: ACTIVEMQ_5_19_8 });
    expect(() => model.explain('alice', undefined, 'produce')).toThrow(UsageError);
  });
});

describe('caveats', () => {
  it('are left out of denials, which advisories cannot change', () => {
    const d = reference().explain('nobody', queue('X'), 'produce');
    expect(d.allowed).toBe(false);
    expect(d.caveats).toEqual([]);
  });
});

describe('decisions of a large plan share what they have in common', () => {
  const model = new AuthorizationModel({
    map: referenceMap(),
    users: [...REFERENCE_USERS, { username: 'consumer-2', groups: ['consumers'] }],
    engine: ACTIVEMQ_5_17_2,
  });

  it('gives equal lists as one frozen array, so no caller can change another decision', () => {
    const one = model.explain('consumer', queue('ORDERS.a'), 'consume');
    const two = model.explain('consumer-2', queue('ORDERS.b'), 'consume');
    expect(one.allowed).toBe(true);
    expect(two.decidingEntries).toBe(one.decidingEntries);
    expect(two.matchedEntries).toBe(one.matchedEntries);
    expect(Object.isFrozen(one.aclGroups)).toBe(true);
    expect(() => one.caveats.push('changed')).toThrow(TypeError);
    expect(one.reason).toMatch(/^consumer may consume queue:\/\/ORDERS\.a/);
  });

  it('answers the same after more fresh names than it keeps lookups for', () => {
    const first = model.explain('producer', queue('ORDERS.fresh0'), 'produce');
    for (let i = 1; i <= 5000; i += 1) model.explain('producer', queue(`ORDERS.fresh${i}`), 'produce');
    expect(model.explain('producer', queue('ORDERS.fresh0'), 'produce')).toEqual(first);
    expect(model.explain('vip', queue('ORDERS.fresh0'), 'produce').allowed).toBe(false);
  });
});
