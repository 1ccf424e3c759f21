import { formatDestination, parseDestination } from '../../core/destination';
import type { Destination } from '../../core/types';

/**
 * ActiveMQ's AMQP addressing: an address without a prefix is a queue, `topic://x` a topic (the broker announces
 * `queue-prefix`/`topic-prefix` in its `open`). Queues are sent without a prefix so the address reads as users
 * write it.
 */
export function destinationToAddress(destination: Destination): string {
  return destination.kind === 'queue' ? destination.name : formatDestination(destination);
}

/** The destination an AMQP address names on ActiveMQ; null for an empty address. */
export function addressToDestination(address: string): Destination | null {
  if (address.length === 0) return null;
  return parseDestination(address) ?? { kind: 'queue', name: address };
}
