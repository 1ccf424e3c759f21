/**
 * ActiveMQ 5.17's advisory refusal at STOMP CONNECT and the client-id leak it causes, on a broker where
 * nobody with admin on the advisory topics has connected yet (so its own broker, started for this file).
 */
import type { Endpoint } from '../../src/broker/types';
import { Secret } from '../../src/core/secret';
import { newProbeId } from '../../src/probes/probe-message';
import { stompAdapter } from '../../src/probes/stomp/adapter';
import type { ProbeTarget } from '../../src/probes/types';
import { hasJava, startTestBroker, testPolicy, type TestBroker } from '../support/broker';
import { BROKER_START_TIMEOUT_MS, PROBE_TIMEOUT_MS, evidenceText } from './stomp-fixture';

// `plain` may use APP.> but has no rights on ActiveMQ.Advisory.>
const policy = testPolicy({
  users: [{ username: 'plain', password: 'plain-secret-pw', groups: ['plain'] }],
  authorization: {
    entries: [
      {
        id: 'queue://APP.>',
        type: 'queue',
        pattern: 'APP.>',
        read: ['plain'],
        write: ['plain'],
        admin: ['plain'],
      },
    ],
  },
});
const plain = { username: 'plain', password: new Secret('plain-secret-pw') };

let broker: TestBroker;
const skipReason = hasJava() ? null : 'no Java to run a local broker with';
const describeWithBroker = skipReason ? describe.skip : describe;

beforeAll(async () => {
  if (skipReason) return;
  broker = await startTestBroker(policy, { transports: ['stomp'] });
}, BROKER_START_TIMEOUT_MS);

afterAll(async () => {
  await broker?.stop();
});

describeWithBroker('stomp over TLS (real stomp+ssl connector), first connect after broker start', () => {
  const target = (): ProbeTarget => ({ endpoint: broker.endpoints.stomp as Endpoint, caPem: broker.caPem });

  it('denies a valid user without advisory admin, with the advisory text, and then reports the leaked client id as a conflict', async () => {
    const clientId = newProbeId('stomp-it-advisory');
    const first = await stompAdapter.connect(target(), plain, { clientId, timeoutMs: PROBE_TIMEOUT_MS });
    expect(first.observation.outcome).toBe('denied');
    expect(evidenceText(first.observation)).toContain(
      'User plain is not authorized to create: topic://ActiveMQ.Advisory.Connection',
    );
    expect(first.observation.detail).toMatch(/advisory topics as the connecting user/);

    const again = await stompAdapter.connect(target(), plain, { clientId, timeoutMs: PROBE_TIMEOUT_MS });
    await again.session?.close();
    expect(again.observation.clientIdConflict).toBe(true);
    expect(again.observation.outcome).toBe('inconclusive');
    expect(evidenceText(again.observation)).toContain(`Client: ${clientId} already connected from`);
  });
});
