/** Public API of src/broker and src/tls. */
export type * from './types';
export { BrokerLogBuffer } from './broker-log';
export {
  TRANSPORT_SCHEME,
  TRANSPORT_SERVICE_PATH,
  AMAZON_MQ_PORTS,
  TRANSPORT_CONNECTOR_NAME,
} from './transports';

// capabilities
export { detectTransportsInJarDirs, transportsFromEntries, TRANSPORT_RUNTIME_ENTRIES } from './capabilities';
export { readJarEntryNames } from './jar-entries';

// runtime selection
export { selectRuntime, RUNTIME_CHOICES } from './select-runtime';
export type { RuntimeChoice, SelectRuntimeOptions, SelectedRuntime } from './select-runtime';

// local runtime
export {
  LocalRuntime,
  BROKER_START_TIMEOUT_MS as LOCAL_BROKER_START_TIMEOUT_MS,
  BROKER_STOP_GRACE_MS as LOCAL_BROKER_STOP_GRACE_MS,
  LOCAL_BIND_HOST,
  LOCAL_ENDPOINT_HOST,
  findActiveMq,
  findJava,
  EXTRA_LIBS_ENV,
} from './local';
export type { LocalRuntimeOptions, LocalRunningBroker, ActiveMqInstallation } from './local';

// managed broker distributions
export { ensureDistribution, COMPLETE_MARKER } from './distribution/ensure-distribution';
export type { Distribution, DistributionEvent, EnsureOptions } from './distribution/ensure-distribution';
export { brokerVersionFor, AMAZON_MQ_PATCH } from './distribution/broker-version';
export { pinnedManifest, pinnedVersions } from './distribution/manifest';
export { cacheRoot, CACHE_DIR_ENV } from './distribution/cache-dir';
export { REPOSITORY_ENV, MAVEN_CENTRAL } from './distribution/repository';

// TLS for a run
export * from '../tls';

// testcontainers runtime
export * from './external';
