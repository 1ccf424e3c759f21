export { openwireAdapter, connectOpenWire } from './adapter';
export type { OpenWireClientOptions } from './adapter';
export { TEMP_DESTINATION_ADVISORY_TOPIC, PROBE_PREFETCH } from './builders';
export { REMOVE_CONNECTION_TIMEOUT_MS, REMOVE_CONSUMER_TIMEOUT_MS } from './session';
