import type { Protocol } from '../core/types';
import { amqpAdapter } from './amqp/adapter';
import { mqttAdapter, mqttWssAdapter } from './mqtt/adapter';
import { stompAdapter, stompWssAdapter } from './stomp/adapter';
import type { ProbeAdapter } from './types';

const ADAPTERS: Partial<Record<Protocol, ProbeAdapter>> = {
  stomp: stompAdapter,
  'stomp-wss': stompWssAdapter,
  mqtt: mqttAdapter,
  'mqtt-wss': mqttWssAdapter,
  amqp: amqpAdapter,
};

export function adapterFor(protocol: Protocol): ProbeAdapter {
  const adapter = ADAPTERS[protocol];
  if (!adapter) throw new Error(`no probe adapter for ${protocol}`);
  return adapter;
}

export function hasAdapter(protocol: Protocol): boolean {
  return ADAPTERS[protocol] !== undefined;
}
