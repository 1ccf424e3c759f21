/**
 * Starts a real broker for integration tests: fresh TLS, a temporary run directory, the policy rendered by the
 * project's own renderer, every transport the runtime's build supports (or those asked for).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderBrokerXml } from '../../src/activemq-xml/render';
import { findActiveMq } from '../../src/broker/local/installation';
import { selectRuntime } from '../../src/broker/select-runtime';
import type { RunningBroker } from '../../src/broker/types';
import { Secret } from '../../src/core/secret';
import type { Policy, Transport } from '../../src/core/types';
import { createRunTls } from '../../src/tls';

export type TestRuntime = 'local' | 'testcontainers';
/** Which runtime integration tests use; default `local`. */
export const TEST_RUNTIME_ENV = 'AMQ_AUTH_TEST_RUNTIME';
/** Set to keep run directories (config, keystores, broker log) after stop() for inspection. */
export const KEEP_RUN_DIRS_ENV = 'AMQ_AUTH_KEEP_RUN_DIRS';

export interface StartTestBrokerOptions {
  runtime?: TestRuntime;
  /** default: every transport the runtime supports */
  transports?: Transport[];
}

export type TestBroker = RunningBroker & { runDir: string };

export function testRuntimeKind(): TestRuntime {
  const fromEnv = process.env[TEST_RUNTIME_ENV];
  if (fromEnv === undefined || fromEnv === '') return 'local';
  if (fromEnv === 'local' || fromEnv === 'testcontainers') return fromEnv;
  throw new Error(`${TEST_RUNTIME_ENV}=${fromEnv}: expected local or testcontainers`);
}

export async function startTestBroker(
  policy: Policy,
  opts: StartTestBrokerOptions = {},
): Promise<TestBroker> {
  const { runtime } = await selectRuntime(opts.runtime ?? testRuntimeKind());
  const transports = opts.transports ?? (await runtime.capabilities());
  const runDir = await mkdtemp(join(tmpdir(), 'amq-auth-test-'));
  const brokerName = `test-${randomBytes(4).toString('hex')}`;
  try {
    const broker = await runtime.start({
      brokerName,
      renderXml: (target) => renderBrokerXml(policy, target, { brokerName }),
      tls: await createRunTls(),
      transports,
      engineVersion: policy.engine.version,
      runDir,
    });
    const stopBroker = broker.stop.bind(broker);
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= stopBroker().then(async () => {
        if (!process.env[KEEP_RUN_DIRS_ENV]) await rm(runDir, { recursive: true, force: true });
      }));
    return Object.assign(broker, { runDir, stop });
  } catch (error) {
    if (!process.env[KEEP_RUN_DIRS_ENV]) await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}

/** Why integration tests against a local broker cannot run here, or null when they can. */
export async function localBrokerUnavailable(): Promise<string | null> {
  try {
    await findActiveMq(undefined);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export interface TestUser {
  username: string;
  password: string;
  groups: string[];
}

/** A Policy for tests: ActiveMQ 5.17.2, the given users, entries and declared destinations. */
export function testPolicy(parts: {
  users: TestUser[];
  authorization?: Policy['authorization'];
  destinations?: Policy['destinations'];
  anonymousAccessAllowed?: boolean;
}): Policy {
  return {
    source: { file: 'test-policy.yaml', kind: 'policy' },
    engine: { flavour: 'activemq', version: '5.17.2', versionParts: [5, 17, 2], id: 'activemq/5.17.2' },
    users: parts.users.map((u) => ({
      username: u.username,
      password: new Secret(u.password),
      passwordSource: 'literal',
      groups: u.groups,
    })),
    authorization: parts.authorization === undefined ? null : parts.authorization,
    destinations: parts.destinations ?? [],
    expectations: [],
    anonymousAccessAllowed: parts.anonymousAccessAllowed ?? false,
    diagnostics: [],
  };
}

/** True when this file can find a broker build of the default test runtime (used to skip with a message). */
export function hasDebianActiveMq(): boolean {
  return existsSync('/usr/share/activemq/bin/activemq.jar');
}
