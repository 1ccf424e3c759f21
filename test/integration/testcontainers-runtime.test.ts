import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { renderBrokerXml } from '../../src/activemq-xml/render';
import {
  RUN_LABEL,
  TestcontainersRuntime,
  type TestcontainersRunningBroker,
} from '../../src/broker/testcontainers';
import { startedLinePattern } from '../../src/broker/testcontainers/broker-ready';
import { dockerClient } from '../../src/broker/testcontainers/docker';
import type { BrokerStartRequest, Endpoint } from '../../src/broker/types';
import { BrokerStartError, InfrastructureError } from '../../src/core/errors';
import type { Transport } from '../../src/core/types';
import { createRunTls } from '../../src/tls';
import { testPolicy } from '../support/broker';
import { plaintextHello, plaintextHelloFor } from '../support/plaintext';

const HANDSHAKE_TIMEOUT_MS = 5_000;
const STOMP_ANSWER_TIMEOUT_MS = 5_000;
/** Image resolution, capability probe and a JVM start in a container on a shared two-core machine. */
const START_TEST_TIMEOUT_MS = 120_000;
/** A start that fails must say so within seconds, not at the start timeout. */
const FAILED_START_LIMIT_MS = 15_000;
/** After SIGKILL of the harness, its watchdog sees the pipe close and removes the container. */
const CRASH_CLEANUP_LIMIT_MS = 10_000;
const CHILD_READY_TIMEOUT_MS = 90_000;
const POLL_INTERVAL_MS = 100;
const DOCKER_PING_TIMEOUT_MS = 3_000;

/**
 * Jest decides skip or run while collecting, synchronously, so the engine is asked from a child process. The
 * tests run wherever an engine answers (CI provisions one); they skip only when none does.
 */
function dockerUnavailableReason(): string | null {
  const script = `
    const http = require('node:http');
    const host = process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
    const u = new URL(host.replace(/^tcp:/, 'http:'));
    const opts = host.startsWith('unix:') ? { socketPath: u.pathname } : { host: u.hostname, port: u.port };
    const req = http.get({ ...opts, path: '/_ping', timeout: ${DOCKER_PING_TIMEOUT_MS} }, (res) => process.exit(res.statusCode === 200 ? 0 : 2));
    req.on('timeout', () => { console.log('no answer from ' + host); process.exit(3); });
    req.on('error', (e) => { console.log(e.message + ' (' + host + ')'); process.exit(4); });`;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    timeout: DOCKER_PING_TIMEOUT_MS * 2,
  });
  return result.status === 0 ? null : `no Docker engine answers: ${result.stdout.trim() || 'ping failed'}`;
}

const dockerMissing = dockerUnavailableReason();
const suite = dockerMissing ? describe.skip : describe;
if (dockerMissing) console.warn(`testcontainers runtime integration tests skipped: ${dockerMissing}`);

const ADMIN = { username: 'admin', password: 'admin-password-1', groups: ['admins'] };
const POLICY = testPolicy({ users: [ADMIN] });
/** Amazon MQ's engine; here it resolves to the local Debian image when no registry answers. */
const ENGINE_VERSION = '5.18';

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

interface HandshakeResult {
  authorized: boolean;
  error?: string;
  peerFingerprint?: string;
}

function handshake(endpoint: Endpoint, ca: string | undefined): Promise<HandshakeResult> {
  return new Promise((resolvePromise) => {
    const socket: TLSSocket = tlsConnect({
      host: endpoint.host,
      port: endpoint.port,
      servername: endpoint.host,
      ca,
      rejectUnauthorized: true,
      timeout: HANDSHAKE_TIMEOUT_MS,
    });
    const done = (r: HandshakeResult) => {
      socket.destroy();
      resolvePromise(r);
    };
    socket.once('secureConnect', () =>
      done({ authorized: socket.authorized, peerFingerprint: socket.getPeerCertificate().fingerprint256 }),
    );
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done({ authorized: false, error: e.code ?? e.message }),
    );
    socket.once('timeout', () => done({ authorized: false, error: 'timeout' }));
  });
}

/** The first STOMP frame the broker answers a CONNECT with (raw STOMP 1.2 over TLS). */
function stompConnect(endpoint: Endpoint, ca: string, login: string, passcode: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const socket = tlsConnect({ host: endpoint.host, port: endpoint.port, servername: endpoint.host, ca });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no STOMP answer within ${STOMP_ANSWER_TIMEOUT_MS} ms`));
    }, STOMP_ANSWER_TIMEOUT_MS);
    socket.once('secureConnect', () => {
      socket.write(`CONNECT\naccept-version:1.2\nhost:localhost\nlogin:${login}\npasscode:${passcode}\n\n\0`);
    });
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
      const end = data.indexOf('\0');
      if (end >= 0) {
        clearTimeout(timer);
        socket.destroy();
        resolvePromise(data.slice(0, end));
      }
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function request(overrides: Partial<BrokerStartRequest> = {}): Promise<BrokerStartRequest> {
  const brokerName = `tc-${Math.random().toString(16).slice(2, 10)}`;
  return {
    brokerName,
    renderXml: (target) => renderBrokerXml(POLICY, target, { brokerName }),
    tls: await createRunTls(),
    transports: ['openwire', 'amqp', 'stomp', 'mqtt', 'ws'],
    brokerVersion: ENGINE_VERSION,
    runDir: await mkdtemp(join(tmpdir(), 'amq-auth-tc-')),
    ...overrides,
  };
}

suite('TestcontainersRuntime', () => {
  const runtime = new TestcontainersRuntime();
  let broker: TestcontainersRunningBroker;
  let startRequest: BrokerStartRequest;
  const runDirs: string[] = [];

  beforeAll(async () => {
    startRequest = await request();
    runDirs.push(startRequest.runDir);
    const t0 = Date.now();
    broker = await runtime.start(startRequest);
    console.info(`broker ready in ${Date.now() - t0} ms: ${broker.image.reason}; ${broker.ryuk.reason}`);
  }, START_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await broker?.stop();
    for (const dir of runDirs) await rm(dir, { recursive: true, force: true });
  }, START_TEST_TIMEOUT_MS);

  it('starts the broker and publishes one localhost endpoint per supported transport', async () => {
    expect(broker.runtime).toBe('testcontainers');
    expect(broker.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(broker.capabilities).toEqual(expect.arrayContaining(['openwire', 'stomp', 'mqtt']));
    const transports = Object.keys(broker.endpoints).sort();
    expect(transports).toEqual([...broker.capabilities].sort());
    expect(broker.unsupported.sort()).toEqual(
      (['openwire', 'amqp', 'stomp', 'mqtt', 'ws'] as Transport[])
        .filter((t) => !broker.capabilities.includes(t))
        .sort(),
    );
    for (const endpoint of Object.values(broker.endpoints)) {
      expect(endpoint.host).toBe('localhost');
      expect(endpoint.url).toBe(`${endpoint.url.split('://')[0]}://localhost:${endpoint.port}`);
    }
    expect(await containersWithLabel(`${RUN_LABEL}=${broker.runId}`)).toEqual([broker.containerId]);
    expect(broker.log.lines().some((l) => startedLinePattern(broker.brokerName).test(l))).toBe(true);
  });

  it('completes a TLS handshake verified against the run CA on every transport the image supports', async () => {
    const expected = new X509Certificate(startRequest.tls.serverCertPem).fingerprint256;
    for (const endpoint of Object.values(broker.endpoints)) {
      const result = await handshake(endpoint, broker.caPem);
      expect({ transport: endpoint.transport, ...result }).toEqual({
        transport: endpoint.transport,
        authorized: true,
        peerFingerprint: expected,
      });
    }
  });

  it('refuses a client that does not trust the run CA', async () => {
    for (const endpoint of Object.values(broker.endpoints)) {
      const result = await handshake(endpoint, undefined);
      expect(result.authorized).toBe(false);
      expect(result.error).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    }
  });

  it('gives a plaintext client no protocol answer and hangs up', async () => {
    for (const endpoint of Object.values(broker.endpoints)) {
      const { answer, closed } = await plaintextHello(endpoint, plaintextHelloFor(endpoint.transport));
      expect(closed).toBe(true);
      // Nothing, or a TLS alert record (content type 21): never CONNECTED, CONNACK or a WireFormatInfo.
      if (answer.length > 0) expect(answer[0]).toBe(0x15);
    }
  });

  it('runs the rendered configuration unchanged (its users, not an image default)', async () => {
    const stomp = broker.endpoints.stomp!;
    expect(await stompConnect(stomp, broker.caPem, ADMIN.username, ADMIN.password)).toMatch(/^CONNECTED\n/);
    const refused = await stompConnect(stomp, broker.caPem, ADMIN.username, 'not-the-password');
    expect(refused).toMatch(/^ERROR\n/);
    expect(refused).toContain('User name [admin] or password is invalid.');
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

  it('refuses an explicitly named image that is neither present nor pullable, with a hint', async () => {
    const missing = new TestcontainersRuntime({ image: 'amq-auth-harness/no-such-image:0' });
    const error = await missing.capabilities().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).message).toContain('amq-auth-harness/no-such-image:0');
    expect((error as InfrastructureError).hint).toContain('AMQ_AUTH_IMAGE');
  });

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
    tls: await createRunTls(), transports: ['openwire'], engineVersion: ${JSON.stringify(ENGINE_VERSION)},
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
