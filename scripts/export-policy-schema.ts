/**
 * Writes the JSON Schemas of the policy file and the users file (from src/policy/schema.ts) and of the JSON
 * report (from src/report/json-schema.ts).
 * Run after changing the schema: `npx tsx scripts/export-policy-schema.ts`.
 * `--check` writes nothing and exits 1 when a checked-in file is stale (a unit test runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { policyJsonSchema, usersJsonSchema } from '../src/policy/schema';
import { reportJsonSchema } from '../src/report/json-schema';
import { upgradeJsonSchema } from '../src/upgrade/upgrade-schema';

export const SCHEMA_DIR = join(__dirname, '..', 'schema');

/** The exact text to check in, formatted as the repository's Prettier settings want it. */
export async function schemaFiles(): Promise<Record<string, string>> {
  const schemas: Record<string, Record<string, unknown>> = {
    'policy.schema.json': policyJsonSchema(),
    'users.schema.json': usersJsonSchema(),
    'report.schema.json': reportJsonSchema(),
    'upgrade-preview.schema.json': upgradeJsonSchema(),
  };
  const files: Record<string, string> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const path = join(SCHEMA_DIR, name);
    const options = (await resolveConfig(path)) ?? {};
    files[name] = await format(JSON.stringify(schema, null, 2), { ...options, filepath: path });
  }
  return files;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function main(check: boolean): Promise<void> {
  const stale: string[] = [];
  for (const [name, text] of Object.entries(await schemaFiles())) {
    const path = join(SCHEMA_DIR, name);
    if (check) {
      if (readOrEmpty(path) !== text) stale.push(`schema/${name}`);
    } else {
      writeFileSync(path, text);
      process.stdout.write(`wrote schema/${name}\n`);
    }
  }
  if (stale.length > 0) {
    process.stderr.write(`stale: ${stale.join(', ')}; run npx tsx scripts/export-policy-schema.ts\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main(process.argv.includes('--check')).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
