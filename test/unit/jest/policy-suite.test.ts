import { buildPlan } from '../../../src/plan/build-plan';
import { loadInput } from '../../../src/input/load-input';
import { modelFor } from '../../../src/model/for-policy';
import { InfrastructureError } from '../../../src/core/errors';
import { SKIP_CREATE_ON_EXTERNAL } from '../../../src/broker/external/scope';
import { adoptRunPlan, planPolicySuite, RUN_TOKEN_PLACEHOLDER } from '../../../src/jest';

const ORDERS = 'examples/orders/policy.yaml';
const ALL_TRANSPORTS = ['openwire', 'amqp', 'stomp', 'mqtt', 'ws'] as const;

describe('planPolicySuite', () => {
  it('names the suite after the input and its engine', () => {
    const suite = planPolicySuite(ORDERS, { protocols: ['stomp'], capabilities: ['stomp'], runId: 'aaa111' });
    expect(suite.name).toBe('examples/orders/policy.yaml on amazon-mq/5.18');
  });

  it('gives every case a unique title that is the same whatever the run id', () => {
    const a = planPolicySuite(ORDERS, {
      protocols: ['stomp', 'mqtt'],
      capabilities: ['stomp', 'mqtt'],
      runId: 'aaa111',
    });
    const b = planPolicySuite(ORDERS, {
      protocols: ['stomp', 'mqtt'],
      capabilities: ['stomp', 'mqtt'],
      runId: 'bbb222',
    });
    const titles = a.cases.map((c) => c.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(b.cases.map((c) => c.title)).toEqual(titles);
    expect(titles.some((t) => t.includes('aaa111'))).toBe(false);
    expect(titles).toContain(`orders-writer can produce queue://ORDERS.p${RUN_TOKEN_PLACEHOLDER} over stomp`);
    expect(titles).toContain('orders-writer cannot consume queue://ORDERS.new over stomp');
  });

  it('keeps the run id in the probed destinations themselves', () => {
    const suite = planPolicySuite(ORDERS, { protocols: ['stomp'], capabilities: ['stomp'], runId: 'aaa111' });
    const probed = suite.cases.find((c) => c.title.includes(`ORDERS.p${RUN_TOKEN_PLACEHOLDER}`));
    expect(probed?.planned.destination?.name).toBe('ORDERS.paaa111');
  });

  it('marks cases over transports the build lacks as skipped, with the reason', () => {
    const suite = planPolicySuite(ORDERS, {
      protocols: ['stomp', 'amqp'],
      capabilities: ['stomp'],
      runId: 'aaa111',
    });
    const amqp = suite.cases.filter((c) => c.planned.protocol === 'amqp');
    expect(amqp.length).toBeGreaterThan(0);
    expect(amqp.every((c) => c.planned.skip?.includes('no amqp transport'))).toBe(true);
    expect(suite.cases.filter((c) => c.planned.protocol === 'stomp').every((c) => !c.planned.skip)).toBe(
      true,
    );
  });
});

describe('planPolicySuite for an external broker', () => {
  it('registers what the run may not do there as skipped, with the reason', () => {
    const suite = planPolicySuite(ORDERS, {
      protocols: ['stomp'],
      capabilities: ['stomp'],
      runId: 'aaa111',
      externalBroker: true,
    });
    const creates = suite.cases.filter((c) => c.planned.operation === 'create');
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.every((c) => c.planned.skip === SKIP_CREATE_ON_EXTERNAL)).toBe(true);
    const probe = suite.cases.find((c) => c.title.includes(`ORDERS.p${RUN_TOKEN_PLACEHOLDER}`));
    expect(probe?.planned.skip).toMatch(/is not in the policy's destinations/);
    expect(suite.plan.probeDestinations.every((d) => !d.name.includes('aaa111'))).toBe(true);
  });
});

describe('adoptRunPlan', () => {
  const policy = loadInput(ORDERS);
  const model = modelFor(policy);
  const plan = (runId: string, capabilities: (typeof ALL_TRANSPORTS)[number][]) =>
    buildPlan(policy, model, { runId, protocols: ['stomp', 'mqtt'], capabilities });

  it("keeps the collected cases and destinations and takes the run's skips", () => {
    const collected = plan('aaa111', [...ALL_TRANSPORTS]);
    const run = plan('bbb222', ['stomp']);
    const adopted = adoptRunPlan(collected, run);
    expect(adopted.runId).toBe('aaa111');
    expect(adopted.probeDestinations).toEqual(collected.probeDestinations);
    expect(adopted.cases.map((c) => c.id)).toEqual(collected.cases.map((c) => c.id));
    const mqtt = adopted.cases.filter((c) => c.protocol === 'mqtt');
    expect(mqtt.every((c) => c.skip?.includes('no mqtt transport'))).toBe(true);
    expect(collected.cases.filter((c) => c.protocol === 'mqtt').some((c) => !c.skip)).toBe(true);
  });

  it('keeps a case skipped when only the collected plan skips it: a skipped test is never probed', () => {
    const collected = plan('aaa111', ['stomp']);
    const run = plan('bbb222', [...ALL_TRANSPORTS]);
    const adopted = adoptRunPlan(collected, run);
    const mqtt = adopted.cases.filter((c) => c.protocol === 'mqtt');
    expect(mqtt.every((c) => c.skip !== undefined)).toBe(true);
    expect(mqtt.filter((c) => c.skip?.includes('no mqtt transport')).length).toBeGreaterThan(0);
  });

  it('refuses a run plan with other cases', () => {
    const collected = plan('aaa111', [...ALL_TRANSPORTS]);
    const other = buildPlan(policy, model, {
      runId: 'bbb222',
      protocols: ['stomp'],
      capabilities: ['stomp'],
    });
    expect(() => adoptRunPlan(collected, other)).toThrow(InfrastructureError);
    const reordered = { ...collected, cases: [...collected.cases].reverse() };
    expect(() => adoptRunPlan(collected, reordered)).toThrow(/differs from the run's/);
  });
});
