/**
 * Cases the differential runs and real configurations tripped over, each on the real broker over all six
 * protocols: composite destinations (every STOMP part prefixed, parts declared and never the composite,
 * MQTT left out with its reason), and a STOMP session that receives what it did not wait for.
 */
import { join } from 'node:path';
import { runCheck } from '../../src/check/run-check';
import { stompAdapter } from '../../src/probes/stomp/adapter';
import {
  ADMINS_ONLY,
  hasJava,
  startTestBroker,
  testEntry,
  testPolicy,
  TEST_BROKER_VERSIONS,
} from '../support/broker';
import { newProbeMessage } from '../../src/probes/probe-message';
import { Secret } from '../../src/core/secret';

const FIXTURES = join(__dirname, '..', 'fixtures', 'regressions');
const describeWithJava = hasJava() ? describe : describe.skip;

describeWithJava.each(TEST_BROKER_VERSIONS)('regressions on ActiveMQ %s', (brokerVersion) => {
  jest.setTimeout(240_000);

  it('checks composite destinations over every protocol that can name them, with nothing left undecided', async () => {
    const result = await runCheck({
      input: join(FIXTURES, 'composites.yaml'),
      runtime: 'local',
      brokerVersion,
    });
    const undecided = result.verdicts
      .filter((v) => v.kind === 'model-disagreement' || v.kind === 'inconclusive' || v.modelDisagrees)
      .map((v) => `${v.case.id}: ${v.summary}`);
    expect(undecided).toEqual([]);
    const composite = result.verdicts.filter((v) => v.case.destination?.name === 'A.orders,B.orders');
    expect(composite.length).toBeGreaterThan(0);
    // the composite's parts exist from the start: a send to it creates nothing, so write suffices
    const sends = composite.filter(
      (v) => v.case.user === 'both' && v.case.operation === 'produce' && !v.case.skip,
    );
    expect(sends.map((v) => [v.case.protocol, v.observation?.outcome])).toEqual(
      ['openwire', 'amqp', 'stomp', 'stomp-wss'].map((p) => [p, 'granted']),
    );
    const mqtt = result.verdicts.filter(
      (v) => v.case.protocol.startsWith('mqtt') && v.case.destination?.name.includes(','),
    );
    expect(mqtt.length).toBeGreaterThan(0);
    expect(mqtt.filter((v) => v.kind !== 'skipped')).toEqual([]);
    const topics = mqtt.filter((v) => v.case.destination?.kind === 'topic');
    expect(topics.length).toBeGreaterThan(0);
    for (const v of topics) expect(v.summary).toMatch(/composite .* per-part denials are not modelled/);
  });

  it('keeps a STOMP session answering after it received messages nobody waited for', async () => {
    const broker = await startTestBroker(
      testPolicy({
        brokerVersion,
        users: [{ username: 'admin', password: 'admin-password-1', groups: ['admins'] }],
        authorization: {
          entries: [testEntry('queue', '>', ADMINS_ONLY), testEntry('topic', '>', ADMINS_ONLY)],
        },
        destinations: [
          { kind: 'queue', name: 'STALL.a' },
          { kind: 'queue', name: 'STALL.b' },
        ],
      }),
      { brokerVersion, transports: ['stomp'] },
    );
    try {
      const target = { endpoint: broker.endpoints.stomp!, caPem: broker.caPem };
      const { session } = await stompAdapter.connect(
        target,
        { username: 'admin', password: new Secret('admin-password-1') },
        { clientId: 'stall-check', timeoutMs: 5_000 },
      );
      if (!session) throw new Error('admin could not connect');
      const composite = { kind: 'queue' as const, name: 'STALL.a,STALL.b' };
      for (let round = 0; round < 5; round += 1) {
        const subscription = await session.subscribe(composite, 5_000);
        expect(subscription.observation.outcome).toBe('granted');
        // one copy per part arrives; the probe waits for neither, and closes the subscription at once
        const sent = await session.send(composite, newProbeMessage(`stall-${round}`), 5_000);
        expect(sent.observation.outcome).toBe('granted');
        await subscription.close();
      }
      // a session that stalled would leave this receipt unanswered
      const after = await session.send({ kind: 'queue', name: 'STALL.a' }, newProbeMessage('after'), 5_000);
      expect(after.observation.outcome).toBe('granted');
      await session.close();
    } finally {
      await broker.stop();
    }
  });
});
