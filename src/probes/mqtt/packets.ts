/**
 * What an MQTT 3.1.1 return code means for a probe. Pure: the adapter feeds it the codes it read off the
 * wire. Codes: MQTT 3.1.1 sections 3.2.2.3 (CONNACK) and 3.9.3 (SUBACK); ActiveMQ's use of them is in
 * BROKER-FACTS.md (bad logins get 5, never 4; a client id leaked by 5.17 gets 2 on the wss connector).
 */
import type { Outcome } from '../types';

export interface Classification {
  outcome: Outcome;
  detail: string;
  clientIdConflict?: boolean;
}

const CONNACK_MEANING: Readonly<Record<number, string>> = {
  0: 'Connection accepted',
  1: 'Connection refused: unacceptable protocol version',
  2: 'Connection refused: identifier rejected',
  3: 'Connection refused: server unavailable',
  4: 'Connection refused: bad user name or password',
  5: 'Connection refused: not authorized',
};

export function connackMeaning(returnCode: number): string {
  return CONNACK_MEANING[returnCode] ?? `unknown return code ${returnCode}`;
}

export function classifyConnack(returnCode: number): Classification {
  switch (returnCode) {
    case 0:
      return { outcome: 'granted', detail: 'CONNACK 0: connection accepted' };
    case 4:
    case 5:
      return {
        outcome: 'denied',
        detail: `CONNACK ${returnCode}: ${connackMeaning(returnCode)} (ActiveMQ answers every failed login this way)`,
      };
    case 2:
      return {
        outcome: 'inconclusive',
        clientIdConflict: true,
        detail:
          'CONNACK 2: the broker rejected the client id, which releases before 5.19.8 do when an earlier refused ' +
          'connection leaked it; not a denial of this case',
      };
    default:
      return { outcome: 'inconclusive', detail: `CONNACK ${returnCode}: ${connackMeaning(returnCode)}` };
  }
}

/** SUBACK failure code of MQTT 3.1.1. */
export const SUBACK_FAILURE = 0x80;

/** One SUBACK return code for the single filter a probe subscribes to. */
export function classifySubackCode(code: number | undefined): Classification {
  if (code === undefined) return { outcome: 'inconclusive', detail: 'SUBACK carried no return code' };
  if (code === SUBACK_FAILURE) {
    return { outcome: 'denied', detail: 'SUBACK return code 0x80: the broker refused the subscription' };
  }
  if (code >= 0 && code <= 2) {
    return { outcome: 'granted', detail: `SUBACK granted QoS ${code}: the subscription is active` };
  }
  return {
    outcome: 'inconclusive',
    detail: `SUBACK return code 0x${code.toString(16)} is not an MQTT 3.1.1 code`,
  };
}

export function formatConnack(packet: { sessionPresent?: boolean; returnCode?: number }): string {
  return `CONNACK(sessionPresent=${packet.sessionPresent === true}, returnCode=${packet.returnCode ?? '?'})`;
}

export function formatSuback(packet: { messageId?: number; granted?: unknown[] }): string {
  const codes = (packet.granted ?? []).map((g) =>
    typeof g === 'number' ? `0x${g.toString(16).padStart(2, '0')}` : '?',
  );
  return `SUBACK(messageId=${packet.messageId ?? '?'}, granted=[${codes.join(',')}])`;
}

export function formatPuback(packet: { messageId?: number }): string {
  return `PUBACK(messageId=${packet.messageId ?? '?'})`;
}
