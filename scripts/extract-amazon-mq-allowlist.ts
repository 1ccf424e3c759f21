/**
 * Regenerates src/amazon-mq/allowlists/<version>.json from Amazon MQ's XSDs (one per engine version,
 * as published in github.com/cdklabs/cdk-amazonmq-activemq-configs, `sources/`).
 *
 *   npx tsx scripts/extract-amazon-mq-allowlist.ts [XSD_DIR]
 *
 * XSD_DIR defaults to $AMAZON_MQ_XSD_DIR, then to ../shared/amazon-mq-xsd beside the repository.
 * A unit test fails when a checked-in list no longer matches its XSD.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { allowListFromXsd, xsdVersion } from '../src/amazon-mq/xsd-allowlist';
import type { AllowList } from '../src/amazon-mq/allowlist-types';

export const ALLOWLIST_DIR = join(__dirname, '..', 'src', 'amazon-mq', 'allowlists');

export function defaultXsdDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.AMAZON_MQ_XSD_DIR ?? resolve(__dirname, '..', '..', 'shared', 'amazon-mq-xsd');
}

/** Every XSD in `dir` -> its allow-list, by version. */
export function allowListsFromDir(dir: string): AllowList[] {
  return readdirSync(dir)
    .filter((name) => xsdVersion(name) !== null)
    .sort()
    .map((name) =>
      allowListFromXsd(readFileSync(join(dir, name), 'utf8'), basename(name), xsdVersion(name) as string),
    );
}

async function main(): Promise<void> {
  // loaded here only: Prettier's module loading does not work inside Jest, which imports the helpers above
  const { format, resolveConfig } = await import('prettier');
  const dir = process.argv[2] ?? defaultXsdDir();
  const lists = allowListsFromDir(dir);
  if (lists.length === 0) {
    console.error(`no amazon-mq-active-mq-<version>.xsd files in ${dir}`);
    process.exitCode = 2;
    return;
  }
  for (const list of lists) {
    const out = join(ALLOWLIST_DIR, `${list.version}.json`);
    // formatted as the repository's Prettier settings want it, so `prettier --check` stays quiet
    const options = (await resolveConfig(out)) ?? {};
    writeFileSync(out, await format(JSON.stringify(list, null, 2), { ...options, filepath: out }));
    console.log(`wrote ${out}`);
  }
  console.log('add new versions to src/amazon-mq/allowlists/index.ts');
}

if (require.main === module) void main();
