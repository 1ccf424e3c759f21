/**
 * `npm run test:differential`: many generated policies on every release the project tests.
 * Options: --runs N (per release, default 50), --seed N (default: random, printed), --versions a,b,
 * --minutes M (time for one release, shrinking included; default 60).
 */
import { TEST_BROKER_VERSIONS } from '../support/broker';
import { describeReport, runDifferential } from './differential';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const runs = Number(option('runs') ?? 50);
  const seed = Number(option('seed') ?? Date.now() % 2 ** 31);
  const versions = (option('versions') ?? TEST_BROKER_VERSIONS.join(',')).split(',');
  const minutes = Number(option('minutes') ?? 60);
  let failed = false;
  for (const brokerVersion of versions) {
    const report = await runDifferential({
      brokerVersion,
      seed,
      numRuns: runs,
      timeLimitMs: minutes * 60_000,
      log: (line) => console.error(`[${brokerVersion}] ${line}`),
    });
    console.log(describeReport(report));
    failed ||= report.counterexample !== undefined;
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 3;
});
