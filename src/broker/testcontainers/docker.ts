import type { ImageInspectInfo } from 'dockerode';
import { getContainerRuntimeClient, ImageName, type ContainerRuntimeClient } from 'testcontainers';

/** An engine that answers at all answers `version` in milliseconds; a hung socket must not stall `auto`. */
export const DOCKER_PROBE_TIMEOUT_MS = 3_000;

export interface DockerAvailability {
  ok: boolean;
  /** where the engine was asked and what it said (version and API), or why nothing answered */
  reason: string;
}

/** Where the Docker client talks to, as a user would write DOCKER_HOST. */
export interface DockerEndpoint {
  /** e.g. `unix:///var/run/docker.sock` or `tcp://10.0.0.5:2376` */
  url: string;
  /** set when the engine is reached through a local socket */
  socketPath?: string;
}

interface ModemLike {
  socketPath?: unknown;
  host?: unknown;
  port?: unknown;
  protocol?: unknown;
}

export function dockerEndpoint(client: ContainerRuntimeClient): DockerEndpoint {
  const modem = (client.container.dockerode as unknown as { modem?: ModemLike }).modem ?? {};
  if (typeof modem.socketPath === 'string') {
    return { url: `unix://${modem.socketPath}`, socketPath: modem.socketPath };
  }
  const protocol = typeof modem.protocol === 'string' ? modem.protocol : 'http';
  const scheme = protocol === 'https' ? 'tcp+tls' : 'tcp';
  return { url: `${scheme}://${String(modem.host)}:${String(modem.port)}` };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The client Testcontainers itself uses (DOCKER_HOST, ~/.testcontainers.properties, the default socket). */
export function dockerClient(timeoutMs = DOCKER_PROBE_TIMEOUT_MS): Promise<ContainerRuntimeClient> {
  return withTimeout(getContainerRuntimeClient(), timeoutMs, 'the Docker engine');
}

/**
 * Whether a Docker engine answers, asked the way the Testcontainers runtime will ask it. The reason names the
 * socket and the engine's version and API version, or says why nothing answered.
 */
export async function isDockerAvailable(timeoutMs = DOCKER_PROBE_TIMEOUT_MS): Promise<DockerAvailability> {
  let client: ContainerRuntimeClient;
  try {
    client = await dockerClient(timeoutMs);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const where = process.env.DOCKER_HOST
      ? `DOCKER_HOST=${process.env.DOCKER_HOST}`
      : 'the default Docker socket';
    return { ok: false, reason: `no Docker engine answered at ${where}: ${why}` };
  }
  const endpoint = dockerEndpoint(client);
  try {
    const version = await withTimeout(client.container.dockerode.version(), timeoutMs, 'docker version');
    return {
      ok: true,
      reason: `Docker engine ${version.Version} (API ${version.ApiVersion}) at ${endpoint.url}`,
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `the Docker engine at ${endpoint.url} did not report its version: ${why}` };
  }
}

/** The engine's record of a local image, or null when it has none (asked afresh: images come and go). */
export async function inspectLocalImage(name: string): Promise<ImageInspectInfo | null> {
  const client = await dockerClient();
  try {
    return await client.container.dockerode.getImage(ImageName.fromString(name).string).inspect();
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 404) return null;
    throw error;
  }
}

/** Whether `name` (e.g. `apache/activemq-classic:5.18.7`) is present in the engine's local image store. */
export async function imageAvailable(name: string): Promise<boolean> {
  return (await inspectLocalImage(name)) !== null;
}
