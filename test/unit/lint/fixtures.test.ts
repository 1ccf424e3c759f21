/**
 * Every lint code has a folder in test/fixtures/lint/<CODE>/ with a `trigger.*` input that reports it and
 * one or more `clean*.*` inputs that do not. `options.json` (optional) gives per-file load options.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintInput, RULES } from '../../../src/lint';
import type { InputOptions } from '../../../src/input/load-input';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'lint');
const codes = Object.keys(RULES).sort();

function optionsFor(dir: string, file: string): InputOptions {
  const path = join(dir, 'options.json');
  if (!existsSync(path)) return {};
  const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, InputOptions>;
  return all[file] ?? {};
}

function reported(dir: string, file: string): string[] {
  return lintInput(join(dir, file), optionsFor(dir, file)).findings.map((f) => f.code);
}

describe('lint fixtures', () => {
  it('has a fixture folder for every code, and no folder for an unknown code', () => {
    const folders = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(folders).toEqual(codes);
  });

  describe.each(codes)('%s', (code) => {
    const dir = join(FIXTURES, code);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    const trigger = files.find((f) => f.startsWith('trigger.'));
    const cleans = files.filter((f) => f.startsWith('clean'));

    it('is reported for the trigger fixture', () => {
      expect(trigger).toBeDefined();
      expect(reported(dir, trigger as string)).toContain(code);
    });

    it('is not reported for the clean fixtures', () => {
      expect(cleans.length).toBeGreaterThan(0);
      for (const clean of cleans)
        expect({ clean, codes: reported(dir, clean) }).toEqual({
          clean,
          codes: expect.not.arrayContaining([code]),
        });
    });
  });
});
