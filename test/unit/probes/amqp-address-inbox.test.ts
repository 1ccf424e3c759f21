import { addressToDestination, destinationToAddress } from '../../../src/probes/amqp/address';
import { Inbox, matchesProbeId, toProbeMessage } from '../../../src/probes/amqp/inbox';

describe('AMQP addresses on ActiveMQ', () => {
  it('sends queues without a prefix and topics as topic://', () => {
    expect(destinationToAddress({ kind: 'queue', name: 'ORDERS.new' })).toBe('ORDERS.new');
    expect(destinationToAddress({ kind: 'topic', name: 'EVENTS.a' })).toBe('topic://EVENTS.a');
    expect(destinationToAddress({ kind: 'temp-queue', name: 'ID:x' })).toBe('temp-queue://ID:x');
  });

  it('reads an address without prefix as a queue', () => {
    expect(addressToDestination('ORDERS.new')).toEqual({ kind: 'queue', name: 'ORDERS.new' });
    expect(addressToDestination('queue://ORDERS.new')).toEqual({ kind: 'queue', name: 'ORDERS.new' });
    expect(addressToDestination('topic://EVENTS.a')).toEqual({ kind: 'topic', name: 'EVENTS.a' });
    expect(addressToDestination('')).toBeNull();
  });
});

describe('Inbox', () => {
  it('hands out a message that arrived before it was asked for, once', async () => {
    const inbox = new Inbox();
    inbox.add({ id: 'a', body: 'body a' });
    await expect(inbox.next('a', 10)).resolves.toEqual({ id: 'a', body: 'body a' });
    await expect(inbox.next('a', 10)).resolves.toBeNull();
  });

  it('wakes a waiter when its message arrives and ignores others', async () => {
    const inbox = new Inbox();
    const waiting = inbox.next('b', 1_000);
    inbox.add({ id: 'other', body: 'x' });
    inbox.add({ id: 'b', body: 'y' });
    await expect(waiting).resolves.toEqual({ id: 'b', body: 'y' });
  });

  it('answers null to waiters when closed', async () => {
    const inbox = new Inbox();
    const waiting = inbox.next('c', 1_000);
    inbox.close();
    await expect(waiting).resolves.toBeNull();
  });

  it('matches a message by id or by the id in its body (another protocol sent it)', () => {
    expect(matchesProbeId({ id: 'ID:broker-1', body: 'probe p-1' }, 'p-1')).toBe(true);
    expect(matchesProbeId({ id: 'p-2', body: '' }, 'p-2')).toBe(true);
    expect(matchesProbeId({ id: 'p-3', body: 'x' }, 'p-4')).toBe(false);
  });

  it('converts rhea messages with string, binary and data-section bodies', () => {
    expect(toProbeMessage({ message_id: 'm', body: 'text' })).toEqual({ id: 'm', body: 'text' });
    expect(toProbeMessage({ message_id: 'm', body: Buffer.from('bin') })).toEqual({ id: 'm', body: 'bin' });
    expect(toProbeMessage({ body: { typecode: 0x75, content: Buffer.from('data') } })).toEqual({
      id: '',
      body: 'data',
    });
  });
});
