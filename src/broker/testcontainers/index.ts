/** The Testcontainers runtime: a broker in a container, official image or the local Debian image. */
export {
  TestcontainersRuntime,
  DEFAULT_ENGINE_VERSION,
  BROKER_STOP_TIMEOUT_MS,
  ENDPOINT_HOST,
} from './runtime';
export type { TestcontainersRuntimeOptions, TestcontainersRunningBroker } from './runtime';
export { isDockerAvailable, imageAvailable, inspectLocalImage, DOCKER_PROBE_TIMEOUT_MS } from './docker';
export type { DockerAvailability } from './docker';
export {
  resolveImage,
  officialImageFor,
  localImagesFor,
  IMAGE_ENV,
  OFFICIAL_IMAGE_REPOSITORY,
  LOCAL_IMAGE_REPOSITORY,
  OFFICIAL_TAG_BY_MINOR,
} from './images';
export type { ResolvedImage, ImageChoice } from './images';
export { imageCapabilities } from './image-capabilities';
export { BROKER_START_TIMEOUT_MS } from './broker-ready';
export { RUN_LABEL, SESSION_LABEL, BROKER_NAME_LABEL, harnessSessionId } from './container-watchdog';
export { decideRyuk } from './ryuk';
export type { RyukDecision } from './ryuk';
