import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExternalRuntime } from '../../../src/broker/external/runtime';
import { LocalRuntime } from '../../../src/broker/local';
import { selectRuntime } from '../../../src/broker/select-runtime';
import { InfrastructureError, UsageError } from '../../../src/core/errors';

// Testcontainers falls back to the default socket when DOCKER_HOST does not answer, so "no Docker" is
// given as the answer of the check rather than arranged through the environment.
const noDocker = async () => ({
  ok: false,
  reason: 'no Docker engine answered at the default Docker socket: ENOENT',
});

describe('selectRuntime', () => {
  it('auto without Docker and without ActiveMQ explains how to get either', async () => {
    const env = { ...process.env, ACTIVEMQ_HOME: '/nonexistent/activemq' };
    const error = await selectRuntime('auto', { env, dockerAvailability: noDocker }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    const e = error as InfrastructureError;
    expect(e.message).toContain('no Docker engine');
    expect(e.message).toContain('/nonexistent/activemq');
    expect(e.hint).toMatch(/Docker/);
    expect(e.hint).toMatch(/ACTIVEMQ_HOME/);
  });

  (existsSync('/usr/share/activemq/bin/activemq.jar') ? it : it.skip)(
    'auto without Docker falls back to the local ActiveMQ and says so',
    async () => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.ACTIVEMQ_HOME;
      const { runtime, reason } = await selectRuntime('auto', { env, dockerAvailability: noDocker });
      expect(runtime).toBeInstanceOf(LocalRuntime);
      expect(reason).toMatch(/^no Docker engine \(.+\); using ActiveMQ at \/usr\/share\/activemq$/);
    },
  );

  it('auto with a Docker engine picks Testcontainers and gives the engine as the reason', async () => {
    const reason = 'Docker engine 20.10.24 (API 1.41) at unix:///var/run/docker.sock';
    const selected = await selectRuntime('auto', { dockerAvailability: async () => ({ ok: true, reason }) });
    expect(selected.runtime.kind).toBe('testcontainers');
    expect(selected.reason).toBe(reason);
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
