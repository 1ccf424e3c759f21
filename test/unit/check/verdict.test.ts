import type { Decision } from '../../../src/core/types';
import { countVerdicts, judge } from '../../../src/check/verdict';
import type { PlannedCase } from '../../../src/plan/types';
import type { Observation } from '../../../src/probes/types';

const decision = (allowed: boolean): Decision => ({
  user: 'u',
  operation: 'produce',
  allowed,
  userGroups: [],
  aclGroups: [],
  matchedEntries: [],
  decidingEntries: [],
  reason: 'r',
  caveats: [],
});
const planned = (predicted: boolean, declared?: boolean, skip?: string): PlannedCase => ({
  id: 'stomp u produce queue://Q',
  protocol: 'stomp',
  user: 'u',
  credentials: 'valid',
  operation: 'produce',
  destination: { kind: 'queue', name: 'Q' },
  prediction: decision(predicted),
  expectation:
    declared === undefined ? undefined : { allowed: declared, statement: { user: 'u', can: [], cannot: [] } },
  skip,
});
const seen = (outcome: Observation['outcome']): Observation => ({
  outcome,
  evidence: [{ source: 'wire', text: 'RECEIPT' }],
  durationMs: 1,
});

describe('judge', () => {
  it.each([
    [true, undefined, 'granted', 'pass'],
    [false, undefined, 'denied', 'pass'],
    [true, true, 'granted', 'pass'],
    [true, undefined, 'denied', 'model-disagreement'],
    [true, false, 'granted', 'expectation-failure'],
    [false, false, 'granted', 'expectation-failure'],
    [true, false, 'denied', 'model-disagreement'],
    [true, true, 'inconclusive', 'inconclusive'],
  ] as const)('predicted %s, declared %s, observed %s -> %s', (predicted, declared, observed, kind) => {
    expect(judge(planned(predicted, declared), seen(observed)).kind).toBe(kind);
  });

  it('never passes a skipped or unrun case', () => {
    expect(judge(planned(true, undefined, 'no amqp transport'), undefined).kind).toBe('skipped');
    expect(judge(planned(true), undefined).kind).toBe('inconclusive');
  });

  it('counts every kind', () => {
    const counts = countVerdicts([
      judge(planned(true), seen('granted')),
      judge(planned(true), seen('denied')),
    ]);
    expect(counts).toEqual({
      pass: 1,
      'expectation-failure': 0,
      'model-disagreement': 1,
      'order-dependent': 0,
      inconclusive: 0,
      skipped: 0,
    });
  });

  it('reports a model disagreement under an expectation failure instead of hiding it', () => {
    const v = judge(planned(false, true), seen('denied'));
    expect(v.kind).toBe('expectation-failure');
    expect(v.modelDisagrees).toBe(false);
    const both = judge(planned(true, true), seen('denied'));
    expect(both.kind).toBe('expectation-failure');
    expect(both.modelDisagrees).toBe(true);
    expect(both.summary).toBe('expected granted (declared), broker denied; the model also predicted granted');
  });
});

describe('judge with a cold broker', () => {
  const orderDependent = (declared?: boolean): PlannedCase => ({
    ...planned(true, declared),
    cold: decision(false),
  });

  it('is order-dependent when warm and cold outcomes differ as predicted: a finding, not a disagreement', () => {
    const v = judge(orderDependent(), seen('granted'), seen('denied'));
    expect(v.kind).toBe('order-dependent');
    expect(v.modelDisagrees).toBe(false);
    expect(v.summary).toBe(
      'granted on a warm broker, denied on a cold broker (as after a restart), as predicted: the outcome depends on what touched an advisory topic before',
    );
    expect(v.coldObservation?.outcome).toBe('denied');
  });

  it('fails the expectation when the cold broker refuses what the team declared', () => {
    const v = judge(orderDependent(true), seen('granted'), seen('denied'));
    expect(v.kind).toBe('expectation-failure');
    expect(v.summary).toContain('broker denied on a cold broker (as after a restart)');
  });

  it('is a model disagreement when a phase does not do what the model predicted for it', () => {
    const v = judge(orderDependent(), seen('granted'), seen('granted'));
    expect(v.kind).toBe('model-disagreement');
    expect(v.modelDisagrees).toBe(true);
    expect(v.summary).toBe('model predicted denied, broker granted on a cold broker (as after a restart)');
  });

  it('is inconclusive when one phase could not tell, and passes when both agree with the model', () => {
    expect(judge(orderDependent(), seen('granted'), seen('inconclusive')).kind).toBe('inconclusive');
    expect(judge(orderDependent(), seen('granted'), undefined).kind).toBe('inconclusive');
    const same = judge({ ...planned(true), cold: decision(true) }, seen('granted'), seen('granted'));
    expect(same.kind).toBe('pass');
  });
});
