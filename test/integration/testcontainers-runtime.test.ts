/**
 * The Testcontainers runtime on a real Docker engine. Per release the broker runs from the official image or,
 * where no registry serves it, from the local image the runtime builds from the release's verified
 * distribution; an image named explicitly must exist; no container outlives a stop, a crash or the harness.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { GenericContainer } from 'testcontainers';
import { renderBrokerXml } from '../../src/activemq-xml/render';
import { ensureDistribution } from '../../src/broker/distribution/ensure-distribution';
import {
  RUN_LABEL,
  TestcontainersRuntime,
  decideRyuk,
  inspectLocalImage,
  localImageFor,
  officialImageFor,
  resolveImage,
  type TestcontainersRunningBroker,
  type TestcontainersRuntimeOptions,
} from '../../src/broker/testcontainers';
import { startedLinePattern } from '../../src/broker/testcontainers/broker-ready';
import { ACTIVEMQ_HOME } from '../../src/broker/testcontainers/layout';
import { dockerClient } from '../../src/broker/testcontainers/docker';
import type { BrokerStartRequest } from '../../src/broker/types';
import { BrokerStartError, InfrastructureError } from '../../src/core/errors';
import { TRANSPORTS } from '../../src/core/types';
import { createRunTls } from '../../src/tls';
import { testBrokerVersion, testPolicy } from '../support/broker';
import { describeBrokerMatrix } from '../support/broker-matrix';
import { escapeRegExp } from '../support/expect-observation';
import { dockerUnavailable } from '../support/runtime-availability';
import { describeRuntimeContract } from '../support/runtime-contract';

/** Image resolution, capability probe and a JVM start in a container on a shared two-core machine. */
const START_TEST_TIMEOUT_MS = 120_000;
/** A start that fails must say so within seconds, not at the start timeout. */
const FAILED_START_LIMIT_MS = 15_000;
/** After SIGKILL of the harness, its watchdog sees the pipe close and removes the container. */
const CRASH_CLEANUP_LIMIT_MS = 10_000;
const CHILD_READY_TIMEOUT_MS = 90_000;
const POLL_INTERVAL_MS = 100;

const dockerMissing = dockerUnavailable();
const suite = dockerMissing ? describe.skip : describe;

const ADMIN = { username: 'admin', password: 'admin-password-1', groups: ['admins'] };
const POLICY = testPolicy({ users: [ADMIN] });
/** A release the harness pins: what the lifecycle tests run. */
const LIFECYCLE_VERSION = testBrokerVersion();
const MISSING_IMAGE = 'amq-auth-harness/no-such-image:0';

async function containersWithLabel(label: string): Promise<string[]> {
  const client = await dockerClient();
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label: [label] } });
  return found.map((c) => c.Id);
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  return check();
}

async function request(overrides: Partial<BrokerStartRequest> = {}): Promise<BrokerStartRequest> {
  const brokerName = `tc-${randomBytes(4).toString('hex')}`;
  return {
    brokerName,
    renderXml: (target) => renderBrokerXml(POLICY, target, { brokerName }),
    tls: await createRunTls(),
    transports: [...TRANSPORTS],
    brokerVersion: LIFECYCLE_VERSION,
    runDir: await mkdtemp(join(tmpdir(), 'amq-auth-tc-')),
    ...overrides,
  };
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** `sha256sum` lines of the files a container of `image` holds under ActiveMQ's home. */
async function checksumsInImage(image: string, files: string[]): Promise<Map<string, string>> {
  const container = await new GenericContainer(image).withEntrypoint(['sleep']).withCommand(['300']).start();
  try {
    const result = await container.exec(['sha256sum', ...files.map((f) => `${ACTIVEMQ_HOME}/${f}`)]);
    const sums = new Map<string, string>();
    for (const line of result.stdout.trim().split('\n')) {
      const [sum, path] = line.trim().split(/\s+/);
      if (sum && path) sums.set(path.slice(ACTIVEMQ_HOME.length + 1), sum);
    }
    return sums;
  } finally {
    await container.stop({ timeout: 0 });
  }
}

describeBrokerMatrix(
  'TestcontainersRuntime',
  (target) => {
    const runtime = new TestcontainersRuntime();
    let broker: TestcontainersRunningBroker;
    let startRequest: BrokerStartRequest;

    beforeAll(async () => {
      startRequest = await request({ brokerVersion: target.brokerVersion });
      broker = await runtime.start(startRequest);
    }, START_TEST_TIMEOUT_MS);

    afterAll(async () => {
      await broker?.stop();
      await rm(startRequest.runDir, { recursive: true, force: true });
    }, START_TEST_TIMEOUT_MS);

    it('runs the release asked for: the official image, or else the local image built from its verified distribution', () => {
      const official = officialImageFor(target.brokerVersion);
      expect(broker.version).toBe(target.brokerVersion);
      expect(broker.versionWarning).toBeUndefined();
      if (broker.image.official) {
        expect({ image: broker.image.name, build: broker.build?.kind }).toEqual({
          image: official,
          build: 'official-image',
        });
        return;
      }
      const local = localImageFor(target.brokerVersion);
      expect({
        image: broker.image.name,
        build: broker.build?.kind,
        from: broker.image.distribution?.version,
      }).toEqual({
        image: local,
        build: 'local-image',
        from: target.brokerVersion,
      });
      expect(broker.image.reason).toMatch(
        new RegExp(
          `^official image ${escapeRegExp(official)} is not available \\(.+\\); (built|using) the local image ${escapeRegExp(local)} from the same verified distribution the local runtime runs$`,
        ),
      );
    });

    it('publishes one localhost endpoint for each of the five transports', async () => {
      expect(broker.runtime).toBe('testcontainers');
      expect([...broker.capabilities].sort()).toEqual([...TRANSPORTS].sort());
      expect(Object.keys(broker.endpoints).sort()).toEqual([...TRANSPORTS].sort());
      expect(broker.unsupported).toEqual([]);
      for (const endpoint of Object.values(broker.endpoints)) {
        expect(endpoint.host).toBe('localhost');
        expect(endpoint.url).toBe(`${endpoint.url.split('://')[0]}://localhost:${endpoint.port}`);
      }
      expect(await containersWithLabel(`${RUN_LABEL}=${broker.runId}`)).toEqual([broker.containerId]);
      expect(broker.log.lines().some((l) => startedLinePattern(broker.brokerName).test(l))).toBe(true);
    });

    describeRuntimeContract({
      broker: () => broker,
      serverCertPem: () => startRequest.tls.serverCertPem,
      user: ADMIN,
    });
  },
  { runtimes: ['testcontainers'] },
);

suite(`TestcontainersRuntime images (ActiveMQ ${LIFECYCLE_VERSION})`, () => {
  it(
    'builds the local image of a release from its verified distribution when no official image can be had',
    async () => {
      // Testcontainers' build starts its reaper unless told it cannot run (the runtime decides this first)
      await decideRyuk();
      const distribution = await ensureDistribution(LIFECYCLE_VERSION);
      // a tag of its own, so the images other runs use stay untouched; no registry has an official one of it
      const tag = `${LIFECYCLE_VERSION}-test-${randomBytes(4).toString('hex')}`;
      const choice = { brokerVersion: tag, distribution: async () => ({ ...distribution, version: tag }) };
      try {
        const built = await resolveImage(choice);
        expect({ name: built.name, official: built.official, version: built.activemqVersion }).toEqual({
          name: localImageFor(tag),
          official: false,
          version: tag,
        });
        expect(built.reason).toMatch(
          new RegExp(
            `^official image ${escapeRegExp(officialImageFor(tag))} is not available \\(.+\\); built the local image`,
          ),
        );
        const image = await inspectLocalImage(built.name);
        expect(image?.Config?.Env).toContain(`ACTIVEMQ_VERSION=${tag}`);

        const jars = (await readdir(join(distribution.home, 'lib'))).map((jar) => `lib/${jar}`);
        const files = ['bin/activemq.jar', ...jars];
        const inImage = await checksumsInImage(built.name, files);
        for (const file of files) {
          expect({ file, sha256: inImage.get(file) }).toEqual({
            file,
            sha256: await sha256(join(distribution.home, file)),
          });
        }

        const again = await resolveImage(choice);
        expect({ name: again.name, id: again.id }).toEqual({ name: built.name, id: built.id });
        expect(again.reason).toContain(`using the local image ${localImageFor(tag)}`);
      } finally {
        const client = await dockerClient();
        await client.container.dockerode
          .getImage(localImageFor(tag))
          .remove()
          .catch(() => undefined);
      }
    },
    START_TEST_TIMEOUT_MS,
  );

  it.each<[string, TestcontainersRuntimeOptions]>([
    ['the runtime option', { image: MISSING_IMAGE }],
    ['AMQ_AUTH_IMAGE', { env: { ...process.env, AMQ_AUTH_IMAGE: MISSING_IMAGE } }],
  ])(
    'refuses an image named by %s that is neither present nor pullable, with a hint',
    async (_by, options) => {
      const named = new TestcontainersRuntime(options);
      const error = await named.capabilities(LIFECYCLE_VERSION).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InfrastructureError);
      expect((error as InfrastructureError).message).toMatch(
        new RegExp(`^image ${escapeRegExp(MISSING_IMAGE)} is not available: `),
      );
      expect((error as InfrastructureError).hint).toContain('AMQ_AUTH_IMAGE');
    },
  );

  it('starts no container when the named image cannot be had', async () => {
    const own = await request({ transports: ['openwire'] });
    try {
      const error = await new TestcontainersRuntime({ image: MISSING_IMAGE }).start(own).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InfrastructureError);
      expect(await containersWithLabel(`amq-auth-harness.broker=${own.brokerName}`)).toEqual([]);
    } finally {
      await rm(own.runDir, { recursive: true, force: true });
    }
  });
});

suite(`TestcontainersRuntime lifecycle (ActiveMQ ${LIFECYCLE_VERSION})`, () => {
  const runtime = new TestcontainersRuntime();
  const runDirs: string[] = [];

  afterAll(async () => {
    for (const dir of runDirs) await rm(dir, { recursive: true, force: true });
  });

  it(
    'fails within seconds with the broker’s own error line when the configuration is bad',
    async () => {
      const bad = await request();
      runDirs.push(bad.runDir);
      const good = bad.renderXml;
      bad.renderXml = (target) => good(target).replace('stomp+ssl://', 'bogus+ssl://');
      const t0 = Date.now();
      const error = await runtime.start(bad).then(
        () => null,
        (e: unknown) => e,
      );
      const elapsed = Date.now() - t0;
      expect(error).toBeInstanceOf(BrokerStartError);
      const startError = error as BrokerStartError;
      expect(startError.brokerLines.join('\n')).toContain('bogus+ssl');
      expect(startError.describe()).toContain('broker said:');
      expect(elapsed).toBeLessThan(FAILED_START_LIMIT_MS);
      const brokerLabel = `amq-auth-harness.broker=${bad.brokerName}`;
      expect(await waitUntil(async () => (await containersWithLabel(brokerLabel)).length === 0, 5_000)).toBe(
        true,
      );
    },
    START_TEST_TIMEOUT_MS,
  );

  it(
    'leaves no container with the run’s label after stop, and reports the exit as expected',
    async () => {
      const own = await request();
      runDirs.push(own.runDir);
      const started = await runtime.start(own);
      const label = `${RUN_LABEL}=${started.runId}`;
      expect(await containersWithLabel(label)).toHaveLength(1);
      const t0 = Date.now();
      await started.stop();
      console.info(`broker stopped in ${Date.now() - t0} ms`);
      expect(await containersWithLabel(label)).toEqual([]);
      await expect(started.exited).resolves.toMatchObject({ expected: true });
      await started.stop();
    },
    START_TEST_TIMEOUT_MS,
  );

  it(
    'settles exited as unexpected when the container dies without stop()',
    async () => {
      const own = await request({ transports: ['openwire'] });
      runDirs.push(own.runDir);
      const started = await runtime.start(own);
      const client = await dockerClient();
      await client.container.dockerode.getContainer(started.containerId).kill({ signal: 'SIGKILL' });
      await expect(started.exited).resolves.toEqual({ code: 137, signal: 'SIGKILL', expected: false });
      await started.stop();
      expect(await containersWithLabel(`${RUN_LABEL}=${started.runId}`)).toEqual([]);
    },
    START_TEST_TIMEOUT_MS,
  );

  it(
    'removes the container within seconds when the harness process is killed with SIGKILL',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'amq-auth-tc-crash-'));
      runDirs.push(dir);
      const script = join(dir, 'start-and-hang.ts');
      const src = resolve(__dirname, '../../src');
      await writeFile(
        script,
        `import { TestcontainersRuntime } from ${JSON.stringify(join(src, 'broker/testcontainers'))};
import { renderBrokerXml } from ${JSON.stringify(join(src, 'activemq-xml/render'))};
import { createRunTls } from ${JSON.stringify(join(src, 'tls'))};
import { testPolicy } from ${JSON.stringify(resolve(__dirname, '../support/broker'))};
const policy = testPolicy({ users: [{ username: 'admin', password: 'admin-password-1', groups: ['admins'] }] });
(async () => {
  const broker = await new TestcontainersRuntime().start({
    brokerName: 'crash', renderXml: (t) => renderBrokerXml(policy, t, { brokerName: 'crash' }),
    tls: await createRunTls(), transports: ['openwire'], brokerVersion: ${JSON.stringify(LIFECYCLE_VERSION)},
    runDir: ${JSON.stringify(join(dir, 'run'))},
  });
  console.log(JSON.stringify({ runId: broker.runId }));
  setInterval(() => undefined, 60_000);
})().catch((e) => { console.error(String(e)); process.exit(1); });
`,
      );
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        cwd: resolve(__dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const runId = await new Promise<string>((resolvePromise, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`child not ready: ${stderr}`)),
          CHILD_READY_TIMEOUT_MS,
        );
        createInterface({ input: child.stdout }).on('line', (line) => {
          const parsed = /^\{"runId":"([^"]+)"\}$/.exec(line);
          if (parsed) {
            clearTimeout(timer);
            resolvePromise(parsed[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
      });
      const label = `${RUN_LABEL}=${runId}`;
      expect(await containersWithLabel(label)).toHaveLength(1);

      const t0 = Date.now();
      child.kill('SIGKILL');
      const gone = await waitUntil(
        async () => (await containersWithLabel(label)).length === 0,
        CRASH_CLEANUP_LIMIT_MS,
      );
      console.info(`container removed ${Date.now() - t0} ms after SIGKILL of the harness`);
      expect(gone).toBe(true);
    },
    START_TEST_TIMEOUT_MS,
  );
});
