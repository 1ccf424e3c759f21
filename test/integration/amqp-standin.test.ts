/**
 * The AMQP adapter against the STAND-IN for ActiveMQ 5.17.2's AMQP connector (test/support/amqp-standin): this
 * machine's ActiveMQ build has no AMQP transport. amqp-broker.test.ts runs the same contract against a real broker
 * where one with AMQP is available.
 */
import { connect as tlsConnect, createServer, type Server } from 'node:tls';
import type { TlsBundle } from '../../src/broker/types';
import { amqpAdapter } from '../../src/probes/amqp/adapter';
import type { ProbeTarget } from '../../src/probes/types';
import { createRunTls } from '../../src/tls';
import { startAmqpStandin, type AmqpStandin } from '../support/amqp-standin';
import { RECORDED_DESTINATIONS, RECORDED_USERS, recordedAcl } from '../support/amqp-standin/recorded-acl';
import {
  PROBE_TIMEOUT_MS,
  connectAs,
  describeAmqpAdapterContract,
  evidenceText,
  freshClientId,
  login,
} from './amqp-contract';

/** Long enough that an adapter waiting for the server to hang up would visibly overrun it. */
const SASL_HOLD_MS = 5_000;
const SILENT_SERVER_TIMEOUT_MS = 300;

let tls: TlsBundle;
let standin: AmqpStandin;
const target = (): ProbeTarget => ({ endpoint: standin.endpoint, caPem: tls.caPem });

beforeAll(async () => {
  tls = await createRunTls();
  standin = await startAmqpStandin({
    tls,
    users: RECORDED_USERS,
    acl: recordedAcl,
    destinations: RECORDED_DESTINATIONS,
    saslFailureHoldMs: SASL_HOLD_MS,
  });
});

afterAll(async () => {
  await standin?.stop();
});

describe('AMQP adapter against the ActiveMQ 5.17.2 stand-in', () => {
  describeAmqpAdapterContract(target);

  it('closes the socket itself after a failed SASL exchange although the server keeps it open', async () => {
    const result = await connectAs(target(), login('producer', 'WRONG'));
    expect(result.observation.outcome).toBe('denied');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(standin.openSocketCount()).toBe(0);
  });

  it('grants SASL ANONYMOUS when the broker allows anonymous access', async () => {
    const open = await startAmqpStandin({ tls, users: [], acl: () => true, anonymousAccessAllowed: true });
    try {
      const result = await connectAs({ endpoint: open.endpoint, caPem: tls.caPem }, {});
      expect(result.observation.outcome).toBe('granted');
      await result.session?.close();
    } finally {
      await open.stop();
    }
  });
});

describe('connection advisory refusal and the leaked client id (record section 0)', () => {
  let fresh: AmqpStandin;
  const freshTarget = (): ProbeTarget => ({ endpoint: fresh.endpoint, caPem: tls.caPem });

  beforeAll(async () => {
    // No advisory topic yet: as right after a broker start.
    fresh = await startAmqpStandin({
      tls,
      users: RECORDED_USERS,
      acl: recordedAcl,
      destinations: RECORDED_DESTINATIONS.filter((d) => d.kind === 'queue'),
    });
  });
  afterAll(async () => {
    await fresh?.stop();
  });

  it('denies, then classifies the reused client id as a conflict, never as a denial', async () => {
    const clientId = freshClientId('fixed');
    const first = await amqpAdapter.connect(freshTarget(), login('nobody'), {
      clientId,
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    expect(first.observation.outcome).toBe('denied');
    expect(first.observation.detail).toBe(
      'amqp:unauthorized-access: User nobody is not authorized to create: topic://ActiveMQ.Advisory.Connection',
    );
    expect(evidenceText(first.observation.evidence)).toMatch(/\[wire\] open .*\n(.*\n)*\[wire\] close /);

    const privileged = await connectAs(freshTarget(), login('consumer'));
    expect(privileged.observation.outcome).toBe('granted');
    await privileged.session?.close();

    const again = await amqpAdapter.connect(freshTarget(), login('nobody'), {
      clientId,
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    expect(again.observation.outcome).toBe('inconclusive');
    expect(again.observation.clientIdConflict).toBe(true);
    expect(again.observation.detail).toContain(`Client: ${clientId} already connected from tcp://127.0.0.1:`);
    expect(evidenceText(again.observation.evidence)).toContain('"condition":"amqp:invalid-field"');

    const withFreshId = await connectAs(freshTarget(), login('nobody'));
    expect(withFreshId.observation.outcome).toBe('granted');
    await withFreshId.session?.close();
  });
});

describe('TLS and timeouts', () => {
  it('does not connect to a server whose certificate the run CA did not sign', async () => {
    const otherTls = await createRunTls();
    const result = await connectAs({ endpoint: standin.endpoint, caPem: otherTls.caPem }, login('producer'));
    expect(result.session).toBeUndefined();
    expect(result.observation.outcome).toBe('inconclusive');
    expect(result.observation.detail).toMatch(/connection failed: .*certificate/i);
  });

  it('reports a server that never answers as inconclusive after the timeout', async () => {
    const silent: Server = createServer({ pfx: tls.keystoreP12, passphrase: tls.keystorePassword.reveal() });
    // Reads and discards, so the client's hang-up is noticed and close() can finish.
    silent.on('secureConnection', (socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const result = await amqpAdapter.connect(
        {
          endpoint: { transport: 'amqp', host: '127.0.0.1', port, url: `amqp+ssl://localhost:${port}` },
          caPem: tls.caPem,
        },
        login('producer'),
        { clientId: freshClientId('silent'), timeoutMs: SILENT_SERVER_TIMEOUT_MS },
      );
      expect(result.observation.outcome).toBe('inconclusive');
      expect(result.observation.evidence.some((e) => e.source === 'timer')).toBe(true);
      expect(result.observation.durationMs).toBeGreaterThanOrEqual(SILENT_SERVER_TIMEOUT_MS);
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('the stand-in itself, seen from a bare TLS socket', () => {
  it('answers a header without SASL with the SASL header and hangs up (row 4a-raw)', async () => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: standin.endpoint.port,
      ca: tls.caPem,
      servername: 'localhost',
    });
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
    socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 1, 0, 0]));
    await new Promise<void>((resolve) => socket.once('end', () => resolve()));
    socket.destroy();
    expect(Buffer.concat(received).toString('hex')).toBe('414d515003010000');
  });
});
