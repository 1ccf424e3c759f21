/**
 * The admin observer against a real ActiveMQ broker, over STOMP/TLS as the check run uses it: it confirms
 * what probes send, feeds what they consume, and survives the broker dropping its own session. (The case
 * runner's verdicts that rest on it are part of every protocol's contract suite.)
 */
import { InfrastructureError } from '../../src/core/errors';
import { AdminObserver } from '../../src/probes/observer';
import { newProbeId, newProbeMessage } from '../../src/probes/probe-message';
import { stompAdapter } from '../../src/probes/stomp/adapter';
import type { ProbeSession } from '../../src/probes/types';
import { testBrokerVersion, testRuntimeKind } from '../support/broker';
import { describeBrokerMatrix } from '../support/broker-matrix';
import { CONTRACT_CASE_TIMEOUTS, useContractBroker } from '../support/contract-broker';
import { APP_QUEUE, APP_TOPIC, SECRET_QUEUE, login } from '../support/contract-policy';

/** Long enough for a loopback delivery (a few ms observed); absences are asserted only after it. */
const DELIVERY_WAIT_MS = 1_500;
const PROBE_TIMEOUT_MS = CONTRACT_CASE_TIMEOUTS.operationMs;

describeBrokerMatrix(
  'admin observer over STOMP/TLS',
  (target) => {
    const broker = useContractBroker(target, { transports: ['stomp'] });
    const observer = () => broker.observer();
    const sessions: ProbeSession[] = [];
    afterEach(async () => {
      await Promise.all(sessions.splice(0).map((s) => s.close()));
    });

    async function openStomp(username: string): Promise<ProbeSession> {
      const result = await stompAdapter.connect(broker.target('stomp'), login(username), {
        clientId: newProbeId('observer-it'),
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      if (!result.session) throw new Error(`${username} could not connect: ${result.observation.detail}`);
      sessions.push(result.session);
      return result.session;
    }

    it.each([APP_QUEUE, APP_TOPIC])('reports a probe message it received by id ($kind)', async (dest) => {
      const watch = await observer().watch(dest);
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
      const watch = await observer().watch(APP_QUEUE);
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
      expect((await observer().publish(APP_TOPIC, message)).outcome).toBe('granted');
      expect(await subscription.nextMessage(message.id, DELIVERY_WAIT_MS)).toEqual({
        id: message.id,
        body: message.body,
      });
      await subscription.close();
    });

    it('survives its own session being dropped by an ERROR and serves the next case', async () => {
      const refused = await observer().watch(SECRET_QUEUE);
      expect(refused.observation.outcome).toBe('denied');
      await refused.close();
      const watch = await observer().watch(APP_QUEUE);
      try {
        expect(watch.observation.outcome).toBe('granted');
        const message = newProbeMessage('observer-it');
        expect((await observer().publish(APP_QUEUE, message)).outcome).toBe('granted');
        expect(await watch.waitFor(message.id, DELIVERY_WAIT_MS)).not.toBeNull();
      } finally {
        await watch.close();
      }
    });

    it('fails with a typed error naming user and endpoint, without the password, when it cannot log in', async () => {
      const attempt = AdminObserver.open({
        adapter: stompAdapter,
        target: broker.target('stomp'),
        credentials: login('admin', 'wrong-observer-pw'),
      });
      await expect(attempt).rejects.toBeInstanceOf(InfrastructureError);
      const error = (await attempt.catch((e: unknown) => e)) as InfrastructureError;
      expect(error.message).toContain('"admin"');
      expect(error.message).toContain('User name [admin] or password is invalid.');
      expect(error.hint).toBeDefined();
      expect(error.describe()).not.toContain('wrong-observer-pw');
    });
  },
  // one release and runtime: the observer's behaviour is the harness's, not the broker's
  { versions: [testBrokerVersion()], runtimes: [testRuntimeKind()] },
);
