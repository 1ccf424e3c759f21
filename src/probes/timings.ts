/**
 * Where a case's time goes: each probe records its phases, so a run can say whether a verdict waits on
 * the network, on the broker or on the harness's own deliberate waits. Diagnostics only: no verdict
 * reads them.
 */

/**
 * The phases of one case, in the order they usually happen.
 * - `connect`: a new connection, TLS handshake and the protocol's login included (0 when one is reused)
 * - `subscribe`: the probe's own SUBSCRIBE / attach / consumer, until the broker answered
 * - `observerSubscribe`: the observer's subscription before a probe sends
 * - `send`: the probe's send, until the protocol's answer (RECEIPT, PUBACK, response, disposition)
 * - `observerSend`: the observer's send that a probe's subscription should receive
 * - `delivery`: waiting for the message at the observer or the probe (the positive signal)
 * - `brokerLog`: waiting for the broker's log line that names a denial
 * - `settle`: deliberate waits after a signal (e.g. no message after the denial line)
 * - `close`: unsubscribing, closing the observer's watch, closing the connection
 */
export const PHASES = [
  'connect',
  'subscribe',
  'observerSubscribe',
  'send',
  'observerSend',
  'delivery',
  'brokerLog',
  'settle',
  'close',
] as const;

export type Phase = (typeof PHASES)[number];

/** Milliseconds spent in each phase of one case (phases that did not happen are absent). */
export type PhaseTimings = Partial<Record<Phase, number>>;

/** Accumulates the phases of one case; the same object may still grow after the observation is made. */
export class PhaseRecorder {
  readonly timings: PhaseTimings = {};

  add(phase: Phase, ms: number): void {
    this.timings[phase] = Math.round(((this.timings[phase] ?? 0) + ms) * 10) / 10;
  }

  /** Awaits `work` and counts its time towards `phase`. */
  async time<T>(phase: Phase, work: Promise<T> | (() => Promise<T>)): Promise<T> {
    const started = performance.now();
    try {
      return await (typeof work === 'function' ? work() : work);
    } finally {
      this.add(phase, performance.now() - started);
    }
  }
}
