import { join } from 'node:path';
import { withInferredCases } from '../../../src/check/inferred-verdicts';
import { TRANSPORTS } from '../../../src/core/types';
import { modelFor } from '../../../src/model/for-policy';
import { buildPlan } from '../../../src/plan/build-plan';
import { equivalenceClasses } from '../../../src/plan/equivalence';
import { probeDestinations } from '../../../src/plan/probe-destinations';
import { loadPolicyFile, parsePolicyText } from '../../../src/policy';

const sharedRoles = loadPolicyFile(join(__dirname, '../../fixtures/classes/shared-roles.yaml'));
const options = { runId: 'r1', protocols: ['stomp', 'mqtt'] as const, capabilities: TRANSPORTS };

describe('equivalence classes', () => {
  const model = modelFor(sharedRoles);
  const classes = equivalenceClasses(
    sharedRoles.users.map((u) => u.username),
    probeDestinations(sharedRoles, 'r1'),
    model,
  );

  it('groups users by their group set, whatever the order the groups are written in', () => {
    expect(classes.users.map((c) => c.users)).toEqual([
      ['ops'],
      ['shop-eu-1', 'shop-eu-2'],
      ['shop-us-1'],
      ['audit-1', 'audit-2'],
    ]);
    expect(classes.users[1]!.groups).toEqual(['eu', 'shop']);
  });

  it('groups targets matched by the same entries, and keeps apart those with a create case', () => {
    const grouped = classes.targets.filter((t) => t.targets.length > 1).map((t) => t.targets);
    expect(grouped).toEqual([
      ['queue://>', 'queue://(unlisted name)'],
      ['topic://>', 'topic://(unlisted name)'],
      ['queue://SHOP.orders', 'queue://SHOP.returns'],
    ]);
    // queue://SHOP.> is matched by the same entries as SHOP.orders, but it is a pattern with create cases
    expect(classes.targets.find((t) => t.targets.includes('queue://SHOP.>'))?.targets).toEqual([
      'queue://SHOP.>',
    ]);
  });

  it('splits targets whose advisory topics are matched by different entries', () => {
    const policy = parsePolicyText(
      `engine: amazon-mq/5.18
users:
  - username: app
    groups: [app]
authorization:
  entries:
    - queue: 'A.>'
      read: [app]
      write: [app]
      admin: [app]
    - topic: 'ActiveMQ.Advisory.Consumer.Queue.A.x'
      read: [app]
      write: [app]
      admin: [app]
destinations:
  - queue://A.x
  - queue://A.y
`,
      'inline.yaml',
    );
    const split = equivalenceClasses(['app'], probeDestinations(policy, 'r1'), modelFor(policy));
    const ax = split.targets.find((t) => t.targets.includes('queue://A.x'));
    expect(ax?.targets).toEqual(['queue://A.x']);
    expect(ax?.advisoryEntries).toContain('topic://ActiveMQ.Advisory.Consumer.Queue.A.x');
  });

  it('never groups a composite destination', () => {
    const policy = parsePolicyText(
      `engine: amazon-mq/5.18
users:
  - username: app
    groups: [app]
authorization:
  entries:
    - queue: '>'
      read: [app]
      write: [app]
      admin: [app]
destinations:
  - queue://B,C
  - queue://B
`,
      'inline.yaml',
    );
    const found = equivalenceClasses(['app'], probeDestinations(policy, 'r1'), modelFor(policy));
    expect(found.targets.find((t) => t.targets.includes('queue://B,C'))?.targets).toEqual(['queue://B,C']);
  });
});

describe('a plan with classes', () => {
  const model = modelFor(sharedRoles);
  const withClasses = buildPlan(sharedRoles, model, options);
  const exhaustive = buildPlan(sharedRoles, model, { ...options, exhaustive: true });
  const key = (c: {
    protocol: string;
    user: string;
    operation: string;
    target?: string;
    credentials: string;
  }) => `${c.protocol} ${c.user} ${c.credentials} ${c.operation} ${c.target ?? ''}`;

  it('probes fewer cases and, with the inferred members, covers exactly the exhaustive plan', () => {
    expect(withClasses.cases.length).toBeLessThan(exhaustive.cases.length);
    const covered = withInferredCases(withClasses.cases).map(key).sort();
    expect(covered).toEqual(exhaustive.cases.map(key).sort());
    expect(exhaustive.cases.some((c) => c.represents)).toBe(false);
  });

  it("still probes each user's own connect and every credential edge case", () => {
    for (const protocol of ['stomp', 'mqtt'])
      for (const user of sharedRoles.users.map((u) => u.username))
        expect(
          withClasses.cases.some(
            (c) => c.protocol === protocol && c.user === user && c.operation === 'connect',
          ),
        ).toBe(true);
    expect(
      withClasses.cases
        .filter((c) => c.credentials !== 'valid')
        .map((c) => c.credentials)
        .sort(),
    ).toEqual(
      exhaustive.cases
        .filter((c) => c.credentials !== 'valid')
        .map((c) => c.credentials)
        .sort(),
    );
  });

  it('gives an inferred member the prediction its own explain gives', () => {
    for (const member of withInferredCases(withClasses.cases).filter((c) => c.inferredFrom)) {
      const own = exhaustive.cases.find((c) => key(c) === key(member))!;
      expect(member.prediction.allowed).toBe(own.prediction.allowed);
      expect(member.cold?.allowed).toBe(own.cold?.allowed);
      expect(member.prediction.decidingEntries).toEqual(own.prediction.decidingEntries);
    }
  });
});
