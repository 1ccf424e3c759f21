/**
 * Whether a test runtime can start brokers on this machine, decided synchronously: Jest registers (or
 * skips) describe blocks while it collects a file, before any hook could await an answer.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { hasJava, type TestRuntime } from './broker';

/**
 * The Docker answer, once asked: `available: <engine>` or `unavailable: <why>`. Set it beforehand (e.g. in
 * CI) to skip the question. Jest gives every test file its own copy of process.env, so the answer is
 * reused by every matrix of one file, and by later files only when it was set before Jest started.
 */
export const DOCKER_ANSWER_ENV = 'AMQ_AUTH_TEST_DOCKER';
/** isDockerAvailable waits 3 s for the engine; a Node start with tsx takes about one more. */
const DOCKER_QUESTION_TIMEOUT_MS = 15_000;
const DOCKER_MODULE = join(__dirname, '..', '..', 'src', 'broker', 'testcontainers', 'docker.ts');

function askDocker(): string {
  // the same question the testcontainers runtime asks, in a child because it is asynchronous
  const script = `require(${JSON.stringify(DOCKER_MODULE)}).isDockerAvailable().then(
    (a) => process.stdout.write((a.ok ? 'available: ' : 'unavailable: ') + a.reason),
    (e) => process.stdout.write('unavailable: ' + String(e && e.message)),
  );`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: join(__dirname, '..', '..'),
    encoding: 'utf8',
    timeout: DOCKER_QUESTION_TIMEOUT_MS,
  });
  const answer = child.stdout?.trim();
  if (answer?.startsWith('available: ') || answer?.startsWith('unavailable: ')) return answer;
  const why = child.error?.message ?? (child.stderr?.trim() || `exit code ${child.status}`);
  return `unavailable: could not ask whether a Docker engine answers: ${why}`;
}

/** Why the testcontainers runtime cannot run here, or null when a Docker engine answers. */
export function dockerUnavailable(): string | null {
  const answer = (process.env[DOCKER_ANSWER_ENV] ||= askDocker());
  return answer.startsWith('available') ? null : answer.replace(/^unavailable:\s*/, '');
}

/** Why `runtime` cannot start a broker here, or null when it can. */
export function runtimeUnavailable(runtime: TestRuntime): string | null {
  if (runtime === 'testcontainers') return dockerUnavailable();
  return hasJava() ? null : 'no Java on PATH or JAVA_HOME to run a local broker with';
}
