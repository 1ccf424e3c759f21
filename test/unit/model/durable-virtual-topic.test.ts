/** durable-subscribe and virtual-topic in the model: which entries decide them, and what the broker checks. */
import { AuthorizationModel } from '../../../src/model/authorization-model';
import { advisoryTopicsFor } from '../../../src/model/advisory';
import { consumerQueue, isVirtualTopic, virtualTopicOf } from '../../../src/model/virtual-topic';
import type { AuthorizationMap } from '../../../src/core/types';
import { ACTIVEMQ_5_17_2, ACTIVEMQ_5_19_8, entry } from './builders';

const topic = (name: string) => ({ kind: 'topic' as const, name });
const queue = (name: string) => ({ kind: 'queue' as const, name });

const advisoryAdmin = entry('topic', 'ActiveMQ.Advisory.>', {
  read: ['apps', 'billing', 'stray'],
  write: ['apps', 'billing', 'stray'],
  admin: ['apps', 'billing', 'stray'],
});

function model(map: AuthorizationMap, engine = ACTIVEMQ_5_19_8) {
  return new AuthorizationModel({
    map,
    engine,
    users: [
      { username: 'subscriber', groups: ['apps'] },
      { username: 'publisher', groups: ['publishers'] },
      { username: 'billing-app', groups: ['billing'] },
      { username: 'stray-app', groups: ['stray'] },
    ],
  });
}

describe('durable-subscribe', () => {
  const map: AuthorizationMap = {
    entries: [
      entry('topic', 'EVENTS.>', { read: ['apps'], write: ['publishers'], admin: [] }),
      advisoryAdmin,
    ],
  };

  it('is decided by read on the topic, as consume is, naming the entry that granted it', () => {
    const m = model(map);
    const d = m.explain('subscriber', topic('EVENTS.orders'), 'durable-subscribe');
    expect(d.allowed).toBe(true);
    expect(d.permission).toBe('read');
    expect(d.decidingEntries).toEqual(
      m.explain('subscriber', topic('EVENTS.orders'), 'consume').decidingEntries,
    );
    expect(d.reason).toMatch(/made and when it is resumed; removing it is not checked/);
  });

  it('is refused to a user who may only write the topic', () => {
    const d = model(map).explain('publisher', topic('EVENTS.orders'), 'durable-subscribe');
    expect(d.allowed).toBe(false);
    expect(d.permission).toBe('read');
    expect(d.decidingEntries).toEqual([]);
  });

  it('fires the consumer advisory of the topic, which releases before 5.19.8 create as the client', () => {
    expect(advisoryTopicsFor(topic('EVENTS.orders'), 'durable-subscribe').map((t) => t.name)).toEqual([
      'ActiveMQ.Advisory.Consumer.Topic.EVENTS.orders',
    ]);
    const old = model({ entries: [map.entries[0]!] }, ACTIVEMQ_5_17_2);
    const cold = old.explain('subscriber', topic('EVENTS.orders'), 'durable-subscribe', {
      advisoryTopicsExist: false,
    });
    expect(cold.allowed).toBe(false);
    expect(cold.reason).toMatch(/ActiveMQ\.Advisory\.Consumer\.Topic\.EVENTS\.orders/);
  });
});

describe('virtual-topic', () => {
  const map: AuthorizationMap = {
    entries: [
      entry('topic', 'VirtualTopic.Orders', { read: [], write: ['billing', 'stray'], admin: [] }),
      entry('queue', 'Consumer.billing.VirtualTopic.>', { read: ['billing'], write: [], admin: [] }),
      entry('queue', 'Consumer.stray.Orders', { read: ['stray'], write: [], admin: [] }),
      advisoryAdmin,
    ],
  };

  it('names consumer queues and their virtual topics under the default naming', () => {
    expect(isVirtualTopic(topic('VirtualTopic.Orders'))).toBe(true);
    expect(isVirtualTopic(topic('Orders'))).toBe(false);
    expect(consumerQueue(topic('VirtualTopic.Orders'), 'billing')).toEqual(
      queue('Consumer.billing.VirtualTopic.Orders'),
    );
    expect(virtualTopicOf(queue('Consumer.billing.VirtualTopic.Orders.eu'))).toEqual({
      group: 'billing',
      topic: topic('VirtualTopic.Orders.eu'),
    });
    expect(virtualTopicOf(queue('Consumer.stray.Orders'))).toBeUndefined();
    expect(virtualTopicOf(queue('Consumer.*.VirtualTopic.Orders'))).toBeUndefined();
  });

  it('needs write on the topic and read on the group queue, and names both entries when granted', () => {
    const d = model(map).explain(
      'billing-app',
      queue('Consumer.billing.VirtualTopic.Orders'),
      'virtual-topic',
    );
    expect(d.allowed).toBe(true);
    expect(d.decidingEntries).toHaveLength(2);
    expect(d.decidingEntries.join(' ')).toMatch(/VirtualTopic\.Orders/);
    expect(d.decidingEntries.join(' ')).toMatch(/Consumer\.billing\.VirtualTopic/);
    expect(d.reason).toMatch(/without an authorization check \(VirtualTopicInterceptor\)/);
  });

  it('is refused when the read granted is on a queue that is not the consumer queue of the virtual topic', () => {
    const d = model(map).explain('stray-app', queue('Consumer.stray.VirtualTopic.Orders'), 'virtual-topic');
    expect(d.allowed).toBe(false);
    expect(d.permission).toBe('read');
    expect(d.reason).toMatch(
      /needs write on topic:\/\/VirtualTopic\.Orders and read on queue:\/\/Consumer\.stray\.VirtualTopic\.Orders/,
    );
    // the same user may send to the virtual topic itself
    expect(model(map).explain('stray-app', topic('VirtualTopic.Orders'), 'produce').allowed).toBe(true);
  });

  it('is refused without write on the topic, even with read on the group queue', () => {
    const readOnly: AuthorizationMap = {
      entries: [map.entries[1]!, entry('topic', 'VirtualTopic.>', { read: [], write: [], admin: [] })],
    };
    const d = model(readOnly).explain(
      'billing-app',
      queue('Consumer.billing.VirtualTopic.Orders'),
      'virtual-topic',
    );
    expect(d.allowed).toBe(false);
    expect(d.permission).toBe('write');
  });

  it('touches the consumer advisory of the queue and the producer advisory of the topic', () => {
    const q = queue('Consumer.billing.VirtualTopic.Orders');
    expect(advisoryTopicsFor(q, 'virtual-topic', 'openwire').map((t) => t.name)).toEqual([
      'ActiveMQ.Advisory.Consumer.Queue.Consumer.billing.VirtualTopic.Orders',
      'ActiveMQ.Advisory.Producer.Topic.VirtualTopic.Orders',
    ]);
    // STOMP sends fire no producer advisory
    expect(advisoryTopicsFor(q, 'virtual-topic', 'stomp')).toHaveLength(1);
  });
});
