/**
 * Faults on a real broker (local runtime): the broker dies mid-run, the harness gets SIGINT or SIGTERM.
 * Each time the run ends within a bounded time with exit code 3, the report of what was observed so far
 * is kept, and no broker process of the run is left.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../src/commands/check';
import { runCheck } from '../../src/check/run-check';
import { syntheticPolicyYaml } from '../../bench/generate-policy';
import { hasJava } from '../support/broker';
import { processesMentioning, waitUntil } from '../support/processes';

const root = join(__dirname, '../..');
const orders = join(root, 'examples/orders/policy.yaml');
/** The run must end this soon after the fault: in-flight cases finish within their own timeouts. */
const END_AFTER_FAULT_MS = 30_000;
const TEST_TIMEOUT_MS = 120_000;
const SIGNAL_AFTER_PROBING_STARTS_MS = 500;
const available = hasJava() || Boolean(process.env.ACTIVEMQ_HOME);
const describeBroker = available ? describe : describe.skip;
if (!available)
  console.warn('fault tests skipped: no ActiveMQ installed (install Debian activemq or set ACTIVEMQ_HOME)');

/** Java processes of this run (their command line names the run's folder). */
const brokerPids = (runId: string) => processesMentioning(`amq-auth-${runId}-`);
const gone = (runId: string, withinMs: number) => waitUntil(() => brokerPids(runId).length === 0, withinMs);

describeBroker('faults', () => {
  jest.setTimeout(TEST_TIMEOUT_MS);

  it('ends with exit code 3 and keeps the partial results when the broker is killed mid-run', async () => {
    let runId = '';
    let killedAt = 0;
    const result = await runCheck({
      input: orders,
      runtime: 'local',
      protocols: ['stomp', 'mqtt'],
      log: (line) => {
        runId ||= /^run (\w+):/.exec(line)?.[1] ?? '';
      },
      onProgress: (done) => {
        if (done === 20 && !killedAt) {
          const pids = brokerPids(runId);
          expect(pids.length).toBeGreaterThan(0);
          for (const pid of pids) process.kill(pid, 'SIGKILL');
          killedAt = Date.now();
        }
      },
    });
    expect(killedAt).toBeGreaterThan(0);
    expect(Date.now() - killedAt).toBeLessThan(END_AFTER_FAULT_MS);
    expect(result.aborted).toMatch(/broker|stopped/);
    expect(exitCodeFor(result, ['expectation', 'disagreement', 'inconclusive'])).toBe(3);
    // what was observed before the fault is kept, with its evidence
    const judged = result.verdicts.filter((v) => v.kind === 'pass');
    expect(judged.length).toBeGreaterThanOrEqual(15);
    expect(await gone(runId, 5_000)).toBe(true);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s to the harness stops the run, keeps the partial report and leaves no broker',
    async (signal) => {
      const reportDir = mkdtempSync(join(tmpdir(), 'amq-auth-fault-'));
      // a policy large enough that the run is still probing when the signal comes
      const policy = join(reportDir, 'policy.yaml');
      writeFileSync(policy, syntheticPolicyYaml(20, 20));
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'src/cli.ts'),
          'check',
          policy,
          '--runtime',
          'local',
          '--protocols',
          'stomp,mqtt',
          '--report-dir',
          reportDir,
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      let runId = '';
      let signalledAt = 0;
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.stdout.resume();
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        runId ||= /run (\w+):/.exec(stderr)?.[1] ?? '';
        if (!signalledAt && stderr.includes('probing')) {
          // let some cases run first
          signalledAt = -1;
          setTimeout(() => {
            signalledAt = Date.now();
            child.kill(signal);
          }, SIGNAL_AFTER_PROBING_STARTS_MS);
        }
      });
      const code = await exited;
      expect(signalledAt).toBeGreaterThan(0);
      expect(Date.now() - signalledAt).toBeLessThan(END_AFTER_FAULT_MS);
      expect(code).toBe(3);
      expect(stderr).toContain(`${signal}: stopping the run`);
      const report = join(reportDir, 'results.json');
      expect(existsSync(report)).toBe(true);
      const json = JSON.parse(readFileSync(report, 'utf8'));
      expect(JSON.stringify(json)).toMatch(/interrupted|stopped|exited/);
      expect(await gone(runId, 5_000)).toBe(true);
    },
  );
});
