import {
  destinationPaths,
  DestinationTree,
  intersects,
  isWildcard,
  matches,
} from '../../../src/model/wildcard';

describe('matches: concrete names', () => {
  it.each([
    ['FOO.>', 'FOO', true],
    ['FOO.>', 'FOO.A', true],
    ['FOO.>', 'FOO.A.B', true],
    ['FOO.>', 'FOOBAR', false],
    ['FOO.>', 'BAR.FOO', false],
    ['>', 'ANYTHING.AT.ALL', true],
    ['EVENTS.*', 'EVENTS.a', true],
    ['EVENTS.*', 'EVENTS.a.b', false],
    ['EVENTS.*', 'EVENTS', false],
    ['*.new', 'ORDERS.new', true],
    ['*.new', 'ORDERS.old', false],
    ['ORDERS.vip', 'ORDERS.vip', true],
    ['ORDERS.vip', 'ORDERS.vi', false],
    ['A.*.>', 'A.b', true],
    ['A.*.>', 'A.b.c.d', true],
    ['A.*.>', 'A', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matches(pattern, name)).toBe(expected);
  });
});

describe('matches: wildcard lookups follow DestinationMap', () => {
  it('a subscription to USERS.> is governed by entries on the way to it, not below it', () => {
    expect(matches('USERS.>', 'USERS.>')).toBe(true);
    expect(matches('>', 'USERS.>')).toBe(true);
    expect(matches('USERS.A.>', 'USERS.>')).toBe(false);
    expect(matches('A', '>')).toBe(false);
  });

  it('a lookup with * visits every child, including entries below it that end in >', () => {
    expect(matches('USERS.A', 'USERS.*')).toBe(true);
    expect(matches('USERS.A.>', 'USERS.*')).toBe(true);
    expect(matches('USERS.A.B', 'USERS.*')).toBe(false);
  });
});

describe('DestinationTree', () => {
  it('returns every matching value, not only the most specific', () => {
    const tree = new DestinationTree<string>();
    tree.add('>', 'all');
    tree.add('ORDERS.>', 'orders');
    tree.add('ORDERS.vip', 'vip');
    tree.add('EVENTS.*', 'events');
    expect([...tree.lookup('ORDERS.vip')].sort()).toEqual(['all', 'orders', 'vip']);
    expect([...tree.lookup('ORDERS.new')].sort()).toEqual(['all', 'orders']);
    expect([...tree.lookup('EVENTS.a.b')]).toEqual(['all']);
  });
});

describe('destinationPaths / isWildcard', () => {
  it('keeps empty segments like ActiveMQ 5.17', () => {
    expect(destinationPaths('A..B')).toEqual(['A', '', 'B']);
  });
  it('detects wildcards anywhere', () => {
    expect(isWildcard('A.>')).toBe(true);
    expect(isWildcard('A.b*')).toBe(true);
    expect(isWildcard('A.b')).toBe(false);
  });
});

describe('intersects', () => {
  it.each([
    ['ORDERS.>', 'ORDERS.vip', true],
    ['ORDERS.>', 'ORDERS', true],
    ['ORDERS.>', 'EVENTS.>', false],
    ['EVENTS.*', 'EVENTS.a.b', false],
    ['EVENTS.*', '*.a', true],
    ['*.b.>', 'a.*', true],
    ['>', 'x.y', true],
    ['a.*.c', 'a.b.d', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(intersects(a, b)).toBe(expected);
    expect(intersects(b, a)).toBe(expected);
  });
});
