/**
 * Starts a real broker for integration tests: fresh TLS, a temporary run directory, the policy rendered by the
 * project's own renderer, every transport the runtime's build supports (or those asked for).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { renderBrokerXml } from '../../src/activemq-xml/render';
import { findJava } from '../../src/broker/local/installation';
import { selectRuntime } from '../../src/broker/select-runtime';
import type { RunningBroker } from '../../src/broker/types';
import { Secret } from '../../src/core/secret';
import type { AuthorizationEntry, DestinationType, Policy, Transport } from '../../src/core/types';
import { createRunTls } from '../../src/tls';

export type TestRuntime = 'local' | 'testcontainers';
/** Which runtime integration tests use; default `local`. */
export const TEST_RUNTIME_ENV = 'AMQ_AUTH_TEST_RUNTIME';
/** Set to keep run directories (config, keystores, broker log) after stop() for inspection. */
export const KEEP_RUN_DIRS_ENV = 'AMQ_AUTH_KEEP_RUN_DIRS';

/** The releases integration tests run against: what amazon-mq/5.18 and amazon-mq/5.19 run. */
export const TEST_BROKER_VERSIONS = ['5.18.7', '5.19.1'] as const;
/** Overrides the release a single-version test starts (default the first of TEST_BROKER_VERSIONS). */
export const TEST_BROKER_VERSION_ENV = 'AMQ_AUTH_TEST_BROKER_VERSION';

export function testBrokerVersion(): string {
  return process.env[TEST_BROKER_VERSION_ENV] || TEST_BROKER_VERSIONS[0];
}

export interface StartTestBrokerOptions {
  runtime?: TestRuntime;
  /** the ActiveMQ release; default testBrokerVersion() */
  brokerVersion?: string;
  /** default: every transport the runtime supports */
  transports?: Transport[];
}

/** A started broker, where its files are, and the certificate the run gave it. */
export type TestBroker = RunningBroker & { runDir: string; serverCertPem: string };

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
  const brokerVersion = opts.brokerVersion ?? testBrokerVersion();
  const { runtime } = await selectRuntime(opts.runtime ?? testRuntimeKind(), { brokerVersion });
  const transports = opts.transports ?? (await runtime.capabilities(brokerVersion));
  const runDir = await mkdtemp(join(tmpdir(), 'amq-auth-test-'));
  const brokerName = `test-${randomBytes(4).toString('hex')}`;
  try {
    const tls = await createRunTls();
    const broker = await runtime.start({
      brokerName,
      renderXml: (target) => renderBrokerXml(policy, target, { brokerName }),
      tls,
      transports,
      brokerVersion,
      runDir,
    });
    const stopBroker = broker.stop.bind(broker);
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= stopBroker().then(async () => {
        if (!process.env[KEEP_RUN_DIRS_ENV]) await rm(runDir, { recursive: true, force: true });
      }));
    return Object.assign(broker, { runDir, stop, serverCertPem: tls.serverCertPem });
  } catch (error) {
    if (!process.env[KEEP_RUN_DIRS_ENV]) await rm(runDir, { recursive: true, force: true });
    throw error;
  }
}

/** Why integration tests against a local broker cannot run here (no Java), or null when they can. */
export async function localBrokerUnavailable(): Promise<string | null> {
  try {
    await findJava(undefined);
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

/** Read, write and admin for the admins alone. */
export const ADMINS_ONLY = { read: ['admins'], write: ['admins'], admin: ['admins'] };

/** An authorization entry of a test policy, its id as the broker XML parser would give it. */
export function testEntry(
  type: DestinationType,
  pattern: string,
  acl: Pick<AuthorizationEntry, 'read' | 'write' | 'admin'>,
): AuthorizationEntry {
  return { id: `${type}://${pattern}`, type, pattern, ...acl };
}

/** A Policy for tests: activemq/<release> (default the test release), the given users, entries and destinations. */
export function testPolicy(parts: {
  brokerVersion?: string;
  users: TestUser[];
  authorization?: Policy['authorization'];
  destinations?: Policy['destinations'];
  anonymousAccessAllowed?: boolean;
}): Policy {
  return {
    source: { file: 'test-policy.yaml', kind: 'policy' },
    engine: activemqEngine(parts.brokerVersion ?? testBrokerVersion()),
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

export function activemqEngine(version: string): Policy['engine'] {
  return {
    flavour: 'activemq',
    version,
    versionParts: version.split('.').map(Number),
    id: `activemq/${version}`,
  };
}

/**
 * Whether a local broker can run here: a Java on PATH or JAVA_HOME (the harness downloads the broker
 * itself). Used at collection time to skip, with the reason in the title, where it cannot.
 */
export function hasJava(): boolean {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin', 'java'))) return true;
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'java')));
}
