import { ImageName } from 'testcontainers';
import { dockerClient, inspectLocalImage } from './docker';

export const RYUK_DISABLED_ENV = 'TESTCONTAINERS_RYUK_DISABLED';
/** testcontainers 11.x reads this (when its module loads) to choose the reaper image. */
export const RYUK_IMAGE_ENV = 'RYUK_CONTAINER_IMAGE';
/** The default reaper image of testcontainers 11.14 (build/reaper/reaper.js). */
export const DEFAULT_RYUK_IMAGE = 'testcontainers/ryuk:0.14.0';
/** Ryuk is small; without a registry the pull fails in milliseconds. */
export const RYUK_PULL_TIMEOUT_MS = 60_000;

export interface RyukDecision {
  enabled: boolean;
  reason: string;
}

let decision: Promise<RyukDecision> | undefined;

async function ryukImageObtainable(image: string): Promise<string | null> {
  if (await inspectLocalImage(image)) return null;
  const client = await dockerClient();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.image.pull(ImageName.fromString(image)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no pull within ${RYUK_PULL_TIMEOUT_MS} ms`)),
          RYUK_PULL_TIMEOUT_MS,
        );
        timer.unref();
      }),
    ]);
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'pull failed';
  } finally {
    clearTimeout(timer);
  }
  return (await inspectLocalImage(image)) ? null : 'the pull finished without the image';
}

/**
 * Whether Testcontainers' reaper (Ryuk) can run. testcontainers 11 reads TESTCONTAINERS_RYUK_DISABLED once, when
 * the first container of the process starts (getReaper, which then caches its reaper), so this must run
 * before that. A value the user set is respected. When the reaper image is neither present nor pullable
 * (no registry), Ryuk is disabled: the harness's own watchdog removes the containers instead.
 */
export function decideRyuk(env: NodeJS.ProcessEnv = process.env): Promise<RyukDecision> {
  decision ??= (async () => {
    const preset = env[RYUK_DISABLED_ENV];
    if (preset !== undefined && preset !== '') {
      const enabled = preset !== 'true';
      return { enabled, reason: `${RYUK_DISABLED_ENV}=${preset} set by the environment` };
    }
    const image = env[RYUK_IMAGE_ENV] || DEFAULT_RYUK_IMAGE;
    const why = await ryukImageObtainable(image);
    if (why === null)
      return { enabled: true, reason: `Ryuk (${image}) removes containers if the harness dies` };
    env[RYUK_DISABLED_ENV] = 'true';
    return {
      enabled: false,
      reason: `Ryuk image ${image} is not available (${why}); the harness's watchdog removes containers instead`,
    };
  })();
  return decision;
}
