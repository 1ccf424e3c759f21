/**
 * The WebSocket-to-TLS relay STAND-IN in front of a real broker, at the frame level, plus the MQTT WSS
 * adapter against the broker's own `wss` connector whenever the runtime's build has one.
 */
import { WebSocket } from 'ws';
import type { TlsBundle } from '../../src/broker/types';
import { Secret } from '../../src/core/secret';
import type { AuthorizationEntry, DestinationType } from '../../src/core/types';
import { newProbeId } from '../../src/probes/probe-message';
import { mqttWssAdapter } from '../../src/probes/mqtt/adapter';
import type { ProbeSession } from '../../src/probes/types';
import { createRunTls } from '../../src/tls';
import { hasJava, startTestBroker, testPolicy, type TestBroker } from '../support/broker';
import { startWsTlsRelay, type WsTlsRelay } from '../support/ws-tls-relay';

const BROKER_START_TIMEOUT_MS = 60_000;
const FRAME_WAIT_MS = 5_000;
const PROBE_TIMEOUT_MS = 5_000;

const PRODUCER = { username: 'producer', password: 'producer-secret-pw', groups: ['producers'] };
const everyGroup = ['producers'];

function entry(
  type: DestinationType,
  pattern: string,
  acl: Pick<AuthorizationEntry, 'read' | 'write' | 'admin'>,
) {
  return { id: `${type}://${pattern}`, type, pattern, ...acl };
}

const policy = testPolicy({
  users: [PRODUCER],
  authorization: {
    entries: [
      entry('queue', 'ORDERS.>', { read: [], write: ['producers'], admin: [] }),
      entry('topic', 'ORDERS.>', { read: [], write: ['producers'], admin: [] }),
      entry('topic', 'ActiveMQ.Advisory.>', { read: everyGroup, write: everyGroup, admin: everyGroup }),
    ],
  },
  destinations: [
    { kind: 'queue', name: 'ORDERS.new' },
    { kind: 'topic', name: 'ORDERS.new' },
  ],
});

let broker: TestBroker;
let relayTls: TlsBundle;
let relay: WsTlsRelay;

const describeWithBroker = hasJava() ? describe : describe.skip;

beforeAll(async () => {
  if (!hasJava()) return;
  broker = await startTestBroker(policy, { transports: ['mqtt', 'stomp', 'ws'] });
  relayTls = await createRunTls();
  relay = await startWsTlsRelay({
    tls: relayTls,
    mqtt: broker.endpoints.mqtt,
    stomp: broker.endpoints.stomp,
    caPem: broker.caPem,
  });
}, BROKER_START_TIMEOUT_MS);

afterAll(async () => {
  await relay?.close();
  await broker?.stop();
});

interface Received {
  data: Buffer;
  isBinary: boolean;
}

/** A raw WebSocket client that records every message and the close, for frame-level assertions. */
class RawClient {
  readonly messages: Received[] = [];
  closed?: { code: number; reason: string };
  private readonly listeners = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      this.messages.push({ data: Buffer.from(data), isBinary });
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  static open(url: string, subprotocols: string[], caPem: string): Promise<RawClient> {
    const ws = new WebSocket(url, subprotocols, { ca: caPem, rejectUnauthorized: true });
    const client = new RawClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  /** resolves when `done()` holds, rejects after FRAME_WAIT_MS */
  until(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, FRAME_WAIT_MS);
      this.listeners.add(check);
    });
  }

  close(): void {
    this.ws.terminate();
  }

  private wake(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function mqttString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An MQTT 3.1.1 CONNECT (clean session, user name and password flags), small enough for a 1-byte length. */
function mqttConnect(clientId: string, username: string, password: string): Buffer {
  const variable = Buffer.concat([mqttString('MQTT'), Buffer.from([0x04, 0xc2, 0x00, 0x3c])]);
  const payload = Buffer.concat([mqttString(clientId), mqttString(username), mqttString(password)]);
  const remaining = variable.length + payload.length;
  if (remaining > 127) throw new Error('CONNECT too long for this helper');
  return Buffer.concat([Buffer.from([0x10, remaining]), variable, payload]);
}

function stompFrame(command: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([k, v]) => `${k}:${v}`);
  return `${command}\n${lines.join('\n')}\n\n\0`;
}

describeWithBroker('WebSocket relay STAND-IN in front of the real broker', () => {
  const clients: RawClient[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.close()));

  async function connect(subprotocols: string[]): Promise<RawClient> {
    const client = await RawClient.open(`${relay.endpoint.url}/`, subprotocols, relayTls.caPem);
    clients.push(client);
    return client;
  }

  it('MQTT: negotiates `mqtt`, relays CONNACK 5 as one binary message, then closes with 1000', async () => {
    const client = await connect(['mqtt']);
    expect(client.ws.protocol).toBe('mqtt');
    client.ws.send(mqttConnect(newProbeId('relay'), PRODUCER.username, 'wrong-password'));
    await client.until(() => client.closed !== undefined, 'the close after CONNACK');
    expect(client.messages.map((m) => [m.data.toString('hex'), m.isBinary])).toEqual([['20020005', true]]);
    expect(client.closed).toEqual({ code: 1000, reason: '' });
  });

  it('MQTT: relays CONNACK 0 for a valid login and keeps the connection', async () => {
    const client = await connect(['mqtt']);
    client.ws.send(mqttConnect(newProbeId('relay'), PRODUCER.username, PRODUCER.password));
    await client.until(() => client.messages.length > 0, 'CONNACK');
    expect(client.messages[0]?.data.toString('hex')).toBe('20020000');
    expect(client.closed).toBeUndefined();
  });

  it('STOMP: negotiates v12.stomp and answers each frame as one text message with its NUL', async () => {
    const client = await connect(['v10.stomp', 'v12.stomp']);
    expect(client.ws.protocol).toBe('v12.stomp');
    const connectFrame = {
      'accept-version': '1.2',
      host: 'localhost',
      login: PRODUCER.username,
      passcode: PRODUCER.password,
    };
    client.ws.send(stompFrame('CONNECT', connectFrame));
    await client.until(() => client.messages.length >= 1, 'CONNECTED');
    client.ws.send(stompFrame('SUBSCRIBE', { id: 's1', destination: '/queue/ORDERS.new', receipt: 'r-sub' }));
    await client.until(() => client.messages.length >= 2, 'the ERROR for the denied SUBSCRIBE');

    const [connected, error] = client.messages;
    expect(connected?.isBinary).toBe(false);
    expect(connected?.data.toString('utf8')).toMatch(/^CONNECTED\n[\s\S]*version:1\.2[\s\S]*\n\n\0$/);
    expect(error?.isBinary).toBe(false);
    const errorText = error?.data.toString('utf8') ?? '';
    expect(errorText).toMatch(/^ERROR\n/);
    expect(errorText).toContain('receipt-id:r-sub');
    expect(errorText).toContain('User producer is not authorized to read from: queue://ORDERS.new');
    expect(errorText.endsWith('\0')).toBe(true);
    // ActiveMQ keeps a STOMP connection open after an authorization error.
    expect(client.closed).toBeUndefined();
  });

  it('STOMP: with no subprotocol falls back to STOMP; a bad login gets ERROR then close 1000', async () => {
    const client = await connect([]);
    expect(client.ws.protocol).toBe('');
    client.ws.send(
      stompFrame('CONNECT', {
        'accept-version': '1.2',
        host: 'localhost',
        login: 'ghost',
        passcode: 'ghost-pw',
      }),
    );
    await client.until(() => client.closed !== undefined, 'the close after ERROR');
    expect(client.messages).toHaveLength(1);
    expect(client.messages[0]?.isBinary).toBe(false);
    expect(client.messages[0]?.data.toString('utf8')).toContain('User name [ghost] or password is invalid.');
    expect(client.closed?.code).toBe(1000);
  });
});

describeWithBroker("MQTT WSS adapter against the broker's own wss connector", () => {
  it('runs when the runtime reports the ws transport, and otherwise the broker offers no ws endpoint', async () => {
    if (!broker.capabilities.includes('ws')) {
      // This build cannot run it (Debian's ActiveMQ has no activemq-http); the relay tests above stand in.
      expect(broker.endpoints.ws).toBeUndefined();
      return;
    }
    const endpoint = broker.endpoints.ws;
    if (!endpoint) throw new Error('the runtime reports ws but started no ws connector');
    const target = { endpoint, caPem: broker.caPem };
    const denied = await mqttWssAdapter.connect(
      target,
      { username: PRODUCER.username, password: new Secret('wrong-password') },
      { clientId: newProbeId('wss'), timeoutMs: PROBE_TIMEOUT_MS },
    );
    expect(denied.observation.outcome).toBe('denied');
    expect(denied.observation.evidence.map((e) => e.text)).toContain(
      'CONNACK(sessionPresent=false, returnCode=5)',
    );

    const granted = await mqttWssAdapter.connect(
      target,
      { username: PRODUCER.username, password: new Secret(PRODUCER.password) },
      { clientId: newProbeId('wss'), timeoutMs: PROBE_TIMEOUT_MS },
    );
    expect(granted.observation.outcome).toBe('granted');
    const session = granted.session as ProbeSession;
    try {
      const subscription = await session.subscribe({ kind: 'topic', name: 'ORDERS.new' }, PROBE_TIMEOUT_MS);
      expect(subscription.observation.outcome).toBe('denied');
      expect(subscription.observation.evidence.map((e) => e.text).join('\n')).toMatch(/granted=\[0x80\]/);
      expect(session.isOpen()).toBe(true);
    } finally {
      await session.close();
    }
  });
});
