/**
 * How probe messages are recognised wherever they arrive. The id travels twice: in a header or property
 * where the protocol has them, and inside the body, because MQTT 3.1.1 has no headers and an observer on
 * another protocol sees only the body of an MQTT publish.
 */
import { randomBytes } from 'node:crypto';
import type { ProbeMessage } from './types';

/** STOMP header / AMQP application property / JMS property carrying the probe id. */
export const PROBE_ID_HEADER = 'amq-auth-probe-id';

const BODY_PREFIX = 'amq-auth-probe ';
const ID_IN_BODY = /amq-auth-probe (\S+)/;

/** A fresh, unique id such as `produce-1f3a9c0e2b7d`; `purpose` only helps a reader of the broker log. */
export function newProbeId(purpose: string): string {
  return `${purpose}-${randomBytes(6).toString('hex')}`;
}

export function newProbeMessage(
  purpose: string,
  options: { retain?: boolean; persistent?: boolean } = {},
): ProbeMessage {
  const id = newProbeId(purpose);
  return {
    id,
    body: `${BODY_PREFIX}${id}`,
    ...(options.retain ? { retain: true } : {}),
    ...(options.persistent ? { persistent: true } : {}),
  };
}

/** The probe id a received body carries, if any. */
export function probeIdFromBody(body: string): string | undefined {
  return ID_IN_BODY.exec(body)?.[1];
}

/** Whether a received message (id from a header when present, else from the body) is the one expected. */
export function isProbeMessage(expectedId: string, received: { headerId?: string; body: string }): boolean {
  return received.headerId === expectedId || probeIdFromBody(received.body) === expectedId;
}
