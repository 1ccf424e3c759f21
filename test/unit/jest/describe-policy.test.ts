import { UsageError } from '../../../src/core/errors';
import {
  DEFAULT_RUN_TIMEOUT_MS,
  describePolicy,
  jestGlobals,
  RUN_TOKEN_PLACEHOLDER,
} from '../../../src/jest';
import { failureOf, recordJest } from './jest-recorder';

const ORDERS = 'examples/orders/policy.yaml';

describe('describePolicy registration', () => {
  it('registers one describe, one beforeAll and one test per planned case', () => {
    const { recording, globals } = recordJest();
    const handle = describePolicy(ORDERS, { globals, protocols: ['stomp', 'amqp'], capabilities: ['stomp'] });
    expect(recording.describes).toEqual(['examples/orders/policy.yaml on amazon-mq/5.18']);
    expect(recording.hooks).toHaveLength(1);
    expect(recording.hooks[0]?.timeoutMs).toBe(DEFAULT_RUN_TIMEOUT_MS);
    expect(recording.tests.map((t) => t.name)).toHaveLength(handle.cases.length);
    expect(recording.tests.map((t) => t.name)).toContain(
      `orders-reader can consume queue://ORDERS.p${RUN_TOKEN_PLACEHOLDER} over stomp`,
    );
    expect(handle.result()).toBeUndefined();
  });

  it('registers cases over a transport the build lacks as skipped tests that say why', () => {
    const { recording, globals } = recordJest();
    describePolicy(ORDERS, { globals, protocols: ['stomp', 'amqp'], capabilities: ['stomp'] });
    const amqp = recording.tests.filter((t) => t.name.includes(' over amqp'));
    expect(amqp.length).toBeGreaterThan(0);
    for (const t of amqp) {
      expect(t.skip).toBe(true);
      expect(t.name).toMatch(/\(skipped: this broker build has no amqp transport/);
    }
    expect(recording.tests.filter((t) => t.name.includes(' over stomp')).every((t) => !t.skip)).toBe(true);
  });

  it('fails every case when the run never happened, instead of passing it', async () => {
    const { recording, globals } = recordJest();
    describePolicy(ORDERS, { globals, protocols: ['stomp'], capabilities: ['stomp'] });
    const first = recording.tests.find((t) => !t.skip)!;
    expect(await failureOf(first)).toMatch(/the check run failed before this case was decided/);
  });

  it('turns an input that cannot be loaded into one failing test with the location and a hint', async () => {
    const { recording, globals } = recordJest();
    const handle = describePolicy('examples/missing/policy.yaml', { globals, capabilities: ['stomp'] });
    expect(handle.cases).toEqual([]);
    expect(recording.describes).toEqual(['examples/missing/policy.yaml']);
    expect(recording.tests.map((t) => t.name)).toEqual(['loads examples/missing/policy.yaml']);
    expect(await failureOf(recording.tests[0]!)).toMatch(/examples\/missing\/policy\.yaml/);
  });
});

describe('jestGlobals', () => {
  it('is a usage error outside a Jest test file', () => {
    expect(() => jestGlobals({})).toThrow(UsageError);
  });

  it("finds this file's own globals", () => {
    expect(typeof jestGlobals().test.skip).toBe('function');
  });
});
