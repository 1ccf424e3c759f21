/** A create case is denied only on the broker's refusal of the first use, never on a refused connect. */
import { createOutcome } from '../../../src/check/create-case';
import type { Observation } from '../../../src/probes/types';

const destination = { kind: 'queue' as const, name: 'ORDERS.c1' };

describe('createOutcome', () => {
  it("counts the broker's refusal of the first send as a denial of creating", () => {
    const refused: Observation = {
      outcome: 'inconclusive',
      durationMs: 5,
      evidence: [
        {
          source: 'wire',
          text: 'ERROR message:User writer is not authorized to write to: queue://ORDERS.c1',
        },
      ],
    };
    const o = createOutcome(refused, destination);
    expect(o.outcome).toBe('denied');
    expect(o.detail).toMatch(/^the first send to queue:\/\/ORDERS\.c1 was refused, so it was not created/);
  });

  it('keeps a case whose connection was refused inconclusive, whatever that refusal said', () => {
    const notTried: Observation = {
      outcome: 'inconclusive',
      durationMs: 5,
      notTried: true,
      detail: 'could not connect as alice over openwire, so the case was not tried',
      evidence: [
        {
          source: 'wire',
          text: 'ExceptionResponse: User alice is not authorized to read from: ActiveMQ.Advisory.TempQueue,ActiveMQ.Advisory.TempTopic',
        },
      ],
    };
    expect(createOutcome(notTried, destination)).toBe(notTried);
  });
});
