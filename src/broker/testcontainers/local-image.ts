/**
 * The local image of one ActiveMQ release, for engines that cannot pull the official image: built from
 * the same verified distribution the local runtime runs (so both runtimes run identical broker jars) on a
 * Java base image made by scripts/build-local-image.sh, with docker/local-image/Dockerfile.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer } from 'testcontainers';
import { InfrastructureError } from '../../core/errors';
import { COMPLETE_MARKER, type Distribution } from '../distribution/ensure-distribution';
import { inspectLocalImage } from './docker';
import { decideRyuk } from './ryuk';

export const LOCAL_IMAGE_REPOSITORY = 'amq-auth-harness/activemq-classic';
export const BASE_IMAGE = 'amq-auth-harness/jre:17';
/** The files the Dockerfile copies besides the distribution. */
const IMAGE_FILES_DIR = join(__dirname, '..', '..', '..', 'docker', 'local-image');

export function localImageFor(version: string): string {
  return `${LOCAL_IMAGE_REPOSITORY}:${version}`;
}

/** The label that says what an image was built from. */
export const CONTENT_LABEL = 'amq-auth-harness.content';

/**
 * What the image is built from: the distribution's marker (its manifest's fingerprint: every jar and its
 * checksum) and the files the Dockerfile copies. A harness that pins another jar, or changes the broker's
 * log settings, gets a new image instead of the one an older harness left under the same name.
 */
export async function imageContentKey(distribution: Distribution): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(join(distribution.home, COMPLETE_MARKER)));
  for (const file of (await readdir(IMAGE_FILES_DIR)).sort()) {
    hash.update(`\u0000${file}\u0000`);
    hash.update(await readFile(join(IMAGE_FILES_DIR, file)));
  }
  return hash.digest('hex');
}

export async function baseImagePresent(): Promise<boolean> {
  return (await inspectLocalImage(BASE_IMAGE)) !== null;
}

/**
 * Builds `amq-auth-harness/activemq-classic:<version>` unless an image of that name was built from the same
 * content (see imageContentKey); returns its name.
 */
export async function ensureLocalImage(
  distribution: Distribution,
): Promise<{ name: string; built: boolean }> {
  const name = localImageFor(distribution.version);
  const content = await imageContentKey(distribution);
  const present = await inspectLocalImage(name);
  if (present?.Config?.Labels?.[CONTENT_LABEL] === content) return { name, built: false };
  if (!(await baseImagePresent())) {
    throw new InfrastructureError(
      `no image for ActiveMQ ${distribution.version}: the official image cannot be pulled and the Java base image ${BASE_IMAGE} is missing`,
      {
        hint: "build the base image once with 'npm run image:build' (needs root, debootstrap and the Debian archive), or use --runtime local",
      },
    );
  }
  // Testcontainers starts its reaper before a build; where no registry answers that must be decided first
  await decideRyuk();
  const context = await mkdtemp(join(tmpdir(), 'amq-auth-image-'));
  try {
    await cp(distribution.home, join(context, 'apache-activemq'), { recursive: true });
    await cp(IMAGE_FILES_DIR, join(context, 'image-files'), { recursive: true });
    await cp(join(IMAGE_FILES_DIR, 'Dockerfile'), join(context, 'Dockerfile'));
    await GenericContainer.fromDockerfile(context)
      .withBuildArgs({ ACTIVEMQ_VERSION: distribution.version, BASE_IMAGE, CONTENT_KEY: content })
      .build(name, { deleteOnExit: false });
  } catch (error) {
    if (error instanceof InfrastructureError) throw error;
    throw new InfrastructureError(
      `could not build ${name}: ${error instanceof Error ? error.message : String(error)}`,
      { hint: 'check that the Docker engine is healthy (docker info)', cause: error },
    );
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return { name, built: true };
}
