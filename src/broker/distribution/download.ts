/**
 * One file from the repository onto disk, verified: the repository's own checksum (`.sha512`, else
 * `.sha1`, beside the file) and, when the harness pinned one, the SHA-256 in its manifest. A file that does
 * not verify is deleted before the error is raised, so nothing unverified is ever left behind.
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InfrastructureError } from '../../core/errors';
import { REPOSITORY_ENV } from './repository';

/** No byte for this long from the repository is a stalled connection, not a slow one. */
export const DOWNLOAD_STALL_TIMEOUT_MS = 60_000;

export interface DownloadRequest {
  url: string;
  dest: string;
  /** pinned in the source; checked in addition to the repository's checksum */
  sha256?: string;
  /** called with the bytes received so far */
  onBytes?: (n: number) => void;
  fetchImpl?: typeof fetch;
}

export interface RepositoryChecksum {
  algorithm: 'sha512' | 'sha1';
  hex: string;
}

/** The checksum files Maven repositories keep beside an artifact, strongest first. */
const CHECKSUM_ALGORITHMS: Array<RepositoryChecksum['algorithm']> = ['sha512', 'sha1'];

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

function unreachable(url: string, why: string, cause?: unknown): InfrastructureError {
  return new InfrastructureError(`the Maven repository is unreachable: ${url}: ${why}`, {
    hint: `check the network, or point ${REPOSITORY_ENV} at a mirror of Maven Central (Artifactory, Nexus) that this machine reaches`,
    cause,
  });
}

async function get(url: string, fetchImpl: typeof fetch, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetchImpl(url, { signal, redirect: 'follow' });
  } catch (error) {
    throw unreachable(url, describeNetworkError(error), error);
  }
}

/** The repository's checksum of `url`; null when it keeps none (then only a pinned checksum can verify). */
export async function repositoryChecksum(
  url: string,
  fetchImpl: typeof fetch = fetch,
): Promise<RepositoryChecksum | null> {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const response = await get(`${url}.${algorithm}`, fetchImpl);
    if (response.status === 404) continue;
    if (!response.ok) throw unreachable(`${url}.${algorithm}`, `HTTP ${response.status}`);
    // Maven writes the bare hex; some tools append the file name ("<hex>  name").
    const hex = (await response.text()).trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const length = algorithm === 'sha512' ? 128 : 40;
    if (new RegExp(`^[0-9a-f]{${length}}$`).test(hex)) return { algorithm, hex };
  }
  return null;
}

function hashing(hashes: Hash[], onBytes?: (n: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      for (const h of hashes) h.update(chunk);
      total += chunk.length;
      onBytes?.(total);
      done(null, chunk);
    },
  });
}

export class NotServedError extends InfrastructureError {
  constructor(
    readonly url: string,
    hint: string,
  ) {
    super(`the Maven repository does not serve ${url} (HTTP 404)`, { hint });
  }
}

/**
 * Downloads `url` to `dest` and verifies it. Throws NotServedError on 404 (the caller knows what else to
 * try), InfrastructureError otherwise; on every failure `dest` is removed.
 */
export async function downloadVerified(
  request: DownloadRequest,
): Promise<{ bytes: number; checksum: RepositoryChecksum['algorithm'] | null }> {
  const fetchImpl = request.fetchImpl ?? fetch;
  const stall = new AbortController();
  let stallTimer: NodeJS.Timeout | undefined;
  const armStall = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(() => stall.abort(), DOWNLOAD_STALL_TIMEOUT_MS);
  };
  armStall();
  // Every algorithm the repository may answer with is computed on the way, so its checksum can be fetched
  // once the file is known to exist.
  const hashes = { sha256: createHash('sha256'), sha512: createHash('sha512'), sha1: createHash('sha1') };
  let bytes = 0;
  let expected: RepositoryChecksum | null;
  try {
    const response = await get(request.url, fetchImpl, stall.signal);
    if (response.status === 404) {
      throw new NotServedError(
        request.url,
        `point ${REPOSITORY_ENV} at a repository that serves it, or choose a version it serves`,
      );
    }
    if (!response.ok || !response.body) throw unreachable(request.url, `HTTP ${response.status}`);
    await pipeline(
      Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]),
      hashing(Object.values(hashes), (n) => {
        bytes = n;
        armStall();
        request.onBytes?.(n);
      }),
      createWriteStream(request.dest, { mode: 0o644 }),
    );
    clearTimeout(stallTimer);
    expected = await repositoryChecksum(request.url, fetchImpl);
  } catch (error) {
    await rm(request.dest, { force: true });
    if (error instanceof InfrastructureError) throw error;
    throw classifyWriteError(error, request);
  } finally {
    clearTimeout(stallTimer);
  }

  if (!expected && !request.sha256) {
    await rm(request.dest, { force: true });
    throw new InfrastructureError(
      `the Maven repository keeps no checksum for ${request.url}; the download was deleted`,
      {
        hint: 'an unverifiable download is never used; use a repository that serves .sha1 or .sha512 files beside its artifacts, or a version the harness pins',
      },
    );
  }
  const mismatch: string[] = [];
  if (expected && hashes[expected.algorithm].digest('hex') !== expected.hex) {
    mismatch.push(`the repository's ${expected.algorithm}`);
  }
  if (request.sha256 && hashes.sha256.digest('hex') !== request.sha256) {
    mismatch.push('the SHA-256 pinned in the harness');
  }
  if (mismatch.length) {
    await rm(request.dest, { force: true });
    throw new InfrastructureError(
      `checksum mismatch for ${request.url}: the download does not match ${mismatch.join(' nor ')}; it was deleted`,
      {
        hint: `a proxy or mirror may have altered it; try again, or check what ${REPOSITORY_ENV} points at`,
      },
    );
  }
  return { bytes, checksum: expected?.algorithm ?? null };
}

function classifyWriteError(error: unknown, request: DownloadRequest): InfrastructureError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new InfrastructureError(`disk full while writing ${request.dest}; the partial file was deleted`, {
      hint: 'free some space, or set AMQ_AUTH_CACHE_DIR to a folder on a disk with room (a distribution takes 25 to 60 MB)',
      cause: error,
    });
  }
  if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new InfrastructureError(`cannot write ${request.dest}: ${code}`, {
      hint: 'set AMQ_AUTH_CACHE_DIR to a folder this user can write',
      cause: error,
    });
  }
  if ((error as Error)?.name === 'AbortError') {
    return unreachable(request.url, `no data for ${DOWNLOAD_STALL_TIMEOUT_MS / 1000} s`, error);
  }
  return unreachable(request.url, describeNetworkError(error), error);
}
