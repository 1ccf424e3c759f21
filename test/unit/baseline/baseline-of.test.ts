import { baselineOf, CONNECT_TARGET, formatBaseline, subjectKey } from '../../../src/baseline';
import type { RunResult } from '../../../src/check/run-result';
import { FIXTURE_PASSWORDS, fixtureRunResult } from '../../fixtures/run-result';

/** The fixture's run id appears in every probed destination name. */
const RUN_ID = 'r7k2q9';

describe('baselineOf', () => {
  const baseline = baselineOf(fixtureRunResult());

  it('keys destination cases by the pattern the probe stands for, never by the probed name', () => {
    expect(baseline.matrix['orders-writer']?.['queue://ORDERS.>']?.produce?.stomp).toBe('granted');
    expect(baseline.matrix['billing']?.['queue://ORDERS.new']?.consume?.stomp).toBe('denied');
    expect(baseline.matrix['orders-reader']?.['queue://(unlisted name)']?.produce?.stomp).toBe('denied');
    expect(formatBaseline(baseline)).not.toContain(RUN_ID);
  });

  it('records connects under one fixed key and names the negative-connect subjects readably', () => {
    expect(baseline.matrix['orders-admin']?.[CONNECT_TARGET]?.connect).toEqual({
      stomp: 'granted',
      mqtt: 'granted',
    });
    expect(baseline.matrix['orders-admin (wrong password)']?.[CONNECT_TARGET]?.connect?.mqtt).toBe('denied');
    expect(baseline.matrix['unknown (unknown user)']?.[CONNECT_TARGET]?.connect?.stomp).toBe('denied');
    expect(baseline.matrix['anonymous (no credentials)']?.[CONNECT_TARGET]?.connect?.stomp).toBe('denied');
    expect(subjectKey('orders-writer', 'valid')).toBe('orders-writer');
  });

  it('records inconclusive observations as such', () => {
    // the fixture's STOMP connect of orders-reader hit the client-id leak
    expect(baseline.matrix['orders-reader']?.[CONNECT_TARGET]?.connect?.stomp).toBe('inconclusive');
    expect(baseline.matrix['orders-writer']?.['topic://ORDERS.events.>']?.produce?.mqtt).toBe('inconclusive');
  });

  it('records a case whose warm and cold brokers disagree as order-dependent, and agreeing ones as their outcome', () => {
    const result = fixtureRunResult();
    const index = result.verdicts.findIndex((v) => v.case.id === 'stomp orders-writer connect');
    const warm = result.verdicts[index]!;
    const denied = {
      outcome: 'denied' as const,
      evidence: [{ source: 'wire' as const, text: 'ERROR' }],
      durationMs: 3,
    };
    result.verdicts[index] = { ...warm, coldObservation: denied };
    expect(baselineOf(result).matrix['orders-writer']?.[CONNECT_TARGET]?.connect?.stomp).toBe(
      'order-dependent',
    );
    result.verdicts[index] = { ...warm, coldObservation: { ...denied, outcome: 'granted' } };
    expect(baselineOf(result).matrix['orders-writer']?.[CONNECT_TARGET]?.connect?.stomp).toBe('granted');
  });

  it('leaves out skipped cases and lists only the protocols really probed', () => {
    expect(baseline.protocols).toEqual(['stomp', 'mqtt']);
    expect(formatBaseline(baseline)).not.toMatch(/amqp/);
    // MQTT cannot address queues: the skipped MQTT cases on queue://ORDERS.new are not cells (the
    // fixture's `queue://>` lets billing write there by mistake)
    expect(baseline.matrix['billing']?.['queue://ORDERS.new']?.produce).toEqual({ stomp: 'granted' });
  });

  it('records the engine and schema version', () => {
    expect(baseline.schemaVersion).toBe(1);
    expect(baseline.engine).toBe('activemq/5.17.2');
  });
});

describe('formatBaseline', () => {
  /** The same observations from another run: other run id, times, log path, verdict order. */
  function anotherRun(): RunResult {
    const result = fixtureRunResult();
    return {
      ...result,
      runId: 'zz9y8x',
      startedAt: '2027-01-01T00:00:00.000Z',
      durationMs: 99_999,
      brokerLogFile: '/var/tmp/elsewhere/activemq.log',
      verdicts: [...result.verdicts].reverse(),
    };
  }

  it('writes the same bytes for the same observations, whatever the run', () => {
    expect(formatBaseline(baselineOf(anotherRun()))).toBe(formatBaseline(baselineOf(fixtureRunResult())));
  });

  it('is JSON with sorted keys, two-space indentation and a trailing newline', () => {
    const text = formatBaseline(baselineOf(fixtureRunResult()));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "engine": "activemq/5.17.2",');
    const topKeys = [...text.matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1]);
    expect(topKeys).toEqual(['engine', 'matrix', 'protocols', 'schemaVersion']);
    const subjects = Object.keys(JSON.parse(text).matrix as object);
    expect(subjects).toEqual([...subjects].sort());
    expect(subjects[0]).toBe('anonymous (no credentials)');
    // lists on one line, as Prettier prints them, so a repository's `prettier --check` accepts the file
    expect(text).toContain('\n  "protocols": ["stomp", "mqtt"],\n');
  });

  it('holds no timings, run ids, paths or passwords', () => {
    const text = formatBaseline(baselineOf(fixtureRunResult()));
    for (const absent of ['durationMs', 'startedAt', 'runId', '.runs/', 'examples/', ...FIXTURE_PASSWORDS])
      expect(text).not.toContain(absent);
  });
});
