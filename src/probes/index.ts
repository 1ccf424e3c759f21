export * from './types';
export {
  PROBE_ID_HEADER,
  newProbeId,
  newProbeMessage,
  probeIdFromBody,
  isProbeMessage,
} from './probe-message';
export { amqpAdapter } from './amqp/adapter';
export { mqttAdapter, mqttWssAdapter } from './mqtt/adapter';
export { stompAdapter, stompWssAdapter } from './stomp/adapter';
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

export { adapterFor, PROBE_ADAPTERS } from './adapters';
export { openwireAdapter, connectOpenWire } from './openwire';
export { runBrowse } from './run-browse';
export { runRequestReply } from './run-request-reply';
export { runDurableSubscribe } from './run-durable-subscribe';
export { runVirtualTopic } from './run-virtual-topic';
export { runWildcardConsume } from './run-wildcard-consume';
