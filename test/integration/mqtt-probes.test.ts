/**
 * The MQTT adapters against a real ActiveMQ broker: over TLS to its `mqtt+ssl` connector, and over WSS
 * through the WebSocket-to-TLS relay stand-in (this build has no `wss` connector; see
 * test/support/ws-tls-relay.ts for why that is faithful and where it is not).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Endpoint, TlsBundle } from '../../src/broker/types';
import { Secret } from '../../src/core/secret';
import type { AuthorizationEntry, Destination } from '../../src/core/types';
import { newProbeId, newProbeMessage } from '../../src/probes/probe-message';
import { mqttAdapter, mqttWssAdapter } from '../../src/probes/mqtt/adapter';
import type { Credentials, ProbeAdapter, ProbeSession, ProbeTarget } from '../../src/probes/types';
import { createRunTls } from '../../src/tls';
import { hasJava, startTestBroker, testPolicy, type TestBroker } from '../support/broker';
import { startWsTlsRelay, type WsTlsRelay } from '../support/ws-tls-relay';

const BROKER_START_TIMEOUT_MS = 60_000;
const PROBE_TIMEOUT_MS = 5_000;
/** Long enough for a delivery on loopback (single-digit ms observed); an absence is only asserted after it. */
const DELIVERY_WAIT_MS = 1_500;
const BROKER_LOG_WAIT_MS = 3_000;
const SILENT_SERVER_TIMEOUT_MS = 300;

const USERS = [
  { username: 'admin', password: 'admin-secret-pw', groups: ['admins'] },
  { username: 'producer', password: 'producer-secret-pw', groups: ['producers'] },
  { username: 'consumer', password: 'consumer-secret-pw', groups: ['consumers'] },
];
const everyGroup = ['admins', 'producers', 'consumers'];

function entry(
  pattern: string,
  acl: Pick<AuthorizationEntry, 'read' | 'write' | 'admin'>,
): AuthorizationEntry {
  return { id: `topic://${pattern}`, type: 'topic', pattern, ...acl };
}

const ORDERS: Destination = { kind: 'topic', name: 'ORDERS.new' };

const policy = testPolicy({
  users: USERS,
  authorization: {
    entries: [
      entry('>', { read: ['admins'], write: ['admins'], admin: ['admins'] }),
      entry('ORDERS.>', { read: ['consumers', 'admins'], write: ['producers', 'admins'], admin: ['admins'] }),
      // Advisory rights for everyone, so no connect depends on who connected first (BROKER-FACTS.md).
      entry('ActiveMQ.Advisory.>', { read: everyGroup, write: everyGroup, admin: everyGroup }),
    ],
  },
  destinations: [ORDERS],
});

function login(username: string): Credentials {
  const user = USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no test user ${username}`);
  return { username, password: new Secret(user.password) };
}

const freshClientId = () => newProbeId('mqtt-it');

let broker: TestBroker;
let relayTls: TlsBundle;
let relay: WsTlsRelay;

const skipReason = hasJava() ? null : 'no Java to run a local broker with';
const describeWithBroker = skipReason ? describe.skip : describe;

beforeAll(async () => {
  if (skipReason) return;
  broker = await startTestBroker(policy, { transports: ['mqtt'] });
  relayTls = await createRunTls();
  relay = await startWsTlsRelay({ tls: relayTls, mqtt: broker.endpoints.mqtt, caPem: broker.caPem });
}, BROKER_START_TIMEOUT_MS);

afterAll(async () => {
  await relay?.close();
  await broker?.stop();
});

interface Variant {
  name: string;
  adapter: ProbeAdapter;
  target: () => ProbeTarget;
}

const variants: Variant[] = [
  {
    name: 'mqtt over TLS (real mqtt+ssl connector)',
    adapter: mqttAdapter,
    target: () => ({ endpoint: broker.endpoints.mqtt as Endpoint, caPem: broker.caPem }),
  },
  {
    name: 'mqtt-wss through the WebSocket relay STAND-IN',
    adapter: mqttWssAdapter,
    target: () => ({ endpoint: relay.endpoint, caPem: relayTls.caPem }),
  },
];

describeWithBroker.each(variants)('$name', ({ adapter, target }) => {
  const sessions: ProbeSession[] = [];
  async function open(username: string): Promise<ProbeSession> {
    const result = await adapter.connect(target(), login(username), {
      clientId: freshClientId(),
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    expect(result.observation.outcome).toBe('granted');
    if (!result.session) throw new Error('granted without a session');
    sessions.push(result.session);
    return result.session;
  }

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  describe('connect', () => {
    it('is granted with CONNACK 0 for valid credentials', async () => {
      const result = await adapter.connect(target(), login('producer'), {
        clientId: freshClientId(),
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      if (result.session) sessions.push(result.session);
      expect(result.observation.outcome).toBe('granted');
      expect(result.observation.evidence).toContainEqual(
        expect.objectContaining({ source: 'wire', text: 'CONNACK(sessionPresent=false, returnCode=0)' }),
      );
      expect(result.session?.protocol).toBe(adapter.protocol);
      expect(result.session?.isOpen()).toBe(true);
    });

    it.each<[string, Credentials]>([
      ['a wrong password', { username: 'producer', password: new Secret('not-the-password') }],
      ['an unknown user', { username: 'ghost', password: new Secret('ghost-secret-pw') }],
      ['no credentials at all', {}],
    ])('is denied with CONNACK 5 for %s', async (_label, credentials) => {
      const result = await adapter.connect(target(), credentials, {
        clientId: freshClientId(),
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      expect(result.session).toBeUndefined();
      expect(result.observation.outcome).toBe('denied');
      expect(result.observation.clientIdConflict).toBeUndefined();
      expect(result.observation.evidence).toContainEqual(
        expect.objectContaining({ source: 'wire', text: 'CONNACK(sessionPresent=false, returnCode=5)' }),
      );
      expect(JSON.stringify(result)).not.toContain('not-the-password');
    });
  });

  describe('subscribe', () => {
    it('is denied with SUBACK 0x80 without read, and the connection stays open', async () => {
      const session = await open('producer');
      const subscription = await session.subscribe(ORDERS, PROBE_TIMEOUT_MS);
      expect(subscription.observation.outcome).toBe('denied');
      expect(subscription.observation.evidence).toContainEqual(
        expect.objectContaining({
          source: 'wire',
          text: expect.stringMatching(/^SUBACK\(.*granted=\[0x80\]\)$/),
        }),
      );
      expect(session.isOpen()).toBe(true);
      await expect(subscription.nextMessage('anything', DELIVERY_WAIT_MS)).resolves.toBeNull();

      // still usable after the denial: a publish is answered
      const after = await session.send(ORDERS, newProbeMessage('after-denial'), PROBE_TIMEOUT_MS);
      expect(after.observation.evidence.some((e) => e.source === 'wire' && e.text.startsWith('PUBACK'))).toBe(
        true,
      );
    });

    it('is granted with the QoS the broker grants, and delivers what an authorized user publishes', async () => {
      const consumer = await open('consumer');
      const producer = await open('producer');
      const subscription = await consumer.subscribe(ORDERS, PROBE_TIMEOUT_MS);
      expect(subscription.observation.outcome).toBe('granted');
      expect(subscription.observation.evidence).toContainEqual(
        expect.objectContaining({ source: 'wire', text: expect.stringMatching(/granted=\[0x01\]/) }),
      );

      const message = newProbeMessage('authorized-publish');
      const sent = await producer.send(ORDERS, message, PROBE_TIMEOUT_MS);
      expect(sent.observation.outcome).toBe('inconclusive');
      await expect(subscription.nextMessage(message.id, PROBE_TIMEOUT_MS)).resolves.toEqual(message);
      await subscription.close();
    });

    it('keeps the filter subscribed while another subscription of the session still holds it', async () => {
      const consumer = await open('consumer');
      const producer = await open('producer');
      const first = await consumer.subscribe(ORDERS, PROBE_TIMEOUT_MS);
      const second = await consumer.subscribe(ORDERS, PROBE_TIMEOUT_MS);
      await first.close();

      const message = newProbeMessage('shared-filter');
      await producer.send(ORDERS, message, PROBE_TIMEOUT_MS);
      await expect(second.nextMessage(message.id, PROBE_TIMEOUT_MS)).resolves.toEqual(message);
      await expect(first.nextMessage(message.id, 0)).resolves.toBeNull();
    });
  });

  describe('publish', () => {
    it('gets a PUBACK for an unauthorized publish, which is dropped and named in the broker log', async () => {
      const observer = await open('admin');
      const watch = await observer.subscribe(ORDERS, PROBE_TIMEOUT_MS);
      expect(watch.observation.outcome).toBe('granted');
      const consumer = await open('consumer');
      const mark = broker.log.mark();

      const message = newProbeMessage('unauthorized-publish');
      const sent = await consumer.send(ORDERS, message, PROBE_TIMEOUT_MS);

      // ActiveMQ acknowledges the publish exactly like an authorized one...
      expect(sent.observation.outcome).toBe('inconclusive');
      expect(sent.observation.evidence).toContainEqual(
        expect.objectContaining({ source: 'wire', text: expect.stringMatching(/^PUBACK\(messageId=\d+\)$/) }),
      );
      expect(sent.observation.detail).toMatch(/not proof.*observer and the broker log decide/);
      expect(consumer.isOpen()).toBe(true);
      // ...drops it...
      await expect(watch.nextMessage(message.id, DELIVERY_WAIT_MS)).resolves.toBeNull();
      // ...and only its log names the denial (with the probe id in the logged payload).
      const line = await broker.log.waitFor(
        new RegExp(
          `Failed to send MQTT Publish: .*${message.id}.*User consumer is not authorized to write to: topic://ORDERS\\.new`,
        ),
        BROKER_LOG_WAIT_MS,
        mark,
      );
      expect(line).not.toBeNull();
    });
  });

  it('reports isOpen() false after close()', async () => {
    const session = await open('consumer');
    await session.close();
    expect(session.isOpen()).toBe(false);
    const late = await session.send(ORDERS, newProbeMessage('after-close'), PROBE_TIMEOUT_MS);
    expect(late.observation.outcome).toBe('inconclusive');
    expect(late.observation.detail).toMatch(/closed/);
  });
});

describe('timeouts are inconclusive', () => {
  let silent: net.Server;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    // Accepts TCP and never answers: no TLS handshake, no CONNACK.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it.each([
    ['mqtt', mqttAdapter],
    ['mqtt-wss', mqttWssAdapter],
  ] as const)('%s: no CONNACK in time', async (_name, adapter) => {
    const port = (silent.address() as AddressInfo).port;
    const result = await adapter.connect(
      {
        endpoint: { transport: 'mqtt', host: '127.0.0.1', port, url: `mqtts://127.0.0.1:${port}` },
        caPem: '',
      },
      login('producer'),
      { clientId: freshClientId(), timeoutMs: SILENT_SERVER_TIMEOUT_MS },
    );
    expect(result.observation.outcome).toBe('inconclusive');
    expect(result.observation.evidence).toContainEqual(
      expect.objectContaining({ source: 'timer', text: `no CONNACK within ${SILENT_SERVER_TIMEOUT_MS} ms` }),
    );
    expect(result.session).toBeUndefined();
  });
});
