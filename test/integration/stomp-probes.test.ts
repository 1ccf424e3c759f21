/**
 * The STOMP adapters and the case runner against a real ActiveMQ broker: STOMP 1.2 over TLS to its
 * `stomp+ssl` connector, and over WSS through the WebSocket-to-TLS relay STAND-IN (this build has no
 * `wss` connector; test/support/ws-tls-relay.ts says why that is faithful and where it is not).
 */
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Endpoint, TlsBundle } from '../../src/broker/types';
import { AdminObserver } from '../../src/probes/observer';
import { newProbeId } from '../../src/probes/probe-message';
import {
  ProbeClient,
  freshDestination,
  runConnect,
  runConsume,
  runCreate,
  runProduce,
  type CaseContext,
} from '../../src/probes/run-case';
import { connectStomp, stompAdapter, stompWssAdapter } from '../../src/probes/stomp/adapter';
import type { ProbeAdapter, ProbeTarget } from '../../src/probes/types';
import { createRunTls } from '../../src/tls';
import { hasJava, startTestBroker, type TestBroker } from '../support/broker';
import { startWsTlsRelay, type WsTlsRelay } from '../support/ws-tls-relay';
import {
  APP_QUEUE,
  APP_TOPIC,
  BROKER_START_TIMEOUT_MS,
  PROBE_TIMEOUT_MS,
  evidenceText,
  login,
  stompPolicy,
} from './stomp-fixture';

/** Short enough to keep the suite quick, long enough for loopback deliveries (a few ms observed). */
const CASE_TIMEOUTS = {
  connectMs: PROBE_TIMEOUT_MS,
  operationMs: PROBE_TIMEOUT_MS,
  deliveryMs: 1_500,
  logLineMs: 1_000,
};

let broker: TestBroker;
let relayTls: TlsBundle;
let relay: WsTlsRelay;
let observer: AdminObserver;

const skipReason = hasJava() ? null : 'no Java to run a local broker with';
const describeWithBroker = skipReason ? describe.skip : describe;

const stompTarget = (): ProbeTarget => ({
  endpoint: broker.endpoints.stomp as Endpoint,
  caPem: broker.caPem,
});

beforeAll(async () => {
  if (skipReason) return;
  broker = await startTestBroker(stompPolicy, { transports: ['stomp'] });
  relayTls = await createRunTls();
  relay = await startWsTlsRelay({ tls: relayTls, stomp: broker.endpoints.stomp, caPem: broker.caPem });
  observer = await AdminObserver.open({
    adapter: stompAdapter,
    target: stompTarget(),
    credentials: login('admin'),
  });
}, BROKER_START_TIMEOUT_MS);

afterAll(async () => {
  await observer?.close();
  await relay?.close();
  await broker?.stop();
});

interface Variant {
  name: string;
  adapter: ProbeAdapter;
  target: () => ProbeTarget;
}

const variants: Variant[] = [
  { name: 'stomp over TLS (real stomp+ssl connector)', adapter: stompAdapter, target: stompTarget },
  {
    name: 'stomp-wss through the WebSocket relay STAND-IN',
    adapter: stompWssAdapter,
    target: () => ({ endpoint: relay.endpoint, caPem: relayTls.caPem }),
  },
];

describeWithBroker.each(variants)('$name', ({ adapter, target }) => {
  const clients: ProbeClient[] = [];
  function caseFor(username: string): CaseContext {
    const client = new ProbeClient(adapter, target(), login(username), CASE_TIMEOUTS);
    clients.push(client);
    return { client, observer, brokerLog: broker.log };
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  describe('connect', () => {
    it('is granted with CONNECTED for valid credentials', async () => {
      const o = await runConnect(adapter, target(), login('writer'), CASE_TIMEOUTS);
      expect(o.outcome).toBe('granted');
      expect(evidenceText(o)).toMatch(/^CONNECTED version:1\.2 server:ActiveMQ\/5\.17\.2/);
    });

    it.each([
      [
        'a wrong password',
        login('writer', 'wrong-password-pw'),
        'User name [writer] or password is invalid.',
      ],
      ['an unknown user', login('ghost'), 'User name [ghost] or password is invalid.'],
      ['no credentials', {}, 'User name [null] or password is invalid.'],
    ])('is denied for %s, with the ERROR frame as evidence', async (_label, credentials, text) => {
      const o = await runConnect(adapter, target(), credentials, CASE_TIMEOUTS);
      expect(o.outcome).toBe('denied');
      expect(o.detail).toBe(text);
      expect(evidenceText(o)).toBe(`ERROR message:${JSON.stringify(text)} body:${JSON.stringify(text)}`);
    });

    it('never puts the password into the observation', async () => {
      const o = await runConnect(adapter, target(), login('writer', 'leak-check-secret-pw'), CASE_TIMEOUTS);
      expect(JSON.stringify(o)).not.toContain('leak-check-secret-pw');
    });

    it('classifies a client id the broker already holds as a conflict, not a denial', async () => {
      const clientId = newProbeId('stomp-it-dup');
      const options = { clientId, timeoutMs: PROBE_TIMEOUT_MS };
      const first = await adapter.connect(target(), login('writer'), options);
      expect(first.observation.outcome).toBe('granted');
      try {
        const second = await adapter.connect(target(), login('writer'), options);
        expect(second.observation.outcome).toBe('inconclusive');
        expect(second.observation.clientIdConflict).toBe(true);
        expect(evidenceText(second.observation)).toContain(`Client: ${clientId} already connected from`);
        await second.session?.close();
      } finally {
        await first.session?.close();
      }
    });
  });

  describe('produce', () => {
    it.each([APP_QUEUE, APP_TOPIC])(
      'is granted when the observer receives the message ($kind)',
      async (dest) => {
        const o = await runProduce(caseFor('writer'), dest);
        expect(o.outcome).toBe('granted');
        expect(o.evidence.map((e) => e.source)).toEqual(['wire', 'observer']);
        expect(evidenceText(o)).toMatch(/^RECEIPT receipt-id:\S+ for SEND /);
        expect(evidenceText(o)).toMatch(/delivered produce-[0-9a-f]+ to observer/);
      },
    );

    it('is denied with the ERROR for the SEND receipt when the user lacks write', async () => {
      const o = await runProduce(caseFor('reader'), APP_QUEUE);
      expect(o.outcome).toBe('denied');
      expect(o.detail).toBe('User reader is not authorized to write to: queue://APP.q');
      expect(evidenceText(o)).toMatch(
        /^ERROR receipt-id:\S+ message:"User reader is not authorized to write to: queue:\/\/APP\.q"/,
      );
    });

    it('reconnects after stompit dropped the session on a denial, and the next case still runs', async () => {
      const ctx = caseFor('reader');
      expect((await runProduce(ctx, APP_QUEUE)).outcome).toBe('denied');
      expect((await runConsume(ctx, APP_QUEUE)).outcome).toBe('granted');
    });
  });

  describe('consume', () => {
    it.each([APP_QUEUE, APP_TOPIC])(
      'is granted when the probe receives what the observer sent ($kind)',
      async (dest) => {
        const o = await runConsume(caseFor('reader'), dest);
        expect(o.outcome).toBe('granted');
        expect(evidenceText(o)).toMatch(/^RECEIPT receipt-id:\S+ for SUBSCRIBE /);
        expect(evidenceText(o)).toMatch(/probe received consume-[0-9a-f]+/);
      },
    );

    it('is denied with the ERROR for the SUBSCRIBE receipt when the user lacks read', async () => {
      const o = await runConsume(caseFor('writer'), APP_QUEUE);
      expect(o.outcome).toBe('denied');
      expect(o.detail).toBe('User writer is not authorized to read from: queue://APP.q');
    });
  });

  describe('create (first send to a destination that does not exist)', () => {
    it.each(['queue', 'topic'] as const)('is denied for write without admin (%s)', async (kind) => {
      const dest = freshDestination(kind, 'APP.');
      const o = await runCreate(caseFor('writer'), dest);
      expect(o.outcome).toBe('denied');
      expect(o.detail).toBe(`User writer is not authorized to create: ${kind}://${dest.name}`);
    });

    it.each(['queue', 'topic'] as const)(
      'is granted with admin: the late observer finds the message (%s)',
      async (kind) => {
        const dest = freshDestination(kind, 'APP.');
        const o = await runCreate(caseFor('owner'), dest);
        expect(o.outcome).toBe('granted');
        expect(evidenceText(o)).toMatch(
          new RegExp(`delivered create-[0-9a-f]+ to observer on ${kind}://${dest.name}`),
        );
        expect(evidenceText(o)).toContain('subscribed only after the probe sent');
      },
    );
  });
});

describeWithBroker('stomp session details (real stomp+ssl connector)', () => {
  it('reports an unanswered CONNECT as inconclusive after the timeout, never as denied', async () => {
    const silent = net.createServer(() => undefined); // accepts TCP, never completes TLS
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const SILENT_SERVER_TIMEOUT_MS = 300;
    try {
      const o = await connectStomp(
        'stomp',
        'tls',
        {
          endpoint: { transport: 'stomp', host: '127.0.0.1', port, url: `stomp+ssl://127.0.0.1:${port}` },
          caPem: broker.caPem,
        },
        login('writer'),
        { clientId: newProbeId('stomp-it'), timeoutMs: SILENT_SERVER_TIMEOUT_MS },
      );
      expect(o.observation.outcome).toBe('inconclusive');
      expect(o.observation.evidence[0]?.source).toBe('timer');
    } finally {
      silent.close();
    }
  });

  it('is closed after a denial and answers later operations with inconclusive, not with a verdict', async () => {
    const result = await stompAdapter.connect(stompTarget(), login('reader'), {
      clientId: newProbeId('stomp-it'),
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    const session = result.session;
    if (!session) throw new Error('reader could not connect');
    const denied = await session.send(APP_QUEUE, { id: 'x1', body: 'x1' }, PROBE_TIMEOUT_MS);
    expect(denied.observation.outcome).toBe('denied');
    expect(session.isOpen()).toBe(false);
    const after = await session.send(APP_QUEUE, { id: 'x2', body: 'x2' }, PROBE_TIMEOUT_MS);
    expect(after.observation.outcome).toBe('inconclusive');
    await session.close();
  });
});

describeWithBroker('stomp-wss framing (a recording WebSocket server, no broker)', () => {
  // ActiveMQ's WebSocket transport parses each TEXT message as one whole frame and ignores binary ones
  it('sends every STOMP frame as exactly one text message ending in NUL', async () => {
    const received: { text: string; binary: boolean }[] = [];
    const server = https.createServer({
      pfx: relayTls.keystoreP12,
      passphrase: relayTls.keystorePassword.reveal(),
    });
    const wss = new WebSocketServer({ server, handleProtocols: () => 'v12.stomp' });
    wss.on('connection', (ws) => {
      ws.on('message', (data, isBinary) => {
        const text = data.toString();
        received.push({ text, binary: isBinary });
        if (text.startsWith('CONNECT\n')) ws.send('CONNECTED\nversion:1.2\n\n\0');
        const receipt = /\nreceipt:(\S+)\n/.exec(text)?.[1];
        if (receipt) ws.send(`RECEIPT\nreceipt-id:${receipt}\n\n\0`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const result = await stompWssAdapter.connect(
        {
          endpoint: { transport: 'ws', host: 'localhost', port, url: `wss://localhost:${port}` },
          caPem: relayTls.caPem,
        },
        login('writer'),
        { clientId: newProbeId('stomp-it'), timeoutMs: PROBE_TIMEOUT_MS },
      );
      expect(result.observation.outcome).toBe('granted');
      const sent = await result.session?.send(
        APP_QUEUE,
        { id: 'frame-check', body: 'frame-check body' },
        PROBE_TIMEOUT_MS,
      );
      expect(sent?.observation.outcome).toBe('granted');
      await result.session?.close();
      expect(received.map((m) => m.text.split('\n')[0])).toEqual(['CONNECT', 'SEND', 'DISCONNECT']);
      for (const message of received) {
        expect(message.binary).toBe(false);
        expect(message.text.endsWith('\0')).toBe(true);
        expect(message.text.indexOf('\0')).toBe(message.text.length - 1);
      }
      expect(received[1]?.text).toContain('\n\nframe-check body\0');
    } finally {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close();
    }
  });
});
