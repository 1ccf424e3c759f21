/**
 * The OpenWire adapter against a real ActiveMQ 5.17.2 broker (Debian's build, `ssl://` connector). The admin
 * observer speaks OpenWire too, so every grant here is confirmed by an independent OpenWire connection.
 */
import net from 'node:net';
import type { Endpoint } from '../../src/broker/types';
import { Secret } from '../../src/core/secret';
import type { AuthorizationEntry, Destination, DestinationType } from '../../src/core/types';
import { AdminObserver } from '../../src/probes/observer';
import { connectOpenWire, openwireAdapter } from '../../src/probes/openwire';
import { newProbeId, newProbeMessage } from '../../src/probes/probe-message';
import {
  type CaseContext,
  ProbeClient,
  freshDestination,
  runConnect,
  runConsume,
  runCreate,
  runProduce,
} from '../../src/probes/run-case';
import type { Credentials, Observation, ProbeTarget } from '../../src/probes/types';
import { type TestBroker, hasJava, startTestBroker, testPolicy } from '../support/broker';

const BROKER_START_TIMEOUT_MS = 60_000;
const PROBE_TIMEOUT_MS = 5_000;
const CASE_TIMEOUTS = {
  connectMs: PROBE_TIMEOUT_MS,
  operationMs: PROBE_TIMEOUT_MS,
  deliveryMs: 1_500,
  logLineMs: 1_000,
};

const USERS = [
  { username: 'admin', password: 'admin-secret-pw', groups: ['admins'] },
  // write on APP.> without admin: may use declared destinations, may not create new ones
  { username: 'writer', password: 'writer-secret-pw', groups: ['writers'] },
  { username: 'reader', password: 'reader-secret-pw', groups: ['readers'] },
  { username: 'owner', password: 'owner-secret-pw', groups: ['owners'] },
  // read and write on APP.> but no rights on ActiveMQ.Advisory.>
  { username: 'noadvisory', password: 'noadvisory-secret-pw', groups: ['outsiders'] },
];
const ADVISORY_GROUPS = ['admins', 'writers', 'readers', 'owners'];
const APP_ACL = {
  read: ['readers', 'owners', 'admins', 'outsiders'],
  write: ['writers', 'owners', 'admins', 'outsiders'],
  admin: ['owners', 'admins'],
};
const SECRET_ACL = { read: ['owners'], write: ['owners'], admin: ['owners'] };

function entry(
  type: DestinationType,
  pattern: string,
  acl: Pick<AuthorizationEntry, 'read' | 'write' | 'admin'>,
) {
  return { id: `${type}://${pattern}`, type, pattern, ...acl };
}

const APP_QUEUE: Destination = { kind: 'queue', name: 'APP.q' };
const APP_TOPIC: Destination = { kind: 'topic', name: 'APP.t' };
const SECRET_QUEUE: Destination = { kind: 'queue', name: 'SECRET.q' };

const policy = testPolicy({
  users: USERS,
  authorization: {
    entries: [
      entry('queue', 'APP.>', APP_ACL),
      entry('topic', 'APP.>', APP_ACL),
      entry('queue', 'SECRET.>', SECRET_ACL),
      entry('topic', 'SECRET.>', SECRET_ACL),
      entry('topic', 'ActiveMQ.Advisory.>', {
        read: ADVISORY_GROUPS,
        write: ADVISORY_GROUPS,
        admin: ADVISORY_GROUPS,
      }),
    ],
  },
  destinations: [APP_QUEUE, APP_TOPIC, SECRET_QUEUE],
});

function login(username: string, password?: string): Credentials {
  const user = USERS.find((u) => u.username === username);
  return { username, password: new Secret(password ?? user?.password ?? 'not-a-user-pw') };
}

const text = (o: Observation) => o.evidence.map((e) => e.text).join('\n');

const skipReason = hasJava() ? null : 'no Java to run a local broker with';
const describeWithBroker = skipReason ? describe.skip : describe;

let broker: TestBroker;
let observer: AdminObserver;
const target = (): ProbeTarget => ({ endpoint: broker.endpoints.openwire as Endpoint, caPem: broker.caPem });
const connectOptions = () => ({ clientId: newProbeId('ow-it'), timeoutMs: PROBE_TIMEOUT_MS });

beforeAll(async () => {
  if (skipReason) return;
  broker = await startTestBroker(policy, { transports: ['openwire'] });
  // the admin connects first, so advisory topics exist before any less privileged user connects
  observer = await AdminObserver.open({
    adapter: openwireAdapter,
    target: target(),
    credentials: login('admin'),
  });
}, BROKER_START_TIMEOUT_MS);

afterAll(async () => {
  await observer?.close();
  await broker?.stop();
});

describeWithBroker('openwire probes against ActiveMQ 5.17.2', () => {
  const clients: ProbeClient[] = [];
  function caseFor(username: string): CaseContext {
    const client = new ProbeClient(openwireAdapter, target(), login(username), CASE_TIMEOUTS);
    clients.push(client);
    return { client, observer, brokerLog: broker.log };
  }
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  describe('connect', () => {
    it('is granted on the Response to ConnectionInfo, after the JMS-style advisory consumer', async () => {
      const o = await runConnect(openwireAdapter, target(), login('writer'), CASE_TIMEOUTS);
      expect(o.outcome).toBe('granted');
      expect(text(o)).toMatch(/^WireFormatInfo\{version=12, .*ProviderVersion=5\.17\.2\}$/m);
      expect(text(o)).toMatch(
        /^Response\{correlationId=1\} to ConnectionInfo user=writer clientId=amq-auth-probe-/m,
      );
      expect(text(o)).toMatch(
        /^Response\{correlationId=2\} to ConsumerInfo topic:\/\/ActiveMQ\.Advisory\.TempQueue,ActiveMQ\.Advisory\.TempTopic/m,
      );
    });

    it.each([
      [
        'a wrong password',
        login('writer', 'wrong-password-pw'),
        'User name [writer] or password is invalid.',
      ],
      ['an unknown user', login('ghost'), 'User name [ghost] or password is invalid.'],
      ['no credentials', {}, 'User name [null] or password is invalid.'],
    ])('is denied for %s with the ExceptionResponse as evidence', async (_label, credentials, message) => {
      const o = await runConnect(openwireAdapter, target(), credentials, CASE_TIMEOUTS);
      expect(o.outcome).toBe('denied');
      expect(o.detail).toBe(message);
      expect(text(o)).toContain(
        `ExceptionResponse{correlationId=1, exception=java.lang.SecurityException: ${message}} to ConnectionInfo`,
      );
    });

    it('never puts the password into the observation', async () => {
      const o = await runConnect(
        openwireAdapter,
        target(),
        login('writer', 'leak-check-secret-pw'),
        CASE_TIMEOUTS,
      );
      expect(o.outcome).toBe('denied');
      expect(JSON.stringify(o)).not.toContain('leak-check-secret-pw');
    });

    it('refuses a user without read on the temp advisories, like a JMS connection.start()', async () => {
      const o = await runConnect(openwireAdapter, target(), login('noadvisory'), CASE_TIMEOUTS);
      expect(o.outcome).toBe('denied');
      expect(o.detail).toMatch(
        /^User noadvisory is not authorized to read from: ActiveMQ\.Advisory\.TempQueue,ActiveMQ\.Advisory\.TempTopic \(a JMS client with watchTopicAdvisories=true/,
      );
      expect(text(o)).toMatch(/^Response\{correlationId=1\} to ConnectionInfo/m);
    });

    it('connects that same user when the advisory watch is off (watchTopicAdvisories=false)', async () => {
      const result = await connectOpenWire(target(), login('noadvisory'), connectOptions(), {
        watchTempAdvisories: false,
      });
      expect(result.observation.outcome).toBe('granted');
      expect(text(result.observation)).not.toContain('ActiveMQ.Advisory');
      await result.session?.close();
    });

    it('classifies a client id the broker already holds as a conflict, not a denial', async () => {
      const options = connectOptions();
      const first = await openwireAdapter.connect(target(), login('writer'), options);
      expect(first.observation.outcome).toBe('granted');
      try {
        const second = await openwireAdapter.connect(target(), login('writer'), options);
        expect(second.observation.outcome).toBe('inconclusive');
        expect(second.observation.clientIdConflict).toBe(true);
        expect(text(second.observation)).toMatch(
          new RegExp(
            `javax\\.jms\\.InvalidClientIDException: .*Client: ${options.clientId} already connected from`,
          ),
        );
        await second.session?.close();
      } finally {
        await first.session?.close();
      }
    });

    it('reports an unanswered connect as inconclusive after the timeout, never as denied', async () => {
      const silent = net.createServer(() => undefined); // accepts TCP, never completes TLS
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const port = (silent.address() as net.AddressInfo).port;
      const SILENT_SERVER_TIMEOUT_MS = 300;
      try {
        const result = await connectOpenWire(
          {
            endpoint: { transport: 'openwire', host: '127.0.0.1', port, url: `ssl://127.0.0.1:${port}` },
            caPem: broker.caPem,
          },
          login('writer'),
          { clientId: newProbeId('ow-it'), timeoutMs: SILENT_SERVER_TIMEOUT_MS },
        );
        expect(result.observation.outcome).toBe('inconclusive');
        expect(result.observation.evidence.at(-1)?.source).toBe('timer');
        expect(result.session).toBeUndefined();
      } finally {
        silent.close();
      }
    });
  });

  describe('produce', () => {
    it.each([APP_QUEUE, APP_TOPIC])(
      'is granted when the observer receives the message ($kind)',
      async (dest) => {
        const o = await runProduce(caseFor('writer'), dest);
        expect(o.outcome).toBe('granted');
        expect(text(o)).toMatch(/^Response\{correlationId=\d+\} to ActiveMQTextMessage to /m);
        expect(text(o)).toMatch(/delivered produce-[0-9a-f]+ to observer/);
      },
    );

    it('is denied with the ExceptionResponse to the synchronous send when the user lacks write', async () => {
      const o = await runProduce(caseFor('reader'), APP_QUEUE);
      expect(o.outcome).toBe('denied');
      expect(o.detail).toBe('User reader is not authorized to write to: queue://APP.q');
      expect(text(o)).toMatch(
        /^ExceptionResponse\{correlationId=\d+, exception=java\.lang\.SecurityException: User reader/m,
      );
    });
  });

  describe('consume', () => {
    it.each([APP_QUEUE, APP_TOPIC])(
      'is granted when the probe receives what the observer sent ($kind)',
      async (dest) => {
        const o = await runConsume(caseFor('reader'), dest);
        expect(o.outcome).toBe('granted');
        expect(text(o)).toMatch(/^Response\{correlationId=\d+\} to ConsumerInfo /m);
        expect(text(o)).toMatch(/probe received consume-[0-9a-f]+/);
      },
    );

    it('is denied with the ExceptionResponse to ConsumerInfo when the user lacks read', async () => {
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
        expect(text(o)).toMatch(
          new RegExp(`delivered create-[0-9a-f]+ to observer on ${kind}://${dest.name}`),
        );
      },
    );
  });

  describe('session after a denial', () => {
    it('stays open: the next send on the same connection is granted and delivered', async () => {
      const result = await openwireAdapter.connect(target(), login('writer'), connectOptions());
      const session = result.session;
      if (!session) throw new Error(`writer could not connect: ${result.observation.detail}`);
      try {
        const denied = await session.send(SECRET_QUEUE, newProbeMessage('after'), PROBE_TIMEOUT_MS);
        expect(denied.observation.outcome).toBe('denied');
        expect(denied.observation.detail).toBe('User writer is not authorized to write to: queue://SECRET.q');
        expect(session.isOpen()).toBe(true);

        const watch = await observer.watch(APP_QUEUE);
        try {
          const message = newProbeMessage('after');
          const sent = await session.send(APP_QUEUE, message, PROBE_TIMEOUT_MS);
          expect(sent.observation.outcome).toBe('granted');
          expect(await watch.waitFor(message.id, CASE_TIMEOUTS.deliveryMs)).not.toBeNull();
        } finally {
          await watch.close();
        }
      } finally {
        await session.close();
      }
      expect(session.isOpen()).toBe(false);
    });

    it('answers operations after close() with inconclusive, not a verdict', async () => {
      const result = await openwireAdapter.connect(target(), login('writer'), connectOptions());
      await result.session?.close();
      const after = await result.session?.send(APP_QUEUE, newProbeMessage('closed'), PROBE_TIMEOUT_MS);
      expect(after?.observation.outcome).toBe('inconclusive');
    });
  });
});
