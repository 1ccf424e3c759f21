/**
 * `describePolicy(file)`: a Jest describe block with one named test per planned case. Jest collects tests
 * synchronously, so the plan is built at collection (the policy, the model and the broker build's
 * transports are all known then); `beforeAll` runs the whole check once against a real broker, and each
 * test asserts its own case's verdict.
 */
import { baselineOf, formatBaseline } from '../baseline';
import { runCheck, type CheckOptions } from '../check/run-check';
import type { RunResult } from '../check/run-result';
import type { Verdict } from '../check/verdict';
import { brokerVersionFor } from '../broker/distribution/broker-version';
import type { RuntimeChoice, SelectRuntimeOptions } from '../broker/select-runtime';
import { loadInput } from '../input/load-input';
import type { FailOn } from '../commands/check';
import { UsageError } from '../core/errors';
import { PROTOCOL_TRANSPORT, PROTOCOLS, type Protocol, type Transport } from '../core/types';
import type { Plan } from '../plan/types';
import { runtimeCapabilitiesSync, supportedTransports } from './capabilities-sync';
import { CaseFailure, caseOutcome, DEFAULT_JEST_FAIL_ON, runFailureMessage } from './case-outcome';
import { jestGlobals, type JestGlobals } from './jest-globals';
import { adoptRunPlan, planPolicySuite, type PolicySuite, type SuiteCase } from './policy-suite';

/** One run: broker start, every probe, broker stop. About 25 s for an example over two protocols locally. */
export const DEFAULT_RUN_TIMEOUT_MS = 300_000;
/** Each case only reads the verdict beforeAll already has. */
export const CASE_TIMEOUT_MS = 5_000;
/** The test `snapshot: true` adds; its snapshot is keyed by the describe title and this. */
export const SNAPSHOT_TEST_TITLE = 'permission matrix matches the snapshot';

export interface DescribePolicyOptions {
  /** default `auto`: Testcontainers when Docker answers, else a local ActiveMQ */
  runtime?: RuntimeChoice;
  runtimeOptions?: SelectRuntimeOptions;
  /** default: every protocol; those the broker build lacks become skipped tests */
  protocols?: Protocol[];
  /** users of a broker XML input (Amazon MQ's XML carries none) */
  usersFile?: string;
  /** engine of a broker XML input, e.g. `amazon-mq/5.18` */
  engine?: string;
  /** run this exact ActiveMQ release instead of the one the engine names, e.g. `5.19.1` */
  brokerVersion?: string;
  /** verdict kinds that fail a test; default all three (an inconclusive case is never a pass) */
  failOn?: FailOn[];
  /**
   * Probe every user on every destination. Default: one representative per equivalence class (users with
   * equal groups, destinations matched by the same entries); the other members still get a test each,
   * judged on their representative's observation.
   */
  exhaustive?: boolean;
  /**
   * Transports the broker build supports. Default: asked of the runtime while the file is collected (a
   * child process, well under a second for a local ActiveMQ).
   */
  capabilities?: Transport[];
  /** time for the whole run in beforeAll; default DEFAULT_RUN_TIMEOUT_MS */
  runTimeoutMs?: number;
  concurrency?: number;
  /** one line per step of the run */
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Jest's globals, when the config sets `injectGlobals: false` (pass them from @jest/globals) */
  globals?: JestGlobals;
  /** change the plan before the run, as runCheck's seam of the same name (tests of the harness itself) */
  transformPlan?: (plan: Plan) => Plan;
  /**
   * Add one test that holds the whole observed permission matrix (the regression baseline, keyed by
   * destination pattern) to a Jest snapshot, so every moved permission fails and `jest -u` records it.
   */
  snapshot?: boolean;
}

/** What describePolicy registered, and the run's result once beforeAll has it (e.g. to write reports). */
export interface PolicySuiteHandle {
  /** the describe title */
  name: string;
  /** one per registered test, in order; empty when the input could not be loaded */
  cases: readonly SuiteCase[];
  result(): RunResult | undefined;
}

function wantedTransports(protocols: readonly Protocol[]): Transport[] {
  return [...new Set(protocols.map((p) => PROTOCOL_TRANSPORT[p]))];
}

function collectSuite(input: string, options: DescribePolicyOptions): PolicySuite {
  const protocols = options.protocols ?? [...PROTOCOLS];
  const runtime = options.runtime ?? 'auto';
  const askedForExternal =
    runtime === 'external' || (runtime === 'auto' && options.runtimeOptions?.external !== undefined);
  let capabilities: Transport[];
  let externalBroker = askedForExternal;
  if (options.capabilities) {
    capabilities = options.capabilities;
  } else {
    const { engine } = loadInput(input, {
      usersFile: options.usersFile,
      engine: options.engine,
      env: options.env,
    });
    const brokerVersion = brokerVersionFor(engine, options.brokerVersion).version;
    const answer = runtimeCapabilitiesSync(runtime, {
      ...options.runtimeOptions,
      brokerVersion,
      env: options.env,
    });
    // Unknown: plan every case; the run then fails with the runtime's own error.
    capabilities = supportedTransports(answer, wantedTransports(protocols));
    if (answer.ok) externalBroker = answer.runtime === 'external';
  }
  return planPolicySuite(input, {
    protocols,
    capabilities,
    externalBroker,
    exhaustive: options.exhaustive,
    usersFile: options.usersFile,
    engine: options.engine,
    env: options.env,
  });
}

export function describePolicy(input: string, options: DescribePolicyOptions = {}): PolicySuiteHandle {
  const jest = options.globals ?? jestGlobals();
  let suite: PolicySuite;
  try {
    suite = collectSuite(input, options);
  } catch (error) {
    // One failing test keeps the rest of the file running and shows the input error where Jest users look.
    jest.describe(input, () => {
      jest.test(`loads ${input}`, () => {
        throw new CaseFailure(runFailureMessage(error));
      });
    });
    return { name: input, cases: [], result: () => undefined };
  }

  let result: RunResult | undefined;
  let failure: unknown;
  const verdicts = new Map<string, Verdict>();
  const failOn = options.failOn ?? DEFAULT_JEST_FAIL_ON;

  const run = async (): Promise<void> => {
    const checkOptions: CheckOptions = {
      input,
      usersFile: options.usersFile,
      engine: options.engine,
      brokerVersion: options.brokerVersion,
      env: options.env,
      runtime: options.runtime,
      runtimeOptions: options.runtimeOptions,
      protocols: options.protocols,
      exhaustive: options.exhaustive,
      concurrency: options.concurrency,
      log: options.log,
      transformPlan: (runPlan) => {
        const adopted = adoptRunPlan(suite.plan, runPlan);
        return options.transformPlan ? options.transformPlan(adopted) : adopted;
      },
    };
    try {
      result = await runCheck(checkOptions);
      for (const v of result.verdicts) verdicts.set(v.case.id, v);
    } catch (error) {
      failure = error;
    }
  };

  const assertCase = (c: SuiteCase): void => {
    if (!result) throw new CaseFailure(runFailureMessage(failure ?? 'beforeAll did not run'));
    const outcome = caseOutcome(verdicts.get(c.planned.id), result, failOn);
    if (outcome.failed) throw new CaseFailure(outcome.message, outcome.location);
  };

  const assertSnapshot = (): void => {
    if (!result) throw new CaseFailure(runFailureMessage(failure ?? 'beforeAll did not run'));
    // a partial matrix would read as removed permissions, and `jest -u` would record it
    if (result.aborted) throw new CaseFailure(runFailureMessage(`the run ended early: ${result.aborted}`));
    const expect = jest.expect;
    if (!expect)
      throw new UsageError(
        "snapshot: true needs Jest's expect, and none was found",
        'pass `globals` including `expect` from @jest/globals',
      );
    expect(formatBaseline(baselineOf(result))).toMatchSnapshot();
  };

  jest.describe(suite.name, () => {
    jest.beforeAll(run, options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS);
    for (const c of suite.cases) {
      if (c.planned.skip) jest.test.skip(`${c.title} (skipped: ${c.planned.skip})`, () => undefined);
      else jest.test(c.title, () => assertCase(c), CASE_TIMEOUT_MS);
    }
    if (options.snapshot) jest.test(SNAPSHOT_TEST_TITLE, assertSnapshot, CASE_TIMEOUT_MS);
  });
  return { name: suite.name, cases: suite.cases, result: () => result };
}
