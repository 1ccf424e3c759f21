/**
 * The external runtime against real TLS servers on loopback (certificates from the run CA): handshakes
 * are verified, and every way an endpoint can fail is named, bounded in time and typed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { ExternalRuntime, SYSTEM_TRUST_STORE_CA_PEM } from '../../../src/broker/external/runtime';
import { parseTargetText } from '../../../src/broker/external/target-file';
import { checkEndpointsAnswer, tlsHandshake } from '../../../src/broker/external/tls-handshake';
import type { BrokerStartRequest, Endpoint, TlsBundle } from '../../../src/broker/types';
import { InfrastructureError } from '../../../src/core/errors';
import { createRunTls } from '../../../src/tls';

/** Short, so a test of a silent endpoint stays fast; the point is that it is bounded. */
const TEST_HANDSHAKE_TIMEOUT_MS = 800;
/** Refused or silent endpoints must fail well within this. */
const FAIL_FAST_BOUND_MS = 3_000;
const SETTLE_CHECK_MS = 50;

let runTls: TlsBundle;
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();

function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

function tlsServer(): Promise<number> {
  const server = tls.createServer(
    { pfx: runTls.keystoreP12, passphrase: runTls.keystorePassword.reveal() },
    (socket) => socket.end(),
  );
  return listen(server);
}

/** Accepts TCP and never answers: a firewall that lets SYN through, or a non-TLS service waiting for input. */
function silentServer(): Promise<number> {
  return listen(net.createServer(() => undefined));
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function endpoint(port: number, host = 'localhost', serverName?: string): Endpoint {
  return {
    transport: 'stomp',
    host,
    port,
    url: `stomp+ssl://${host}:${port}`,
    ...(serverName ? { serverName } : {}),
  };
}

function startRequest(): BrokerStartRequest {
  return {
    brokerName: 'unused',
    renderXml: () => {
      throw new Error('an external runtime must not render broker XML');
    },
    tls: runTls,
    transports: ['stomp', 'mqtt'],
    brokerVersion: '5.18.7',
    runDir: '/nonexistent',
  };
}

beforeAll(async () => {
  runTls = await createRunTls();
});

afterAll(async () => {
  // a silent server's connections stay open, and close() waits for them
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('TLS handshake check', () => {
  it('completes a verified handshake with the right CA', async () => {
    const result = await tlsHandshake(endpoint(await tlsServer()), runTls.caPem);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.protocol).toMatch(/^TLSv1\.[23]$/);
  });

  it('refuses a certificate the trust store does not know, and says to give the CA', async () => {
    const result = await tlsHandshake(endpoint(await tlsServer()), SYSTEM_TRUST_STORE_CA_PEM);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(/certificate is not trusted/);
      expect(result.hint).toMatch(/ca: <file\.pem>/);
    }
  });

  it('takes the empty CA to mean the default trust store, NODE_EXTRA_CA_CERTS included (not "trust nothing")', async () => {
    const port = await tlsServer();
    const caFile = join(mkdtempSync(join(tmpdir(), 'amq-auth-ca-')), 'extra-ca.pem');
    writeFileSync(caFile, runTls.caPem);
    // NODE_EXTRA_CA_CERTS is read at process start, so the handshake runs in a fresh node
    const script = `require('node:tls').connect({host: 'localhost', port: ${port}, ca: ${JSON.stringify(SYSTEM_TRUST_STORE_CA_PEM)}, rejectUnauthorized: true})
      .on('secureConnect', function () { console.log('trusted'); this.destroy(); })
      .on('error', (e) => { console.log(e.code); });`;
    const run = (env: NodeJS.ProcessEnv) =>
      new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['-e', script], { env }, (error, stdout) =>
          error ? reject(error) : resolve(stdout.trim()),
        ),
      );
    const withoutExtra = { ...process.env };
    delete withoutExtra.NODE_EXTRA_CA_CERTS;
    expect(await run({ ...withoutExtra, NODE_EXTRA_CA_CERTS: caFile })).toBe('trusted');
    expect(await run(withoutExtra)).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('verifies the certificate against serverName, not the address connected to', async () => {
    const port = await tlsServer();
    const byIp = await tlsHandshake(endpoint(port, '127.0.0.1', 'localhost'), runTls.caPem);
    expect(byIp.ok).toBe(true);
    const wrongName = await tlsHandshake(endpoint(port, '127.0.0.1', 'b-1.mq.example.com'), runTls.caPem);
    expect(wrongName.ok).toBe(false);
    if (!wrongName.ok) {
      expect(wrongName.reason).toMatch(/not issued for b-1\.mq\.example\.com/);
      expect(wrongName.hint).toMatch(/serverName/);
    }
  });

  it('names a refused endpoint at once', async () => {
    const started = Date.now();
    const result = await tlsHandshake(endpoint(await closedPort()), runTls.caPem);
    expect(Date.now() - started).toBeLessThan(FAIL_FAST_BOUND_MS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe('connection refused');
  });

  it('gives up on a silent endpoint after the timeout', async () => {
    const result = await tlsHandshake(
      endpoint(await silentServer()),
      runTls.caPem,
      TEST_HANDSHAKE_TIMEOUT_MS,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(`no TLS handshake within ${TEST_HANDSHAKE_TIMEOUT_MS} ms`);
      expect(result.durationMs).toBeGreaterThanOrEqual(TEST_HANDSHAKE_TIMEOUT_MS - 5);
      expect(result.durationMs).toBeLessThan(FAIL_FAST_BOUND_MS);
    }
  });

  it('lists every failing endpoint in one infrastructure error', async () => {
    const good = endpoint(await tlsServer());
    const refused = endpoint(await closedPort());
    const silent = { ...endpoint(await silentServer()), transport: 'mqtt' as const };
    const error = await checkEndpointsAnswer(
      [good, refused, silent],
      runTls.caPem,
      TEST_HANDSHAKE_TIMEOUT_MS,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    const e = error as InfrastructureError;
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain('at 2 endpoints');
    expect(e.message).toContain(`${refused.url}: connection refused`);
    expect(e.message).toContain(`${silent.url}: no TLS handshake within`);
    expect(e.message).not.toContain(good.url);
  });
});

describe('ExternalRuntime', () => {
  const targetFor = (stompPort: number, mqttPort: number, ca = 'none') =>
    parseTargetText(
      `endpoints:\n  stomp: localhost:${stompPort}\n  mqtt: localhost:${mqttPort}\nobserver: {username: admin, password: '\${ADMIN_PW}'}\n`,
      `/tmp/target-${ca}.yaml`,
      { env: { ADMIN_PW: 'observer-password-1' } },
    );

  it('reports the transports the target file gives as its capabilities', async () => {
    const runtime = new ExternalRuntime(targetFor(1, 2));
    expect(await runtime.capabilities()).toEqual(['stomp', 'mqtt']);
    expect(runtime.kind).toBe('external');
  });

  it('hands back the endpoints, CA and observer login, with no log, no exit and a stop that does nothing', async () => {
    const target = targetFor(await tlsServer(), await tlsServer());
    const withCa = new ExternalRuntime({
      ...target,
      ca: { source: 'file', path: 'ca.pem', pem: runTls.caPem },
    });
    const broker = await withCa.start({ ...startRequest(), transports: ['stomp'] });
    expect(broker.runtime).toBe('external');
    expect(broker.brokerName).toBe('localhost');
    expect(Object.keys(broker.endpoints)).toEqual(['stomp']);
    expect(broker.endpoints.stomp).toEqual(target.endpoints.stomp);
    expect(broker.caPem).toBe(runTls.caPem);
    expect(broker.observerCredentials?.username).toBe('admin');
    expect(broker.observerCredentials?.password.reveal()).toBe('observer-password-1');
    expect(broker.log.unavailableReason).toMatch(/cannot read an external broker's log/);
    expect(broker.log.lines()).toEqual([]);
    expect(await broker.log.waitFor(/anything/, 60_000)).toBeNull();
    await broker.stop();
    const exited = await Promise.race([
      broker.exited.then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('pending'), SETTLE_CHECK_MS)),
    ]);
    expect(exited).toBe('pending');
  });

  it('without a ca: uses the system trust store, so a private CA is refused before any case', async () => {
    const runtime = new ExternalRuntime(targetFor(await tlsServer(), await tlsServer()));
    expect(runtime.caPem).toBe(SYSTEM_TRUST_STORE_CA_PEM);
    await expect(runtime.start(startRequest())).rejects.toThrow(/certificate is not trusted/);
  });

  it('fails with an infrastructure error naming an unreachable endpoint within seconds', async () => {
    const port = await closedPort();
    const runtime = new ExternalRuntime(
      { ...targetFor(port, await tlsServer()), ca: { source: 'file', path: 'ca.pem', pem: runTls.caPem } },
      { handshakeTimeoutMs: TEST_HANDSHAKE_TIMEOUT_MS },
    );
    const started = Date.now();
    const error = await runtime.start(startRequest()).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(FAIL_FAST_BOUND_MS);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).message).toBe(
      `the external broker did not answer a TLS handshake at stomp+ssl://localhost:${port}: connection refused`,
    );
  });
});
