/** Small builders so every STOMP outcome carries its evidence the same way. */
import type { Evidence, EvidenceSource, Observation, Outcome } from '../types';

export class Stopwatch {
  private readonly started = performance.now();
  elapsedMs(): number {
    return Math.round((performance.now() - this.started) * 10) / 10;
  }
  evidence(source: EvidenceSource, text: string): Evidence {
    return { source, text, atMs: this.elapsedMs() };
  }
}

/** Evidence timed from a step's start, moved to a time line on which that step began at `offsetMs`. */
export function shiftedEvidence(evidence: readonly Evidence[], offsetMs: number): Evidence[] {
  return evidence.map((e) =>
    e.atMs === undefined ? e : { ...e, atMs: Math.round((offsetMs + e.atMs) * 10) / 10 },
  );
}

export function observation(
  clock: Stopwatch,
  outcome: Outcome,
  evidence: Evidence[],
  extra: { detail?: string; clientIdConflict?: boolean } = {},
): Observation {
  return { outcome, evidence, durationMs: clock.elapsedMs(), ...extra };
}
