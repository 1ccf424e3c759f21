/**
 * The admin observer and the observer-decided paths of the case runner against a real ActiveMQ broker:
 * the observer over STOMP/TLS, probes over STOMP and MQTT (whose unauthorized publish is acknowledged,
 * so only non-delivery plus the broker's log line can decide it).
 */
import { BrokerLogBuffer } from '../../src/broker/broker-log';
import type { Endpoint } from '../../src/broker/types';
import { InfrastructureError } from '../../src/core/errors';
import { mqttAdapter } from '../../src/probes/mqtt/adapter';
import { AdminObserver } from '../../src/probes/observer';
import { newProbeId, newProbeMessage } from '../../src/probes/probe-message';
import { ProbeClient, runProduce, type CaseContext } from '../../src/probes/run-case';
import { stompAdapter } from '../../src/probes/stomp/adapter';
import type { ProbeSession, ProbeTarget } from '../../src/probes/types';
import { hasJava, startTestBroker, type TestBroker } from '../support/broker';
import {
  APP_QUEUE,
  APP_TOPIC,
  BROKER_START_TIMEOUT_MS,
  PROBE_TIMEOUT_MS,
  SECRET_QUEUE,
  evidenceText,
  login,
  stompPolicy,
} from './stomp-fixture';

/** Long enough for a loopback delivery (a few ms observed); absences are asserted only after it. */
const DELIVERY_WAIT_MS = 1_500;
const CASE_TIMEOUTS = {
  connectMs: PROBE_TIMEOUT_MS,
  operationMs: PROBE_TIMEOUT_MS,
  deliveryMs: 1_000,
  logLineMs: 2_000,
};

let broker: TestBroker;
let observer: AdminObserver;
const sessions: ProbeSession[] = [];

const skipReason = hasJava() ? null : 'no Java to run a local broker with';
const describeWithBroker = skipReason ? describe.skip : describe;

const stompTarget = (): ProbeTarget => ({
  endpoint: broker.endpoints.stomp as Endpoint,
  caPem: broker.caPem,
});
const mqttTarget = (): ProbeTarget => ({ endpoint: broker.endpoints.mqtt as Endpoint, caPem: broker.caPem });

async function openStomp(username: string): Promise<ProbeSession> {
  const result = await stompAdapter.connect(stompTarget(), login(username), {
    clientId: newProbeId('observer-it'),
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  if (!result.session) throw new Error(`${username} could not connect: ${result.observation.detail}`);
  sessions.push(result.session);
  return result.session;
}

beforeAll(async () => {
  if (skipReason) return;
  broker = await startTestBroker(stompPolicy, { transports: ['stomp', 'mqtt'] });
  observer = await AdminObserver.open({
    adapter: stompAdapter,
    target: stompTarget(),
    credentials: login('admin'),
  });
}, BROKER_START_TIMEOUT_MS);

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await observer?.close();
  await broker?.stop();
});

describeWithBroker('admin observer over STOMP/TLS', () => {
  it.each([APP_QUEUE, APP_TOPIC])('reports a probe message it received by id ($kind)', async (dest) => {
    const watch = await observer.watch(dest);
    try {
      expect(watch.observation.outcome).toBe('granted');
      const probe = await openStomp('writer');
      const message = newProbeMessage('observer-it');
      expect((await probe.send(dest, message, PROBE_TIMEOUT_MS)).observation.outcome).toBe('granted');
      const evidence = await watch.waitFor(message.id, DELIVERY_WAIT_MS);
      expect(evidence).toEqual(
        expect.objectContaining({
          source: 'observer',
          text: `delivered ${message.id} to observer on ${dest.kind}://${dest.name}`,
        }),
      );
    } finally {
      await watch.close();
    }
  });

  it('reports nothing for a message that was never sent, after the bounded wait', async () => {
    const watch = await observer.watch(APP_QUEUE);
    try {
      const started = Date.now();
      expect(await watch.waitFor(newProbeId('never-sent'), DELIVERY_WAIT_MS)).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(DELIVERY_WAIT_MS - 50);
    } finally {
      await watch.close();
    }
  });

  it('sends a message a probe subscription receives', async () => {
    const probe = await openStomp('reader');
    const subscription = await probe.subscribe(APP_TOPIC, PROBE_TIMEOUT_MS);
    expect(subscription.observation.outcome).toBe('granted');
    const message = newProbeMessage('observer-it');
    expect((await observer.publish(APP_TOPIC, message)).outcome).toBe('granted');
    expect(await subscription.nextMessage(message.id, DELIVERY_WAIT_MS)).toEqual({
      id: message.id,
      body: message.body,
    });
    await subscription.close();
  });

  it('survives its own session being dropped by an ERROR and serves the next case', async () => {
    const refused = await observer.watch(SECRET_QUEUE);
    expect(refused.observation.outcome).toBe('denied');
    await refused.close();
    const watch = await observer.watch(APP_QUEUE);
    try {
      expect(watch.observation.outcome).toBe('granted');
      const message = newProbeMessage('observer-it');
      expect((await observer.publish(APP_QUEUE, message)).outcome).toBe('granted');
      expect(await watch.waitFor(message.id, DELIVERY_WAIT_MS)).not.toBeNull();
    } finally {
      await watch.close();
    }
  });

  it('fails with a typed error naming user and endpoint, without the password, when it cannot log in', async () => {
    const attempt = AdminObserver.open({
      adapter: stompAdapter,
      target: stompTarget(),
      credentials: login('admin', 'wrong-observer-pw'),
    });
    await expect(attempt).rejects.toBeInstanceOf(InfrastructureError);
    const error = (await attempt.catch((e: unknown) => e)) as InfrastructureError;
    expect(error.message).toContain('"admin"');
    expect(error.message).toContain('User name [admin] or password is invalid.');
    expect(error.hint).toBeDefined();
    expect(error.describe()).not.toContain('wrong-observer-pw');
  });
});

describeWithBroker('case runner: silent MQTT publish decided by the observer and the broker log', () => {
  const clients: ProbeClient[] = [];
  function caseFor(username: string, brokerLog = broker.log): CaseContext {
    const client = new ProbeClient(mqttAdapter, mqttTarget(), login(username), CASE_TIMEOUTS);
    clients.push(client);
    return { client, observer, brokerLog };
  }
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  it('grants an MQTT publish only because the observer received it', async () => {
    const o = await runProduce(caseFor('writer'), APP_TOPIC);
    expect(o.outcome).toBe('granted');
    expect(o.evidence.at(-1)?.source).toBe('observer');
  });

  it('denies an acknowledged MQTT publish on non-delivery plus the broker line naming the denial', async () => {
    const o = await runProduce(caseFor('reader'), APP_TOPIC);
    expect(o.outcome).toBe('denied');
    expect(evidenceText(o)).toMatch(/not delivered to observer/);
    const logLine = o.evidence.find((e) => e.source === 'broker-log');
    expect(logLine?.text).toContain('User reader is not authorized to write to: topic://APP.t');
  });

  it('calls non-delivery without a denial line inconclusive', async () => {
    // a log that never received a line: the broker's own log is not consulted here
    const o = await runProduce(caseFor('reader', new BrokerLogBuffer()), APP_TOPIC);
    expect(o.outcome).toBe('inconclusive');
    expect(o.detail).toMatch(/logged no denial/);
  });
});
