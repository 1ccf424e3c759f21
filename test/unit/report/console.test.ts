import { renderConsole } from '../../../src/report/console';
import { countVerdicts } from '../../../src/check/verdict';
import type { RunResult } from '../../../src/check/run-result';
import { fixtureRunResult } from '../../fixtures/run-result';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (verbosity: 'quiet' | 'normal' | 'verbose', result: RunResult = fixtureRunResult()) =>
  renderConsole(result, { color: false, verbosity });

function matrixLines(text: string, protocol: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(protocol);
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start + 1, end);
}

describe('renderConsole', () => {
  it('draws one matrix per protocol with a row per user and the verdict symbols', () => {
    const text = plain('normal');
    const stomp = matrixLines(text, 'stomp');
    expect(stomp[0]).toMatch(/connect │ queue:\/\/ORDERS\.> +│ queue:\/\/ORDERS\.new/);
    expect(stomp[1]).toMatch(/conn +│ prod cons crea/);
    const billing = stomp.find((l) => l.startsWith('billing '));
    // billing: connect ✓ | ORDERS.> prod ✓ cons ✗ | ORDERS.new prod !E cons ✗
    expect(billing).toMatch(/^billing +✓ +│ ✓ +✗ +│ !E +✗ +│/);
    expect(stomp.some((l) => /^orders-reader +\? /.test(l))).toBe(true);
    expect(stomp.some((l) => l.startsWith('anonymous (no credentials)'))).toBe(true);
    const mqtt = matrixLines(text, 'mqtt');
    expect(mqtt.find((l) => l.startsWith('billing '))).toMatch(/✗ +!M +│ - +-$/);
  });

  it('keeps the columns of a matrix aligned', () => {
    const stomp = matrixLines(plain('normal'), 'stomp');
    const bars = (line: string) => [...line].flatMap((ch, i) => (ch === '│' ? [i] : []));
    const header = bars(stomp[0] ?? '');
    expect(header.length).toBe(4);
    for (const line of stomp.slice(1)) expect(bars(line)).toEqual(header);
  });

  it('collapses a protocol whose transport is missing into one line with the reason', () => {
    expect(plain('normal')).toContain(
      'amqp  all 12 cases skipped: this broker build has no amqp transport (amqp cannot be checked here)',
    );
    expect(plain('normal')).toContain('2 cases skipped: mqtt cannot address queue://ORDERS.new');
  });

  it('lists failures with the declaration, the deciding entries and the evidence', () => {
    const text = plain('normal');
    const failure = text.slice(text.indexOf('Expectation failures (1)'), text.indexOf('Model disagreements'));
    expect(failure).toContain('!E billing cannot produce queue://ORDERS.new over stomp');
    expect(failure).toContain('expected denied (declared), broker granted');
    expect(failure).toContain('(examples/orders/policy.yaml:66:5)');
    expect(failure).toContain('deciding entries: queue://>; matched: queue://>, queue://ORDERS.>');
    expect(failure).toMatch(
      /observer +\+9\.6 ms {2}delivered amqauth-r7k2q9-000f to observer on queue:\/\/ORDERS\.new/,
    );
    const model = text.slice(text.indexOf('Model disagreements (1)'));
    expect(model).toContain('SUBACK(messageId=27, granted=[0x80])');
    expect(model).toContain('caveat: Before 5.19.8');
  });

  it('ends with a summary line counting every verdict kind', () => {
    const result = fixtureRunResult();
    const c = result.counts;
    const last = plain('normal', result).trimEnd().split('\n').at(-1);
    expect(last).toBe(
      `FAILED  70 cases: ${c.pass} pass, 1 expectation failure, 1 model disagreement, 0 order-dependent, 2 inconclusive, ${c.skipped} skipped`,
    );
    expect(c.pass + c.skipped).toBe(66);
  });

  it('quiet prints only what needs attention and the summary', () => {
    const text = plain('quiet');
    expect(text).not.toContain('legend');
    expect(text).not.toContain('│');
    expect(text).toContain('!E billing cannot produce queue://ORDERS.new over stomp');
    expect(text).toContain('Inconclusive (2)');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^FAILED {2}70 cases/);
  });

  it('verbose prints the evidence of passing cases too', () => {
    const evidenceOfPass = 'RECEIPT receipt-id:send-1 for SEND queue://ORDERS.pr7k2q9';
    expect(plain('normal')).not.toContain(evidenceOfPass);
    const verbose = plain('verbose');
    expect(verbose).toContain('All cases');
    expect(verbose).toContain(evidenceOfPass);
    expect(verbose).toContain('✓  orders-admin can produce queue://ORDERS.pr7k2q9 over stomp');
  });

  it('colours only when asked, and colour changes nothing but escape codes', () => {
    const result = fixtureRunResult();
    const noColor = renderConsole(result, { color: false, verbosity: 'verbose' });
    const color = renderConsole(result, { color: true, verbosity: 'verbose' });
    expect(noColor).not.toMatch(ANSI);
    expect(color).toMatch(ANSI);
    expect(color.replace(ANSI, '')).toBe(noColor);
  });

  it('says PASSED only when nothing failed and nothing was inconclusive', () => {
    const result = fixtureRunResult();
    result.verdicts = result.verdicts.filter((v) => v.kind === 'pass' || v.kind === 'skipped');
    result.counts = countVerdicts(result.verdicts);
    expect(plain('quiet', result).trim()).toMatch(/^PASSED {2}66 cases: /);

    result.verdicts.push({ ...fixtureRunResult().verdicts.find((v) => v.kind === 'inconclusive')! });
    result.counts = countVerdicts(result.verdicts);
    expect(plain('quiet', result).trimEnd().split('\n').at(-1)).toMatch(/^INCONCLUSIVE {2}67 cases/);
  });

  it('reports an aborted run', () => {
    const result = { ...fixtureRunResult(), aborted: 'the broker exited with code 1 during the run' };
    expect(plain('quiet', result)).toContain('run aborted: the broker exited with code 1 during the run');
  });
});
