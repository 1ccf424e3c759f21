import type { ProbeAdapter } from '../types';
import { connectAmqp } from './connect';

/**
 * AMQP 1.0 over TLS with rhea: SASL PLAIN (ANONYMOUS without credentials), one connection per user, one link per
 * operation, outcomes carrying the broker's frames. Signalling per ActiveMQ 5.17.2: BROKER-FACTS.md "AMQP 1.0".
 */
export const amqpAdapter: ProbeAdapter = {
  protocol: 'amqp',
  connect: connectAmqp,
};
