import {
  baselineOf,
  compareBaseline,
  formatBaselineDiff,
  hasBaselineChanges,
  type Baseline,
} from '../../../src/baseline';
import { fixtureRunResult } from '../../fixtures/run-result';
import { copy, withCell } from './baseline-support';

const base = baselineOf(fixtureRunResult());
const ORDERS = 'queue://ORDERS.>';
const EVENTS = 'topic://ORDERS.events.>';

describe('compareBaseline', () => {
  it('finds nothing between a run and its own baseline', () => {
    const diff = compareBaseline(base, copy(base));
    expect(hasBaselineChanges(diff)).toBe(false);
    expect(diff.compared).toEqual(['stomp', 'mqtt']);
    expect(diff.notCompared).toEqual([]);
    expect(formatBaselineDiff(diff, 'text')).toMatch(/^0 gained, 0 lost, 0 unsettled, 0 new, 0 removed/m);
  });

  it('reports denied -> granted as gained, grouped over the protocols, in the words of amq-auth diff', () => {
    let current = withCell(base, 'orders-writer', EVENTS, 'consume', 'stomp', 'granted');
    current = withCell(current, 'orders-writer', EVENTS, 'consume', 'mqtt', 'granted');
    const diff = compareBaseline(base, current);
    expect(hasBaselineChanges(diff)).toBe(true);
    expect(diff.gained.map((c) => [c.subject, c.target, c.operation, c.protocol])).toEqual([
      ['orders-writer', EVENTS, 'consume', 'stomp'],
      ['orders-writer', EVENTS, 'consume', 'mqtt'],
    ]);
    expect(diff.lost).toEqual([]);
    const text = formatBaselineDiff(diff, 'text');
    expect(text).toContain(`+ orders-writer gained consume on ${EVENTS} over stomp, mqtt`);
    expect(text).toMatch(/^1 gained, 0 lost/m);
  });

  it('reports granted -> denied as lost, and connect without a destination', () => {
    let current = withCell(base, 'orders-reader', ORDERS, 'consume', 'stomp', 'denied');
    current = withCell(current, 'billing', '(connect)', 'connect', 'mqtt', 'denied');
    const diff = compareBaseline(base, current);
    expect(diff.lost).toHaveLength(2);
    const text = formatBaselineDiff(diff, 'text');
    expect(text).toContain(`- orders-reader lost consume on ${ORDERS} over stomp`);
    expect(text).toContain('- billing lost connect over mqtt');
  });

  it('reports a move to or from inconclusive as unsettled, not as gained or lost', () => {
    const current = withCell(base, 'orders-reader', '(connect)', 'connect', 'stomp', 'granted');
    const diff = compareBaseline(base, current);
    expect(diff.gained).toEqual([]);
    expect(diff.unsettled).toEqual([
      {
        subject: 'orders-reader',
        target: '(connect)',
        operation: 'connect',
        protocol: 'stomp',
        before: 'inconclusive',
        after: 'granted',
      },
    ]);
    expect(formatBaselineDiff(diff, 'text')).toContain(
      '~ orders-reader connect over stomp: inconclusive in the baseline, granted now',
    );
  });

  it('reports cells only one side has as new or removed', () => {
    let current = withCell(base, 'auditor', '(connect)', 'connect', 'stomp', 'granted');
    current = withCell(current, 'billing', ORDERS, 'produce', 'stomp', undefined);
    const diff = compareBaseline(base, current);
    expect(diff.added.map((c) => c.subject)).toEqual(['auditor']);
    expect(diff.removed.map((c) => [c.subject, c.target, c.operation, c.before])).toEqual([
      ['billing', ORDERS, 'produce', 'granted'],
    ]);
    const text = formatBaselineDiff(diff, 'text');
    expect(text).toContain('+ new: auditor connect over stomp: granted (not in the baseline)');
    expect(text).toContain(`- removed: billing produce on ${ORDERS} over stomp: granted in the baseline`);
  });

  it('does not compare a protocol the current run lacks, and never calls its cells lost', () => {
    // the baseline was recorded where OpenWire was probed too
    let recorded: Baseline = { ...copy(base), protocols: ['openwire', 'stomp', 'mqtt'] };
    recorded = withCell(recorded, 'orders-writer', ORDERS, 'produce', 'openwire', 'granted');
    recorded = withCell(recorded, 'orders-writer', '(connect)', 'connect', 'openwire', 'granted');
    const diff = compareBaseline(recorded, base);
    expect(hasBaselineChanges(diff)).toBe(false);
    expect(diff.removed).toEqual([]);
    expect(diff.compared).toEqual(['stomp', 'mqtt']);
    expect(diff.notCompared).toEqual([{ protocol: 'openwire', reason: 'not probed in this run' }]);
    expect(formatBaselineDiff(diff, 'text')).toContain('not compared: openwire (not probed in this run)');
  });

  it('does not compare a protocol the baseline never probed', () => {
    let current: Baseline = { ...copy(base), protocols: ['amqp', 'stomp', 'mqtt'] };
    current = withCell(current, 'billing', '(connect)', 'connect', 'amqp', 'granted');
    const diff = compareBaseline(base, current);
    expect(diff.added).toEqual([]);
    expect(diff.notCompared).toEqual([{ protocol: 'amqp', reason: 'not in the baseline' }]);
  });

  it('reports the same permission granted over one protocol and denied over another', () => {
    // in the fixture, billing's MQTT subscription to ORDERS.events is refused while STOMP's is granted
    const diff = compareBaseline(base, base);
    expect(diff.inconsistencies).toContainEqual({
      subject: 'billing',
      target: EVENTS,
      operation: 'consume',
      granted: ['stomp'],
      denied: ['mqtt'],
      inBaseline: true,
    });
    expect(formatBaselineDiff(diff, 'text')).toContain(
      `! protocols disagree: billing consume on ${EVENTS}: granted over stomp, denied over mqtt (also in the baseline)`,
    );
    const before = withCell(base, 'billing', EVENTS, 'consume', 'mqtt', 'granted');
    const fresh = compareBaseline(before, base).inconsistencies.find((i) => i.subject === 'billing');
    expect(fresh?.inBaseline).toBe(false);
  });

  it('notes an engine change without failing on it', () => {
    const diff = compareBaseline({ ...copy(base), engine: 'amazon-mq/5.18' }, base);
    expect(hasBaselineChanges(diff)).toBe(false);
    expect(formatBaselineDiff(diff, 'text')).toContain(
      'engine: the baseline was recorded on amazon-mq/5.18, this run is activemq/5.17.2',
    );
  });
});

describe('formatBaselineDiff markdown', () => {
  it('puts every change in one table a pull request can show', () => {
    let current = withCell(base, 'orders-writer', EVENTS, 'consume', 'stomp', 'granted');
    current = withCell(current, 'orders-reader', ORDERS, 'consume', 'stomp', 'denied');
    const md = formatBaselineDiff(compareBaseline(base, current), 'markdown');
    expect(md).toMatch(/^### Permission changes against the baseline/);
    expect(md).toContain('**1 gained, 1 lost, 0 unsettled, 0 new, 0 removed');
    expect(md).toContain('| Change | Who | Operation | Destination | Protocols | Baseline | Now |');
    expect(md).toContain(
      `| ➕ gained | \`orders-writer\` | consume | \`${EVENTS}\` | stomp | denied | granted |`,
    );
    expect(md).toContain(
      `| ➖ lost | \`orders-reader\` | consume | \`${ORDERS}\` | stomp | granted | denied |`,
    );
    expect(md).toContain('#### Protocols disagree');
  });

  it('escapes table cells', () => {
    const current = withCell(base, 'a|b', '(connect)', 'connect', 'stomp', 'granted');
    const md = formatBaselineDiff(compareBaseline(base, current), 'markdown');
    expect(md).toContain('| new | `a\\|b` | connect | — | stomp | — | granted |');
  });
});
