import { ImageName } from 'testcontainers';
import { InfrastructureError } from '../../core/errors';
import type { Distribution } from '../distribution/ensure-distribution';
import { dockerClient, inspectLocalImage } from './docker';
import { ensureLocalImage } from './local-image';

/** Overrides the image for every run (e.g. a mirror of the official image, or a build with extra jars). */
export const IMAGE_ENV = 'AMQ_AUTH_IMAGE';
export const OFFICIAL_IMAGE_REPOSITORY = 'apache/activemq-classic';
/** A pull of the official image (about 300 MB) on a slow link; a missing registry fails in milliseconds. */
export const IMAGE_PULL_TIMEOUT_MS = 300_000;

/** The official image of an exact release: `apache/activemq-classic:5.18.7`. */
export function officialImageFor(brokerVersion: string): string {
  return `${OFFICIAL_IMAGE_REPOSITORY}:${brokerVersion.trim()}`;
}

export interface ResolvedImage {
  /** the image name the container is created from */
  name: string;
  /** content id; capabilities are cached by it */
  id: string;
  /** ActiveMQ version the image declares (ENV ACTIVEMQ_VERSION), when it does */
  activemqVersion?: string;
  official: boolean;
  /** the verified distribution a local image was built from */
  distribution?: Distribution;
  /** one sentence for the run's header: which image and why */
  reason: string;
}

export interface ImageChoice {
  /** the exact release, e.g. 5.18.7 */
  brokerVersion: string;
  /** the verified distribution of that release, for building the local image when no registry answers */
  distribution: () => Promise<Distribution>;
  /** explicit image; wins over AMQ_AUTH_IMAGE */
  image?: string;
  env?: NodeJS.ProcessEnv;
  pullTimeoutMs?: number;
}

async function pull(name: string, timeoutMs: number): Promise<string | null> {
  const client = await dockerClient();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.image.pull(ImageName.fromString(name), { force: false, platform: undefined }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`pull did not finish within ${timeoutMs} ms`)), timeoutMs);
        timer.unref();
      }),
    ]);
    return null;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'pull failed';
  } finally {
    clearTimeout(timer);
  }
}

function versionFromEnv(env: string[] | undefined): string | undefined {
  const entry = env?.find((e) => e.startsWith('ACTIVEMQ_VERSION='));
  return entry?.slice('ACTIVEMQ_VERSION='.length) || undefined;
}

/**
 * Present locally, or pulled now. A failed pull (no registry, unknown tag) is not an error here: the caller
 * decides whether a fallback exists. The stream of a pull can end without the image (errors arrive as
 * messages in it), so presence is checked afterwards rather than trusted.
 */
async function obtain(
  name: string,
  timeoutMs: number,
): Promise<{ id: string; version?: string; pulled: boolean } | { why: string }> {
  const local = await inspectLocalImage(name);
  if (local) return { id: local.Id, version: versionFromEnv(local.Config?.Env), pulled: false };
  const pullError = await pull(name, timeoutMs);
  const pulled = await inspectLocalImage(name);
  if (pulled) return { id: pulled.Id, version: versionFromEnv(pulled.Config?.Env), pulled: true };
  return { why: pullError ?? 'the pull finished without the image' };
}

/**
 * The image a run uses. An explicit image (option or AMQ_AUTH_IMAGE) must be obtainable; otherwise the
 * official image of the engine version, and when it is neither present nor pullable (no registry), the
 * local Debian image built by `npm run image:build`, saying so.
 */
export async function resolveImage(choice: ImageChoice): Promise<ResolvedImage> {
  const env = choice.env ?? process.env;
  const timeoutMs = choice.pullTimeoutMs ?? IMAGE_PULL_TIMEOUT_MS;
  const explicit = choice.image ?? (env[IMAGE_ENV] || undefined);
  if (explicit) {
    const got = await obtain(explicit, timeoutMs);
    if ('why' in got) {
      throw new InfrastructureError(`image ${explicit} is not available: ${got.why}`, {
        hint: `pull or build it first, or unset ${IMAGE_ENV} to use the official image`,
      });
    }
    const source = choice.image ? 'the runtime option' : IMAGE_ENV;
    return {
      name: explicit,
      id: got.id,
      activemqVersion: got.version,
      official: explicit.startsWith(`${OFFICIAL_IMAGE_REPOSITORY}:`),
      reason: `image ${explicit} (from ${source})`,
    };
  }

  const official = officialImageFor(choice.brokerVersion);
  const got = await obtain(official, timeoutMs);
  if (!('why' in got)) {
    return {
      name: official,
      id: got.id,
      activemqVersion: got.version ?? choice.brokerVersion,
      official: true,
      reason: `official image ${official}${got.pulled ? ' (pulled)' : ''}`,
    };
  }
  const distribution = await choice.distribution();
  const local = await ensureLocalImage(distribution);
  const image = await inspectLocalImage(local.name);
  if (!image) throw new InfrastructureError(`the local image ${local.name} vanished after it was built`);
  return {
    name: local.name,
    id: image.Id,
    activemqVersion: versionFromEnv(image.Config?.Env) ?? distribution.version,
    official: false,
    distribution,
    reason: `official image ${official} is not available (${got.why}); ${local.built ? 'built' : 'using'} the local image ${local.name} from the same verified distribution the local runtime runs`,
  };
}
