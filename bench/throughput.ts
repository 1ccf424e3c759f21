/**
 * `npm run bench:throughput`: only the throughput section of the bench, side by side: the harness and
 * the naive baseline (a new connection per case, one case at a time) on the 10 users x 10 entries map
 * over every protocol the local broker build has, BENCH_REPEAT times (default 1), alternating.
 * Options (environment): BENCH_REPEAT, BENCH_SKIP_NAIVE=1 (harness only), BENCH_PROTOCOLS (list).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AMAZON_MQ_PATCH } from '../src/broker/distribution/broker-version';
import { selectRuntime } from '../src/broker/select-runtime';
import { runCheck } from '../src/check/run-check';
import { PROTOCOLS, PROTOCOL_TRANSPORT, type Protocol } from '../src/core/types';
import { syntheticPolicyYaml } from './generate-policy';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function rate(input: string, protocols: Protocol[], naive: boolean) {
  let ready = 0;
  const result = await runCheck({
    input,
    runtime: 'local',
    protocols,
    ...(naive ? { concurrency: 1, connectionPerCase: true } : {}),
    log: (line) => {
      if (line.startsWith('broker ready')) ready = performance.now();
    },
  });
  const seconds = (performance.now() - ready) / 1000;
  const verdicts = result.verdicts.filter((v) => v.kind !== 'skipped').length;
  return {
    verdicts,
    seconds: round(seconds, 2),
    perSecond: round(verdicts / seconds),
    inconclusive: result.counts.inconclusive,
    failures: result.counts['expectation-failure'] + result.counts['model-disagreement'],
  };
}

async function main(): Promise<void> {
  const version = AMAZON_MQ_PATCH['5.18']!;
  const local = await selectRuntime('local', { brokerVersion: version });
  const supported = (await local.runtime.capabilities(version)) as string[];
  const wanted = process.env.BENCH_PROTOCOLS?.split(',') as Protocol[] | undefined;
  const protocols = (wanted ?? PROTOCOLS).filter((p) => supported.includes(PROTOCOL_TRANSPORT[p]));
  const dir = mkdtempSync(join(tmpdir(), 'amq-auth-bench-'));
  const input = join(dir, 'policy-10x10.yaml');
  writeFileSync(input, syntheticPolicyYaml(10, 10));
  console.log(`10 users x 10 entries over ${protocols.join(', ')}`);
  for (let i = 0; i < REPEAT; i += 1) {
    const harness = await rate(input, protocols, false);
    console.log(`harness  ${JSON.stringify(harness)}`);
    if (process.env.BENCH_SKIP_NAIVE === '1') continue;
    const naive = await rate(input, protocols, true);
    console.log(`naive    ${JSON.stringify(naive)}`);
    console.log(`ratio    ${round(harness.perSecond / naive.perSecond, 2)}x`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(3);
});
