/**
 * The upgrade preview on real brokers. amazon-mq/5.18 (5.18.7) to amazon-mq/5.19 (5.19.1): both releases
 * predate the advisory fix (5.19.8 and 6.2.7, apache/activemq#2071), so nothing moves, with or without
 * advisory admin for the application groups; what the preview adds is the proof, cell by cell, on both
 * brokers. 5.18.7 to 6.2.7, which has the fix: without advisory admin, connects and first producers (and
 * first consumers) that 5.18.7 refuses on a cold broker succeed; with it, nothing moves.
 */
import { join } from 'node:path';
import { main } from '../../src/cli';
import type { Protocol } from '../../src/core/types';
import {
  upgradePreview,
  upgradeExitCode,
  type CellMove,
  type UpgradePreview,
} from '../../src/upgrade/upgrade-preview';
import { hasJava } from '../support/broker';

const FIXTURES = join(__dirname, '..', 'fixtures');
const describeWithJava = hasJava() ? describe : describe.skip;

describeWithJava('upgrade preview from amazon-mq/5.18 to amazon-mq/5.19', () => {
  jest.setTimeout(300_000);

  it('moves nothing for a map without advisory admin: both releases refuse the same clients cold', async () => {
    const preview = await upgradePreview({
      input: join(FIXTURES, 'real-world', 'amazon-mq-console-map.yaml'),
      from: 'amazon-mq/5.18',
      to: 'amazon-mq/5.19',
      runtime: 'local',
      protocols: ['openwire', 'amqp', 'stomp'],
    });
    expect(preview.from.version).toBe('5.18.7');
    expect(preview.to.version).toBe('5.19.1');
    expect(preview.results.from.runtime.brokerVersion).toBe('5.18.7');
    expect(preview.results.to.runtime.brokerVersion).toBe('5.19.1');
    expect(preview.problems).toEqual([]);
    expect(preview.moves).toEqual([]);
    // cold cells were compared too: the connect refusals after a restart hold on both
    expect(preview.results.from.verdicts.some((v) => v.coldObservation?.outcome === 'denied')).toBe(true);
    expect(preview.unchanged).toBeGreaterThan(100);
    expect(upgradeExitCode(preview)).toBe(0);
  });

  it('prints the JSON report from the command line and exits 0 when nothing moves', async () => {
    const out: string[] = [];
    const code = await main(
      [
        'upgrade-preview',
        join(FIXTURES, 'regressions', 'composites.yaml'),
        '--from',
        '5.18.7',
        '--to',
        '5.19.1',
        '--runtime',
        'local',
        '--protocols',
        'stomp',
        '--format',
        'json',
      ],
      { out: (s) => out.push(s), err: () => undefined },
    );
    const report = JSON.parse(out.join('\n'));
    expect(report).toMatchObject({
      schemaVersion: 1,
      from: { version: '5.18.7' },
      to: { version: '5.19.1' },
      moves: [],
    });
    expect(code).toBe(0);
  });
});

/** Every piece of a move's evidence as one string, to look for the broker's own words. */
function words(evidence: CellMove['fromEvidence']): string {
  return evidence.map((e) => JSON.stringify(e)).join('\n');
}

function movesOf(preview: UpgradePreview, subject: string, operation: string, target?: string): CellMove[] {
  return preview.moves.filter(
    (m) => m.subject.startsWith(subject) && m.operation === operation && (!target || m.target === target),
  );
}

const protocolsOf = (moves: CellMove[]): Protocol[] => [...new Set(moves.map((m) => m.protocol))].sort();

describeWithJava('upgrade preview from 5.18.7 to 6.2.7 (the advisory fix)', () => {
  jest.setTimeout(300_000);
  const protocols: Protocol[] = ['openwire', 'amqp', 'stomp'];

  it('shows the connects and first producers a cold 5.18.7 refuses for lack of advisory admin', async () => {
    const preview = await upgradePreview({
      input: join(FIXTURES, 'real-world', 'amazon-mq-console-map.yaml'),
      from: '5.18.7',
      to: '6.2.7',
      runtime: 'local',
      protocols,
    });
    expect(preview.results.from.runtime.brokerVersion).toBe('5.18.7');
    expect(preview.results.to.runtime.brokerVersion).toBe('6.2.7');
    // both brokers did what the model predicts for their release: the moves are the broker's, not ours
    expect(preview.problems).toEqual([]);
    // every move is a grant that appears, on the cold broker (after a restart, before any admin connected),
    // except request/reply: 5.18.7 names a consumer advisory after each new temporary queue, which never
    // exists beforehand, so it is refused on the warm broker as well
    expect(preview.moves.length).toBeGreaterThan(0);
    expect(preview.moves.every((m) => m.change === 'gains')).toBe(true);
    const warm = preview.moves.filter((m) => m.phase !== 'cold');
    expect([...new Set(warm.map((m) => m.operation))]).toEqual(['request-reply']);
    for (const user of ['order-publisher', 'order-subscriber']) {
      const requestReply = movesOf(preview, user, 'request-reply');
      expect(protocolsOf(requestReply)).toEqual(['amqp', 'openwire', 'stomp']);
      for (const move of requestReply) {
        expect(words(move.fromEvidence)).toMatch(
          new RegExp(
            `User ${user} is not authorized to create: topic://ActiveMQ\\.Advisory\\.Consumer\\.Queue\\.ID:`,
          ),
        );
        expect(words(move.toEvidence)).toContain('probe received its own');
      }
    }
    expect(preview.moves.every((m) => m.before === 'denied' && m.after === 'granted')).toBe(true);
    // ops-admin holds admin on the advisory topics: nothing moves for it
    expect(preview.moves.some((m) => m.subject.startsWith('ops-admin'))).toBe(false);

    for (const user of ['order-publisher', 'order-subscriber']) {
      // connect: 5.18.7 creates ActiveMQ.Advisory.Connection as the client and refuses it; 6.2.7 does not.
      // OpenWire does not move: a default JMS connection still needs read on the temp advisories.
      const connects = movesOf(preview, user, 'connect');
      expect(protocolsOf(connects)).toEqual(['amqp', 'stomp']);
      const amqpConnect = connects.find((m) => m.protocol === 'amqp')!;
      expect(words(amqpConnect.fromEvidence)).toContain(
        `User ${user} is not authorized to create: topic://ActiveMQ.Advisory.Connection`,
      );
      expect(words(amqpConnect.toEvidence)).not.toContain('ActiveMQ.Advisory');
      expect(amqpConnect.toEvidence.length).toBeGreaterThan(0);
      const stompConnect = connects.find((m) => m.protocol === 'stomp')!;
      expect(words(stompConnect.fromEvidence)).toContain('ActiveMQ.Advisory.Connection');
      expect(stompConnect.toEvidence.length).toBeGreaterThan(0);
    }

    // first producer: bound producers (OpenWire createProducer(dest), an AMQP sender with a target) fire
    // a producer advisory on 5.18.7; STOMP fires none, so it does not move
    const produce = movesOf(preview, 'order-publisher', 'produce', 'queue://ORDERS.incoming');
    expect(protocolsOf(produce)).toEqual(['amqp', 'openwire']);
    for (const move of produce) {
      expect(words(move.fromEvidence)).toContain(
        'User order-publisher is not authorized to create: topic://ActiveMQ.Advisory.Producer.Queue.ORDERS.incoming',
      );
      expect(words(move.toEvidence)).toContain('delivered');
    }
    expect(protocolsOf(movesOf(preview, 'order-publisher', 'produce', 'topic://ORDER-EVENTS.>'))).toEqual([
      'amqp',
      'openwire',
    ]);
    // the subscriber never gains produce, the publisher never gains consume: the map still decides
    expect(movesOf(preview, 'order-subscriber', 'produce')).toEqual([]);
    expect(movesOf(preview, 'order-publisher', 'consume')).toEqual([]);
    expect(upgradeExitCode(preview)).toBe(1);
  });

  it('moves nothing once the application groups hold admin on ActiveMQ.Advisory.>', async () => {
    const out: string[] = [];
    const code = await main(
      [
        'upgrade-preview',
        join(FIXTURES, 'upgrade', 'console-map-with-advisory-admin.yaml'),
        '--from',
        '5.18.7',
        '--to',
        '6.2.7',
        '--runtime',
        'local',
        '--protocols',
        protocols.join(','),
        '--format',
        'json',
      ],
      { out: (s) => out.push(s), err: () => undefined },
    );
    const report = JSON.parse(out.join('\n'));
    expect(report).toMatchObject({
      from: { version: '5.18.7' },
      to: { version: '6.2.7' },
      moves: [],
      problems: [],
    });
    expect(report.unchanged).toBeGreaterThan(100);
    expect(code).toBe(0);
  });
});
