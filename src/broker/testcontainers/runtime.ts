import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GenericContainer, type StartedTestContainer } from 'testcontainers';
import { BrokerStartError, HarnessError, InfrastructureError } from '../../core/errors';
import type { Transport } from '../../core/types';
import { BrokerLogBuffer } from '../broker-log';
import { AMAZON_MQ_PORTS, TRANSPORT_SCHEME } from '../transports';
import type {
  BrokerExit,
  BrokerRuntime,
  BrokerStartRequest,
  Endpoint,
  RenderTarget,
  RunningBroker,
} from '../types';
import { BROKER_START_TIMEOUT_MS, BrokerReadyWaitStrategy, type ContainerExitStatus } from './broker-ready';
import {
  BROKER_NAME_LABEL,
  ensureContainerWatchdog,
  harnessSessionId,
  RUN_LABEL,
  SESSION_LABEL,
} from './container-watchdog';
import { dockerClient, dockerEndpoint, type DockerEndpoint } from './docker';
import { imageCapabilities } from './image-capabilities';
import { resolveImage, type ResolvedImage } from './images';
import { LOCAL_IMAGE_REPOSITORY } from './local-image';
import { ensureDistribution, type DistributionEvent } from '../distribution/ensure-distribution';
import { versionMismatch, type BrokerBuild } from '../types';
import {
  ACTIVEMQ_XML_PATH,
  consoleLogConfig,
  LOG4J2_PATH,
  CONTAINER_BIND_HOST,
  ENTRYPOINT_MARKER_FILES,
  KEYSTORE_PATH,
  START_COMMAND,
  TRUSTSTORE_PATH,
} from './layout';
import { decideRyuk, type RyukDecision } from './ryuk';

/** Release capabilities() describes before any start names one: what amazon-mq/5.18 runs. */
export const DEFAULT_BROKER_VERSION = '5.18.7';
/** docker stop's grace period before SIGKILL; ActiveMQ stops in well under a second on SIGTERM. */
export const BROKER_STOP_TIMEOUT_MS = 10_000;
/** Hosts under which a published port is reached on this machine (the run certificate names localhost). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);
export const ENDPOINT_HOST = 'localhost';

/**
 * Where clients reach a published port. With a local engine (a unix socket, no tcp:// DOCKER_HOST) the
 * port is published on this machine, so localhost: Testcontainers would otherwise name the bridge
 * gateway (e.g. 172.17.0.1) whenever it finds /.dockerenv, and the run certificate names localhost.
 */
export function endpointHost(reportedHost: string, env: NodeJS.ProcessEnv): string {
  const remoteEngine = /^(tcp|https?|ssh):\/\//.test(env.DOCKER_HOST ?? '');
  return remoteEngine && !LOOPBACK_HOSTS.has(reportedHost) ? reportedHost : ENDPOINT_HOST;
}
/** Files in the container are read by the broker's user, which need not be root. */
const CONTAINER_FILE_MODE = 0o644;
const RUN_FILE_MODE = 0o600;

export interface TestcontainersRuntimeOptions {
  /** image to run; wins over AMQ_AUTH_IMAGE and the official image of the release */
  image?: string;
  /** release capabilities() probes before a start names one; default 5.18.7 */
  brokerVersion?: string;
  /** download progress of the distribution a local image is built from */
  onDistributionEvent?: (event: DistributionEvent) => void;
  startTimeoutMs?: number;
  /** where AMQ_AUTH_IMAGE is read from; default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface TestcontainersRunningBroker extends RunningBroker {
  containerId: string;
  /** value of the container's `amq-auth-harness.run` label */
  runId: string;
  image: ResolvedImage;
  ryuk: RyukDecision;
  /** transports asked for that this image's build does not have */
  unsupported: Transport[];
}

interface Prepared {
  endpoint: DockerEndpoint;
  ryuk: RyukDecision;
}

let prepared: Promise<Prepared> | undefined;

/**
 * Once per process, before the first container: the watchdog that removes this process's containers when it
 * dies, and the Ryuk decision (which testcontainers reads when it starts its first container).
 */
function prepareDocker(): Promise<Prepared> {
  prepared ??= (async () => {
    const client = await dockerClient().catch((error: unknown) => {
      throw new InfrastructureError(
        `no Docker engine: ${error instanceof Error ? error.message : String(error)}`,
        {
          hint: 'start Docker (e.g. dockerd), set DOCKER_HOST, or use --runtime local',
          cause: error,
        },
      );
    });
    const endpoint = dockerEndpoint(client);
    ensureContainerWatchdog(endpoint);
    return { endpoint, ryuk: await decideRyuk() };
  })();
  prepared.catch(() => (prepared = undefined));
  return prepared;
}

/** Where an image's broker came from, for the reports. */
function imageBuild(image: ResolvedImage): BrokerBuild {
  if (image.official) return { kind: 'official-image', description: `official image ${image.name}` };
  const d = image.distribution;
  if (d && image.name.startsWith(LOCAL_IMAGE_REPOSITORY)) {
    return {
      kind: 'local-image',
      description: `local image ${image.name}, built from Apache ActiveMQ ${d.version} ${d.source === 'archive' ? "(Apache's binary distribution)" : "(assembled from the release's module jars)"}, the same verified distribution the local runtime runs`,
      substitutes: d.substitutes.length ? d.substitutes : undefined,
    };
  }
  return { kind: 'image', description: `image ${image.name}` };
}

function signalName(code: number | null): string | null {
  if (code === null || code <= 128) return null;
  const entry = Object.entries(osConstants.signals).find(([, n]) => n === code - 128);
  return entry ? entry[0] : null;
}

function renderTarget(request: BrokerStartRequest, transports: Transport[]): RenderTarget {
  const ports: Partial<Record<Transport, number>> = {};
  for (const t of transports) ports[t] = AMAZON_MQ_PORTS[t];
  return {
    transports,
    ports,
    tcpNoDelay: true,
    keystorePath: KEYSTORE_PATH,
    truststorePath: TRUSTSTORE_PATH,
    keystorePassword: request.tls.keystorePassword,
    truststorePassword: request.tls.truststorePassword,
    bindHost: CONTAINER_BIND_HOST,
  };
}

/** Feeds the container's output into the run's log buffer and file; resolves `ended` when the stream ends. */
function logSink(
  log: BrokerLogBuffer,
  file: string,
): { consume: (stream: Readable) => void; ended: Promise<void> } {
  let resolveEnded!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
  const consume = (stream: Readable) => {
    const out = createWriteStream(file, { flags: 'a', mode: RUN_FILE_MODE });
    out.on('error', () => undefined);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      log.end();
      out.end();
      resolveEnded();
    };
    stream.on('data', (chunk: string | Buffer) => {
      log.write(chunk);
      out.write(chunk);
    });
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  };
  return { consume, ended };
}

/**
 * Runs the broker in a container: the official apache/activemq-classic image of the engine version, or the
 * local Debian image when no registry can be reached (see images.ts). The rendered activemq.xml and the
 * run's PKCS12 stores are copied into the container; connectors listen on Amazon MQ's ports inside it and
 * clients reach them through ports Docker publishes on localhost.
 */
export class TestcontainersRuntime implements BrokerRuntime {
  readonly kind = 'testcontainers' as const;
  private readonly options: TestcontainersRuntimeOptions;
  private readonly images = new Map<string, Promise<ResolvedImage>>();

  constructor(options: TestcontainersRuntimeOptions = {}) {
    this.options = options ?? {};
  }

  /** The image a start of this release would use, and why (resolved once per release). */
  image(brokerVersion = this.options.brokerVersion ?? DEFAULT_BROKER_VERSION): Promise<ResolvedImage> {
    let image = this.images.get(brokerVersion);
    if (!image) {
      const env = this.options.env ?? process.env;
      image = prepareDocker().then(() =>
        resolveImage({
          brokerVersion,
          image: this.options.image,
          env,
          distribution: () =>
            ensureDistribution(brokerVersion, { env, onEvent: this.options.onDistributionEvent }),
        }),
      );
      this.images.set(brokerVersion, image);
      image.catch(() => this.images.delete(brokerVersion));
    }
    return image;
  }

  async capabilities(brokerVersion?: string): Promise<Transport[]> {
    const image = await this.image(brokerVersion);
    return imageCapabilities(image.name, image.id);
  }

  async start(request: BrokerStartRequest): Promise<TestcontainersRunningBroker> {
    const { ryuk } = await prepareDocker();
    const image = await this.image(request.brokerVersion);
    const capabilities = await imageCapabilities(image.name, image.id);
    const transports = request.transports.filter((t) => capabilities.includes(t));
    const unsupported = request.transports.filter((t) => !capabilities.includes(t));
    if (transports.length === 0) {
      throw new InfrastructureError(
        `image ${image.name} supports none of the requested transports (${request.transports.join(', ')}); it has ${capabilities.join(', ') || 'none'}`,
        { hint: 'set AMQ_AUTH_IMAGE to an ActiveMQ build with those transports' },
      );
    }

    const xml = request.renderXml(renderTarget(request, transports));
    await mkdir(request.runDir, { recursive: true });
    await writeFile(join(request.runDir, 'activemq.xml'), xml, { mode: RUN_FILE_MODE });
    const log = new BrokerLogBuffer(join(request.runDir, 'broker.log'));
    const sink = logSink(log, log.file!);
    const runId = `${request.brokerName}-${randomBytes(4).toString('hex')}`;
    const ready = new BrokerReadyWaitStrategy(log, request.brokerName, sink.ended, image.name);

    const container = new GenericContainer(image.name)
      .withCommand(START_COMMAND)
      .withExposedPorts(...transports.map((t) => AMAZON_MQ_PORTS[t]))
      .withCopyContentToContainer([
        { content: xml, target: ACTIVEMQ_XML_PATH, mode: CONTAINER_FILE_MODE },
        { content: request.tls.keystoreP12, target: KEYSTORE_PATH, mode: CONTAINER_FILE_MODE },
        { content: request.tls.truststoreP12, target: TRUSTSTORE_PATH, mode: CONTAINER_FILE_MODE },
        { content: await consoleLogConfig(), target: LOG4J2_PATH, mode: CONTAINER_FILE_MODE },
        ...ENTRYPOINT_MARKER_FILES.map((target) => ({ content: '', target, mode: CONTAINER_FILE_MODE })),
      ])
      .withLabels({
        [SESSION_LABEL]: harnessSessionId(),
        [RUN_LABEL]: runId,
        [BROKER_NAME_LABEL]: request.brokerName,
      })
      .withLogConsumer(sink.consume)
      .withWaitStrategy(ready)
      .withStartupTimeout(this.options.startTimeoutMs ?? BROKER_START_TIMEOUT_MS);

    let started: StartedTestContainer;
    try {
      started = await container.start();
    } catch (error) {
      if (error instanceof HarnessError) throw error;
      throw new BrokerStartError(
        `could not start a container from ${image.name}: ${error instanceof Error ? error.message : String(error)}`,
        {
          brokerLines: log.lines().slice(-10),
          hint: 'check that the Docker engine is healthy (docker info)',
          cause: error,
        },
      );
    }

    const host = endpointHost(started.getHost(), this.options.env ?? process.env);
    const endpoints: Partial<Record<Transport, Endpoint>> = {};
    for (const transport of transports) {
      const port = started.getMappedPort(AMAZON_MQ_PORTS[transport]);
      endpoints[transport] = {
        transport,
        host,
        port,
        url: `${TRANSPORT_SCHEME[transport]}://${host}:${port}`,
      };
    }

    let stopRequested = false;
    const exitStatus: Promise<ContainerExitStatus> = ready.exit ?? Promise.resolve({ code: null });
    const exited: Promise<BrokerExit> = exitStatus.then(({ code }) => ({
      code,
      signal: signalName(code),
      expected: stopRequested,
    }));
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        stopRequested = true;
        await started.stop({ timeout: BROKER_STOP_TIMEOUT_MS, remove: true });
        await exited;
      })());

    const version = ready.ready?.version;
    return {
      runtime: 'testcontainers',
      brokerName: request.brokerName,
      version,
      requestedVersion: request.brokerVersion,
      build: imageBuild(image),
      versionWarning: versionMismatch(request.brokerVersion, version, `image ${image.name}`),
      endpoints,
      caPem: request.tls.caPem,
      capabilities,
      log,
      exited,
      stop,
      containerId: started.getId(),
      runId,
      image,
      ryuk,
      unsupported,
    };
  }
}
