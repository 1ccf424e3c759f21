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
      inconclusive: 0,
      skipped: 0,
    });
  });
});
