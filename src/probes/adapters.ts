import type { Protocol } from '../core/types';
import { amqpAdapter } from './amqp/adapter';
import { mqttAdapter, mqttWssAdapter } from './mqtt/adapter';
import { openwireAdapter } from './openwire';
import { stompAdapter, stompWssAdapter } from './stomp/adapter';
import type { ProbeAdapter } from './types';

/** The probe adapter of each protocol. */
export const PROBE_ADAPTERS: Readonly<Partial<Record<Protocol, ProbeAdapter>>> = {
  stomp: stompAdapter,
  'stomp-wss': stompWssAdapter,
  mqtt: mqttAdapter,
  'mqtt-wss': mqttWssAdapter,
  amqp: amqpAdapter,
  openwire: openwireAdapter,
};

export function adapterFor(protocol: Protocol): ProbeAdapter {
  const adapter = PROBE_ADAPTERS[protocol];
  if (!adapter) throw new Error(`no probe adapter for ${protocol}`);
  return adapter;
}
