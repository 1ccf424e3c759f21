export { ExternalRuntime, SYSTEM_TRUST_STORE_CA_PEM } from './runtime';
export type { ExternalRuntimeOptions, ExternalRunningBroker } from './runtime';
export {
  loadTargetFile,
  parseTargetText,
  targetFileSchema,
  TARGET_ENDPOINT_KEYS,
  OBSERVER_TRANSPORT_KEY,
} from './target-file';
export type { ExternalTarget, TargetCa, TargetLoadOptions, TargetEndpointKey } from './target-file';
export { parseEndpointAddress, endpointUrl } from './endpoint-address';
export type { EndpointParse } from './endpoint-address';
export {
  checkEndpointsAnswer,
  tlsHandshake,
  tlsServerNameOf,
  TLS_HANDSHAKE_TIMEOUT_MS,
} from './tls-handshake';
export type { HandshakeResult } from './tls-handshake';
export { UnavailableBrokerLog, EXTERNAL_LOG_UNAVAILABLE } from './unavailable-log';
export {
  scopePlanToExternalBroker,
  externalSkipReason,
  noteUnavailableLog,
  SKIP_CREATE_ON_EXTERNAL,
} from './scope';
