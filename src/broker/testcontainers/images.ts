import { ImageName } from 'testcontainers';
import { InfrastructureError } from '../../core/errors';
import { dockerClient, inspectLocalImage } from './docker';

/** Overrides the image for every run (e.g. a mirror of the official image, or a build with extra jars). */
export const IMAGE_ENV = 'AMQ_AUTH_IMAGE';
export const OFFICIAL_IMAGE_REPOSITORY = 'apache/activemq-classic';
/** Tags written by scripts/build-local-image.sh: `<x.y.z>-debian`, `<x.y>-debian` and `debian`. */
export const LOCAL_IMAGE_REPOSITORY = 'amq-auth-harness/activemq-classic';
/** A pull of the official image (about 300 MB) on a slow link; a missing registry fails in milliseconds. */
export const IMAGE_PULL_TIMEOUT_MS = 300_000;

/**
 * The patch release the official image is tagged with for each minor version the harness knows. Amazon MQ runs
 * "5.18" and "5.19" with patch releases it chooses itself; the newest published patch is the closest stand-in.
 * The official repository starts at 5.18.3, so 5.17 has no official image: it runs on the local Debian image
 * (5.17.2) or on an image named by AMQ_AUTH_IMAGE. A version with three parts is used as the tag unchanged;
 * an unknown minor version is tried as a tag as written.
 */
export const OFFICIAL_TAG_BY_MINOR: Readonly<Record<string, string>> = {
  '5.18': '5.18.7',
  '5.19': '5.19.0',
  '6.0': '6.0.1',
  '6.1': '6.1.7',
};

export function officialImageFor(engineVersion: string): string {
  const version = engineVersion.trim();
  const tag = /^\d+\.\d+\.\d+/.test(version) ? version : (OFFICIAL_TAG_BY_MINOR[version] ?? version);
  return `${OFFICIAL_IMAGE_REPOSITORY}:${tag}`;
}

/** Local image tags to try, best first: the requested minor version, then any local build. */
export function localImagesFor(engineVersion: string): string[] {
  const minor = /^(\d+\.\d+)/.exec(engineVersion.trim())?.[1];
  const tags = minor ? [`${minor}-debian`, 'debian'] : ['debian'];
  return tags.map((tag) => `${LOCAL_IMAGE_REPOSITORY}:${tag}`);
}

export interface ResolvedImage {
  /** the image name the container is created from */
  name: string;
  /** content id; capabilities are cached by it */
  id: string;
  /** ActiveMQ version the image declares (ENV ACTIVEMQ_VERSION), when it does */
  activemqVersion?: string;
  official: boolean;
  /** one sentence for the run's header: which image and why */
  reason: string;
}

export interface ImageChoice {
  engineVersion: string;
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

  const official = officialImageFor(choice.engineVersion);
  const got = await obtain(official, timeoutMs);
  if (!('why' in got)) {
    return {
      name: official,
      id: got.id,
      activemqVersion: got.version,
      official: true,
      reason: `official image ${official}${got.pulled ? ' (pulled)' : ''} for engine ${choice.engineVersion}`,
    };
  }
  for (const local of localImagesFor(choice.engineVersion)) {
    const image = await inspectLocalImage(local);
    if (!image) continue;
    const version = versionFromEnv(image.Config?.Env);
    return {
      name: local,
      id: image.Id,
      activemqVersion: version,
      official: false,
      reason:
        `official image ${official} is not available (${got.why}); using the local Debian image ${local}` +
        (version ? ` (ActiveMQ ${version}, asked for ${choice.engineVersion})` : ''),
    };
  }
  throw new InfrastructureError(
    `no ActiveMQ image: ${official} is not available (${got.why}) and no local image ${LOCAL_IMAGE_REPOSITORY} exists`,
    {
      hint: `build the local image with 'npm run image:build' (needs root and the Debian archive), or set ${IMAGE_ENV} to an image you have`,
    },
  );
}
