/**
 * Start-up faults of the local runtime: a port already taken, a broker that never becomes ready. Each
 * fails with a clear BrokerStartError within a bounded time and leaves no process behind.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderBrokerXml } from '../../src/activemq-xml/render';
import { LocalRuntime } from '../../src/broker/local';
import { BrokerStartError } from '../../src/core/errors';
import { createRunTls } from '../../src/tls';
import { hasJava, testBrokerVersion, testPolicy } from '../support/broker';

const FAIL_WITHIN_MS = 15_000;
const NEVER_READY_TIMEOUT_MS = 3_000;
/** What `java -version` prints first on a Java 17 (on stderr). */
const JAVA_17_VERSION_LINE = 'openjdk version "17.0.15" 2025-04-15';
const describeBroker = hasJava() ? describe : describe.skip;
if (!hasJava()) console.warn('start fault tests skipped: no Java to run a local broker with');

const policy = testPolicy({
  users: [{ username: 'admin', password: 'Admin-Passw0rd!', groups: ['admins'] }],
});

async function request(name: string) {
  return {
    brokerName: name,
    renderXml: (target: Parameters<typeof renderBrokerXml>[1]) =>
      renderBrokerXml(policy, target, { brokerName: name }),
    tls: await createRunTls(),
    transports: ['stomp' as const],
    brokerVersion: testBrokerVersion(),
    runDir: mkdtempSync(join(tmpdir(), 'amq-auth-start-fault-')),
  };
}

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

async function noProcessNamed(name: string, withinMs: number): Promise<boolean> {
  const running = () =>
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .some((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(name);
        } catch {
          return false;
        }
      });
  const until = Date.now() + withinMs;
  while (running() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  return !running();
}

describeBroker('broker start faults (local runtime)', () => {
  jest.setTimeout(60_000);

  it('a port already taken fails fast with the broker own error line', async () => {
    const { server, port } = await listen();
    try {
      const runtime = new LocalRuntime({ ports: { stomp: port } });
      const started = Date.now();
      const error = await runtime.start(await request('port-taken')).then(
        (broker) => broker.stop().then(() => new Error('the broker started on a taken port')),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BrokerStartError);
      expect(Date.now() - started).toBeLessThan(FAIL_WITHIN_MS);
      expect((error as BrokerStartError).brokerLines.join('\n')).toMatch(
        /Address already in use|BindException/,
      );
    } finally {
      server.close();
    }
  });

  it('a broker that never becomes ready fails after the start timeout, and its process is gone', async () => {
    // a "java" that passes the version check and then says nothing, like a JVM that hangs before the
    // broker is up
    const javaHome = mkdtempSync(join(tmpdir(), 'amq-auth-fake-java-'));
    mkdirSync(join(javaHome, 'bin'));
    const marker = `amq-auth-never-ready-${process.pid}`;
    writeFileSync(
      join(javaHome, 'bin', 'java'),
      [
        '#!/bin/bash',
        `[ "$1" = -version ] && { echo '${JAVA_17_VERSION_LINE}' >&2; exit 0; }`,
        `exec -a ${marker} sleep 300`,
        '',
      ].join('\n'),
    );
    chmodSync(join(javaHome, 'bin', 'java'), 0o755);
    const runtime = new LocalRuntime({ javaHome, startTimeoutMs: NEVER_READY_TIMEOUT_MS });
    const started = Date.now();
    const error = await runtime.start(await request('never-ready')).then(
      () => new Error('start resolved'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BrokerStartError);
    expect((error as BrokerStartError).message).toContain(
      `it was not ready within ${NEVER_READY_TIMEOUT_MS} ms`,
    );
    expect(Date.now() - started).toBeLessThan(NEVER_READY_TIMEOUT_MS + FAIL_WITHIN_MS);
    expect(await noProcessNamed(marker, 5_000)).toBe(true);
  });
});
