/** browse and request-reply in the plan: where they are planned, which protocols skip them and why. */
import { join } from 'node:path';
import { loadPolicyFile } from '../../../src/policy';
import { modelFor } from '../../../src/model/for-policy';
import { buildPlan } from '../../../src/plan/build-plan';

const fixtures = join(__dirname, '../../fixtures/operations');

function planOf(file: string) {
  const policy = loadPolicyFile(join(fixtures, file));
  return buildPlan(policy, modelFor(policy), {
    runId: 'r1',
    protocols: ['openwire', 'amqp', 'stomp', 'mqtt'],
    capabilities: ['openwire', 'amqp', 'stomp', 'mqtt'],
  });
}

describe('browse in the plan', () => {
  const plan = planOf('browse.yaml');
  const browse = plan.cases.filter((c) => c.operation === 'browse');

  it('browses every queue target a protocol with a browser can name, never a topic', () => {
    expect(browse.some((c) => c.destination?.kind === 'topic')).toBe(false);
    const run = browse.filter((c) => !c.skip);
    expect(new Set(run.map((c) => c.protocol))).toEqual(new Set(['openwire', 'amqp', 'stomp']));
    expect(run.map((c) => c.target)).toEqual(expect.arrayContaining(['queue://APP.>', 'queue://APP.inbox']));
  });

  it('predicts browse like consume: read decides', () => {
    for (const c of browse.filter((x) => !x.skip)) {
      const consume = plan.cases.find((x) => x.id === c.id.replace(' browse ', ' consume '));
      expect(c.prediction.allowed).toBe(consume?.prediction.allowed);
      expect(c.prediction.permission).toBe('read');
    }
  });

  it('skips the expectations MQTT cannot express, saying why', () => {
    const mqtt = browse.filter((c) => c.protocol === 'mqtt');
    expect(mqtt.length).toBe(2);
    expect(mqtt.every((c) => c.skip === 'mqtt cannot browse (MQTT has no queue browser)')).toBe(true);
  });
});

describe('request-reply in the plan', () => {
  const plan = planOf('request-reply.yaml');
  const cases = plan.cases.filter((c) => c.operation === 'request-reply');

  it('plans it once per user and protocol on the temporary queue of its own, MQTT skipped', () => {
    expect(cases.map((c) => c.id)).toContain('stomp requester request-reply temp-queue://(own)');
    expect(
      cases
        .filter((c) => c.protocol === 'mqtt')
        .every((c) => /MQTT has no temporary destinations/.test(c.skip ?? '')),
    ).toBe(true);
    expect(cases.filter((c) => c.protocol !== 'mqtt').every((c) => c.skip === undefined)).toBe(true);
  });

  it('follows tempDestinations only: a user with produce and consume on its queues is refused', () => {
    const worker = cases.find((c) => c.id === 'openwire worker request-reply temp-queue://(own)');
    expect(worker?.prediction.allowed).toBe(false);
    expect(worker?.expectation?.allowed).toBe(false);
    expect(
      plan.cases.find((c) => c.id === 'openwire worker produce queue://APP.requests')?.prediction.allowed,
    ).toBe(true);
    expect(
      cases.find((c) => c.id === 'amqp requester request-reply temp-queue://(own)')?.prediction.allowed,
    ).toBe(true);
  });

  it('never declares the temporary queue, only the advisory topic creating one fires', () => {
    expect(plan.probeDestinations.some((d) => d.kind === 'temp-queue')).toBe(false);
    expect(plan.advisoryTopics.map((d) => d.name)).toContain('ActiveMQ.Advisory.TempQueue');
    expect(plan.advisoryTopics.some((d) => d.name.includes('ID:'))).toBe(false);
  });
});

describe('wildcard-consume in the plan', () => {
  const plan = planOf('wildcard.yaml');
  const cases = plan.cases.filter((c) => c.operation === 'wildcard-consume');

  it('subscribes to every wildcard entry as written, the observer sending to a name it matches', () => {
    const c = cases.find((x) => x.id === 'stomp region-reader wildcard-consume queue://ORDERS.*.priority');
    expect(c?.target).toBe('queue://ORDERS.*.priority');
    expect(c?.sendTo).toEqual({ kind: 'queue', name: 'ORDERS.pr1.priority' });
    expect(c?.prediction.allowed).toBe(true);
    const mqtt = cases.find((x) => x.id === 'mqtt feed-reader wildcard-consume topic://EVENTS.>');
    expect(mqtt?.skip).toBeUndefined();
    expect(mqtt?.prediction.allowed).toBe(true);
  });

  it('decides the wildcard by the entries ActiveMQ finds for it, not by the names it covers', () => {
    const wildcard = cases.find((x) => x.id === 'openwire region-reader wildcard-consume queue://ORDERS.>');
    expect(wildcard?.prediction.allowed).toBe(false);
    expect(wildcard?.expectation?.allowed).toBe(false);
    expect(wildcard?.sendTo).toEqual({ kind: 'queue', name: 'ORDERS.pr1' });
    const one = plan.cases.find((x) => x.id === 'openwire region-reader consume queue://ORDERS.eu');
    expect(one?.prediction.allowed).toBe(true);
  });

  it('predicts a subscription the wildcard admits as withheld from a sent-to name the user may not read', () => {
    const policy = loadPolicyFile(join(__dirname, '../../fixtures/regressions/composites.yaml'));
    const withheld = buildPlan(policy, modelFor(policy), {
      runId: 'r1',
      protocols: ['stomp'],
      capabilities: ['stomp'],
    }).cases.filter((c) => c.operation === 'wildcard-consume' && c.destination?.name === '*.orders');
    const byUser = Object.fromEntries(withheld.map((c) => [c.user, c]));
    // only-a passes the wildcard's own ACL (entry A.> matches *.orders) but not that of r1.orders
    expect(byUser['only-a']?.sendTo).toEqual({ kind: 'queue', name: 'pr1.orders' });
    expect(byUser['only-a']?.prediction.allowed).toBe(false);
    expect(byUser['only-a']?.prediction.matchedEntries).toEqual(['queue://>', 'queue://*.orders']);
    expect(byUser['only-a']?.prediction.reason).toMatch(
      /may subscribe to queue:\/\/\*\.orders .*leaves queue:\/\/pr1\.orders out of the subscription/,
    );
    // both holds read on the wildcard and on the name: nothing is withheld
    expect(byUser['both']?.prediction.allowed).toBe(true);
  });

  it('declares the names the observer sends to, never a wildcard', () => {
    const declared = plan.probeDestinations.map((d) => `${d.kind}://${d.name}`);
    expect(declared).toContain('queue://ORDERS.pr1');
    expect(declared.some((d) => /[*>]/.test(d))).toBe(false);
  });

  it('skips the other operations on a wildcard and wildcard-consume on a concrete name, saying why', () => {
    const policy = loadPolicyFile(join(fixtures, 'wildcard.yaml'));
    policy.expectations.push(
      { user: 'region-reader', can: ['produce'], cannot: [], on: { kind: 'queue', name: 'ORDERS.>' } },
      {
        user: 'region-reader',
        can: ['wildcard-consume'],
        cannot: [],
        on: { kind: 'queue', name: 'ORDERS.eu' },
      },
    );
    const withMore = buildPlan(policy, modelFor(policy), {
      runId: 'r1',
      protocols: ['stomp'],
      capabilities: ['stomp'],
    });
    const skip = (id: string) => withMore.cases.find((c) => c.id === id)?.skip;
    expect(skip('stomp region-reader produce queue://ORDERS.>')).toMatch(/is a wildcard/);
    expect(skip('stomp region-reader wildcard-consume queue://ORDERS.eu')).toMatch(/has none/);
  });
});

describe('composite sends in the plan', () => {
  const plan = planOf('composite.yaml');

  it('predicts a send to the composite from the entries every part matches', () => {
    const composite = plan.cases.find((c) => c.id === 'stomp sender produce queue://APP.a,APP.b');
    expect(composite?.prediction.allowed).toBe(false);
    expect(composite?.expectation?.allowed).toBe(false);
    // only the entry both parts share by value is left, and it grants admins alone
    expect(composite?.prediction.matchedEntries).toEqual(['queue://>']);
    for (const part of ['APP.a', 'APP.b'])
      expect(
        plan.cases.find((c) => c.id === `stomp sender produce queue://${part}`)?.prediction.allowed,
      ).toBe(true);
    expect(plan.cases.find((c) => c.id === 'mqtt sender produce queue://APP.a,APP.b')?.skip).toBeDefined();
  });

  it('declares the parts, never the composite', () => {
    const declared = plan.probeDestinations.map((d) => `${d.kind}://${d.name}`);
    expect(declared).toEqual(expect.arrayContaining(['queue://APP.a', 'queue://APP.b']));
    expect(declared).not.toContain('queue://APP.a,APP.b');
  });
});

describe('virtual-topic in the plan', () => {
  const plan = planOf('virtual-topic.yaml');
  const cases = plan.cases.filter((c) => c.operation === 'virtual-topic');

  it('plans each consumer group a queue entry names for the virtual topic entry, sending to the topic', () => {
    const targets = new Set(cases.map((c) => c.target));
    expect(targets).toEqual(
      new Set([
        'queue://Consumer.billing.VirtualTopic.Orders',
        'queue://Consumer.shipping.VirtualTopic.Orders',
        'queue://Consumer.audit.VirtualTopic.Orders',
        'queue://Consumer.stray.VirtualTopic.Orders',
      ]),
    );
    // Consumer.stray.Orders is no consumer queue of the virtual topic: only the expectation names stray's queue
    expect(
      cases.filter((c) => c.target === 'queue://Consumer.stray.VirtualTopic.Orders').map((c) => c.user),
    ).toEqual(expect.arrayContaining(['stray-app']));
    for (const c of cases) expect(c.sendTo).toEqual({ kind: 'topic', name: 'VirtualTopic.Orders' });
  });

  it('declares the consumer queues in the broker XML, since the broker copies only into queues that exist', () => {
    const declared = plan.probeDestinations.map((d) => `${d.kind}://${d.name}`);
    expect(declared).toEqual(
      expect.arrayContaining([
        'queue://Consumer.billing.VirtualTopic.Orders',
        'queue://Consumer.stray.VirtualTopic.Orders',
        'topic://VirtualTopic.Orders',
      ]),
    );
  });

  it('predicts the round trip from write on the topic and read on the queue, MQTT skipped', () => {
    const by = (id: string) => cases.find((c) => c.id === id);
    expect(
      by('openwire billing-app virtual-topic queue://Consumer.billing.VirtualTopic.Orders')?.prediction
        .allowed,
    ).toBe(true);
    expect(
      by('stomp auditor virtual-topic queue://Consumer.audit.VirtualTopic.Orders')?.prediction.permission,
    ).toBe('write');
    expect(
      by('amqp stray-app virtual-topic queue://Consumer.stray.VirtualTopic.Orders')?.expectation?.allowed,
    ).toBe(false);
    const mqtt = cases.filter((c) => c.protocol === 'mqtt');
    expect(mqtt.length).toBeGreaterThan(0);
    expect(mqtt.every((c) => /MQTT addresses only topics/.test(c.skip ?? ''))).toBe(true);
    expect(cases.filter((c) => c.protocol !== 'mqtt').every((c) => c.skip === undefined)).toBe(true);
  });

  it('skips a virtual-topic expectation on a queue that is not a consumer queue, saying why', () => {
    const policy = loadPolicyFile(join(fixtures, 'virtual-topic.yaml'));
    const statement = {
      ...policy.expectations[0]!,
      can: ['virtual-topic' as const],
      cannot: [],
      on: { kind: 'queue' as const, name: 'Consumer.stray.Orders' },
    };
    const odd = buildPlan({ ...policy, expectations: [statement] }, modelFor(policy), {
      runId: 'r1',
      protocols: ['stomp'],
      capabilities: ['stomp'],
    }).cases.find((c) => c.id === 'stomp billing-app virtual-topic queue://Consumer.stray.Orders');
    expect(odd?.skip).toMatch(
      /is checked on a consumer queue queue:\/\/Consumer\.<group>\.VirtualTopic\.<Name>/,
    );
  });
});

describe('durable-subscribe in the plan', () => {
  const plan = planOf('durable.yaml');
  const cases = plan.cases.filter((c) => c.operation === 'durable-subscribe');

  it('is planned where expectations name it, predicted like consume, over every protocol', () => {
    expect(cases.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'openwire subscriber durable-subscribe topic://EVENTS.orders',
        'amqp publisher durable-subscribe topic://EVENTS.orders',
      ]),
    );
    for (const c of cases.filter((x) => !x.skip)) {
      const consume = plan.cases.find((x) => x.id === c.id.replace(' durable-subscribe ', ' consume '));
      expect(c.prediction.allowed).toBe(consume?.prediction.allowed);
    }
    // MQTT keeps durable subscriptions in a cleanSession=false session, probed like the rest
    expect(cases.filter((c) => c.protocol === 'mqtt').every((c) => c.skip === undefined)).toBe(true);
  });

  it('skips a durable subscription on a queue: only topics have them', () => {
    const policy = loadPolicyFile(join(fixtures, 'durable.yaml'));
    const statement = {
      ...policy.expectations[0]!,
      can: ['durable-subscribe' as const],
      cannot: [],
      on: { kind: 'queue' as const, name: 'EVENTS.orders' },
    };
    const onQueue = buildPlan({ ...policy, expectations: [statement] }, modelFor(policy), {
      runId: 'r1',
      protocols: ['openwire'],
      capabilities: ['openwire'],
    }).cases.find((c) => c.id === 'openwire subscriber durable-subscribe queue://EVENTS.orders');
    expect(onQueue?.skip).toBe('durable subscriptions exist on topics only, not on queue://EVENTS.orders');
  });
});
