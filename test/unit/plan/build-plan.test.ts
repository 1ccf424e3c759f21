import { join } from 'node:path';
import { formatDestination } from '../../../src/core/destination';
import { loadPolicyFile } from '../../../src/policy';
import { modelFor } from '../../../src/model/for-policy';
import { buildPlan } from '../../../src/plan/build-plan';
import { concretize, probeDestinations } from '../../../src/plan/probe-destinations';
import { TRANSPORTS } from '../../../src/core/types';

const orders = loadPolicyFile(join(__dirname, '../../../examples/orders/policy.yaml'));
const model = modelFor(orders);

describe('probe destinations', () => {
  it('turns every wildcard segment into a segment unique to the run', () => {
    expect(concretize('ORDERS.>', 'pabc')).toBe('ORDERS.pabc');
    expect(concretize('A.*.C', 'pabc')).toBe('A.pabc.C');
    expect(concretize('>', 'pabc')).toBe('pabc');
  });

  it('probes one destination per entry, unlisted names and the declared destinations, never advisories', () => {
    const targets = probeDestinations(orders, 'r1').map(
      (p) => `${p.target} -> ${formatDestination(p.destination)}`,
    );
    expect(targets).toEqual(
      expect.arrayContaining([
        'queue://ORDERS.> -> queue://ORDERS.pr1',
        'topic://ORDERS.events.> -> topic://ORDERS.events.pr1',
        'queue://(unlisted name) -> queue://amqauth.unlisted.pr1',
        'queue://ORDERS.new -> queue://ORDERS.new',
      ]),
    );
    expect(targets.some((t) => t.includes('Advisory'))).toBe(false);
  });
});

describe('buildPlan', () => {
  const plan = buildPlan(orders, model, {
    runId: 'r1',
    protocols: ['stomp', 'mqtt', 'amqp'],
    capabilities: ['stomp', 'mqtt', 'openwire'],
  });

  it('plans connects for every user and the negative connects per protocol', () => {
    const connects = plan.cases.filter((c) => c.protocol === 'stomp' && c.operation === 'connect');
    expect(connects.map((c) => `${c.user}/${c.credentials}/${c.prediction.allowed}`).sort()).toEqual([
      'anonymous/no-credentials/false',
      'billing/valid/true',
      'orders-admin/valid/true',
      'orders-admin/wrong-password/false',
      'orders-reader/valid/true',
      'orders-writer/valid/true',
      'unknown/unknown-user/false',
    ]);
  });

  it('never addresses queues over MQTT', () => {
    expect(
      plan.cases.filter((c) => c.protocol === 'mqtt' && c.destination?.kind === 'queue' && !c.skip),
    ).toEqual([]);
  });

  it('marks cases over a transport the build lacks as skipped, with the reason', () => {
    const amqp = plan.cases.filter((c) => c.protocol === 'amqp');
    expect(amqp.length).toBeGreaterThan(0);
    expect(amqp.every((c) => c.skip?.includes('no amqp transport'))).toBe(true);
  });

  it('attaches explicit expectations to the matching cases', () => {
    const c = plan.cases.find((x) => x.id === 'stomp orders-writer consume queue://ORDERS.new');
    expect(c?.expectation?.allowed).toBe(false);
    expect(c?.prediction.allowed).toBe(false);
    const unknown = plan.cases.find((x) => x.protocol === 'mqtt' && x.credentials === 'unknown-user');
    expect(unknown?.expectation?.allowed).toBe(false);
  });

  it('checks create on fresh destinations that are not declared, through an operation the user may do', () => {
    const create = plan.cases.find((x) => x.id === 'stomp orders-writer create queue://ORDERS.unplanned');
    expect(create?.createVia).toBe('produce');
    expect(create?.prediction.allowed).toBe(false);
    expect(plan.probeDestinations.map(formatDestination)).not.toContain('queue://ORDERS.unplanned');
    const creates = plan.cases.filter((x) => x.operation === 'create' && x.target === 'queue://ORDERS.>');
    const adminCreate = creates.find((x) => x.protocol === 'stomp' && x.user === 'orders-admin');
    expect(adminCreate?.prediction.allowed).toBe(true);
    // every create case has a name of its own: once created, a destination exists for the rest of the run
    const names = creates.map((x) => x.destination?.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('declares every destination a produce or consume case uses', () => {
    const declared = new Set(plan.probeDestinations.map(formatDestination));
    for (const c of plan.cases) {
      if ((c.operation === 'produce' || c.operation === 'consume') && c.destination) {
        expect(declared.has(formatDestination(c.destination))).toBe(true);
      }
    }
  });

  it('checks an exact name an expectation wants created only once per run', () => {
    const creates = plan.cases.filter(
      (x) => x.target === 'queue://ORDERS.unplanned' && x.operation === 'create',
    );
    expect(creates.filter((x) => !x.skip)).toHaveLength(1);
    expect(creates.find((x) => x.protocol === 'amqp')?.skip).toBeDefined();
  });

  it('is deterministic for a run id', () => {
    const again = buildPlan(orders, model, {
      runId: 'r1',
      protocols: ['stomp', 'mqtt', 'amqp'],
      capabilities: [...TRANSPORTS],
    });
    expect(again.cases.map((c) => c.id)).toEqual(plan.cases.map((c) => c.id));
  });
});
