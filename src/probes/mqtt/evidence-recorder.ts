import type { Evidence, EvidenceSource, Observation, Outcome } from '../types';

/** Collects evidence for one operation, stamped with the time since the operation began. */
export class EvidenceRecorder {
  private readonly started = performance.now();
  private readonly evidence: Evidence[] = [];

  elapsedMs(): number {
    return Math.round((performance.now() - this.started) * 10) / 10;
  }

  add(source: EvidenceSource, text: string): void {
    this.evidence.push({ source, text, atMs: this.elapsedMs() });
  }

  observe(outcome: Outcome, detail?: string, extra: Partial<Observation> = {}): Observation {
    return { outcome, evidence: [...this.evidence], durationMs: this.elapsedMs(), detail, ...extra };
  }
}
