/**
 * `--runtime external` through the whole check pipeline, against a real broker the test starts with the
 * local runtime (real TLS with its own CA, real endpoints, real users); the run knows it only through a
 * target file, as it would know an Amazon MQ staging broker.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SKIP_CREATE_ON_EXTERNAL } from '../../src/broker/external/scope';
import { runCheck } from '../../src/check/run-check';
import type { RunResult } from '../../src/check/run-result';
import { formatDestination } from '../../src/core/destination';
import { InfrastructureError } from '../../src/core/errors';
import { loadPolicyFile } from '../../src/policy';
import { localBrokerUnavailable, startTestBroker, type TestBroker } from '../support/broker';

const RUN_TIMEOUT_MS = 180_000;
/** An unreachable endpoint must end the run this fast (the handshake is refused, nothing waits). */
const UNREACHABLE_FAIL_BOUND_MS = 5_000;

const env = {
  EXT_ADMIN_PASSWORD: 'Ext-Admin-Password-1',
  EXT_WRITER_PASSWORD: 'Ext-Writer-Password-2',
  EXT_READER_PASSWORD: 'Ext-Reader-Password-3',
};

const policyYaml = `engine: activemq/5.17.2
users:
  - username: ext-admin
    password: \${EXT_ADMIN_PASSWORD}
    groups: [admins]
  - username: ext-writer
    password: \${EXT_WRITER_PASSWORD}
    groups: [writers]
  - username: ext-reader
    password: \${EXT_READER_PASSWORD}
    groups: [readers]
authorization:
  entries:
    - queue: '>'
      read: [admins]
      write: [admins]
      admin: [admins]
    - topic: '>'
      read: [admins]
      write: [admins]
      admin: [admins]
    - queue: 'APP.>'
      read: [readers]
      write: [writers]
      admin: [admins]
    - topic: 'APP.>'
      read: [readers]
      write: [writers]
      admin: [admins]
    - topic: 'ActiveMQ.Advisory.>'
      read: [admins, writers, readers]
      write: [admins, writers, readers]
      admin: [admins, writers, readers]
  tempDestinations:
    read: [admins, writers, readers]
    write: [admins, writers, readers]
    admin: [admins, writers, readers]
destinations:
  - queue://APP.orders
  - topic://APP.events
expectations:
  - user: ext-writer
    can: [produce]
    cannot: [consume]
    on: queue://APP.orders
  - user: ext-reader
    can: [consume]
    cannot: [produce]
    on: topic://APP.events
  - user: ext-writer
    cannot: [create]
    on: queue://APP.unplanned
`;

const DECLARED = ['queue://APP.orders', 'topic://APP.events'];

function writeRunFiles(dir: string, targetYaml: string): { policyFile: string; targetFile: string } {
  const policyFile = join(dir, 'policy.yaml');
  const targetFile = join(dir, 'target.yaml');
  writeFileSync(policyFile, policyYaml);
  writeFileSync(targetFile, targetYaml);
  return { policyFile, targetFile };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('external runtime, unreachable broker', () => {
  it('fails the run with an infrastructure error naming the endpoint within seconds', async () => {
    const port = await closedPort();
    const dir = mkdtempSync(join(tmpdir(), 'amq-auth-external-'));
    const { policyFile, targetFile } = writeRunFiles(
      dir,
      `endpoints:\n  stomp: stomp+ssl://localhost:${port}\nobserver:\n  username: ext-admin\n  password: \${EXT_ADMIN_PASSWORD}\n`,
    );
    const started = Date.now();
    const error = await runCheck({
      input: policyFile,
      env,
      runtime: 'external',
      runtimeOptions: { env, external: { targetFile } },
      protocols: ['stomp'],
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(UNREACHABLE_FAIL_BOUND_MS);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).message).toContain(
      `stomp+ssl://localhost:${port}: connection refused`,
    );
  });
});

let unavailable: string | null = null;

describe('external runtime against a real broker it does not manage', () => {
  jest.setTimeout(RUN_TIMEOUT_MS);
  let broker: TestBroker | undefined;
  let dir: string;
  let files: { policyFile: string; targetFile: string };

  beforeAll(async () => {
    unavailable = await localBrokerUnavailable();
    if (unavailable) {
      console.warn(`external runtime integration skipped: ${unavailable}`);
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'amq-auth-external-'));
    writeFileSync(join(dir, 'policy.yaml'), policyYaml);
    // the broker runs the team's policy exactly; an external run adds nothing to it
    broker = await startTestBroker(loadPolicyFile(join(dir, 'policy.yaml'), { env }), {
      runtime: 'local',
      transports: ['stomp', 'mqtt'],
    });
    writeFileSync(join(dir, 'broker-ca.pem'), broker.caPem);
    const { stomp, mqtt } = broker.endpoints;
    files = writeRunFiles(
      dir,
      `endpoints:
  stomp: ${stomp?.url}
  mqtt: ${mqtt?.host}:${mqtt?.port}
ca: ./broker-ca.pem
observer:
  username: ext-admin
  password: \${EXT_ADMIN_PASSWORD}
`,
    );
  });

  afterAll(async () => {
    await broker?.stop();
  });

  const check = (): Promise<RunResult> =>
    runCheck({
      input: files.policyFile,
      env,
      runtime: 'external',
      runtimeOptions: { env, external: { targetFile: files.targetFile } },
      protocols: ['stomp', 'mqtt'],
    });

  it('checks stomp and mqtt with the target observer, only on declared destinations', async () => {
    if (unavailable) return;
    const lines = broker!.log.mark();
    const result = await check();

    expect(result.runtime.kind).toBe('external');
    expect(result.capabilities).toEqual(['stomp', 'mqtt']);
    expect(result.counts['expectation-failure']).toBe(0);
    expect(result.counts['model-disagreement']).toBe(0);
    expect(result.counts.pass).toBeGreaterThan(20);

    const byId = new Map(result.verdicts.map((v) => [v.case.id, v]));
    for (const id of [
      'stomp ext-writer produce queue://APP.orders',
      'stomp ext-writer consume queue://APP.orders',
      'stomp ext-reader consume topic://APP.events',
      'stomp ext-reader produce topic://APP.events',
      'mqtt ext-reader consume topic://APP.events',
      'mqtt ext-writer produce topic://APP.events',
    ]) {
      expect(byId.get(id)?.kind).toBe('pass');
      expect(byId.get(id)?.case.expectation ?? byId.get(id)?.case.prediction).toBeDefined();
    }
    expect(
      byId
        .get('stomp ext-writer consume queue://APP.orders')
        ?.observation?.evidence.map((e) => e.text)
        .join('\n'),
    ).toMatch(/not authorized to read from/);

    // MQTT acks an unauthorized publish; without the broker's log the denial cannot be proven
    const silent = byId.get('mqtt ext-reader produce topic://APP.events');
    expect(silent?.kind).toBe('inconclusive');
    expect(silent?.summary).toMatch(/not delivered to observer/);
    expect(silent?.summary).toMatch(/cannot read an external broker's log .*CloudWatch/);
    const inconclusive = result.verdicts.filter((v) => v.kind === 'inconclusive');
    expect(inconclusive.every((v) => v.case.protocol === 'mqtt' && v.case.operation === 'produce')).toBe(
      true,
    );
    expect(inconclusive.every((v) => !v.case.prediction.allowed)).toBe(true);

    // nothing outside the declared destinations was touched, and nothing was created; request/reply's
    // temporary queue is the client's own and ends with its connection
    const probed = result.verdicts.filter((v) => v.kind !== 'skipped' && v.case.destination);
    expect(new Set(probed.map((v) => formatDestination(v.case.destination!)))).toEqual(
      new Set([...DECLARED, 'temp-queue://(own)']),
    );
    const creates = result.verdicts.filter((v) => v.case.operation === 'create');
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.every((v) => v.kind === 'skipped')).toBe(true);
    const stompCreates = creates.filter((v) => v.case.protocol === 'stomp');
    expect(stompCreates.length).toBeGreaterThan(0);
    for (const v of stompCreates) expect(v.summary).toBe(`skipped: ${SKIP_CREATE_ON_EXTERNAL}`);

    // the broker saw only the team's users: the harness's own observer user never logged in
    const brokerSaid = broker!.log.since(lines).join('\n');
    expect(brokerSaid).not.toContain('amq-auth-observer');

    const written = JSON.stringify(result);
    for (const password of Object.values(env)) expect(written).not.toContain(password);
  });

  it('stops at the observer when its login is wrong, before any case', async () => {
    if (unavailable) return;
    const error = await runCheck({
      input: files.policyFile,
      env,
      runtime: 'external',
      runtimeOptions: {
        env: { ...env, EXT_ADMIN_PASSWORD: 'Not-The-Admin-Password-9' },
        external: { targetFile: files.targetFile },
      },
      protocols: ['stomp'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfrastructureError);
    expect((error as InfrastructureError).message).toMatch(/admin observer could not connect as "ext-admin"/);
    expect((error as InfrastructureError).describe()).not.toContain('Not-The-Admin-Password-9');
  });
});
