/**
 * Contract suites run once per broker release × runtime: a describe block per pair, each with its own broker.
 * A pair this machine cannot run is registered as skipped, with the reason in its title, so a skip is never
 * mistaken for a pass.
 */
import { TEST_BROKER_VERSIONS, type TestRuntime } from './broker';
import { runtimeUnavailable } from './runtime-availability';

/** Narrows the runtimes, e.g. `local` or `local,testcontainers` (default both). */
export const TEST_RUNTIMES_ENV = 'AMQ_AUTH_TEST_RUNTIMES';
/** Narrows the releases, e.g. `5.19.1` (default TEST_BROKER_VERSIONS). */
export const TEST_BROKER_VERSIONS_ENV = 'AMQ_AUTH_TEST_BROKER_VERSIONS';

export const TEST_RUNTIMES: readonly TestRuntime[] = ['local', 'testcontainers'];

export interface BrokerTarget {
  brokerVersion: string;
  runtime: TestRuntime;
  /** e.g. `ActiveMQ 5.18.7 · local` */
  label: string;
}

export interface MatrixOptions {
  /** the releases this suite covers before the environment narrows them; default TEST_BROKER_VERSIONS */
  versions?: readonly string[];
  /** the runtimes this suite covers before the environment narrows them; default TEST_RUNTIMES */
  runtimes?: readonly TestRuntime[];
}

function listFromEnv(name: string): string[] | null {
  const raw = process.env[name]?.trim();
  if (!raw) return null;
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function narrowedRuntimes(allowed: readonly TestRuntime[]): TestRuntime[] {
  const wanted = listFromEnv(TEST_RUNTIMES_ENV);
  if (!wanted) return [...allowed];
  const unknown = wanted.filter((r) => !TEST_RUNTIMES.includes(r as TestRuntime));
  if (unknown.length) {
    throw new Error(
      `${TEST_RUNTIMES_ENV}: unknown runtime ${unknown.join(', ')}; use ${TEST_RUNTIMES.join(', ')}`,
    );
  }
  return allowed.filter((r) => wanted.includes(r));
}

function narrowedVersions(allowed: readonly string[]): string[] {
  const wanted = listFromEnv(TEST_BROKER_VERSIONS_ENV);
  if (!wanted) return [...allowed];
  const malformed = wanted.filter((v) => !/^\d+\.\d+\.\d+$/.test(v));
  if (malformed.length) {
    throw new Error(
      `${TEST_BROKER_VERSIONS_ENV}: ${malformed.join(', ')} is not an exact release like 5.19.1`,
    );
  }
  return wanted;
}

/** The release × runtime pairs a suite runs on, after the environment narrowed them. */
export function brokerTargets(options: MatrixOptions = {}): BrokerTarget[] {
  const versions = narrowedVersions(options.versions ?? TEST_BROKER_VERSIONS);
  const runtimes = narrowedRuntimes(options.runtimes ?? TEST_RUNTIMES);
  return versions.flatMap((brokerVersion) =>
    runtimes.map((runtime) => ({ brokerVersion, runtime, label: `ActiveMQ ${brokerVersion} · ${runtime}` })),
  );
}

/** Registers `body` once per pair as `<title> · ActiveMQ <version> · <runtime>`. */
export function describeBrokerMatrix(
  title: string,
  body: (target: BrokerTarget) => void,
  options: MatrixOptions = {},
): void {
  const targets = brokerTargets(options);
  if (targets.length === 0) {
    // Jest fails a file without tests; say instead what the environment left out
    describe.skip(`${title} (skipped: ${TEST_RUNTIMES_ENV} and ${TEST_BROKER_VERSIONS_ENV} leave no pair)`, () => {
      it.todo('runs on a release and runtime the environment allows');
    });
  }
  for (const target of targets) {
    const name = `${title} · ${target.label}`;
    const unavailable = runtimeUnavailable(target.runtime);
    if (unavailable) describe.skip(`${name} (skipped: ${unavailable})`, () => body(target));
    else describe(name, () => body(target));
  }
}
