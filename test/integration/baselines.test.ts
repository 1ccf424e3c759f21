/**
 * Regression baselines on a real broker (runtime from AMQ_AUTH_TEST_RUNTIME, default local), through the
 * CLI as a team uses it: the shipped baseline holds for the unchanged example, a widened wildcard fails
 * the run with the gained permission named, and `--update-baseline` records the new behaviour so the next
 * run passes and an unchanged config rewrites the same bytes. STOMP alone keeps each run to a few seconds.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBaseline } from '../../src/baseline';
import { main } from '../../src/cli';
import { hasJava, testRuntimeKind } from '../support/broker';

const root = join(__dirname, '../..');
const ORDERS_POLICY = join(root, 'examples/orders/policy.yaml');
const ORDERS_BASELINE = join(root, 'examples/orders/baseline.json');
/** Five check runs of the orders example over STOMP. */
const SUITE_TIMEOUT_MS = 150_000;
const runtime = testRuntimeKind();
const available = runtime === 'testcontainers' || hasJava() || Boolean(process.env.ACTIVEMQ_HOME);
const describeBroker = available ? describe : describe.skip;
if (!available)
  console.warn(
    'baseline tests skipped: no ActiveMQ installed (install Debian activemq or set ACTIVEMQ_HOME)',
  );

const work = mkdtempSync(join(tmpdir(), 'amq-auth-baselines-'));

async function check(policy: string, baseline: string, ...extra: string[]) {
  const out: string[] = [];
  const code = await main(
    [
      'check',
      policy,
      '--runtime',
      runtime,
      '--protocols',
      'stomp',
      '--report-dir',
      join(work, 'reports'),
      '--quiet',
      '--baseline',
      baseline,
      ...extra,
    ],
    { out: (s) => out.push(s), err: (s) => out.push(s) },
  );
  return { code, out: out.join('\n') };
}

/** The orders example with `order-producers` added to the readers of `topic://ORDERS.events.>`. */
function widenedOrdersPolicy(): string {
  const original = readFileSync(ORDERS_POLICY, 'utf8');
  const entry = "    - topic: 'ORDERS.events.>'\n      read: [order-consumers, billing]\n";
  if (!original.includes(entry)) throw new Error('the orders example changed; update this test');
  const widened = original.replace(
    entry,
    "    - topic: 'ORDERS.events.>'\n      read: [order-consumers, billing, order-producers]\n",
  );
  const file = join(work, 'widened-policy.yaml');
  writeFileSync(file, widened);
  return file;
}

describeBroker(`regression baselines against a real broker (${runtime})`, () => {
  jest.setTimeout(SUITE_TIMEOUT_MS);

  it('passes the unchanged example against its shipped baseline, comparing only what was probed', async () => {
    const shipped = readFileSync(ORDERS_BASELINE, 'utf8');
    const r = await check(ORDERS_POLICY, ORDERS_BASELINE);
    expect(r.out).toContain('no permission changes');
    expect(r.out).toContain('not compared: openwire (not probed in this run)');
    expect(r.out).toContain('not compared: mqtt (not probed in this run)');
    expect(r.code).toBe(0);
    expect(readFileSync(ORDERS_BASELINE, 'utf8')).toBe(shipped);
  });

  describe('a widened wildcard', () => {
    const policy = widenedOrdersPolicy();
    const baseline = join(work, 'baseline.json');
    copyFileSync(ORDERS_BASELINE, baseline);

    it('fails the run and names the gained permission', async () => {
      const r = await check(policy, baseline);
      expect(r.out).toContain('permissions moved');
      expect(r.out).toContain('+ orders-writer gained consume on topic://ORDERS.events.> over stomp');
      // the declared destination under the widened pattern moves with it
      expect(r.out).toContain('+ orders-writer gained consume on topic://ORDERS.events.created over stomp');
      // and so does a subscription on the wildcard itself
      expect(r.out).toContain(
        '+ orders-writer gained wildcard-consume on topic://ORDERS.events.> over stomp',
      );
      expect(r.out).toMatch(/^3 gained, 0 lost, 0 unsettled, 0 new, 0 removed/m);
      expect(r.code).toBe(1);
    });

    it('is recorded by --update-baseline, after which the run passes and rewrites the same bytes', async () => {
      const updated = await check(policy, baseline, '--update-baseline');
      expect(updated.code).toBe(0);
      expect(updated.out).toContain(`wrote baseline ${baseline}`);
      const recorded = readFileSync(baseline, 'utf8');
      expect(
        parseBaseline(recorded, baseline).matrix['orders-writer']?.['topic://ORDERS.events.>']?.consume,
      ).toEqual({ stomp: 'granted' });

      const again = await check(policy, baseline);
      expect(again.out).toContain('no permission changes');
      expect(again.code).toBe(0);

      const second = join(work, 'second.json');
      expect((await check(policy, second, '--update-baseline')).code).toBe(0);
      expect(readFileSync(second, 'utf8')).toBe(recorded);
    });
  });
});
