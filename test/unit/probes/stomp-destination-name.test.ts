import { stompDestination } from '../../../src/probes/stomp/destination-name';

describe('stompDestination', () => {
  it('prefixes a plain destination by its kind', () => {
    expect(stompDestination({ kind: 'queue', name: 'ORDERS.new' })).toBe('/queue/ORDERS.new');
    expect(stompDestination({ kind: 'topic', name: 'EVENTS.>' })).toBe('/topic/EVENTS.>');
  });

  it('prefixes every part of a composite, since ActiveMQ reads an unprefixed part as a queue', () => {
    expect(stompDestination({ kind: 'topic', name: 'A.X1,C.C' })).toBe('/topic/A.X1,/topic/C.C');
    expect(stompDestination({ kind: 'queue', name: 'A,topic://B' })).toBe('/queue/A,/topic/B');
  });
});
