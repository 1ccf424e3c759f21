/**
 * `check` on configurations shaped like the ones teams write (test/fixtures/real-world/), over all six
 * protocols on every release the project tests: the harness blames the configuration, never itself (no
 * model disagreement, nothing inconclusive), never shows ✓ for what a default client is refused on a
 * freshly started broker, and says what to fix.
 */
import { join } from 'node:path';
import { runCheck } from '../../src/check/run-check';
import type { RunResult } from '../../src/check/run-result';
import { hasJava, TEST_BROKER_VERSIONS } from '../support/broker';

const FIXTURES = join(__dirname, '..', 'fixtures', 'real-world');
const RUN_TIMEOUT_MS = 240_000;
const describeWithJava = hasJava() ? describe : describe.skip;

function expectHarnessBlamesNothing(result: RunResult): void {
  const blamed = result.verdicts
    .filter((v) => v.kind === 'model-disagreement' || v.kind === 'inconclusive' || v.modelDisagrees)
    .map((v) => `${v.case.id}: ${v.summary}`);
  expect(blamed).toEqual([]);
  expect(result.protocols).toHaveLength(6);
  expect(result.verdicts.filter((v) => v.kind === 'skipped' && /transport/.test(v.summary))).toEqual([]);
  // a grant the cold broker refuses is never shown as a plain pass
  const hiddenRefusals = result.verdicts.filter(
    (v) =>
      v.kind === 'pass' && v.observation?.outcome === 'granted' && v.coldObservation?.outcome === 'denied',
  );
  expect(hiddenRefusals).toEqual([]);
}

describeWithJava.each(TEST_BROKER_VERSIONS)('configurations teams write, on ActiveMQ %s', (brokerVersion) => {
  jest.setTimeout(RUN_TIMEOUT_MS);

  it("Amazon MQ's documented map: JMS clients refused, restarts change outcomes, and the fixes", async () => {
    const result = await runCheck({
      input: join(FIXTURES, 'amazon-mq-console-map.yaml'),
      runtime: 'local',
      brokerVersion,
    });
    expectHarnessBlamesNothing(result);
    const findings = result.findings ?? [];
    const refused = findings.filter((f) => f.kind === 'default-client-refused').map((f) => f.user);
    expect(refused.sort()).toEqual(['order-publisher', 'order-subscriber']);
    const order = findings.filter((f) => f.kind === 'order-dependent');
    expect(order.map((f) => f.user).sort()).toEqual(['order-publisher', 'order-subscriber']);
    expect(order[0]?.fix).toMatch(
      /admin on topic:\/\/ActiveMQ\.Advisory\.> .*or run ActiveMQ 5\.19\.8 or later/,
    );
    // the JMS default connect is refused with the broker's own words, once, and is not a cascade
    const connect = result.verdicts.find((v) => v.case.id === 'openwire order-publisher connect');
    expect(connect?.kind).toBe('pass');
    expect(connect?.observation?.evidence.map((e) => e.text).join('\n')).toContain(
      'User order-publisher is not authorized to read from: ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic',
    );
    const produce = result.verdicts.find(
      (v) => v.case.id === 'openwire order-publisher produce queue://ORDERS.incoming',
    );
    expect(produce?.case.client).toBe('minimal');
    // after a restart the declared produce is refused until an admin has produced there: the team's
    // expectation does not hold, and the harness says so with the cold broker's refusal
    expect(produce?.kind).toBe('expectation-failure');
    expect(produce?.coldObservation?.evidence.map((e) => e.text).join('\n')).toContain(
      'is not authorized to create: topic://ActiveMQ.Advisory.Producer.Queue.ORDERS.incoming',
    );
    expect(result.counts['order-dependent']).toBeGreaterThan(0);
  });

  it('a self-hosted activemq.xml: judged by its own release, placeholders resolved, short passwords accepted', async () => {
    const logged: string[] = [];
    const result = await runCheck({
      input: join(FIXTURES, 'self-hosted-activemq.xml'),
      propertiesFiles: [join(FIXTURES, 'credentials.properties')],
      runtime: 'local',
      brokerVersion,
      log: (line) => logged.push(line),
    });
    expectHarnessBlamesNothing(result);
    expect(result.engine.id).toBe(`activemq/${brokerVersion}`);
    // `system` comes from ${activemq.username}, its password from ${activemq.password}: it logs in
    const systemConnect = result.verdicts.find((v) => v.case.id === 'stomp system connect');
    expect(systemConnect?.observation?.outcome).toBe('granted');
    const sensor = (result.findings ?? []).filter((f) => f.user === 'sensor').map((f) => f.kind);
    expect(sensor.sort()).toEqual(['default-client-refused', 'order-dependent']);
  });

  it('anonymous clients with anonymousGroup hold that group, over every protocol', async () => {
    const result = await runCheck({
      input: join(FIXTURES, 'anonymous-group.xml'),
      runtime: 'local',
      brokerVersion,
    });
    expectHarnessBlamesNothing(result);
    const anonymous = result.verdicts.filter(
      (v) => v.case.credentials === 'no-credentials' && v.case.operation === 'connect',
    );
    expect(anonymous).toHaveLength(6);
    for (const v of anonymous) {
      expect(v.observation?.outcome).toBe('granted');
      expect(v.case.prediction.userGroups).toEqual(['everyone']);
    }
  });
});
