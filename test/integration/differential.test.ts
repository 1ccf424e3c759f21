/**
 * A small fixed-seed batch of the differential suite on every tested release: generated policies through
 * `check` on the real broker over all six protocols, with no model disagreement and nothing inconclusive.
 * `npm run test:differential` runs many more (README "Development").
 */
import { hasJava, TEST_BROKER_VERSIONS } from '../support/broker';
import { describeReport, runDifferential } from '../differential/differential';

/** Fixed, so a failure here is reproducible with `npm run test:differential -- --seed 20261207 --runs 2`. */
const SEED = 20261207;
const POLICIES_PER_RELEASE = 2;
const RUN_TIMEOUT_MS = 600_000;
const describeWithJava = hasJava() ? describe : describe.skip;

describeWithJava.each(TEST_BROKER_VERSIONS)('generated policies on ActiveMQ %s', (brokerVersion) => {
  it(
    'hold the model to the broker: no model disagreement, nothing inconclusive',
    async () => {
      const report = await runDifferential({
        brokerVersion,
        seed: SEED,
        numRuns: POLICIES_PER_RELEASE,
        // a failure here needs the seed and a readable policy, not the smallest one: shrink briefly
        timeLimitMs: 180_000,
      });
      expect(report.policies).toBeGreaterThan(0);
      expect(report.cases).toBeGreaterThan(100);
      // the report names the seed and the shrunk policy when it fails
      expect(report.counterexample ? describeReport(report) : '').toBe('');
    },
    RUN_TIMEOUT_MS,
  );
});
