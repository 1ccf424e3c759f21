import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfrastructureError } from '../../../src/core/errors';
import { writeReports } from '../../../src/report/write-reports';
import { fixtureRunResult } from '../../fixtures/run-result';

describe('writeReports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amq-auth-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each requested format once under its fixed name, creating the directory', async () => {
    const out = join(dir, 'nested', 'reports');
    const written = await writeReports(fixtureRunResult(), out, ['html', 'json', 'junit', 'json']);
    expect(written).toEqual([join(out, 'results.json'), join(out, 'junit.xml'), join(out, 'report.html')]);
    expect((await readdir(out)).sort()).toEqual(['junit.xml', 'report.html', 'results.json']);
    const json = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as { schemaVersion: number };
    expect(json.schemaVersion).toBe(1);
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toMatch(/^<\?xml version="1.0"/);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('writes only what is asked', async () => {
    expect(await writeReports(fixtureRunResult(), dir, ['junit'])).toEqual([join(dir, 'junit.xml')]);
    expect(await readdir(dir)).toEqual(['junit.xml']);
    expect(await writeReports(fixtureRunResult(), dir, [])).toEqual([]);
  });

  it('fails with a typed error naming the directory when it cannot be created', async () => {
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'x');
    const attempt = writeReports(fixtureRunResult(), join(blocker, 'reports'), ['json']);
    await expect(attempt).rejects.toBeInstanceOf(InfrastructureError);
    await expect(attempt).rejects.toThrow(join(blocker, 'reports'));
  });
});
