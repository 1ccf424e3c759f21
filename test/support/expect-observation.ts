/** Assertions on what a probe observed: the outcome together with the evidence that must carry it. */
import type { EvidenceSource, Observation, Outcome } from '../../src/probes/types';

/** A line the evidence must contain: exactly this text, or a line matching this pattern. */
export interface ExpectedEvidence {
  source: EvidenceSource;
  text: string | RegExp;
}

export interface ExpectedObservation {
  outcome: Outcome;
  /** the observation's detail, when the contract fixes it */
  detail?: string | RegExp;
  evidence: ExpectedEvidence[];
  clientIdConflict?: boolean;
}

function textMatcher(text: string | RegExp): unknown {
  return typeof text === 'string' ? text : expect.stringMatching(text);
}

export function expectObservation(observation: Observation, expected: ExpectedObservation): void {
  const fixesDetail = expected.detail !== undefined;
  // outcome, conflict flag and detail in one comparison, so a wrong outcome shows the detail that explains it
  expect({
    outcome: observation.outcome,
    clientIdConflict: observation.clientIdConflict === true,
    ...(fixesDetail ? { detail: observation.detail } : {}),
  }).toEqual({
    outcome: expected.outcome,
    clientIdConflict: expected.clientIdConflict ?? false,
    ...(fixesDetail ? { detail: textMatcher(expected.detail!) } : {}),
  });
  expectEvidence(observation, expected.evidence);
}

/** Every expected line is in the observation's evidence, from the expected source. */
export function expectEvidence(observation: Pick<Observation, 'evidence'>, lines: ExpectedEvidence[]): void {
  for (const line of lines) {
    expect(observation.evidence).toContainEqual(
      expect.objectContaining({ source: line.source, text: textMatcher(line.text) }),
    );
  }
}

/** All evidence texts of an observation, one a line. */
export function evidenceText(observation: Pick<Observation, 'evidence'>): string {
  return observation.evidence.map((e) => e.text).join('\n');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
