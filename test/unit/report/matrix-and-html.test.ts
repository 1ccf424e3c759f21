import { buildMatrices } from '../../../src/report/matrix';
import { toHtml } from '../../../src/report/html';
import { caseTitle } from '../../../src/report/case-view';
import { fixtureRunResult } from '../../fixtures/run-result';

describe('buildMatrices', () => {
  it('orders protocols as the run did, users before negative connects, connect first', () => {
    const [stomp, mqtt, amqp] = buildMatrices(fixtureRunResult());
    expect([stomp?.protocol, mqtt?.protocol, amqp?.protocol]).toEqual(['stomp', 'mqtt', 'amqp']);
    expect(stomp?.rows.map((r) => r.label)).toEqual([
      'orders-admin',
      'orders-writer',
      'orders-reader',
      'billing',
      'orders-admin (wrong password)',
      'unknown (unknown user)',
      'anonymous (no credentials)',
    ]);
    expect(stomp?.groups.map((g) => g.target)).toEqual([
      'connect',
      'queue://ORDERS.>',
      'queue://ORDERS.new',
      'topic://ORDERS.events.>',
      'queue://(unlisted name)',
    ]);
    expect(stomp?.groups[1]?.columns.map((c) => c.operation)).toEqual(['produce', 'consume', 'create']);
    expect(amqp?.skippedReason).toMatch(/no amqp transport/);
    expect(mqtt?.skippedReason).toBeUndefined();
  });

  it('shows the most severe verdict when two share a cell', () => {
    const result = fixtureRunResult();
    const failure = result.verdicts.find((v) => v.kind === 'expectation-failure')!;
    const twin = { ...failure, kind: 'pass' as const };
    result.verdicts.unshift(twin);
    const stomp = buildMatrices(result)[0]!;
    const row = stomp.rows.find((r) => r.label === 'billing')!;
    const column = stomp.columns.find((c) => c.target === 'queue://ORDERS.new' && c.operation === 'produce')!;
    expect(stomp.cell(row, column)).toHaveLength(2);
    expect(stomp.shown(row, column)?.kind).toBe('expectation-failure');
  });
});

describe('toHtml', () => {
  it('escapes broker text so it cannot inject markup', () => {
    const result = fixtureRunResult();
    const v = result.verdicts.find((x) => x.kind === 'model-disagreement')!;
    v.observation!.evidence.push({ source: 'wire', text: '<script>alert("x")</script> & <img src=x>' });
    const html = toHtml(result);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('loads nothing from the network', () => {
    const html = toHtml(fixtureRunResult());
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
    expect(html).not.toMatch(/\s(src|href)=/);
    expect(html).not.toMatch(/url\(/);
  });

  it('has one matrix cell per case of every protocol that ran and an article per case', () => {
    const result = fixtureRunResult();
    const html = toHtml(result);
    const ran = result.verdicts.filter((v) => v.case.protocol !== 'amqp');
    expect(html.match(/<button type="button" class="cell /g)).toHaveLength(ran.length);
    expect(html.match(/<article class="case"/g)).toHaveLength(result.verdicts.length);
    for (const v of result.verdicts) expect(html).toContain(caseTitle(v.case));
  });
});
