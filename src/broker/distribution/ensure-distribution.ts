/**
 * Makes ActiveMQ <version> available in the per-user cache and says where: a pinned manifest's files
 * (downloaded, verified, laid out), or for a version the harness does not pin, Apache's binary archive
 * verified by the repository's checksum. A finished distribution carries a marker and is reused offline;
 * anything half-done lives in a staging folder that is removed on failure, and a lock per version lets
 * concurrent runs share one download.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as lockfile from 'proper-lockfile';
import { extract } from 'tar';
import { InfrastructureError } from '../../core/errors';
import { distributionsDir } from './cache-dir';
import { downloadVerified, NotServedError } from './download';
import { pinnedManifest, pinnedVersions, type DistributionManifest, type SubstituteNote } from './manifest';
import { archivePath, REPOSITORY_ENV, repositoryUrl } from './repository';

/** Written last into a finished distribution; its absence means "not there yet". */
export const COMPLETE_MARKER = '.amq-auth-distribution.json';
/** Parallel downloads of an assembled distribution's jars. */
export const DOWNLOAD_CONCURRENCY = 6;
/** How long a run waits for another run's download of the same version. */
export const LOCK_WAIT_MS = 15 * 60_000;
/** A lock not refreshed for this long belongs to a run that died. */
export const LOCK_STALE_MS = 30_000;

export interface Distribution {
  version: string;
  /** ACTIVEMQ_HOME: bin/activemq.jar and lib/ */
  home: string;
  source: 'archive' | 'assembled';
  /** files checked against checksums pinned in the harness (else: the repository's checksum only) */
  pinned: boolean;
  substitutes: SubstituteNote[];
  javaMajor: number;
  /** already in the cache: nothing was downloaded */
  cached: boolean;
}

export type DistributionEvent =
  | { kind: 'download-start'; version: string; files: number; bytes: number | null; from: string }
  | { kind: 'download-progress'; version: string; received: number; total: number | null }
  | { kind: 'download-done'; version: string; bytes: number; ms: number }
  | { kind: 'waiting-for-lock'; version: string };

export interface EnsureOptions {
  env?: NodeJS.ProcessEnv;
  fetchImpl?: typeof fetch;
  onEvent?: (event: DistributionEvent) => void;
  /** for tests: manifests other than the pinned ones */
  manifestFor?: (version: string) => DistributionManifest | undefined;
}

interface Marker {
  version: string;
  source: Distribution['source'];
  pinned: boolean;
  fingerprint: string | null;
  substitutes: SubstituteNote[];
  javaMajor: number;
}

/** ActiveMQ 6 needs Java 17; 5.x since 5.17 needs 11. Used when no manifest says. */
export function defaultJavaMajor(version: string): number {
  return Number(version.split('.')[0]) >= 6 ? 17 : 11;
}

function fingerprint(manifest: DistributionManifest | undefined): string | null {
  if (!manifest) return null;
  return createHash('sha256').update(JSON.stringify(manifest.files)).digest('hex').slice(0, 16);
}

async function readMarker(home: string): Promise<Marker | null> {
  try {
    return JSON.parse(await readFile(join(home, COMPLETE_MARKER), 'utf8')) as Marker;
  } catch {
    return null;
  }
}

function fromMarker(home: string, marker: Marker, cached: boolean): Distribution {
  return {
    version: marker.version,
    home,
    source: marker.source,
    pinned: marker.pinned,
    substitutes: marker.substitutes,
    javaMajor: marker.javaMajor,
    cached,
  };
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** Runs `tasks` with at most `limit` at once; the first failure wins, the rest are still awaited. */
async function inParallel(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < tasks.length && failure === undefined) {
      const task = tasks[next++]!;
      await task().catch((error: unknown) => (failure ??= error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure !== undefined) throw failure;
}

async function lockVersion(dir: string, version: string, onEvent?: EnsureOptions['onEvent']) {
  const lockfilePath = join(dir, `${version}.lock`);
  const attempt = () =>
    lockfile.lock(dir, { lockfilePath, realpath: false, stale: LOCK_STALE_MS, update: LOCK_STALE_MS / 3 });
  try {
    return await attempt();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
  }
  onEvent?.({ kind: 'waiting-for-lock', version });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    try {
      return await attempt();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) {
        throw new InfrastructureError(
          `another run has been downloading ActiveMQ ${version} into ${dir} for over ${LOCK_WAIT_MS / 60_000} minutes`,
          { hint: `if no other run is active, delete ${lockfilePath}`, cause: error },
        );
      }
    }
  }
}

export async function ensureDistribution(
  version: string,
  options: EnsureOptions = {},
): Promise<Distribution> {
  const env = options.env ?? process.env;
  const manifest = (options.manifestFor ?? pinnedManifest)(version);
  const dir = distributionsDir(env);
  const home = join(dir, `apache-activemq-${version}`);
  const wanted = fingerprint(manifest);

  const ready = await readMarker(home);
  if (ready && ready.fingerprint === wanted) return fromMarker(home, ready, true);

  await mkdir(dir, { recursive: true }).catch((error: unknown) => {
    throw new InfrastructureError(
      `cannot create the distribution cache ${dir}: ${(error as Error).message}`,
      {
        hint: 'set AMQ_AUTH_CACHE_DIR to a folder this user can write',
        cause: error,
      },
    );
  });
  const release = await lockVersion(dir, version, options.onEvent);
  let staging: string | undefined;
  try {
    const done = await readMarker(home);
    if (done && done.fingerprint === wanted) return fromMarker(home, done, true);

    staging = await mkdtemp(join(dir, `.staging-${version}-`));
    const built = join(staging, 'dist');
    const marker = manifest
      ? await fetchPinned(manifest, staging, built, env, options)
      : await fetchUnpinnedArchive(version, staging, built, env, options);
    await writeFile(join(built, COMPLETE_MARKER), JSON.stringify(marker, null, 2) + '\n');
    if (await exists(home)) await rm(home, { recursive: true, force: true });
    await rename(built, home);
    return fromMarker(home, marker, false);
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await release().catch(() => undefined);
  }
}

async function fetchPinned(
  manifest: DistributionManifest,
  staging: string,
  built: string,
  env: NodeJS.ProcessEnv,
  options: EnsureOptions,
): Promise<Marker> {
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  const started = Date.now();
  options.onEvent?.({
    kind: 'download-start',
    version: manifest.version,
    files: manifest.files.length,
    bytes: total,
    from: repositoryUrl('', env),
  });
  const received = new Map<string, number>();
  const report = () =>
    options.onEvent?.({
      kind: 'download-progress',
      version: manifest.version,
      received: [...received.values()].reduce((a, b) => a + b, 0),
      total,
    });
  const download = async (path: string, dest: string, sha256: string) => {
    await mkdir(dirname(dest), { recursive: true });
    await downloadVerified({
      url: repositoryUrl(path, env),
      dest,
      sha256,
      fetchImpl: options.fetchImpl,
      onBytes: (n) => {
        received.set(path, n);
        report();
      },
    }).catch((error: unknown) => {
      if (error instanceof NotServedError) {
        throw new InfrastructureError(
          `ActiveMQ ${manifest.version}: ${error.message}, one of the ${manifest.files.length} files the harness pins for it`,
          { hint: `point ${REPOSITORY_ENV} at a repository (or mirror of Maven Central) that serves it` },
        );
      }
      throw error;
    });
  };

  if (manifest.source === 'archive') {
    const file = manifest.files[0]!;
    const archive = join(staging, 'archive.tar.gz');
    await download(file.path, archive, file.sha256);
    await unpack(archive, staging, manifest.archiveRoot ?? `apache-activemq-${manifest.version}`, built);
  } else {
    await inParallel(
      manifest.files.map((f) => () => download(f.path, join(built, f.to), f.sha256)),
      DOWNLOAD_CONCURRENCY,
    );
  }
  options.onEvent?.({
    kind: 'download-done',
    version: manifest.version,
    bytes: total,
    ms: Date.now() - started,
  });
  return {
    version: manifest.version,
    source: manifest.source,
    pinned: true,
    fingerprint: fingerprint(manifest),
    substitutes: manifest.substitutes,
    javaMajor: manifest.javaMajor,
  };
}

async function fetchUnpinnedArchive(
  version: string,
  staging: string,
  built: string,
  env: NodeJS.ProcessEnv,
  options: EnsureOptions,
): Promise<Marker> {
  const url = repositoryUrl(archivePath(version), env);
  const archive = join(staging, 'archive.tar.gz');
  const started = Date.now();
  options.onEvent?.({ kind: 'download-start', version, files: 1, bytes: null, from: url });
  let bytes = 0;
  try {
    await downloadVerified({
      url,
      dest: archive,
      fetchImpl: options.fetchImpl,
      onBytes: (n) => {
        bytes = n;
        options.onEvent?.({ kind: 'download-progress', version, received: n, total: null });
      },
    });
  } catch (error) {
    if (error instanceof NotServedError) {
      throw new InfrastructureError(
        `ActiveMQ ${version} is not available: the Maven repository does not serve ${url}, and the harness pins no assembly of it`,
        {
          hint: `versions the harness pins (assembled where the archive is not served): ${pinnedVersions().join(', ')}; or point ${REPOSITORY_ENV} at a repository that serves the archive, or set ACTIVEMQ_HOME to your own build`,
        },
      );
    }
    throw error;
  }
  await unpack(archive, staging, `apache-activemq-${version}`, built);
  options.onEvent?.({ kind: 'download-done', version, bytes, ms: Date.now() - started });
  return {
    version,
    source: 'archive',
    pinned: false,
    fingerprint: null,
    substitutes: [],
    javaMajor: defaultJavaMajor(version),
  };
}

async function unpack(archive: string, staging: string, root: string, built: string): Promise<void> {
  const target = join(staging, 'unpacked');
  await mkdir(target);
  try {
    await extract({ file: archive, cwd: target, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InfrastructureError(
      code === 'ENOSPC'
        ? `disk full while unpacking ${archive}; the partial folder was deleted`
        : `cannot unpack ${archive}: ${(error as Error).message}`,
      { hint: 'free some space or set AMQ_AUTH_CACHE_DIR to a disk with room', cause: error },
    );
  }
  const inside = join(target, root);
  if (!(await exists(join(inside, 'bin', 'activemq.jar')))) {
    throw new InfrastructureError(
      `${archive} has no ${root}/bin/activemq.jar: not an ActiveMQ Classic distribution`,
    );
  }
  await rename(inside, built);
}
