import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalRuntime } from '../../../src/broker/external/runtime';
import { LocalRuntime } from '../../../src/broker/local';
import { selectRuntime } from '../../../src/broker/select-runtime';
import { InfrastructureError, UsageError } from '../../../src/core/errors';
import { writeJar } from './zip-fixture';

// Testcontainers falls back to the default socket when DOCKER_HOST does not answer, so "no Docker" is
// given as the answer of the check rather than arranged through the environment.
const noDocker = async () => ({
  ok: false,
  reason: 'no Docker engine answered at the default Docker socket: ENOENT',
});

/** A directory that looks like an ActiveMQ build to the harness (launcher jar and a versioned broker jar). */
function fakeBuild(version: string): string {
  const home = mkdtempSync(join(tmpdir(), 'amq-auth-fake-home-'));
  mkdirSync(join(home, 'bin'));
  mkdirSync(join(home, 'lib'));
  writeJar(join(home, 'bin', 'activemq.jar'), ['META-INF/MANIFEST.MF']);
  writeJar(join(home, 'lib', `activemq-broker-${version}.jar`), []);
  return home;
}

describe('selectRuntime', () => {
  it('auto without Docker and without a usable local broker says why for both', async () => {
    const env = { ...process.env, ACTIVEMQ_HOME: '/nonexistent/activemq' };
    const error = await selectRuntime('auto', {
      env,
      brokerVersion: '5.18.7',
      dockerAvailability: noDocker,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    const e = error as InfrastructureError;
    expect(e.message).toContain('no Docker engine');
    expect(e.message).toContain('/nonexistent/activemq');
    expect(e.hint).toMatch(/Java 17/);
    expect(e.hint).toMatch(/Docker/);
  });

  it('auto without Docker runs the local runtime and names the build it uses', async () => {
    const home = fakeBuild('5.18.4');
    const env: NodeJS.ProcessEnv = { ...process.env, ACTIVEMQ_HOME: home };
    const { runtime, reason } = await selectRuntime('auto', {
      env,
      brokerVersion: '5.18.7',
      dockerAvailability: noDocker,
    });
    expect(runtime).toBeInstanceOf(LocalRuntime);
    expect(reason).toBe(
      `no usable Docker (${(await noDocker()).reason}); your own ActiveMQ 5.18.4 at ${home}`,
    );
  });

  it('auto falls back to the local runtime when Docker answers but no image of the release can be had', async () => {
    const home = fakeBuild('5.18.7');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ACTIVEMQ_HOME: home,
      AMQ_AUTH_IMAGE: 'amq-auth-harness/no-such-image:0',
    };
    const { runtime, reason } = await selectRuntime('auto', {
      env,
      brokerVersion: '5.18.7',
      testcontainers: { env },
      dockerAvailability: async () => ({ ok: true, reason: 'Docker engine (stated by the test)' }),
    });
    expect(runtime).toBeInstanceOf(LocalRuntime);
    expect(reason).toMatch(
      /^no usable Docker \(a Docker engine answers, but .*amq-auth-harness\/no-such-image:0/,
    );
    expect(reason).toContain(`your own ActiveMQ 5.18.7 at ${home}`);
  });

  it('local without a broker version or ACTIVEMQ_HOME is a usage error', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.ACTIVEMQ_HOME;
    await expect(selectRuntime('local', { env })).rejects.toThrow(UsageError);
  });

  it('local with a missing ActiveMQ fails with the installation error', async () => {
    await expect(selectRuntime('local', { env: { ACTIVEMQ_HOME: '/nonexistent/activemq' } })).rejects.toThrow(
      InfrastructureError,
    );
  });

  it('external without a target file asks for --target', async () => {
    const error = await selectRuntime('external').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).hint).toMatch(/--target <file>/);
  });

  it('external with a target file describes the broker it will probe', async () => {
    const targetFile = join(mkdtempSync(join(tmpdir(), 'amq-auth-select-')), 'target.yaml');
    writeFileSync(
      targetFile,
      'endpoints:\n  stomp: stomp+ssl://b-1.mq.example.com:61614\nobserver:\n  username: admin\n  password: ${ADMIN_PW}\n',
    );
    const env = { ADMIN_PW: 'observer-password-1' };
    for (const kind of ['external', 'auto'] as const) {
      const { runtime, reason } = await selectRuntime(kind, { env, external: { targetFile } });
      expect(runtime).toBeInstanceOf(ExternalRuntime);
      expect(reason).toContain(`broker at stomp+ssl://b-1.mq.example.com:61614 from ${targetFile}`);
      expect(reason).toContain('trusting the system trust store');
    }
  });

  it('a target file with a runtime that starts its own broker is a usage error', async () => {
    await expect(selectRuntime('local', { external: { targetFile: 'target.yaml' } })).rejects.toThrow(
      /the local runtime starts its own/,
    );
  });
});

describe('src/broker public API', () => {
  it('exports the runtimes, capability probing and run TLS from one place', async () => {
    const api = await import('../../../src/broker');
    expect(typeof api.selectRuntime).toBe('function');
    expect(typeof api.LocalRuntime).toBe('function');
    expect(typeof api.detectTransportsInJarDirs).toBe('function');
    expect(typeof api.createRunTls).toBe('function');
    expect(typeof api.BrokerLogBuffer).toBe('function');
  });
});
