import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'export-policy-schema.ts');
const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const EXPORT_CHECK_TIMEOUT_MS = 60_000;

describe('schema/*.schema.json', () => {
  // A child process: Prettier, which formats the files, loads itself with dynamic imports Jest cannot run.
  it(
    'are up to date with src/policy/schema.ts (regenerate: npx tsx scripts/export-policy-schema.ts)',
    () => {
      const run = spawnSync(process.execPath, [TSX_CLI, SCRIPT, '--check'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: EXPORT_CHECK_TIMEOUT_MS,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
    EXPORT_CHECK_TIMEOUT_MS,
  );

  it('describe the policy format: required engine, strict keys, operation and protocol names', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'policy.schema.json'), 'utf8')) as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema.required).toEqual(['engine']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'engine',
      'anonymousAccess',
      'anonymousGroup',
      'users',
      'authorization',
      'destinations',
      'expectations',
    ]);
    const expectations = JSON.stringify(schema.properties.expectations);
    expect(expectations).toContain('"mqtt-wss"');
    expect(expectations).toContain('"browse"');
    const users = JSON.parse(readFileSync(join(ROOT, 'schema', 'users.schema.json'), 'utf8')) as {
      required: string[];
    };
    expect(users.required).toEqual(['users']);
  });
});
