/** The Testcontainers runtime: a broker in a container, the official image or a local image of the same distribution. */
export {
  TestcontainersRuntime,
  DEFAULT_BROKER_VERSION,
  BROKER_STOP_TIMEOUT_MS,
  ENDPOINT_HOST,
} from './runtime';
export type { TestcontainersRuntimeOptions, TestcontainersRunningBroker } from './runtime';
export { isDockerAvailable, imageAvailable, inspectLocalImage, DOCKER_PROBE_TIMEOUT_MS } from './docker';
export type { DockerAvailability } from './docker';
export { resolveImage, officialImageFor, IMAGE_ENV, OFFICIAL_IMAGE_REPOSITORY } from './images';
export { ensureLocalImage, localImageFor, LOCAL_IMAGE_REPOSITORY, BASE_IMAGE } from './local-image';
export type { ResolvedImage, ImageChoice } from './images';
export { imageCapabilities } from './image-capabilities';
export { BROKER_START_TIMEOUT_MS } from './broker-ready';
export { RUN_LABEL, SESSION_LABEL, BROKER_NAME_LABEL, harnessSessionId } from './container-watchdog';
export { decideRyuk } from './ryuk';
export type { RyukDecision } from './ryuk';
