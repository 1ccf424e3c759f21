/** Identifiers of one probe connection, shaped like the JMS client's (`ID:<unique>`, session and sequence numbers). */
import { randomBytes } from 'node:crypto';
import type { ConnectionId, ConsumerId, ProducerId, SessionId } from './commands';

/** The JMS client gives its advisory consumer this session number, one no real session uses. */
export const ADVISORY_SESSION = -1;
export const PROBE_SESSION = 1;

export class ConnectionIds {
  readonly connectionId: ConnectionId;
  readonly sessionId: SessionId;
  readonly producerId: ProducerId;
  private nextConsumer = 1;
  private nextProducer = 2;
  private nextProducerSequence = 1;

  constructor() {
    const value = `ID:amq-auth-probe-${randomBytes(8).toString('hex')}-1`;
    this.connectionId = { kind: 'ConnectionId', value };
    this.sessionId = { kind: 'SessionId', connectionId: value, value: PROBE_SESSION };
    this.producerId = { kind: 'ProducerId', connectionId: value, value: 1, sessionId: PROBE_SESSION };
  }

  consumerId(sessionId: number = PROBE_SESSION): ConsumerId {
    return {
      kind: 'ConsumerId',
      connectionId: this.connectionId.value,
      sessionId,
      value: this.nextConsumer++,
    };
  }

  /** A producer of its own, as `session.createProducer(destination)` makes (1 is the anonymous one). */
  boundProducerId(): ProducerId {
    return {
      kind: 'ProducerId',
      connectionId: this.connectionId.value,
      value: this.nextProducer++,
      sessionId: PROBE_SESSION,
    };
  }

  producerSequence(): number {
    return this.nextProducerSequence++;
  }
}
