import { classifyErrorFrame, describeErrorFrame } from '../../../src/probes/stomp/error-frame';

// texts as ActiveMQ 5.17.2 sends them (BROKER-FACTS.md, reference record section 4)
describe('classifyErrorFrame', () => {
  it.each([
    ['User name [writer] or password is invalid.', '', 'authentication'],
    ['User writer is not authorized to write to: queue://APP.q', '', 'authorization'],
    ['User bob is not authorized to create: topic://ActiveMQ.Advisory.Connection', '', 'authorization'],
    [
      'javax.jms.InvalidClientIDException: Broker: b - Client: c1 already connected from tcp://127.0.0.1:4000',
      'javax.jms.InvalidClientIDException: ...\n\tat org.apache.activemq.broker.region.RegionBroker.addConnection',
      'client-id-conflict',
    ],
    ['Unexpected error', 'java.lang.IllegalStateException: boom', 'other'],
  ] as const)('%s -> %s', (message, body, kind) => {
    expect(classifyErrorFrame({ message, body })).toBe(kind);
  });

  it('finds the client-id conflict in a stack-trace body when the header does not say it', () => {
    expect(
      classifyErrorFrame({ message: 'Exception', body: 'Client: x already connected from tcp://h:1' }),
    ).toBe('client-id-conflict');
  });
});

describe('describeErrorFrame', () => {
  it('quotes message and body and names the receipt', () => {
    expect(describeErrorFrame({ message: 'a: "b"', body: 'c', receiptId: '7' })).toBe(
      'ERROR receipt-id:7 message:"a: \\"b\\"" body:"c"',
    );
  });

  it('keeps the start of a long stack trace', () => {
    const text = describeErrorFrame({ message: 'm', body: 'x'.repeat(10_000) });
    expect(text.length).toBeLessThan(2_100);
    expect(text.endsWith('..."')).toBe(true);
  });
});
