import {
  noteUnavailableLog,
  scopePlanToExternalBroker,
  SKIP_BROWSE_ON_EXTERNAL,
  SKIP_CREATE_ON_EXTERNAL,
  SKIP_WILDCARD_ON_EXTERNAL,
} from '../../../src/broker/external/scope';
import { EXTERNAL_LOG_UNAVAILABLE } from '../../../src/broker/external/unavailable-log';
import { modelFor } from '../../../src/model/for-policy';
import { buildPlan } from '../../../src/plan/build-plan';
import { parsePolicyText } from '../../../src/policy';
import type { Observation } from '../../../src/probes/types';

const policyText = `engine: amazon-mq/5.18
users:
  - username: app-writer
    password: \${WRITER_PASSWORD}
    groups: [writers]
  - username: app-reader
    groups: [readers]
authorization:
  entries:
    - queue: 'APP.>'
      read: [readers]
      write: [writers]
      admin: [writers]
destinations:
  - queue://APP.orders
expectations:
  - user: app-writer
    cannot: [consume]
    on: queue://APP.other
  - user: app-writer
    can: [create]
    on: queue://APP.fresh
`;

function plan() {
  const policy = parsePolicyText(policyText, 'policy.yaml', {
    env: { WRITER_PASSWORD: 'Wr1ter-Password-42' },
  });
  const planned = buildPlan(policy, modelFor(policy), {
    runId: 'abc123',
    protocols: ['stomp'],
    capabilities: ['stomp'],
  });
  return { policy, planned, scoped: scopePlanToExternalBroker(planned, policy) };
}

describe('scope of a run against an external broker', () => {
  it('probes only declared destinations, with users whose password the policy gives', () => {
    const { scoped } = plan();
    const run = scoped.cases.filter((c) => !c.skip).map((c) => c.id);
    expect(run.sort()).toEqual(
      [
        'stomp anonymous(no-credentials) connect',
        'stomp app-writer connect',
        'stomp app-writer consume queue://APP.orders',
        'stomp app-writer produce queue://APP.orders',
        // its temporary queue goes away with the connection
        'stomp app-writer request-reply temp-queue://(own)',
        'stomp app-writer(wrong-password) connect',
        'stomp unknown(unknown-user) connect',
      ].sort(),
    );
    expect(scoped.probeDestinations).toEqual([{ kind: 'queue', name: 'APP.orders' }]);
  });

  it('says why each other case is skipped', () => {
    const { scoped } = plan();
    const skip = (id: string) => scoped.cases.find((c) => c.id === id)?.skip;
    expect(skip('stomp app-writer create queue://APP.fresh')).toBe(SKIP_CREATE_ON_EXTERNAL);
    expect(skip('stomp app-writer browse queue://APP.orders')).toBe(SKIP_BROWSE_ON_EXTERNAL);
    expect(skip('stomp app-writer wildcard-consume queue://APP.>')).toBe(SKIP_WILDCARD_ON_EXTERNAL);
    expect(skip('stomp app-writer consume queue://APP.other')).toMatch(
      /queue:\/\/APP\.other is not in the policy's destinations:/,
    );
    expect(skip('stomp app-reader connect')).toMatch(/no password for app-reader/);
  });

  it('keeps a skip the plan already gave', () => {
    const { policy, planned } = plan();
    const first = planned.cases[0]!;
    const scoped = scopePlanToExternalBroker(
      { ...planned, cases: [{ ...first, skip: 'no stomp transport' }] },
      policy,
    );
    expect(scoped.cases[0]?.skip).toBe('no stomp transport');
  });
});

describe('silent denials without a broker log', () => {
  const silent: Observation = {
    outcome: 'inconclusive',
    evidence: [],
    durationMs: 2000,
    detail:
      'p-1 not delivered to observer within 2000 ms, and the broker logged no denial for it within 1000 ms',
  };

  it('say that the log is out of reach and where to look', () => {
    const noted = noteUnavailableLog(silent, EXTERNAL_LOG_UNAVAILABLE);
    expect(noted.outcome).toBe('inconclusive');
    expect(noted.detail).toContain(silent.detail);
    expect(noted.detail).toContain('CloudWatch');
  });

  it('leave other observations alone', () => {
    const denied: Observation = { ...silent, outcome: 'denied' };
    expect(noteUnavailableLog(denied, EXTERNAL_LOG_UNAVAILABLE)).toBe(denied);
    const timeout: Observation = { ...silent, detail: 'no CONNECTED within 5000 ms' };
    expect(noteUnavailableLog(timeout, EXTERNAL_LOG_UNAVAILABLE)).toBe(timeout);
  });
});
