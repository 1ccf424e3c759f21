/**
 * Observes, on a real broker of one ActiveMQ release, the authentication and authorization behaviour the
 * harness relies on, and writes every observation as JSON (docs/observations/<version>.json).
 *
 *   npx tsx scripts/observe-broker.ts --version 5.18.7 [--out docs/observations/5.18.7.json] [--only a,b]
 *
 * Each scenario group (scripts/observe/scenarios) gets a fresh local broker; brokers run one at a time.
 * docs/broker-behaviour.md explains what the observations mean.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { format, resolveConfig } from 'prettier';
import { SETUPS, startBroker } from './observe/brokers';
import { GroupContext, type ScenarioGroup } from './observe/context';
import type { ObservationRecord } from './observe/record';
import { SCENARIO_GROUPS } from './observe/scenarios';

interface GroupRun {
  id: string;
  item: number;
  title: string;
  setup: string;
  setupDescription: string;
  /** the broker's own `Apache ActiveMQ x.y.z (...) started` version */
  reportedVersion: string;
  startMs: number;
  runMs: number;
  records: number;
  error?: string;
}

interface ObservationFile {
  brokerVersion: string;
  generatedAt: string;
  environment: { node: string; java: string; platform: string };
  command: string;
  totalMs: number;
  groups: GroupRun[];
  records: ObservationRecord[];
}

/** `java -version` prints to stderr; the first line names the runtime. */
function javaVersionLine(): string {
  try {
    return execFileSync('sh', ['-c', 'java -version 2>&1'], { encoding: 'utf8' }).split('\n')[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function runGroup(
  group: ScenarioGroup,
  version: string,
): Promise<{ run: GroupRun; records: ObservationRecord[] }> {
  const setup = SETUPS[group.setup];
  const started = performance.now();
  process.stderr.write(`[${version}] ${group.id}: starting a broker (${setup.name}) ... `);
  const observed = await startBroker(setup, version);
  const startMs = Math.round(performance.now() - started);
  const reportedVersion = observed.broker.version ?? 'unknown';
  process.stderr.write(`${reportedVersion} up in ${startMs} ms; running\n`);
  const ctx = new GroupContext(group, observed.broker, version);
  const ran = performance.now();
  let error: string | undefined;
  try {
    await group.run(ctx);
  } catch (e) {
    error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`[${version}] ${group.id}: FAILED ${error}\n`);
  } finally {
    await ctx.closeAll();
    await observed.stop();
  }
  const runMs = Math.round(performance.now() - ran);
  process.stderr.write(`[${version}] ${group.id}: ${ctx.records.length} records in ${runMs} ms\n`);
  return {
    run: {
      id: group.id,
      item: group.item,
      title: group.title,
      setup: setup.name,
      setupDescription: setup.description,
      reportedVersion,
      startMs,
      runMs,
      records: ctx.records.length,
      ...(error ? { error } : {}),
    },
    records: ctx.records,
  };
}

async function main(): Promise<void> {
  const program = new Command()
    .name('observe-broker')
    .requiredOption('--version <release>', 'ActiveMQ release to run, e.g. 5.18.7')
    .option('--out <file>', 'where to write the JSON (default: stdout)')
    .option('--only <groups>', 'comma-separated group ids to run (default: all)')
    .parse();
  const opts = program.opts<{ version: string; out?: string; only?: string }>();
  const only = opts.only ? new Set(opts.only.split(',')) : undefined;
  const groups = SCENARIO_GROUPS.filter((g) => !only || only.has(g.id));
  if (only && groups.length !== only.size) {
    const known = SCENARIO_GROUPS.map((g) => g.id).join(', ');
    throw new Error(`unknown group in --only ${opts.only}; known: ${known}`);
  }
  const started = performance.now();
  const runs: GroupRun[] = [];
  const records: ObservationRecord[] = [];
  for (const group of groups) {
    const { run, records: recorded } = await runGroup(group, opts.version);
    runs.push(run);
    records.push(...recorded);
  }
  const file: ObservationFile = {
    brokerVersion: opts.version,
    generatedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      java: javaVersionLine(),
      platform: `${process.platform} ${process.arch}`,
    },
    command: `npx tsx scripts/observe-broker.ts --version ${opts.version}${opts.only ? ` --only ${opts.only}` : ''}`,
    totalMs: Math.round(performance.now() - started),
    groups: runs,
    records,
  };
  const config = (await resolveConfig(opts.out ?? 'observations.json')) ?? {};
  const json = await format(JSON.stringify(file, null, 2), { ...config, parser: 'json' });
  if (opts.out) {
    await mkdir(dirname(opts.out), { recursive: true });
    await writeFile(opts.out, json);
    process.stderr.write(`wrote ${records.length} records to ${opts.out} in ${file.totalMs} ms\n`);
  } else {
    process.stdout.write(json);
  }
  // client libraries may hold sockets a broker stop left half-open
  process.exit(runs.some((r) => r.error) ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
