import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyBaseline,
  baselineOf,
  describeBaselineResult,
  formatBaseline,
  readBaselineFile,
} from '../../../src/baseline';
import { PolicyError } from '../../../src/core/errors';
import { main } from '../../../src/cli';
import { fixtureRunResult } from '../../fixtures/run-result';
import { withCell } from './baseline-support';

const dir = () => mkdtempSync(join(tmpdir(), 'amq-auth-baseline-'));

describe('applyBaseline', () => {
  it('refuses a missing baseline without --update-baseline, with a hint to record one', () => {
    const file = join(dir(), 'baseline.json');
    expect(() => applyBaseline(fixtureRunResult(), file, false)).toThrow(PolicyError);
    try {
      readBaselineFile(file, false);
    } catch (error) {
      expect((error as PolicyError).exitCode).toBe(2);
      expect((error as PolicyError).message).toContain(`${file} does not exist`);
      expect((error as PolicyError).hint).toMatch(/--update-baseline/);
    }
  });

  it('creates the file on update (folders too), and a second run finds no change', () => {
    const file = join(dir(), 'nested', 'baseline.json');
    const first = applyBaseline(fixtureRunResult(), file, true);
    expect(first).toMatchObject({ changed: false, wrote: true });
    // the fixture's client-id conflict and silent MQTT publish could not be decided
    expect(first.note).toBe('2 cells are recorded as inconclusive; run again before committing the baseline');
    expect(readFileSync(file, 'utf8')).toBe(formatBaseline(baselineOf(fixtureRunResult())));
    expect(describeBaselineResult(first, file)).toContain(`wrote baseline ${file}`);
    const second = applyBaseline(fixtureRunResult(), file, false);
    expect(second.changed).toBe(false);
    expect(second.wrote).toBe(false);
    expect(describeBaselineResult(second, file)).toContain(`baseline ${file}: no permission changes`);
  });

  it('reports moved permissions against the file and leaves it untouched without update', () => {
    const file = join(dir(), 'baseline.json');
    const recorded = withCell(
      baselineOf(fixtureRunResult()),
      'orders-writer',
      'queue://ORDERS.>',
      'produce',
      'stomp',
      'denied',
    );
    writeFileSync(file, formatBaseline(recorded));
    const outcome = applyBaseline(fixtureRunResult(), file, false);
    expect(outcome.changed).toBe(true);
    const text = describeBaselineResult(outcome, file);
    expect(text).toContain('permissions moved');
    expect(text).toContain('+ orders-writer gained produce on queue://ORDERS.> over stomp');
    expect(text).toMatch(/hint: .*--update-baseline/);
    expect(readFileSync(file, 'utf8')).toBe(formatBaseline(recorded));
  });

  it('replaces a broken file on update instead of refusing it', () => {
    const file = join(dir(), 'baseline.json');
    writeFileSync(file, '<<<<<<< HEAD\n{');
    expect(() => applyBaseline(fixtureRunResult(), file, false)).toThrow(/not valid JSON/);
    const outcome = applyBaseline(fixtureRunResult(), file, true);
    expect(outcome.wrote).toBe(true);
    expect(outcome.note).toMatch(/could not be read/);
    expect(readFileSync(file, 'utf8')).toBe(formatBaseline(baselineOf(fixtureRunResult())));
  });

  it('neither compares nor writes after a run that ended early', () => {
    const file = join(dir(), 'baseline.json');
    const aborted = { ...fixtureRunResult(), aborted: 'the broker process exited with code 137' };
    const outcome = applyBaseline(aborted, file, true);
    expect(outcome).toMatchObject({ changed: false, wrote: false });
    expect(outcome.note).toMatch(/ended early/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('check --baseline usage', () => {
  async function run(...argv: string[]) {
    const err: string[] = [];
    const code = await main(argv, { out: () => undefined, err: (s) => err.push(s) });
    return { code, err: err.join('\n') };
  }

  it('exits 2 before starting a broker when the baseline file is missing', async () => {
    const file = join(dir(), 'missing.json');
    const r = await run('check', 'examples/orders/policy.yaml', '--runtime', 'local', '--baseline', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`baseline ${file} does not exist`);
    expect(r.err).toMatch(/hint: record it with `--baseline .* --update-baseline`/);
  });

  it('exits 2 when --update-baseline has no file to write', async () => {
    const r = await run('check', 'examples/orders/policy.yaml', '--update-baseline');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--update-baseline needs --baseline <file>');
  });
});
