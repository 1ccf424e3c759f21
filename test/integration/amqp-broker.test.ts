/**
 * The AMQP adapter contract against a REAL ActiveMQ broker, wherever the test runtime's build has the `amqp`
 * transport (the official image; an ACTIVEMQ_HOME with activemq-amqp). Debian's build here has none, so on this
 * machine the suite is skipped and amqp-standin.test.ts carries the contract.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { AuthorizationEntry } from '../../src/core/types';
import type { Endpoint } from '../../src/broker/types';
import type { ProbeTarget } from '../../src/probes/types';
import {
  RECORDED_DESTINATIONS,
  RECORDED_ENTRIES,
  RECORDED_USERS,
} from '../support/amqp-standin/recorded-acl';
import { startTestBroker, testPolicy, type TestBroker } from '../support/broker';
import { describeAmqpAdapterContract } from './amqp-contract';

const BROKER_START_TIMEOUT_MS = 120_000;
const CAPABILITY_PROBE_TIMEOUT_MS = 60_000;
const REPO_ROOT = join(__dirname, '..', '..');

/**
 * Jest decides what to skip before any hook runs, so the runtime's capabilities are asked in a child process
 * (the same selectRuntime/capabilities code the suite would use) while the file is collected.
 */
function amqpCapability(): { supported: boolean; reason: string } {
  const script = `
    const { selectRuntime } = require(${JSON.stringify(join(REPO_ROOT, 'src/broker/select-runtime'))});
    const { testRuntimeKind } = require(${JSON.stringify(join(REPO_ROOT, 'test/support/broker'))});
    selectRuntime(testRuntimeKind())
      .then(({ runtime }) => runtime.capabilities())
      .then((transports) => process.stdout.write(JSON.stringify({ transports })))
      .catch((e) => process.stdout.write(JSON.stringify({ error: String(e && e.message) })));`;
  const run = spawnSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['-e', script], {
    encoding: 'utf8',
    timeout: CAPABILITY_PROBE_TIMEOUT_MS,
  });
  try {
    const answer = JSON.parse(run.stdout) as { transports?: string[]; error?: string };
    if (answer.transports?.includes('amqp')) return { supported: true, reason: 'runtime reports amqp' };
    return {
      supported: false,
      reason: answer.error ?? `runtime transports: ${answer.transports?.join(', ')}`,
    };
  } catch {
    return { supported: false, reason: `capability probe failed: ${run.stderr || run.error?.message}` };
  }
}

const capability = amqpCapability();
const describeWithAmqpBroker = capability.supported ? describe : describe.skip;
if (!capability.supported) {
  // Visible in the run's output, so a skip is never mistaken for a pass.
  console.info(`amqp-broker.test.ts skipped: ${capability.reason}`);
}

const entries: AuthorizationEntry[] = RECORDED_ENTRIES.map((e) => ({ ...e, id: `${e.type}://${e.pattern}` }));

describeWithAmqpBroker('AMQP adapter against a real ActiveMQ broker', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await startTestBroker(
      testPolicy({
        users: RECORDED_USERS.map((u) => ({
          username: u.username,
          password: u.password.reveal(),
          groups: u.groups,
        })),
        authorization: { entries },
        destinations: RECORDED_DESTINATIONS,
      }),
      { transports: ['amqp'] },
    );
  }, BROKER_START_TIMEOUT_MS);

  afterAll(async () => {
    await broker?.stop();
  });

  describeAmqpAdapterContract((): ProbeTarget => ({
    endpoint: broker.endpoints.amqp as Endpoint,
    caPem: broker.caPem,
  }));
});
