import fc from 'fast-check';
import {
  activeMqToMqtt,
  explainMqttAddressing,
  isValidMqttFilter,
  mqttCanAddress,
  mqttFilterMatches,
  mqttToActiveMq,
} from '../../../src/probes/topic-mapping';

describe('MQTT <-> ActiveMQ topic names (MQTTProtocolSupport)', () => {
  it.each([
    ['ORDERS/new', 'ORDERS.new'],
    ['EVENTS/+', 'EVENTS.*'],
    ['EVENTS/#', 'EVENTS.>'],
    ['#', '>'],
    ['a.b/c', 'a/b.c'],
    ['plain', 'plain'],
  ])('MQTT %s is ActiveMQ %s', (mqtt, activeMq) => {
    expect(mqttToActiveMq(mqtt)).toBe(activeMq);
    expect(activeMqToMqtt(activeMq)).toBe(mqtt);
  });

  it('swaps the ActiveMQ wildcard characters too, so names with them survive the trip', () => {
    expect(mqttToActiveMq('odd*name>')).toBe('odd+name#');
  });

  it('round-trips every string both ways', () => {
    const alphabet = fc.constantFrom('a', 'B', '/', '.', '+', '*', '#', '>', '-', '_');
    fc.assert(
      fc.property(
        fc.array(alphabet).map((cs) => cs.join('')),
        (name) => {
          expect(activeMqToMqtt(mqttToActiveMq(name))).toBe(name);
          expect(mqttToActiveMq(activeMqToMqtt(name))).toBe(name);
        },
      ),
    );
  });
});

describe('isValidMqttFilter', () => {
  it.each(['a/b', '+', '#', 'a/+/c', 'a/#', '+/+/#'])('accepts %s', (f) =>
    expect(isValidMqttFilter(f)).toBe(true),
  );
  it.each(['', 'a#', 'a/#/b', 'a+', 'a/b+/c', '#/a'])('rejects %s', (f) =>
    expect(isValidMqttFilter(f)).toBe(false),
  );
});

describe('mqttFilterMatches', () => {
  it.each([
    ['ORDERS/new', 'ORDERS/new', true],
    ['ORDERS/+', 'ORDERS/new', true],
    ['ORDERS/+', 'ORDERS/new/x', false],
    ['ORDERS/#', 'ORDERS', true],
    ['ORDERS/#', 'ORDERS/a/b', true],
    ['#', 'x/y', true],
    ['ORDERS/new', 'ORDERS/old', false],
    ['a/b', 'a', false],
  ])('%s vs %s -> %s', (filter, topic, expected) => expect(mqttFilterMatches(filter, topic)).toBe(expected));
});

describe('mqttCanAddress', () => {
  it('addresses topics, mapping the name', () => {
    expect(explainMqttAddressing({ kind: 'topic', name: 'ORDERS.new' })).toEqual({
      addressable: true,
      topic: 'ORDERS/new',
      wildcard: false,
    });
    expect(explainMqttAddressing({ kind: 'topic', name: 'EVENTS.>' })).toEqual({
      addressable: true,
      topic: 'EVENTS/#',
      wildcard: true,
    });
  });

  it('refuses queues with a reason that names virtual topics', () => {
    const result = explainMqttAddressing({ kind: 'queue', name: 'ORDERS.new' });
    expect(result.addressable).toBe(false);
    expect(!result.addressable && result.reason).toMatch(
      /queue:\/\/ORDERS\.new: MQTT addresses only topics.*virtual topics/,
    );
    expect(mqttCanAddress({ kind: 'queue', name: 'ORDERS.new' })).toBe(false);
  });

  it('refuses temporary destinations, composites and wildcards that are not whole levels', () => {
    expect(mqttCanAddress({ kind: 'temp-topic', name: 'x' })).toBe(false);
    expect(mqttCanAddress({ kind: 'temp-queue', name: 'x' })).toBe(false);
    expect(mqttCanAddress({ kind: 'topic', name: 'A,B' })).toBe(false);
    expect(mqttCanAddress({ kind: 'topic', name: 'A.b*' })).toBe(false);
    expect(mqttCanAddress({ kind: 'topic', name: 'A.*.c' })).toBe(true);
  });
});
