/**
 * `npm run bench`: a first run's download, verification and unpacking of each release, broker start/stop
 * per release and runtime, verdicts per second of the check run against a naive
 * baseline (a new connection per case, one case at a time) measured side by side on the same machine in
 * the same run, peak memory of the harness, and how a run grows with users x destinations.
 * Writes bench/results/bench-<date>.json and prints a table. Figures are medians; compare ratios.
 *
 * Options (environment): BENCH_RUNS (start/stop repetitions, default 5), BENCH_SIZES (growth sizes,
 * default "5,10,20,50"), BENCH_RUNTIMES (default "local,testcontainers"), BENCH_VERSIONS (default
 * "5.18.7,5.19.1").
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderBrokerXml } from '../src/activemq-xml/render';
import { AMAZON_MQ_PATCH } from '../src/broker/distribution/broker-version';
import { ensureDistribution } from '../src/broker/distribution/ensure-distribution';
import { selectRuntime } from '../src/broker/select-runtime';
import type { RuntimeKind } from '../src/broker/types';
import { PROTOCOLS, PROTOCOL_TRANSPORT } from '../src/core/types';
import { loadInput } from '../src/input/load-input';
import { createRunTls } from '../src/tls';
import { probeRate, round, writePolicy } from './probe-rate';
import { scaleBench } from './scale';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '5,10,20,50').split(',').map(Number);
const RUNTIMES = (process.env.BENCH_RUNTIMES ?? 'local,testcontainers').split(',') as RuntimeKind[];
const VERSIONS = (process.env.BENCH_VERSIONS ?? Object.values(AMAZON_MQ_PATCH).join(',')).split(',');

/** A first run on a machine with an empty cache: download, verify and lay out, then the cached lookup. */
async function firstRun(
  version: string,
): Promise<{ version: string; firstMs: number; cachedMs: number; megabytes: number }> {
  const cache = mkdtempSync(join(tmpdir(), 'amq-auth-bench-cache-'));
  const env = { ...process.env, AMQ_AUTH_CACHE_DIR: cache };
  let bytes = 0;
  const t0 = performance.now();
  await ensureDistribution(version, { env, onEvent: (e) => e.kind === 'download-done' && (bytes = e.bytes) });
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  await ensureDistribution(version, { env });
  const cachedMs = performance.now() - t1;
  rmSync(cache, { recursive: true, force: true });
  return { version, firstMs: round(firstMs), cachedMs: round(cachedMs, 2), megabytes: round(bytes / 1e6) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
/** The release the benchmarks start: what amazon-mq/5.18 runs. */
const BENCH_BROKER_VERSION = AMAZON_MQ_PATCH['5.18']!;

async function startStop(
  kind: RuntimeKind,
  version: string,
): Promise<
  | { runtime: string; version: string; startMs: number[]; stopMs: number[] }
  | { runtime: string; version: string; unavailable: string }
> {
  let selected;
  try {
    selected = await selectRuntime(kind, { brokerVersion: version });
    // the first start of a release may build its local image: not part of start-to-ready
    await selected.runtime.capabilities(version);
  } catch (err) {
    return { runtime: kind, version, unavailable: err instanceof Error ? err.message : String(err) };
  }
  const policy = loadInput(join(__dirname, '../examples/orders/policy.yaml'));
  const transports = await selected.runtime.capabilities(version);
  const startMs: number[] = [];
  const stopMs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const tls = await createRunTls();
    const t0 = performance.now();
    const broker = await selected.runtime.start({
      brokerName: `bench-${i}`,
      renderXml: (target) => renderBrokerXml(policy, target, { brokerName: `bench-${i}` }),
      tls,
      transports,
      brokerVersion: version,
      runDir: mkdtempSync(join(tmpdir(), 'amq-auth-bench-run-')),
    });
    const t1 = performance.now();
    await broker.stop();
    startMs.push(t1 - t0);
    stopMs.push(performance.now() - t1);
  }
  return { runtime: kind, version, startMs, stopMs };
}

async function main(): Promise<void> {
  const started = new Date().toISOString();
  const report: Record<string, unknown> = { started, runs: RUNS };

  console.log('== first run: download, verify and lay out each release into an empty cache');
  const downloads = [];
  for (const version of VERSIONS) {
    const d = await firstRun(version);
    downloads.push(d);
    console.log(
      `${version.padEnd(8)} ${d.megabytes} MB in ${round(d.firstMs / 1000, 2)} s; from the cache ${d.cachedMs} ms`,
    );
  }
  report.downloads = downloads;

  console.log(`\n== broker start to ready and stop, per release and runtime, ${RUNS} runs each`);
  const brokers = [];
  for (const version of VERSIONS) {
    for (const kind of RUNTIMES) {
      const r = await startStop(kind, version);
      brokers.push(r);
      const label = `${version} ${kind}`.padEnd(24);
      if ('unavailable' in r) console.log(`${label} unavailable: ${r.unavailable}`);
      else
        console.log(
          `${label} start median ${round(median(r.startMs))} ms, stop median ${round(median(r.stopMs))} ms`,
        );
    }
  }
  report.brokers = brokers;

  const local = await selectRuntime('local', { brokerVersion: BENCH_BROKER_VERSION });
  const supported = (await local.runtime.capabilities(BENCH_BROKER_VERSION)) as string[];
  const protocols = PROTOCOLS.filter((p) => supported.includes(PROTOCOL_TRANSPORT[p]));
  const input = writePolicy(10, 10);
  console.log(`\n== verdicts per second, 10 users x 10 entries over ${protocols.join(', ')} (local broker)`);
  const harness = await probeRate(input, protocols, false);
  const baseline = await probeRate(input, protocols, true);
  const speedup = round(harness.perSecond / baseline.perSecond, 2);
  console.log(
    `harness   ${harness.verdicts} verdicts in ${harness.probeSeconds} s = ${harness.perSecond}/s, ${harness.inconclusive} inconclusive, peak RSS ${harness.peakRssMb} MB`,
  );
  console.log(
    `baseline  ${baseline.verdicts} verdicts in ${baseline.probeSeconds} s = ${baseline.perSecond}/s, ${baseline.inconclusive} inconclusive (a new connection per case, sequential)`,
  );
  console.log(`ratio     ${speedup}x`);
  report.throughput = { protocols, harness, baseline, speedup };

  console.log('\n== growth with users x destinations (stomp, local broker)');
  const growth = [];
  for (const n of SIZES) {
    const rate = await probeRate(writePolicy(n, n), ['stomp'], false);
    growth.push({ users: n, destinations: n, ...rate });
    console.log(
      `${String(n).padStart(3)} x ${String(n).padEnd(3)} ${rate.verdicts} verdicts in ${rate.probeSeconds} s (${rate.perSecond}/s), ${rate.inconclusive} inconclusive, peak RSS ${rate.peakRssMb} MB`,
    );
  }
  report.growth = growth;

  console.log(
    '\n== 250 users x 50 entries over every protocol: classes, --exhaustive, --shard 1/4 (local broker)',
  );
  report.scale = await scaleBench();

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${started.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(3);
});
