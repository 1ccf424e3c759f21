export {
  LocalRuntime,
  BROKER_START_TIMEOUT_MS,
  BROKER_STOP_GRACE_MS,
  FATAL_ERROR_EXIT_WAIT_MS,
  WATCHDOG_KILL_GRACE_SECONDS,
  LOCAL_BIND_HOST,
  LOCAL_ENDPOINT_HOST,
  DEFAULT_JVM_OPTIONS,
} from './runtime';
export type { LocalRuntimeOptions, LocalRunningBroker } from './runtime';
export { findActiveMq, findJava, userActiveMqHome, versionOfBuild, EXTRA_LIBS_ENV } from './installation';
export { requireJava, parseJavaMajor } from './java-version';
export type { ActiveMqInstallation } from './installation';
