/**
 * MQTT 3.1.1 has no message headers, so the probe id travels in the payload, in the body form every
 * observer recognises (src/probes/probe-message.ts). A body that already carries its id (as
 * `newProbeMessage` makes them) is sent unchanged; any other body gets the id line put in front.
 */
import { isProbeMessage, probeIdFromBody } from '../probe-message';
import type { ProbeMessage } from '../types';

function idLine(id: string): string {
  return `amq-auth-probe ${id}\n`;
}

export function encodeProbePayload(message: ProbeMessage): Buffer {
  const carriesId = probeIdFromBody(message.body) === message.id;
  return Buffer.from(carriesId ? message.body : idLine(message.id) + message.body, 'utf8');
}

/** The probe message in `payload` when it belongs to probe `id`, else null. */
export function matchProbePayload(payload: Buffer | string, id: string): ProbeMessage | null {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  if (!isProbeMessage(id, { body: text })) return null;
  const prefix = idLine(id);
  return { id, body: text.startsWith(prefix) ? text.slice(prefix.length) : text };
}
