/**
 * describePolicy against a real broker: a policy whose one declared expectation is wrong makes exactly the
 * tests of that expectation fail, each with the broker's evidence, and every other case pass. The Jest
 * registration calls are recorded so this file can run the registered hook and bodies itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePolicy, type PolicySuiteHandle } from '../../src/jest';
import { testRuntimeKind } from '../support/broker';
import { describeBrokerMatrix } from '../support/broker-matrix';
import { failureOf, recordJest, type Recording } from '../unit/jest/jest-recorder';

/** Broker start, about 20 STOMP cases, broker stop, on a busy two-core machine. */
const RUN_TIMEOUT_MS = 120_000;
const WRITER_PASSWORD = 'Wr1ter-secret-for-jest-2026';

/** The policy, on the exact release the block runs. */
const policyFor = (brokerVersion: string) => `engine: activemq/${brokerVersion}
users:
  - username: app-writer
    password: \${APP_WRITER_PASSWORD}
    groups: [writers]
authorization:
  entries:
    - queue: 'APP.>'
      read: [admins]
      write: [writers]
      admin: [admins]
    - topic: 'ActiveMQ.Advisory.>'
      read: [writers]
      write: [writers]
      admin: [writers]
destinations:
  - queue://APP.in
expectations:
  # wrong on purpose: writers have no read on APP.>
  - user: app-writer
    can: [produce, consume]
    on: queue://APP.in
`;

const WRONG_TITLE = 'app-writer can consume queue://APP.in over stomp';

describeBrokerMatrix(
  'describePolicy on a real broker',
  (target) => {
    let recording: Recording;
    let handle: PolicySuiteHandle;
    const outcomes = new Map<string, string | undefined>();

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'amq-auth-jest-'));
      const file = join(dir, 'policy.yaml');
      writeFileSync(file, policyFor(target.brokerVersion));
      const recorded = recordJest();
      recording = recorded.recording;
      handle = describePolicy(file, {
        globals: recorded.globals,
        runtime: target.runtime,
        protocols: ['stomp'],
        env: { ...process.env, APP_WRITER_PASSWORD: WRITER_PASSWORD },
      });
      for (const hook of recording.hooks) await hook.fn();
      for (const t of recording.tests.filter((t) => !t.skip)) outcomes.set(t.name, await failureOf(t));
    }, RUN_TIMEOUT_MS);

    it('fails the wrong expectation with the broker evidence', () => {
      const message = outcomes.get(WRONG_TITLE);
      expect(message).toMatch(/^expected granted \(declared\), broker denied/);
      expect(message).toContain('declared: app-writer can produce, consume on queue://APP.in');
      expect(message).toMatch(/User app-writer is not authorized to read/);
      expect(message).toMatch(/broker log: /);
    });

    it('passes every other case, the right half of the same expectation included', () => {
      const failed = [...outcomes].filter(([, m]) => m !== undefined).map(([name]) => name);
      expect(failed).toEqual([WRONG_TITLE]);
      expect(outcomes.has('app-writer can produce queue://APP.in over stomp')).toBe(true);
      expect(outcomes.size).toBeGreaterThan(10);
    });

    it('keeps the run result for reports, and its verdicts match the registered tests', () => {
      const result = handle.result();
      expect(result?.counts['expectation-failure']).toBe(1);
      expect(result?.verdicts.map((v) => v.case.id)).toEqual(handle.cases.map((c) => c.planned.id));
    });

    it('never shows the password', () => {
      for (const message of outcomes.values()) expect(message ?? '').not.toContain(WRITER_PASSWORD);
    });
  },
  // per release; the runtime is the one the single-runtime tests use (AMQ_AUTH_TEST_RUNTIME)
  { runtimes: [testRuntimeKind()] },
);
