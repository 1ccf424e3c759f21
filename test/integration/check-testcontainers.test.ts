/**
 * The check run through the Testcontainers runtime (the broker in a container, reached through mapped
 * localhost ports), and the protocols' verdicts agree with each other: OpenWire, STOMP and MQTT see the
 * same permissions for the same user, destination pattern and operation.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runCheck } from '../../src/check/run-check';
import type { Verdict } from '../../src/check/verdict';

const DOCKER_INFO_TIMEOUT_MS = 10_000;
const RUN_TIMEOUT_MS = 240_000;

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: DOCKER_INFO_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}

const docker = dockerAnswers();
if (!docker)
  console.warn('Testcontainers check skipped: no Docker engine answers (scripts/provision.sh starts one)');
const describeDocker = docker ? describe : describe.skip;

const key = (v: Verdict) =>
  `${v.case.user}/${v.case.credentials} ${v.case.operation} ${v.case.target ?? '(connect)'}`;

describeDocker('check through the Testcontainers runtime', () => {
  jest.setTimeout(RUN_TIMEOUT_MS);

  it('passes the orders example with no inconclusive case, and the protocols agree', async () => {
    const result = await runCheck({
      input: join(__dirname, '../../examples/orders/policy.yaml'),
      runtime: 'testcontainers',
      protocols: ['openwire', 'stomp', 'mqtt'],
    });
    expect(result.runtime.kind).toBe('testcontainers');
    expect(result.counts.inconclusive).toBe(0);
    expect(result.counts['expectation-failure']).toBe(0);
    expect(result.counts['model-disagreement']).toBe(0);
    const probed = result.verdicts.filter((v) => v.kind === 'pass');
    const byProtocol = (protocol: string) =>
      new Map(
        probed.filter((v) => v.case.protocol === protocol).map((v) => [key(v), v.observation?.outcome]),
      );
    const openwire = byProtocol('openwire');
    expect(openwire.size).toBeGreaterThan(50);
    for (const other of ['stomp', 'mqtt']) {
      let compared = 0;
      for (const [k, outcome] of byProtocol(other)) {
        // create cases probe a fresh name per case, so compare them by pattern like the rest
        if (!openwire.has(k)) continue;
        expect(`${k}: ${openwire.get(k)}`).toBe(`${k}: ${outcome}`);
        compared += 1;
      }
      expect(compared).toBeGreaterThan(20);
    }
  });
});
