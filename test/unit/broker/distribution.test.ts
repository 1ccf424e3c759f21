/**
 * The distribution cache against a Maven repository on loopback: what a first run downloads and verifies,
 * what a second run reuses offline, and that every failure (not served, unreachable, a checksum that does
 * not match, a full disk, another run downloading) leaves a clear error and nothing half-written.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { EXIT, InfrastructureError } from '../../../src/core/errors';
import { cacheRoot } from '../../../src/broker/distribution/cache-dir';
import { downloadVerified } from '../../../src/broker/distribution/download';
import {
  COMPLETE_MARKER,
  ensureDistribution,
  type DistributionEvent,
} from '../../../src/broker/distribution/ensure-distribution';
import type { DistributionManifest } from '../../../src/broker/distribution/manifest';
import { archivePath, REPOSITORY_ENV } from '../../../src/broker/distribution/repository';
import { parseJavaMajor, requireJava } from '../../../src/broker/local/java-version';
import { digest, startTestRepository, type TestRepository } from '../../support/maven-repository';

const VERSION = '9.9.1';
const LAUNCHER = Buffer.from('launcher jar bytes');
const BROKER = Buffer.from('broker jar bytes '.repeat(100));

function assembledManifest(overrides: Partial<DistributionManifest> = {}): DistributionManifest {
  return {
    version: VERSION,
    javaMajor: 11,
    source: 'assembled',
    files: [
      {
        path: 'org/x/run/1/run-1.jar',
        to: 'bin/activemq.jar',
        sha256: digest('sha256', LAUNCHER),
        size: LAUNCHER.length,
      },
      {
        path: 'org/x/broker/9/broker-9.jar',
        to: `lib/activemq-broker-${VERSION}.jar`,
        sha256: digest('sha256', BROKER),
        size: BROKER.length,
      },
    ],
    substitutes: [{ artifact: 'activemq-run', version: '1', why: 'same source' }],
    ...overrides,
  };
}

let repo: TestRepository;
let cache: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  repo = await startTestRepository();
  repo.put('org/x/run/1/run-1.jar', { body: LAUNCHER });
  repo.put('org/x/broker/9/broker-9.jar', { body: BROKER });
  cache = mkdtempSync(join(tmpdir(), 'amq-auth-cache-'));
  env = { [REPOSITORY_ENV]: repo.url, AMQ_AUTH_CACHE_DIR: cache };
});

afterEach(async () => {
  await repo.close();
  rmSync(cache, { recursive: true, force: true });
});

/** Everything in the cache folder, so a test can say nothing half-written was left. */
function cacheEntries(): string[] {
  const dir = join(cache, 'activemq');
  return existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.lock')) : [];
}

async function failure(promise: Promise<unknown>): Promise<InfrastructureError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InfrastructureError);
  expect((error as InfrastructureError).exitCode).toBe(EXIT.INFRA);
  return error as InfrastructureError;
}

describe('ensureDistribution', () => {
  it('downloads a pinned distribution into its layout, verified, and reuses it without the network', async () => {
    const events: DistributionEvent[] = [];
    const first = await ensureDistribution(VERSION, {
      env,
      manifestFor: () => assembledManifest(),
      onEvent: (e) => events.push(e),
    });
    expect(first).toMatchObject({ version: VERSION, source: 'assembled', pinned: true, cached: false });
    expect(first.home).toBe(join(cache, 'activemq', `apache-activemq-${VERSION}`));
    expect(readFileSync(join(first.home, 'bin', 'activemq.jar'))).toEqual(LAUNCHER);
    expect(readFileSync(join(first.home, 'lib', `activemq-broker-${VERSION}.jar`))).toEqual(BROKER);
    expect(existsSync(join(first.home, COMPLETE_MARKER))).toBe(true);
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['download-start', 'download-progress', 'download-done']),
    );
    expect(repo.requests).toEqual(
      expect.arrayContaining(['repo/org/x/run/1/run-1.jar', 'repo/org/x/run/1/run-1.jar.sha1']),
    );

    await repo.close();
    const again = await ensureDistribution(VERSION, { env, manifestFor: () => assembledManifest() });
    expect(again).toMatchObject({ home: first.home, cached: true, substitutes: first.substitutes });
    expect(cacheEntries()).toEqual([`apache-activemq-${VERSION}`]);
  });

  it('shares one download between concurrent runs of the same version', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(() => ensureDistribution(VERSION, { env, manifestFor: () => assembledManifest() })),
    );
    expect(runs.filter((r) => !r.cached)).toHaveLength(1);
    expect(repo.requests.filter((p) => p === 'repo/org/x/broker/9/broker-9.jar')).toHaveLength(1);
    expect(cacheEntries()).toEqual([`apache-activemq-${VERSION}`]);
  });

  it('deletes a file that does not match the checksum pinned in the harness, and says so', async () => {
    const manifest = assembledManifest();
    manifest.files[1] = { ...manifest.files[1]!, sha256: 'ab'.repeat(32) };
    const error = await failure(ensureDistribution(VERSION, { env, manifestFor: () => manifest }));
    expect(error.message).toBe(
      `checksum mismatch for ${repo.url}/org/x/broker/9/broker-9.jar: the download does not match the SHA-256 pinned in the harness; it was deleted`,
    );
    expect(error.hint).toContain(REPOSITORY_ENV);
    expect(cacheEntries()).toEqual([]);
  });

  it("refuses a file that does not match the repository's own checksum", async () => {
    repo.put('org/x/broker/9/broker-9.jar', { body: BROKER, sha1: '0'.repeat(40) });
    const error = await failure(ensureDistribution(VERSION, { env, manifestFor: () => assembledManifest() }));
    expect(error.message).toMatch(/does not match the repository's sha1; it was deleted$/);
    expect(cacheEntries()).toEqual([]);
  });

  it('names the file the repository does not serve and the variable for a mirror', async () => {
    const manifest = assembledManifest();
    manifest.files.push({
      path: 'org/x/missing/1/missing-1.jar',
      to: 'lib/missing-1.jar',
      sha256: '00'.repeat(32),
      size: 1,
    });
    const error = await failure(ensureDistribution(VERSION, { env, manifestFor: () => manifest }));
    expect(error.message).toContain(`does not serve ${repo.url}/org/x/missing/1/missing-1.jar (HTTP 404)`);
    expect(error.hint).toContain(REPOSITORY_ENV);
    expect(cacheEntries()).toEqual([]);
  });

  it('names the URL and the mirror variable when the repository is unreachable', async () => {
    await repo.close();
    const closed = { ...env, [REPOSITORY_ENV]: repo.url };
    const error = await failure(
      ensureDistribution(VERSION, { env: closed, manifestFor: () => assembledManifest() }),
    );
    expect(error.message).toMatch(
      new RegExp(`^the Maven repository is unreachable: ${repo.url}/org/x/.*ECONNREFUSED`),
    );
    expect(error.hint).toContain(REPOSITORY_ENV);
    expect(cacheEntries()).toEqual([]);
    repo = await startTestRepository();
  });

  it("unpacks Apache's archive of a version the harness does not pin, verified by the repository's sha512", async () => {
    const tree = mkdtempSync(join(tmpdir(), 'amq-auth-archive-'));
    mkdirSync(join(tree, `apache-activemq-${VERSION}`, 'bin'), { recursive: true });
    writeFileSync(join(tree, `apache-activemq-${VERSION}`, 'bin', 'activemq.jar'), LAUNCHER);
    writeFileSync(join(tree, `apache-activemq-${VERSION}`, 'bin', 'activemq'), '#!/bin/sh\n');
    chmodSync(join(tree, `apache-activemq-${VERSION}`, 'bin', 'activemq'), 0o755);
    const archive = join(tree, 'a.tar.gz');
    await create({ gzip: true, file: archive, cwd: tree }, [`apache-activemq-${VERSION}`]);
    const body = readFileSync(archive);
    repo.put(archivePath(VERSION), { body, sha512: digest('sha512', body) });

    const got = await ensureDistribution(VERSION, { env, manifestFor: () => undefined });
    expect(got).toMatchObject({ source: 'archive', pinned: false, cached: false });
    expect(readFileSync(join(got.home, 'bin', 'activemq.jar'))).toEqual(LAUNCHER);
    expect(repo.requests).toContain(`repo/${archivePath(VERSION)}.sha512`);
    rmSync(tree, { recursive: true, force: true });
  });

  it('refuses an unpinned archive the repository keeps no checksum for, and one it does not serve', async () => {
    repo.put(archivePath(VERSION), { body: Buffer.from('x'), sha1: null });
    let error = await failure(ensureDistribution(VERSION, { env, manifestFor: () => undefined }));
    expect(error.message).toMatch(/keeps no checksum .*; the download was deleted$/);
    error = await failure(ensureDistribution('9.9.2', { env, manifestFor: () => undefined }));
    expect(error.message).toContain('ActiveMQ 9.9.2 is not available');
    expect(error.message).toContain(archivePath('9.9.2'));
    expect(error.hint).toContain('5.18.7');
    expect(cacheEntries()).toEqual([]);
  });
});

describe('downloadVerified', () => {
  it('reports a full disk, and removes the partial file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-full-'));
    const dest = join(dir, 'broker.jar');
    symlinkSync('/dev/full', dest);
    const error = await failure(
      downloadVerified({
        url: `${repo.url}/org/x/broker/9/broker-9.jar`,
        dest,
        sha256: digest('sha256', BROKER),
      }),
    );
    expect(error.message).toBe(`disk full while writing ${dest}; the partial file was deleted`);
    expect(error.hint).toContain('AMQ_AUTH_CACHE_DIR');
    expect(existsSync(dest)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('cache folder', () => {
  it('is AMQ_AUTH_CACHE_DIR, else under XDG_CACHE_HOME, else the platform cache', () => {
    expect(cacheRoot({ AMQ_AUTH_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' })).toBe('/c');
    expect(cacheRoot({ XDG_CACHE_HOME: '/x' }, 'linux')).toBe('/x/amq-auth-harness');
    expect(cacheRoot({}, 'linux')).toMatch(/\/\.cache\/amq-auth-harness$/);
    expect(cacheRoot({}, 'darwin')).toMatch(/\/Library\/Caches\/amq-auth-harness$/);
  });
});

describe('Java version', () => {
  it('reads the major version of old and new version strings', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_402"')).toBe(8);
    expect(parseJavaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(parseJavaMajor('no version here')).toBeNull();
  });

  it('refuses a Java older than the broker needs, saying which it needs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-java-'));
    const java = join(dir, 'java');
    writeFileSync(java, '#!/bin/sh\necho \'openjdk version "1.8.0_402"\' >&2\n');
    chmodSync(java, 0o755);
    const error = await failure(requireJava(java, 11, '5.18.7'));
    expect(error.message).toBe(
      `ActiveMQ 5.18.7 needs Java 11 or newer, but ${java} is Java 8 (openjdk version "1.8.0_402")`,
    );
    expect(error.hint).toMatch(/Java 17/);
    rmSync(dir, { recursive: true, force: true });
  });
});
