/**
 * `npm run bench:throughput`: only the throughput section of the bench, side by side: the harness and
 * the naive baseline (a new connection per case, one case at a time) on the 10 users x 10 entries map
 * over every protocol the local broker build has, BENCH_REPEAT times (default 1), alternating.
 * Options (environment): BENCH_REPEAT, BENCH_SKIP_NAIVE=1 (harness only), BENCH_PROTOCOLS (list).
 */
import { AMAZON_MQ_PATCH } from '../src/broker/distribution/broker-version';
import { selectRuntime } from '../src/broker/select-runtime';
import { PROTOCOLS, PROTOCOL_TRANSPORT, type Protocol } from '../src/core/types';
import { probeRate, round, writePolicy } from './probe-rate';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);

async function main(): Promise<void> {
  const version = AMAZON_MQ_PATCH['5.18']!;
  const local = await selectRuntime('local', { brokerVersion: version });
  const supported = (await local.runtime.capabilities(version)) as string[];
  const wanted = process.env.BENCH_PROTOCOLS?.split(',') as Protocol[] | undefined;
  const protocols = (wanted ?? PROTOCOLS).filter((p) => supported.includes(PROTOCOL_TRANSPORT[p]));
  const input = writePolicy(10, 10);
  console.log(`10 users x 10 entries over ${protocols.join(', ')}`);
  for (let i = 0; i < REPEAT; i += 1) {
    const harness = await probeRate(input, protocols, false);
    console.log(`harness  ${JSON.stringify(harness)}`);
    if (process.env.BENCH_SKIP_NAIVE === '1') continue;
    const naive = await probeRate(input, protocols, true);
    console.log(`naive    ${JSON.stringify(naive)}`);
    console.log(`ratio    ${round(harness.perSecond / naive.perSecond, 2)}x`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(3);
});
