import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { renderBrokerXml } from '../../src/activemq-xml/render';
import { ensureDistribution } from '../../src/broker/distribution/ensure-distribution';
import { LocalRuntime } from '../../src/broker/local';
import { TRANSPORT_SCHEME } from '../../src/broker/transports';
import { BrokerStartError } from '../../src/core/errors';
import { TRANSPORTS, type Transport } from '../../src/core/types';
import { createRunTls } from '../../src/tls';
import {
  ADMINS_ONLY,
  hasJava,
  startTestBroker,
  testBrokerVersion,
  testEntry,
  testPolicy,
  type TestBroker,
} from '../support/broker';
import { describeBrokerMatrix } from '../support/broker-matrix';
import { processesMentioning, waitUntil } from '../support/processes';
import { describeRuntimeContract } from '../support/runtime-contract';

/**
 * A start that fails must say so from the broker's own exit, well before the start timeout (30 s): a few
 * seconds, more on a two-core machine shared with other work.
 */
const FAILED_START_LIMIT_MS = 20_000;
/** After the harness is killed, the watchdog's SIGTERM plus the JVM's shutdown. */
const ORPHAN_GONE_TIMEOUT_MS = 10_000;
const CHILD_READY_TIMEOUT_MS = 60_000;
/** The distribution is cached; a JVM start on a busy two-core machine takes a few seconds. */
const BROKER_START_TIMEOUT_MS = 60_000;

/** The harness downloads the broker itself; a Java is all the local runtime needs of this machine. */
const suite = hasJava() ? describe : describe.skip;
if (!hasJava()) console.warn('local runtime integration tests skipped: no Java on PATH or JAVA_HOME');

const ADMIN = { username: 'admin', password: 'admin-password-1', groups: ['admins'] };
const POLICY = testPolicy({
  users: [ADMIN, { username: 'reader', password: 'reader-password-1', groups: ['readers'] }],
  authorization: {
    entries: [
      testEntry('queue', '>', ADMINS_ONLY),
      testEntry('topic', '>', ADMINS_ONLY),
      testEntry('topic', 'ActiveMQ.Advisory.>', {
        read: ['admins', 'readers'],
        write: ['admins', 'readers'],
        admin: ['admins', 'readers'],
      }),
    ],
  },
  destinations: [{ kind: 'queue', name: 'ORDERS.new' }],
});

/**
 * A user's own ActiveMQ home (as ACTIVEMQ_HOME would name one): the verified distribution's launcher and
 * jars, linked, except those whose names match `leaveOut`.
 */
async function buildWithout(leaveOut: RegExp, parent: string): Promise<string> {
  const distribution = await ensureDistribution(testBrokerVersion());
  const home = join(parent, 'activemq-home');
  await mkdir(join(home, 'bin'), { recursive: true });
  await mkdir(join(home, 'lib'));
  await symlink(join(distribution.home, 'bin', 'activemq.jar'), join(home, 'bin', 'activemq.jar'));
  for (const jar of await readdir(join(distribution.home, 'lib'))) {
    if (!leaveOut.test(jar)) await symlink(join(distribution.home, 'lib', jar), join(home, 'lib', jar));
  }
  return home;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeBrokerMatrix(
  'local runtime',
  (target) => {
    let broker: TestBroker & { pid?: number };

    beforeAll(async () => {
      broker = await startTestBroker(POLICY, { runtime: 'local', brokerVersion: target.brokerVersion });
    }, BROKER_START_TIMEOUT_MS);

    afterAll(async () => {
      await broker?.stop();
    });

    it('runs the release asked for from the verified distribution, every transport on a real port named localhost', () => {
      expect(broker.runtime).toBe('local');
      expect(broker.version).toBe(target.brokerVersion);
      expect(broker.versionWarning).toBeUndefined();
      expect(broker.build?.kind).toBe('managed-distribution');
      expect(broker.build?.description).toContain(`Apache ActiveMQ ${target.brokerVersion}`);
      // Apache's distributions have every transport
      expect([...broker.capabilities].sort()).toEqual([...TRANSPORTS].sort());
      expect(Object.keys(broker.endpoints).sort()).toEqual([...TRANSPORTS].sort());
      for (const endpoint of Object.values(broker.endpoints)) {
        expect(endpoint.host).toBe('localhost');
        expect(endpoint.port).toBeGreaterThan(0);
        expect(endpoint.url).toBe(`${TRANSPORT_SCHEME[endpoint.transport]}://localhost:${endpoint.port}`);
      }
    });

    describeRuntimeContract({ broker: () => broker, serverCertPem: () => broker.serverCertPem, user: ADMIN });

    it('keeps the broker log in memory and in a file in the run directory', () => {
      expect(
        broker.log.lines().some((l) => / started /.test(l) || / started$/.test(l) || l.includes(') started')),
      ).toBe(true);
      expect(broker.log.file).toBe(join(broker.runDir, 'activemq.log'));
      expect(readFileSync(broker.log.file!, 'utf8')).toContain(') started');
    });

    it('stops cleanly, idempotently, and leaves no process of the run', async () => {
      const runDir = broker.runDir;
      expect(processesMentioning(runDir).length).toBeGreaterThan(0);
      await Promise.all([broker.stop(), broker.stop()]);
      await broker.stop();
      await expect(broker.exited).resolves.toMatchObject({ expected: true });
      expect(processesMentioning(runDir)).toEqual([]);
    });
  },
  { runtimes: ['local'] },
);

suite('local runtime failures', () => {
  let runDir: string;
  beforeEach(async () => {
    runDir = await mkdtemp(join(tmpdir(), 'amq-auth-local-'));
  });
  afterEach(async () => {
    await rm(runDir, { recursive: true, force: true });
  });

  async function startRequest(transports: Transport[]) {
    return {
      brokerName: 'local-failure',
      renderXml: (target: Parameters<typeof renderBrokerXml>[1]) =>
        renderBrokerXml(POLICY, target, { brokerName: 'local-failure' }),
      tls: await createRunTls(),
      transports,
      brokerVersion: testBrokerVersion(),
      runDir,
    };
  }

  it('reports a build without the AMQP module as without amqp, and a start that asks for it fails within seconds with the broker own line', async () => {
    const home = await buildWithout(/^activemq-amqp-/, runDir);
    const build = new LocalRuntime({ activemqHome: home });
    const capabilities = await build.capabilities();
    expect(capabilities).not.toContain('amqp');
    expect(capabilities).toEqual(expect.arrayContaining(['openwire', 'stomp', 'mqtt', 'ws']));

    const bypassing = new LocalRuntime({ activemqHome: home, transportsOverride: ['openwire', 'amqp'] });
    const started = Date.now();
    const error = await bypassing.start(await startRequest(['openwire'])).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(FAILED_START_LIMIT_MS);
    expect(error).toBeInstanceOf(BrokerStartError);
    const startError = error as BrokerStartError;
    expect(startError.message).toMatch(
      /the broker process exited with code \d+ before it was ready|logged an error/,
    );
    expect(startError.brokerLines.join('\n')).toContain(
      `Transport scheme NOT recognized: [${TRANSPORT_SCHEME.amqp}]`,
    );
    expect(startError.hint).toContain(runDir);
    expect(startError.describe()).toContain('broker said:');
    expect(processesMentioning(runDir)).toEqual([]);
  });

  it('settles `exited` as unexpected when the broker dies on its own', async () => {
    const broker = await new LocalRuntime().start(await startRequest(['openwire']));
    process.kill(broker.pid, 'SIGKILL');
    await expect(broker.exited).resolves.toEqual({ code: null, signal: 'SIGKILL', expected: false });
    await broker.stop();
    expect(processesMentioning(runDir)).toEqual([]);
  });

  it(
    'takes the broker down when the harness process is killed with SIGKILL',
    async () => {
      const supportModule = resolve(__dirname, '../support/broker.ts');
      const code = `
      const { startTestBroker, testPolicy } = require(${JSON.stringify(supportModule)});
      startTestBroker(testPolicy({ users: [{ username: 'admin', password: 'admin-password-1', groups: ['admins'] }] }), { runtime: 'local', transports: ['openwire'] })
        .then((b) => { console.log(JSON.stringify({ pid: b.pid, runDir: b.runDir })); setInterval(() => {}, 1000); })
        .catch((e) => { console.error(e); process.exit(1); });
    `;
      // One node process (tsx as a loader, not its CLI, which would put a second process in between).
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], {
        cwd: resolve(__dirname, '../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = await new Promise<string>((done, fail) => {
        const timer = setTimeout(
          () => fail(new Error('child did not start a broker')),
          CHILD_READY_TIMEOUT_MS,
        );
        createInterface({ input: child.stdout }).once('line', (l) => {
          clearTimeout(timer);
          done(l);
        });
        child.once('exit', (c) => fail(new Error(`child exited with ${c}`)));
      });
      const { pid, runDir: childRunDir } = JSON.parse(line) as { pid: number; runDir: string };
      expect(isAlive(pid)).toBe(true);
      child.kill('SIGKILL');
      const gone = await waitUntil(() => !isAlive(pid), ORPHAN_GONE_TIMEOUT_MS);
      expect(gone).toBe(true);
      expect(processesMentioning(childRunDir)).toEqual([]);
      await rm(childRunDir, { recursive: true, force: true });
    },
    CHILD_READY_TIMEOUT_MS + ORPHAN_GONE_TIMEOUT_MS,
  );
});
