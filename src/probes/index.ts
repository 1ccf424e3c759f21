import type { Protocol } from '../core/types';
import { amqpAdapter } from './amqp/adapter';
import { mqttAdapter, mqttWssAdapter } from './mqtt/adapter';
import { stompAdapter, stompWssAdapter } from './stomp/adapter';
import type { ProbeAdapter } from './types';

export * from './types';
export {
  PROBE_ID_HEADER,
  newProbeId,
  newProbeMessage,
  probeIdFromBody,
  isProbeMessage,
} from './probe-message';
export { amqpAdapter, mqttAdapter, mqttWssAdapter, stompAdapter, stompWssAdapter };
export { connectStomp } from './stomp/adapter';
export { AdminObserver, OBSERVER_CONNECT_TIMEOUT_MS, OBSERVER_OPERATION_TIMEOUT_MS } from './observer';
export type { AdminObserverOptions, DeliveryWatch } from './observer';
export {
  ProbeClient,
  DEFAULT_CASE_TIMEOUTS_MS,
  denialLinePattern,
  freshDestination,
  runConnect,
  runConsume,
  runCreate,
  runProduce,
} from './run-case';
export type { CaseContext, CaseTimeouts, DenialVerb } from './run-case';

/** The adapter for each protocol that has one; OpenWire has none yet (it needs a JVM client). */
export const PROBE_ADAPTERS: Partial<Record<Protocol, ProbeAdapter>> = {
  stomp: stompAdapter,
  'stomp-wss': stompWssAdapter,
  mqtt: mqttAdapter,
  'mqtt-wss': mqttWssAdapter,
  amqp: amqpAdapter,
};
