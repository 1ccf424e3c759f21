/**
 * The upgrade preview on real brokers: amazon-mq/5.18 (5.18.7) to amazon-mq/5.19 (5.19.1). Both releases
 * predate the advisory fix (5.19.8, apache/activemq#2071), so nothing moves, with or without advisory
 * admin for the application groups; what the preview adds is the proof, cell by cell, on both brokers.
 */
import { join } from 'node:path';
import { main } from '../../src/cli';
import { upgradePreview, upgradeExitCode } from '../../src/upgrade/upgrade-preview';
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
