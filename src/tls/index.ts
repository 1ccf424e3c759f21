export { createRunTls, KEYSTORE_ALIAS, TRUSTSTORE_ALIAS } from './run-tls';
export type { RunTlsOptions } from './run-tls';
export { DEFAULT_SERVER_HOSTS } from './certificates';
